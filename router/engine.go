package router

import (
	"fmt"
	"slices"
)

type queue struct {
	QueueSpec
	minLevel int
	// The requirements (without and with the additional skills) of the queue's
	// conversations that have no skills of their own; -1 until first needed.
	plainBase, plainFull int32
	timers               bool // DropAdditionalAfter or OverflowAfter
}

// Engine is the routing engine. Its zero value is not usable; call New. An Engine
// is not safe for concurrent use: a server serialises calls to it.
type Engine struct {
	cfg              Config
	queues           []queue
	qorder           []int32 // queue indices by priority, then index
	pushTimeout      int64
	stickyFor        int64
	preferredTimeout int64
	reclaimAfter     int64
	timers           bool // some queue has DropAdditionalAfter or OverflowAfter

	agents   []agent
	classes  []class
	classIdx map[string]int32
	reqs     []req
	reqIdx   map[string]int32
	lines    []line
	lineIdx  map[lineKey]int32
	lastKey  lineKey // the key of lastLine, the line last looked up
	lastLine int32
	unitVals []int32 // capacity costs seen, one ready heap per class each
	// Bumped when a class or a capacity cost is added, which moves classes, ready
	// heaps and ready counts: the lines' caches of them (cacheLine) are stale.
	shape uint32
	// Per capacity cost, each agent's position in its class's ready heap, or -1
	// (agentHeap.pos).
	heapPos [][]int32

	convs   []conv
	seq     int64 // last enqueue seq
	front   int64 // last front-of-line seq (counts down from 0)
	waiting int

	deadlines []deadline

	// Work for the next Route: what changed since the last one.
	dirtyLines, dirtyClasses, dirtyAgents, dirtyPrefs []int32

	cand     []candidate
	frontier []int32
	needBuf  []SkillNeed
	keyBuf   []byte
	reqMemo  [reqMemoSize]reqMemo
	scratch  []int32
	tbuf     []Timeout

	counts []Counts // per queue

	directs []directState // by conversation id, grown by EnqueueDirect only (direct.go)
}

// New returns an engine with no agents and empty queues, or an error naming the
// configuration field that is wrong.
func New(cfg Config) (*Engine, error) {
	if err := checkConfig(&cfg); err != nil {
		return nil, err
	}
	e := &Engine{
		cfg:              cfg,
		pushTimeout:      int64(cfg.PushTimeout),
		stickyFor:        int64(cfg.StickyFor),
		preferredTimeout: int64(cfg.PreferredTimeout),
		reclaimAfter:     int64(cfg.ReclaimAfter),
		classIdx:         map[string]int32{},
		reqIdx:           map[string]int32{},
		lineIdx:          map[lineKey]int32{},
		lastKey:          lineKey{req: -1}, // no line yet
		shape:            1,                // lines start with shape 0: no cache
	}
	if e.preferredTimeout == 0 {
		e.preferredTimeout = int64(DefaultPreferredTimeout)
	}
	specs := cfg.Queues
	if len(specs) == 0 {
		specs = []QueueSpec{{Name: "default", OverflowTo: -1}}
	}
	for i, s := range specs {
		s.Channels = slices.Clone(s.Channels)
		s.RequiredSkills = slices.Clone(s.RequiredSkills)
		s.AdditionalSkills = slices.Clone(s.AdditionalSkills)
		q := queue{QueueSpec: s, minLevel: max(s.MinLevel, 1), plainBase: -1, plainFull: -1,
			timers: s.DropAdditionalAfter > 0 || s.OverflowAfter > 0}
		e.queues = append(e.queues, q)
		e.timers = e.timers || q.timers
		e.qorder = append(e.qorder, int32(i))
	}
	e.cfg.Queues = specs
	slices.SortStableFunc(e.qorder, func(a, b int32) int { return e.queues[a].Priority - e.queues[b].Priority })
	e.counts = make([]Counts, len(specs))
	e.unitIndex(1)
	return e, nil
}

// QueueFor returns the queue a conversation on channel goes to: the first queue, in
// routing priority order (then index), whose channel list includes the channel or
// is empty; -1 if none does.
func (e *Engine) QueueFor(channel int) int {
	for _, q := range e.qorder {
		chs := e.queues[q].Channels
		if len(chs) == 0 || slices.Contains(chs, channel) {
			return int(q)
		}
	}
	return -1
}

// NumQueues returns the number of queues (1 when Config.Queues is empty).
func (e *Engine) NumQueues() int { return len(e.queues) }

// NumAgents returns the number of agents added.
func (e *Engine) NumAgents() int { return len(e.agents) }

