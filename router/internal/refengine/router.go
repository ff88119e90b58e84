package refengine

import (
	"fmt"
	"slices"
)

// Where a waiting conversation waits.
const (
	wNone  uint8 = iota // not waiting
	wPlain              // its line's ring or late heap
	wPicky              // its line's picky list (it has excluded agents)
	wPref               // its preferred agent's list (resumed, sticky)
)

type conv struct {
	state   ConvState
	where   uint8
	dropped bool // additional skills dropped
	sticky  bool // resumed preferring prev: a sticky hit or miss when routed
	gen     uint32
	queue   int32
	line    int32
	req     int32 // current requirement
	rqQueue int32 // 1 + the queue rqBase and rqFull were computed for; 0: none
	rqBase  int32 // requirement without the additional skills
	rqFull  int32 // requirement with them
	units   int32
	uIdx    int32
	sec     int32
	channel int32
	agent   int32 // offered/assigned/attached agent; preferred agent while wPref; -1
	prev    int32 // previous agent of a resumed conversation
	anext   int32 // next conversation attached to the same agent
	aprev   int32

	seq        int64 // rank inside its line: enqueue order (negative: requeued at the front)
	since      int64 // entry into routing: the wait aging counts
	qsince     int64 // entry into the current queue: drop and overflow timers
	deadline   int64 // offer deadline
	inactiveAt int64

	excl   []int32 // agents who declined it or let its offer time out
	skills []SkillNeed
	addl   []SkillNeed
}

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

// handBack requeues what agent a holds as it goes Offline.
func (e *Engine) handBack(now int64, a int32, out []int32) []int32 {
	ag := &e.agents[a]
	s := e.scratch[:0]
	front := 0
	for id := ag.head; id >= 0; id = e.convs[id].anext {
		switch e.convs[id].state {
		case Offered:
			s = append(s, id)
		case Assigned:
			if e.cfg.OfflineRequeue {
				s = append(s, id)
				front++
			}
		}
	}
	slices.SortFunc(s, func(x, y int32) int {
		if sx, sy := e.convs[x].seq, e.convs[y].seq; sx != sy {
			if sx < sy {
				return -1
			}
			return 1
		}
		return 0
	})
	// Requeued conversations go before everything waiting, in their old order.
	seq := e.front - int64(front)
	e.front = seq
	for _, id := range s {
		c := &e.convs[id]
		if c.state == Assigned {
			c.seq = seq
			seq++
			c.qsince = now
		}
		e.free(id)
		e.waiting++
		e.counts[c.queue].Requeues++
		e.enterLine(id)
		out = append(out, id)
	}
	e.scratch = s
	for len(ag.pref) > 0 {
		e.fallback(ag.pref[0], now)
	}
	return out
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
// and attached to it), or -1.
func (e *Engine) AgentOf(id int32) int {
	switch e.State(id) {
	case Offered, Assigned, Inactive:
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

func (e *Engine) conv(id int32) *conv {
	if uint(id) < uint(len(e.convs)) {
		return &e.convs[id]
	}
	return e.growConvs(id)
}

func (e *Engine) growConvs(id int32) *conv {
	if id < 0 {
		panic(fmt.Sprintf("router: negative conversation id %d", id))
	}
	if int(id) >= len(e.convs) {
		n := 2 * len(e.convs)
		if n <= int(id) {
			n = int(id) + 64
		}
		c := make([]conv, n)
		copy(c, e.convs)
		e.convs = c
	}
	return &e.convs[id]
}

// setWork copies w into c (the caller's slices are not kept).
func (e *Engine) setWork(c *conv, w *Work) {
	if uint(w.Queue) >= uint(len(e.queues)) {
		e.badQueue(w.Queue)
	}
	units := w.Units
	if units <= 0 {
		units = e.channelUnits(w.Channel)
	}
	c.queue = int32(w.Queue)
	c.channel = int32(w.Channel)
	c.units = int32(units)
	c.sec = int32(w.Priority2)
	if len(w.Skills)+len(w.Additional)+len(c.skills)+len(c.addl) > 0 {
		c.skills = append(c.skills[:0], w.Skills...)
		c.addl = append(c.addl[:0], w.Additional...)
		checkSkillIDs(c.skills)
		checkSkillIDs(c.addl)
		c.rqQueue = 0
	} // else no skills before or now: the requirements computed for c.rqQueue hold
	if units == 1 {
		c.uIdx = 0 // New adds cost 1 first
	} else {
		c.uIdx = e.unitIndex(c.units)
	}
}

func (e *Engine) badQueue(q int) {
	panic(fmt.Sprintf("router: Work.Queue %d out of range (%d queues)", q, len(e.queues)))
}

func checkSkillIDs(needs []SkillNeed) {
	for _, n := range needs {
		if n.Skill < 0 {
			panic(fmt.Sprintf("router: negative skill id %d", n.Skill))
		}
	}
}

// Enqueue puts conversation id, which must be Free, in queue w.Queue at the back
// of its priority. It panics if id is in use or w.Queue does not exist: the
// caller owns ids and that would be a bug in the caller.
func (e *Engine) Enqueue(now int64, id int32, w Work) {
	c := e.conv(id)
	if c.state != Free {
		badEnqueue(id, c.state)
	}
	if w.Units == 1 && uint(w.Queue) < uint(len(e.queues)) && len(w.Skills)+len(w.Additional)+len(c.skills)+len(c.addl) == 0 {
		// setWork's usual case, inline: one unit, no skills before or now.
		c.queue, c.channel, c.units, c.sec = int32(w.Queue), int32(w.Channel), 1, int32(w.Priority2)
		c.uIdx = 0 // New adds cost 1 first
	} else {
		e.setWork(c, &w)
	}
	e.seq++
	c.seq = e.seq
	c.since, c.qsince = now, now
	c.dropped, c.sticky = false, false
	c.excl = c.excl[:0]
	c.agent, c.prev = -1, -1
	e.waiting++
	e.counts[c.queue].Enqueued++
	// enterLine, inline.
	c.state = Waiting
	c.gen++
	e.insertLine(id, c)
	if e.timers && e.queues[c.queue].timers {
		e.queueTimers(id)
	}
}

func badEnqueue(id int32, s ConvState) {
	panic(fmt.Sprintf("router: Enqueue of conversation %d in state %v", id, s))
}

// enterLine makes id wait in its line and schedules its queue's timers.
func (e *Engine) enterLine(id int32) {
	c := &e.convs[id]
	c.state = Waiting
	c.agent = -1
	c.gen++
	e.insertLine(id, c)
	if e.timers && e.queues[c.queue].timers {
		e.queueTimers(id)
	}
}

// queueTimers schedules the skill drop and overflow of waiting conversation id.
func (e *Engine) queueTimers(id int32) {
	c := &e.convs[id]
	q := &e.queues[c.queue]
	if !c.dropped && q.DropAdditionalAfter > 0 && c.rqBase != c.rqFull {
		e.pushDeadline(c.qsince+int64(q.DropAdditionalAfter), id, dlDrop)
	}
	if q.OverflowAfter > 0 {
		e.pushDeadline(c.qsince+int64(q.OverflowAfter), id, dlOverflow)
	}
}

// enterPref makes id wait for agent a only, until the preferred-agent timeout.
func (e *Engine) enterPref(id int32, a int32, now int64) {
	c := &e.convs[id]
	c.state = Waiting
	c.where = wPref
	c.agent = a
	c.gen++
	c.req = e.reqOf(c, false) // it had this agent before: additional skills do not matter
	e.agents[a].pref = append(e.agents[a].pref, id)
	e.pushDeadline(now+e.preferredTimeout, id, dlPref)
	e.dirtyPrefs = append(e.dirtyPrefs, id)
}

// fallback ends a preferred-agent wait: any qualified agent may now take id.
func (e *Engine) fallback(id int32, now int64) {
	e.detach(id)
	c := &e.convs[id]
	c.qsince = now
	e.enterLine(id)
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
// inactive) and frees what it holds. It returns the agent it was with (held or
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
	case Offered, Assigned: // free, inline
		ag := &e.agents[a]
		ag.used -= c.units
		ag.open--
		e.unlink(ag, c)
		e.reheap(a, ag, true)
	case Inactive:
		e.unlink(&e.agents[a], c)
	}
	c.state, c.agent = Free, -1
	c.gen++
	return int(a)
}

// free takes offered or assigned conversation id off its agent, returning the
// agent; the caller updates the agent.
func (e *Engine) free(id int32) int32 {
	c := &e.convs[id]
	a := c.agent
	ag := &e.agents[a]
	ag.used -= c.units
	ag.open--
	e.unlink(ag, c)
	c.agent = -1
	return a
}

// link attaches conversation id, c, to agent ag.
func (e *Engine) link(ag *agent, id int32, c *conv) {
	c.aprev, c.anext = -1, ag.head
	if ag.head >= 0 {
		e.convs[ag.head].aprev = id
	}
	ag.head = id
}

// unlink detaches conversation c from agent ag.
func (e *Engine) unlink(ag *agent, c *conv) {
	if c.aprev >= 0 {
		e.convs[c.aprev].anext = c.anext
	} else {
		ag.head = c.anext
	}
	if c.anext >= 0 {
		e.convs[c.anext].aprev = c.aprev
	}
	c.anext, c.aprev = -1, -1
}

// SetInactive marks assigned conversation id Inactive: its customer has been silent
// longer than inactive_after. Under status capacity this frees its units (it stays
// attached to its agent) and reports true; under tab capacity it does nothing.
func (e *Engine) SetInactive(now int64, id int32) bool {
	if e.cfg.Capacity != Status || e.State(id) != Assigned {
		return false
	}
	c := &e.convs[id]
	ag := &e.agents[c.agent]
	ag.used -= c.units
	ag.open--
	c.state = Inactive
	c.inactiveAt = now
	c.gen++
	e.updateAgent(c.agent, true)
	return true
}

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
	e.seq++
	c.seq = e.seq
	c.since, c.qsince = now, now
	c.dropped = false
	c.excl = c.excl[:0]
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
	c.queue = int32(q)
	e.seq++
	c.seq = e.seq
	c.since, c.qsince = now, now
	c.dropped, c.sticky = false, false
	c.excl = c.excl[:0]
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

// withdrawOffer puts offered conversation id back in its line, excluding the agent,
// and moves the agent to presence p.
func (e *Engine) withdrawOffer(id int32, p Presence) int32 {
	a := e.free(id)
	c := &e.convs[id]
	c.excl = append(c.excl, a)
	e.waiting++
	e.enterLine(id)
	if p != Unchanged && p != Offline {
		e.agents[a].presence = p
	}
	e.updateAgent(a, true)
	return a
}

// Expire applies the time-based changes due at or before now and appends the
// offers that timed out to out. Route calls it too; call it first when you need
// to know which offers timed out.
func (e *Engine) Expire(now int64, out []Timeout) []Timeout {
	for len(e.deadlines) > 0 && e.deadlines[0].at <= now {
		d := e.popDeadline()
		if !e.live(&d) {
			continue
		}
		c := &e.convs[d.id]
		switch d.kind {
		case dlOffer:
			q := c.queue
			a := e.withdrawOffer(d.id, e.cfg.TimeoutPresence)
			e.counts[q].PushTimeouts++
			out = append(out, Timeout{Conv: d.id, Agent: a})
		case dlDrop:
			e.detach(d.id)
			c.dropped = true
			e.counts[c.queue].SkillDrops++
			e.insertLine(d.id, c)
		case dlOverflow:
			e.counts[c.queue].Overflows++
			e.detach(d.id)
			c.queue = int32(e.queues[c.queue].OverflowTo)
			c.qsince = d.at
			e.enterLine(d.id)
		case dlPref:
			e.fallback(d.id, d.at)
		}
	}
	return out
}

// NextDeadline returns the earliest time at which a time-based change is due: an
// offer's push timeout, an additional-skill drop, an overflow or a preferred-agent
// timeout. The caller should call Route then. Aging needs no wake-up: it only
// reorders waiting conversations, and Route ranks them at the time it is called.
func (e *Engine) NextDeadline() (int64, bool) {
	if len(e.deadlines) == 0 {
		return 0, false
	}
	return e.nextDeadline()
}

func (e *Engine) nextDeadline() (int64, bool) {
	for len(e.deadlines) > 0 {
		if e.live(&e.deadlines[0]) {
			return e.deadlines[0].at, true
		}
		e.popDeadline()
	}
	return 0, false
}

// Route applies the time-based changes due at or before now (see Expire), then
// routes every waiting conversation that an Online agent with room qualifies for,
// and appends the assignments (or offers, with Config.PushTimeout) to out.
// Conversations go in order of effective routing priority, secondary priority, then
// arrival (FIFO); each to the best qualified agent under the routing model.
func (e *Engine) Route(now int64, out []Assignment) []Assignment {
	if len(e.deadlines) > 0 && e.deadlines[0].at <= now {
		e.tbuf = e.Expire(now, e.tbuf[:0])
	}
	// Candidates: what changed since the last call.
	if len(e.dirtyClasses) > 0 {
		if len(e.dirtyClasses) == 1 && len(e.dirtyLines)+len(e.dirtyAgents)+len(e.dirtyPrefs) == 0 {
			// The usual case after a release: one class with more room, nothing
			// else. If it serves a single line, that is the only candidate.
			if cl := &e.classes[e.dirtyClasses[0]]; len(cl.lines) == 1 {
				cl.dirty = false
				e.dirtyClasses = e.dirtyClasses[:0]
				l := cl.lines[0]
				return e.routeLine(l, &e.lines[l], now, out)
			}
		}
		e.markClassLines()
	}
	if len(e.dirtyLines) == 1 && len(e.dirtyAgents)+len(e.dirtyPrefs) == 0 {
		// The usual case: one line, and nothing to rank it against.
		l := e.dirtyLines[0]
		e.dirtyLines = e.dirtyLines[:0]
		ln := &e.lines[l]
		ln.dirty = false
		if ln.shape == e.shape && *ln.ready == 0 {
			return out // no agent for it: routeLine's first test, without the call
		}
		return e.routeLine(l, ln, now, out)
	}
	if len(e.dirtyLines) > 0 {
		e.pushLines(now)
	}
	if len(e.dirtyAgents)+len(e.dirtyPrefs) > 0 {
		e.pushPrefs(now)
	}
	// Best candidate first. A line is pushed with a lower bound of its rank, and
	// ranks only get worse while routing (agents only lose room), so a popped
	// candidate is re-ranked exactly and pushed back if something else now goes
	// first.
	for len(e.cand) > 0 {
		if cd := e.popCand(); cd.pref {
			out = e.routePref(cd.id, now, out)
		} else {
			out = e.routeLine(cd.id, &e.lines[cd.id], now, out)
		}
	}
	return out
}

// markClassLines marks the waiting lines of the classes whose agents have more
// room: an agent with more room makes every line its class qualifies for a
// candidate.
func (e *Engine) markClassLines() {
	for _, k := range e.dirtyClasses {
		cl := &e.classes[k]
		cl.dirty = false
		for _, l := range cl.lines {
			if e.lines[l].n() > 0 {
				e.markLine(l)
			}
		}
	}
	e.dirtyClasses = e.dirtyClasses[:0]
}

// pushLines makes the marked lines that can be routed candidates.
func (e *Engine) pushLines(now int64) {
	for _, l := range e.dirtyLines {
		ln := &e.lines[l]
		ln.dirty = false
		if ln.n() > 0 && e.reqs[ln.req].ready[ln.uIdx] > 0 {
			e.pushCand(e.lineBound(l, now))
		}
	}
	e.dirtyLines = e.dirtyLines[:0]
}

// pushPrefs makes the conversations waiting for a preferred agent that has room
// candidates.
func (e *Engine) pushPrefs(now int64) {
	for _, a := range e.dirtyAgents {
		ag := &e.agents[a]
		ag.dirty = false
		for _, id := range ag.pref {
			if e.prefOK(id) {
				e.pushCand(e.candidateOf(id, now, -1, true))
			}
		}
	}
	e.dirtyAgents = e.dirtyAgents[:0]
	for _, id := range e.dirtyPrefs {
		if e.prefOK(id) {
			e.pushCand(e.candidateOf(id, now, -1, true))
		}
	}
	e.dirtyPrefs = e.dirtyPrefs[:0]
}

// routePref routes conversation id, popped as a candidate waiting for its
// preferred agent, unless it cannot go now or another candidate goes first.
func (e *Engine) routePref(id int32, now int64, out []Assignment) []Assignment {
	if !e.prefOK(id) {
		return out
	}
	if k := e.candidateOf(id, now, -1, true); len(e.cand) > 0 && candLess(&e.cand[0], &k) {
		e.pushCand(k)
		return out
	}
	e.detach(id)
	c := &e.convs[id]
	a := c.agent
	ag := &e.agents[a]
	out = e.assign(id, c, a, ag, now, out)
	e.reheap(a, ag, false)
	return out
}

// routeLine routes line l, ln, popped as a candidate, while it can be routed and
// its next conversation goes first (conversations rank uniquely, by seq, so the
// next candidate cannot tie it); it pushes the line back if another one goes first.
func (e *Engine) routeLine(l int32, ln *line, now int64, out []Assignment) []Assignment {
	// Routing adds no class or cost, so the line's cached pointers stay valid
	// throughout.
	if ln.shape != e.shape {
		e.cacheLine(ln)
	}
	ready, cl, top := ln.ready, ln.cl, ln.top
	for {
		// lineNext, with its usual case inline: no conversation with excluded
		// agents, so the ring's first live entry (count > 0 says there is one).
		if ln.n() == 0 || *ready == 0 {
			return out
		}
		var id int32
		var c *conv
		ring := len(ln.picky) == 0 && len(ln.late) == 0
		if ring {
			for mask := len(ln.ring) - 1; ; {
				it := ln.ring[ln.rhead]
				if c = e.liveConv(l, it); c != nil {
					ln.lbSeq, id = it.seq, it.id
					break
				}
				ln.rhead = (ln.rhead + 1) & mask
				ln.rlen--
			}
		} else if id = e.lineNext(l); id < 0 {
			return out
		} else {
			c = &e.convs[id]
		}
		if len(e.cand) > 0 {
			if k := e.candidateOf(id, now, l, false); candLess(&e.cand[0], &k) {
				e.pushCand(k)
				return out
			}
		}
		if ring { // dropPlain, knowing that id is the ring's first entry
			ln.count--
			ln.rhead = (ln.rhead + 1) & (len(ln.ring) - 1)
			ln.rlen--
			c.where = wNone
		} else {
			e.detach(id)
		}
		var a int32
		if top != nil && len(c.excl) == 0 {
			a = top.items[0].agent // bestAgent's first case
		} else {
			a = e.bestAgent(ln.req, ln.uIdx, c.excl)
		}
		ag := &e.agents[a]
		if !c.sticky && !c.dropped && e.pushTimeout == 0 {
			// assign's usual case, inline: no sticky resume, no dropped skills,
			// no offer.
			e.take(id, c, a, ag, now)
			c.state = Assigned
			e.counts[c.queue].Assigned++
			out = append(out, Assignment{Conv: id, Agent: a, Queue: c.queue})
		} else {
			out = e.assign(id, c, a, ag, now, out)
		}
		if top != nil && len(cl.heaps) == 1 {
			// reheap, inline: the agent, Online (it was ready), lost room, and its
			// class has one heap.
			it := heapItem{agent: a}
			it.key, it.last = e.agentKeys(ag)
			e.fixHeap(cl, top, 0, it, ag.capacity-ag.used)
		} else {
			e.reheap(a, ag, false)
		}
	}
}

// cacheLine points line ln's cache at its requirement's ready count for its cost
// and at its requirement's only class and that class's ready heap (nil if the
// requirement has several classes or none).
func (e *Engine) cacheLine(ln *line) {
	rq := &e.reqs[ln.req]
	ln.ready = &rq.ready[ln.uIdx]
	ln.cl, ln.top = nil, nil
	if len(rq.classes) == 1 {
		ln.cl = &e.classes[rq.classes[0]]
		ln.top = &ln.cl.heaps[ln.uIdx]
	}
	ln.shape = e.shape
}

// prefOK reports whether conversation id, waiting for its preferred agent, can go
// to that agent now.
func (e *Engine) prefOK(id int32) bool {
	c := &e.convs[id]
	if c.state != Waiting || c.where != wPref {
		return false
	}
	ag := &e.agents[c.agent]
	return ag.presence == Online && ag.capacity-ag.used >= c.units &&
		meets(e.classes[ag.class].skills, e.reqs[c.req].needs) && !contains(c.excl, c.agent)
}

// take makes agent a, ag, hold waiting conversation id, c, from now: assign's
// bookkeeping, before the counts and the Assignment.
func (e *Engine) take(id int32, c *conv, a int32, ag *agent, now int64) {
	ag.used += c.units
	ag.open++
	ag.lastAssign = now
	c.agent = a
	e.link(ag, id, c)
	c.gen++
	e.waiting--
}

// assign gives waiting conversation id, c, which its caller took out of its line
// or its preferred agent's list (detach), to agent a, ag. The caller then
// refreshes the agent's heaps (reheap), which it may know how to do faster.
func (e *Engine) assign(id int32, c *conv, a int32, ag *agent, now int64, out []Assignment) []Assignment {
	e.take(id, c, a, ag, now)
	n := &e.counts[c.queue]
	as := Assignment{Conv: id, Agent: a, Queue: c.queue, DroppedSkills: c.dropped}
	if c.sticky {
		c.sticky = false
		if a == c.prev {
			as.Sticky = true
			n.StickyHits++
		} else {
			n.StickyMisses++
		}
	}
	if c.dropped {
		n.DroppedSkills++
	}
	if e.pushTimeout > 0 {
		c.state = Offered
		c.deadline = now + e.pushTimeout
		as.Offer = true
		n.Offered++
		e.pushDeadline(c.deadline, id, dlOffer)
	} else {
		c.state = Assigned
		n.Assigned++
	}
	return append(out, as)
}