// AddAgent registers an agent, Offline, and returns its index. Check reports specs
// that cannot work (capacity below 1, levels outside 0–10).
func (e *Engine) AddAgent(s AgentSpec) int {
	n := len(s.Skills)
	for n > 0 && s.Skills[n-1] == 0 {
		n--
	}
	skills := slices.Clone(s.Skills[:n])
	cl := e.classFor(skills)
	a := int32(len(e.agents))
	k := &e.classes[cl]
	e.agents = append(e.agents, newAgent(int32(s.Capacity), cl))
	k.members = append(k.members, a)
	for i := range e.heapPos {
		pos := e.heapPos[i]
		moved := len(pos) == cap(pos)
		pos = append(pos, -1)
		e.heapPos[i] = pos
		if moved { // every class's heap for cost i shares it
			for c := range e.classes {
				e.classes[c].heaps[i].pos = pos
			}
		}
		h := &k.heaps[i]
		h.pos = pos
		h.items = slices.Grow(h.items, len(k.members)-len(h.items)) // room for every member
	}
	e.dirtyAgents = slices.Grow(e.dirtyAgents, len(e.agents)-len(e.dirtyAgents))
	return int(a)
}

// SetPresence changes agent a's presence and appends to requeued the conversations
// it handed back: its pending offers when it goes Offline, and with
// Config.OfflineRequeue its assigned conversations too (at the front of their
// priority). Conversations waiting for it as their preferred agent stop waiting.
// Only Online agents receive work; Busy and Away agents keep what they hold.
func (e *Engine) SetPresence(now int64, a int, p Presence, requeued []int32) []int32 {
	ag := &e.agents[a]
	if p == Unchanged || p == ag.presence || p > Away {
		return requeued
	}
	ag.presence = p
	if p == Offline {
		requeued = e.handBack(now, int32(a), requeued)
	}
	e.updateAgent(int32(a), p == Online)
	return requeued
}

// SetOnline is SetPresence with Online or Offline.
func (e *Engine) SetOnline(now int64, a int, online bool) []int32 {
	p := Offline
	if online {
		p = Online
	}
	return e.SetPresence(now, a, p, nil)
}

// Online reports whether agent a is Online.
func (e *Engine) Online(a int) bool { return e.agents[a].presence == Online }

// PresenceOf returns agent a's presence.
func (e *Engine) PresenceOf(a int) Presence { return e.agents[a].presence }

// Used returns the capacity units agent a holds (offers included).
func (e *Engine) Used(a int) int { return int(e.agents[a].used) }

// Open returns the number of conversations holding agent a's capacity (offers
// included, inactive ones under status capacity not).
func (e *Engine) Open(a int) int { return int(e.agents[a].open) }

// AgentLoad returns agent a's used units, capacity and open conversations.
func (e *Engine) AgentLoad(a int) (used, capacity, open int) {
	ag := &e.agents[a]
	return int(ag.used), int(ag.capacity), int(ag.open)
}

// Waiting returns the number of conversations waiting for an agent.
func (e *Engine) Waiting() int { return e.waiting }

// State returns conversation id's state.
func (e *Engine) State(id int32) ConvState {
	if id < 0 || int(id) >= len(e.convs) {
		return Free
	}
	return e.convs[id].state
}

// QueueOf returns the queue conversation id is in (waiting) or was routed from,
// or -1 if it is Free.
func (e *Engine) QueueOf(id int32) int {
	if e.State(id) == Free {
		return -1
	}
	return int(e.convs[id].queue)
}

// AgentOf returns the agent holding conversation id (offered, assigned, or inactive
// or paused and attached to it), or -1.
func (e *Engine) AgentOf(id int32) int {
	switch e.State(id) {
	case Offered, Assigned, Inactive, Paused:
		return int(e.convs[id].agent)
	}
	return -1
}

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats {
	s := Stats{Queues: slices.Clone(e.counts)}
	for i := range s.Queues {
		s.Total.add(&s.Queues[i])
	}
	return s
}

// Enqueue puts conversation id, which must be Free, in queue w.Queue at the back
// of its priority. It panics if id is in use or w.Queue does not exist: the
// caller owns ids and that would be a bug in the caller.
func (e *Engine) Enqueue(now int64, id int32, w Work) {
	c := e.conv(id)
	if c.state != Free {
		badEnqueue(id, c.state)
	}
	if uint(w.Queue) < uint(len(e.queues)) && len(w.Skills)+len(w.Additional)+len(c.skills)+len(c.addl) == 0 &&
		(w.Units == 1 || w.Units <= 0 && e.channelUnits(w.Channel) == 1) {
		// setWork's usual case by hand, as it pays (callgrind on
		// BenchmarkMMc50 and BenchmarkRouteNoSkills): one unit, no skills
		// before or now.
		c.queue, c.channel, c.units, c.sec = int32(w.Queue), int32(w.Channel), 1, int32(w.Priority2)
		c.uIdx = 0 // New adds cost 1 first
	} else {
		e.setWork(c, &w)
	}
	e.restart(c, now)
	if len(e.directs) > 0 {
		e.endDirect(id)
	}
	c.prev = -1
	e.waiting++
	e.counts[c.queue].Enqueued++
	// enterLine, by hand.
	c.state = Waiting
	c.agent = -1
	c.gen++
	e.insertLine(id, c)
	if e.timers && e.queues[c.queue].timers {
		e.queueTimers(id)
	}
}

func badEnqueue(id int32, s ConvState) {
	panic(fmt.Sprintf("router: Enqueue of conversation %d in state %v", id, s))
}

// Withdraw removes a waiting conversation (its customer abandoned). It reports
// false if the conversation was not waiting.
func (e *Engine) Withdraw(now int64, id int32) bool {
	if e.State(id) != Waiting {
		return false
	}
	e.detach(id)
	c := &e.convs[id]
	c.state, c.agent = Free, -1
	c.gen++
	e.waiting--
	return true
}

// Release ends conversation id whatever its state (waiting, offered, assigned,
// inactive, paused) and frees what it holds. It returns the agent it was with (held or
// attached), or -1.
func (e *Engine) Release(now int64, id int32) int {
	if uint(id) >= uint(len(e.convs)) {
		return -1
	}
	c := &e.convs[id]
	a := c.agent
	switch c.state {
	case Free:
		return -1
	case Waiting:
		e.detach(id)
		e.waiting--
		a = -1
	case Offered, Assigned:
		e.updateAgent(e.free(id), true)
	case Inactive, Paused:
		e.unlink(&e.agents[a], c)
	}
	c.state, c.agent = Free, -1
	c.gen++
	return int(a)
}

// SetInactive marks assigned conversation id Inactive: its customer has been silent
// longer than inactive_after. Under status capacity this frees its units (it stays
// attached to its agent) and reports true; under tab capacity it does nothing.
func (e *Engine) SetInactive(now int64, id int32) bool { return e.setAside(now, id, Inactive) }

// Resume puts an Inactive conversation, whose customer wrote again, back into
// routing as w (normally the same Work as before). Within Config.StickyFor of
// going inactive it waits for its previous agent first, for up to the
// preferred-agent timeout, unless that agent is Offline or lacks the skills w
// requires (additional skills do not matter: it had the conversation before).
// It reports false, doing nothing, if the conversation was not Inactive (under
// tab capacity it is still assigned).
func (e *Engine) Resume(now int64, id int32, w Work) bool {
	if e.State(id) != Inactive {
		return false
	}
	c := &e.convs[id]
	a := c.agent
	e.unlink(&e.agents[a], c)
	e.setWork(c, &w)
	e.restart(c, now)
	e.endDirect(id)
	c.prev = a
	c.sticky = e.stickyFor > 0 && now-c.inactiveAt <= e.stickyFor
	e.waiting++
	e.counts[c.queue].Resumed++
	if ag := &e.agents[a]; c.sticky && ag.presence != Offline && meets(e.classes[ag.class].skills, e.reqs[e.reqOf(c, false)].needs) {
		e.enterPref(id, a, now)
	} else {
		e.enterLine(id)
	}
	return true
}

// Transfer moves conversation id (assigned, offered or waiting) to queue q, at the
// back of its priority, freeing its agent. It reports false if id is in another
// state or q does not exist.
func (e *Engine) Transfer(now int64, id int32, q int) bool {
	if q < 0 || q >= len(e.queues) {
		return false
	}
	switch e.State(id) {
	case Offered, Assigned:
		a := e.free(id)
		e.updateAgent(a, true)
		e.waiting++
	case Waiting:
		e.detach(id)
	default:
		return false
	}
	c := &e.convs[id]
	e.counts[c.queue].Transfers++
	if e.directed(id) {
		e.undirect(id, c)
	}
	c.queue = int32(q)
	e.restart(c, now)
	e.enterLine(id)
	return true
}

// Accept accepts the offer of conversation id. It reports false if id is not
// offered or its offer's deadline has passed (the next Expire or Route withdraws it).
func (e *Engine) Accept(now int64, id int32) bool {
	if e.State(id) != Offered {
		return false
	}
	c := &e.convs[id]
	if now >= c.deadline {
		return false
	}
	c.state = Assigned
	c.gen++
	e.counts[c.queue].Assigned++
	if e.reclaimAfter > 0 {
		e.startReclaim(id, c, now)
	}
	return true
}

// Decline declines the offer of conversation id: it is routed again, never to this
// agent, who moves to Config.DeclinePresence. It reports false if id is not offered.
func (e *Engine) Decline(now int64, id int32) bool {
	if e.State(id) != Offered {
		return false
	}
	e.withdrawOffer(id, e.cfg.DeclinePresence)
	e.counts[e.convs[id].queue].Declines++
	return true
}
