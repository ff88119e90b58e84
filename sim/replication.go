package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/omnisim/omnisim/router"
)

// Event kinds.
const (
	evArrival     uint8 = iota // id = arrival stream
	evMessage                  // id = conversation: the customer's next message arrives
	evReply                    // id = conversation: the agent's reply is sent
	evPatience                 // id = conversation: the customer's patience runs out
	evWrapUp                   // id = conversation: wrap-up done, capacity released
	evStaff                    // id = agent group: the head count changes
	evTick                     // interval boundary inside the measured window
	evHandOff                  // id = conversation: the bot hands off to routing
	evCampaign                 // id = campaign: a proactive message goes out
	evStart                    // gen = pending slot: a conversation starts (campaign reply, return after the end)
	evAccept                   // id = conversation: the agent accepts the offer
	evWake                     // the router has a time-based change due
	evInactive                 // id = conversation: the customer has been silent for inactive_after
	evEndInactive              // id = conversation: silent for end_inactive_after, it ends
	evAgentBack                // id = agent: back Online after going away on a missed offer
	evInitial                  // the start-of-run backlog opens (after the first staffing)
)

// Conversation states in the simulator.
const (
	stFree     uint8 = iota
	stWaiting        // in routing (first time, resumed, requeued or transferred)
	stOffered        // offered to an agent (push routing)
	stAssigned       // held by an agent, with capacity
	stInactive       // status capacity: attached to its agent, no capacity held
	stBot            // with the bot
)

// drainLimit bounds how long after the horizon the run continues to finish the
// conversations in the system.
const drainLimit = 7 * Day

// defaultAwayFor is how long an agent who missed or declined an offer stays away.
const defaultAwayFor = 2 * time.Minute

type conversation struct {
	gen        uint32
	state      uint8
	replied    bool  // the first agent reply was sent
	awaiting   bool  // the customer has written and waits for a reply
	resumed    bool  // the current routing is a resume after inactivity
	atOnce     bool  // its first routing found an agent with room at once
	channel    int16 // index into Model.Channels
	interval   int16 // interval of the day of its arrival
	intent     int16
	language   int16
	tier       int16
	arrival    int16 // arrival stream; -1 for a campaign reply or a return
	queue      int16 // queue of its first routing
	units      int32 // capacity units it takes (its channel's)
	routings   int16 // routings accepted so far
	left       int32 // customer messages still to be answered
	agent      int32
	tally      *Tally // its cell in replication.cells; nil: not measured
	wtally     *Tally // its weekday and interval in Result.ByWeekdayInterval; nil: not kept or not measured
	arrived    Time
	entered    Time  // entry into the current routing
	patience   Time  // how long the customer waits for a first agent; maxTime: forever
	replyAt    Time  // when the pending agent reply is due; -1: none
	predWait   Time  // delay-history prediction at its first routing (waitpred.go); -1: none
	acceptedAt Time  // when its current agent accepted it
	ahead      int32 // conversations waiting ahead at its first routing

	lastInbound Time  // time of the customer's latest message
	failedBot   bool  // the bot tried and failed (hand-off after max_turns)
	optOut      bool  // the customer texts STOP at the end
	botTurns    uint8 // bot turns it took (BotTurns only; 0 otherwise)
	silent      bool  // the customer leaves silently after patience (SilentAbandon)
	gone        bool  // … and had left when the agent accepted: entered is then the accept
	keywords    uint8 // the stream's keywords its first message contains, as bits (rules.go)
	rule        int16 // 1 + the index of the routing rule it matched; 0: none (rules.go)

	pcg rand.PCG
	rng *rand.Rand
}

type agentState struct {
	grp     *Group // Model.Groups[group]
	group   int32
	busy    int32 // capacity units in use
	since   Time  // when busy last changed
	counted bool  // counted in the capacity of online agents (online, or holding work)
	wanted  bool  // the schedule wants this agent online
}

// pending is a conversation scheduled to start later (a reply to a campaign, or a
// customer who comes back after the conversation ended).
type pending struct {
	s1, s2   uint64
	channel  int16
	arrival  int16
	intent   int16
	language int16
	tier     int16
	left     int32
	campaign bool // reply to a campaign: intents and languages drawn from campaignArr
	initial  bool // an inactive start-of-run conversation whose customer writes again (Backlog)
	queue    int16
}

// replication is one run of the model.
type replication struct {
	m      *Model
	rep    int
	h      eventHeap
	router *router.Engine
	out    []router.Assignment
	tmo    []router.Timeout
	req    []int32
	need   []router.SkillNeed
	addl   []router.SkillNeed

	arrivalRNG  []*rand.Rand
	campaignRNG []*rand.Rand
	convs       []*conversation
	free        []int32

	pricing     []pricing // per channel
	sentService bool      // the last outbound message was a free-form one inside the window (messaging.go)
	senderFree  []Time    // per channel: when its sender may send again
	botIntent   [][]int   // per arrival stream and intent: index into Bot.Intents or -1
	followProb  [][]float64
	transferTo  [][]int     // per arrival stream and intent: queue, or -1
	transferP   [][]float64 // per arrival stream and intent: probability
	langSkill   [][]int     // per arrival stream and language: skill id, or -1
	intentSkill [][]int     // per arrival stream and intent: skill id, or -1
	queueOf     []int       // per channel: queue index
	ruleQ       [][]int16   // per attribute stream: 1 + the rule by (intent, language, tier, keywords), 0: none (rules.go)
	campaignArr []Arrival   // synthetic arrival streams of campaign replies
	pendings    []pending
	pendFree    []uint32

	agents      []agentState
	groupAgents [][]int32   // agent indices per group
	concSeconds [][]float64 // per group: its Result.Groups[g].ConcurrencySeconds; nil: from the integrals
	push        bool        // routing offers work (push timeout), or reclaims it (reclaim)
	reclaim     bool        // no-reply reclaim (Routing.ReclaimAfter)
	nudgeOn     []bool      // per channel: its silent customers are nudged (nudge.go); nil: no nudges
	wakeAt      Time        // time of the earliest pending evWake; -1: none
	schedBuf    []int32     // reschedule's candidates

	// The interval of the day intervalOf returned last, and the span of time it
	// covers, [ivFrom, ivTo).
	ivFrom, ivTo Time
	ivIndex      int

	// Measured window and accounting.
	start, end Time // [warmup, warmup+horizon)
	interval   Time
	last       Time    // time up to which integrals are taken
	busyUnits  int     // capacity units in use
	capUnits   int     // capacity units of counted agents
	holdSum    float64 // units × seconds held, accept to end, of ended conversations (waitpred.go)
	holdN      int64
	lastWait   []Time // per queue: wait of the last conversation accepted; -1: none
	groupBusy  []int  // per group
	groupCap   []int  // per group
	acc        integrals

	cells      []Tally // per (channel, queue, interval of the day); see tallySet
	nQueues    int
	nIntervals int
	waiting    int // conversations waiting for their first agent (Little's law's L)
	active     int // conversations in the system
	res        *Result
	ev         *recorder // nil: no event log (Model.Events nil)
}

// Run runs replication rep of m and returns its raw counts.
func Run(m *Model, rep int) (*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	r, err := newReplication(m, rep)
	if err != nil {
		return nil, err
	}
	r.run()
	return r.res, r.eventsDone()
}

func newReplication(m *Model, rep int) (*replication, error) {
	cfg := m.Routing
	if len(cfg.ChannelUnits) == 0 {
		for _, c := range m.Channels {
			cfg.ChannelUnits = append(cfg.ChannelUnits, c.Units)
			cfg.ChannelNames = append(cfg.ChannelNames, c.Name)
		}
	}
	if len(cfg.SkillNames) == 0 {
		cfg.SkillNames = m.Skills
	}
	eng, err := router.New(cfg)
	if err != nil {
		return nil, err
	}
	nInt := int(24 * time.Hour / m.Interval)
	r := &replication{
		m: m, rep: rep, router: eng,
		start:    Time(m.Warmup),
		end:      Time(m.Warmup + m.Horizon),
		interval: Time(m.Interval),
		wakeAt:   -1,
		res: &Result{
			Replication: rep,
			ByChannel:   make([]Tally, len(m.Channels)),
			ByInterval:  make([]Tally, nInt),
			ByQueue:     make([]Tally, eng.NumQueues()),
		},
	}
	r.nQueues, r.nIntervals = eng.NumQueues(), nInt
	if m.ByWeekday() {
		// Kept beside the cells, not in them: cells by weekday would take seven
		// times the histograms.
		r.res.ByWeekdayInterval = make([]Tally, 7*nInt)
	}
	// No-reply reclaims come out of Expire too, which the offer path calls.
	r.reclaim = m.Routing.ReclaimAfter > 0
	r.push = m.Routing.PushTimeout > 0 || r.reclaim
	r.nudgeOn = nudgeTable(m)
	r.cells = make([]Tally, len(m.Channels)*r.nQueues*nInt)
	for q := 0; q < eng.NumQueues(); q++ {
		name := "default"
		if q < len(cfg.Queues) && cfg.Queues[q].Name != "" {
			name = cfg.Queues[q].Name
		}
		r.res.Queues = append(r.res.Queues, name)
	}
	r.groupAgents = make([][]int32, len(m.Groups))
	r.groupBusy, r.groupCap = make([]int, len(m.Groups)), make([]int, len(m.Groups))
	r.acc.groupBusy, r.acc.groupCap = make([]float64, len(m.Groups)), make([]float64, len(m.Groups))
	for g, grp := range m.Groups {
		r.res.Groups = append(r.res.Groups, GroupTally{
			Name:                grp.Name,
			BusyUnitSeconds:     make([]float64, nInt),
			CapacityUnitSeconds: make([]float64, nInt),
			ConcurrencySeconds:  make([]float64, grp.Concurrency+1),
		})
		// An agent of concurrency 1 is either busy or free, so its group's
		// histogram is the integrals of busy and free units, which advance takes
		// anyway: no per-agent bookkeeping then (see concFromIntegrals).
		var conc []float64
		if grp.Concurrency > 1 || !concurrencyFromIntegrals {
			conc = r.res.Groups[g].ConcurrencySeconds
		}
		r.concSeconds = append(r.concSeconds, conc)
		n := int(math.Ceil(grp.Staff.Max()))
		for i := 0; i < n; i++ {
			a := eng.AddAgent(router.AgentSpec{Capacity: grp.Concurrency, Skills: grp.Skills})
			r.agents = append(r.agents, agentState{group: int32(g), grp: &m.Groups[g]})
			r.groupAgents[g] = append(r.groupAgents[g], int32(a))
		}
	}
	if err := eng.Check(); err != nil {
		return nil, err
	}
	for i := range m.Channels {
		r.queueOf = append(r.queueOf, eng.QueueFor(i))
	}
	r.lastWait = make([]Time, eng.NumQueues())
	for i := range r.lastWait {
		r.lastWait[i] = -1
	}
	for i := range m.Arrivals {
		r.arrivalRNG = append(r.arrivalRNG, Stream(m.Seed, rep, fmt.Sprintf("arrivals/%d", i)))
	}
	for i, c := range m.Outbound {
		r.campaignRNG = append(r.campaignRNG, Stream(m.Seed, rep, fmt.Sprintf("outbound/%d", i)))
		lang := One("en")
		for _, a := range m.Arrivals {
			if a.Channel == c.Channel {
				lang = One(a.Languages.Names[0])
				break
			}
		}
		r.campaignArr = append(r.campaignArr, Arrival{Channel: c.Channel, Intents: One("campaign"), Languages: lang})
	}
	for _, c := range m.Channels {
		r.pricing = append(r.pricing, newPricing(c.Rules))
	}
	r.senderFree = make([]Time, len(m.Channels))
	r.attributes(m.Arrivals)
	if m.Events != nil {
		if sink := m.Events(rep); sink != nil {
			r.ev = &recorder{sink: sink, buf: make([]Event, 0, eventBatch)}
		}
	}
	return r, nil
}

// attributes resolves, per arrival stream, intent and language names into bot
// entries, follow-up and transfer probabilities and router skill ids.
func (r *replication) attributes(arrivals []Arrival) {
	m := r.m
	skill := func(name string) int {
		for i, s := range m.Skills {
			if s == name {
				return i
			}
		}
		return -1
	}
	all := append(append([]Arrival(nil), arrivals...), r.campaignArr...)
	for _, a := range all {
		n := len(a.Intents.Names)
		bi, fp, tq, tp, is := make([]int, n), make([]float64, n), make([]int, n), make([]float64, n), make([]int, n)
		for k, name := range a.Intents.Names {
			bi[k], tq[k], is[k] = -1, -1, skill(name)
			if m.Bot != nil {
				for j, in := range m.Bot.Intents {
					if in.Intent == name {
						bi[k] = j
					}
				}
			}
			if f := m.FollowUp; f != nil {
				fp[k] = f.Probability
				for _, o := range f.ByIntent {
					if o.Intent == name {
						fp[k] = o.Probability
					}
				}
			}
			for _, t := range m.Transfers {
				if t.Intent == name {
					tq[k], tp[k] = t.Queue, t.Probability
				}
			}
		}
		ls := make([]int, len(a.Languages.Names))
		for k, name := range a.Languages.Names {
			ls[k] = skill(name)
		}
		r.botIntent = append(r.botIntent, bi)
		r.followProb = append(r.followProb, fp)
		r.transferTo = append(r.transferTo, tq)
		r.transferP = append(r.transferP, tp)
		r.intentSkill = append(r.intentSkill, is)
		r.langSkill = append(r.langSkill, ls)
	}
	r.ruleTables(all)
}

// attr returns the index into the per-stream attribute tables of a conversation's
// stream: arrival streams first, then campaign streams.
func (r *replication) attr(c *conversation) int {
	if c.arrival >= 0 {
		return int(c.arrival)
	}
	return len(r.m.Arrivals) + int(-c.arrival-1)
}

func (r *replication) run() {
	for g := range r.m.Groups {
		r.h.push(0, evStaff, int32(g), 0)
	}
	if len(r.m.Initial) > 0 {
		r.h.push(0, evInitial, 0, 0)
	}
	// Interval boundaries inside the measured window get a tick, one at a time
	// (a heap holding every future tick would be deeper for nothing).
	r.h.push(r.nextTick(r.start), evTick, 0, 0)
	for i := range r.m.Arrivals {
		if t, ok := nextEvent(r.m.Arrivals[i].Rate, r.arrivalRNG[i], 0, r.end); ok {
			r.h.push(t, evArrival, int32(i), 0)
		}
	}
	for i := range r.m.Outbound {
		if t, ok := nextEvent(r.m.Outbound[i].Rate, r.campaignRNG[i], 0, r.end); ok {
			r.h.push(t, evCampaign, int32(i), 0)
		}
	}
	stop := r.end + drainLimit
	for r.h.len() > 0 {
		e := r.h.take()
		r.advance(e.at)
		if e.at >= r.end && (r.active == 0 || e.at > stop) {
			break
		}
		r.res.Events++
		switch e.kind() {
		case evArrival:
			r.arrival(e)
		case evMessage:
			r.message(e)
		case evReply:
			r.reply(e)
		case evPatience:
			r.patience(e)
		case evWrapUp:
			r.wrapUp(e)
		case evStaff:
			r.staff(e)
		case evHandOff:
			r.handOff(e)
		case evCampaign:
			r.campaign(e)
		case evStart:
			r.startPending(e)
		case evAccept:
			r.acceptOffer(e)
		case evWake:
			if e.at == r.wakeAt {
				r.wakeAt = -1
				r.route(e.at)
			}
		case evInactive:
			r.inactive(e)
		case evEndInactive:
			r.endInactive(e)
		case evAgentBack:
			r.agentBack(e)
		case evInitial:
			r.openBacklog()
		case evTick:
			r.flush()
			if e.at < r.end {
				r.h.push(r.nextTick(e.at), evTick, 0, 0)
			}
		}
		r.h.done()
	}
	r.advance(r.end)
	r.flush()
	r.sumCells()
	for a := range r.agents {
		r.flushBusy(a, r.end)
	}
	for _, h := range r.concSeconds {
		for k := range h {
			h[k] /= 1e9
		}
	}
	r.concFromIntegrals()
	// Conversations still waiting for a first agent at the stop never got one.
	for _, c := range r.convs {
		if (c.state == stWaiting || c.state == stOffered) && c.routings == 0 {
			r.scopes(c).each(func(t *Tally) { t.Unserved++; t.Waited++ })
		}
	}
}

// intervalOf returns the interval of the day t falls in: (t % Day) / interval, with
// the division (a slow one: interval is not a constant) only when t has left the
// span of the interval asked for last, which consecutive arrivals rarely do.
func (r *replication) intervalOf(t Time) int {
	if t >= r.ivFrom && t < r.ivTo {
		return r.ivIndex
	}
	day := t - t%Day
	k := (t % Day) / r.interval
	r.ivFrom = day + k*r.interval
	r.ivTo = min(r.ivFrom+r.interval, day+Day)
	r.ivIndex = int(k)
	return r.ivIndex
}

// nextTick returns the first interval boundary after t, or the end of the
// measured window if that comes first.
func (r *replication) nextTick(t Time) Time {
	return min((t/r.interval+1)*r.interval, r.end)
}

// advance takes the time integrals up to now. Ticks at interval boundaries make
// sure one call never spans two intervals; the sums of the current interval are
// kept in acc and written to the tallies at each tick (flush), which keeps this,
// called before every event, to a few additions.
func (r *replication) advance(now Time) {
	from, to := max(r.last, r.start), min(now, r.end)
	r.last = now
	if to <= from {
		return
	}
	dt := float64(to - from) // nanoseconds: no division per event; flush converts
	a := &r.acc
	if a.dt == 0 {
		a.interval = r.intervalOf(from)
		a.weekday = int((from / Day) % 7)
	}
	a.busy += float64(r.busyUnits) * dt
	a.capacity += float64(r.capUnits) * dt
	a.waiting += float64(r.waiting) * dt
	a.dt += dt
	if len(r.groupBusy) > 1 { // one group's integrals are the totals (flush)
		for g, b := range r.groupBusy {
			a.groupBusy[g] += float64(b) * dt
			a.groupCap[g] += float64(r.groupCap[g]) * dt
		}
	}
}

// integrals are the time integrals of the current interval, not yet in the tallies,
// in unit-nanoseconds (a division per event would cost more than the rest of advance).
type integrals struct {
	interval, weekday           int
	busy, capacity, waiting, dt float64
	groupBusy, groupCap         []float64
}

// flush writes the integrals of the interval that just ended into the tallies.
func (r *replication) flush() {
	a := &r.acc
	if a.dt == 0 {
		return
	}
	if len(r.groupBusy) == 1 {
		// The same sums, term by term: busyUnits and capUnits are the group's.
		a.groupBusy[0], a.groupCap[0] = a.busy, a.capacity
	}
	scopes := [3]*Tally{&r.res.Total, &r.res.ByInterval[a.interval]}
	if w := r.res.ByWeekdayInterval; w != nil {
		scopes[2] = &w[a.weekday*r.nIntervals+a.interval]
	}
	for _, t := range scopes {
		if t == nil {
			continue
		}
		t.BusyUnitSeconds += a.busy / 1e9
		t.CapacityUnitSeconds += a.capacity / 1e9
		t.WaitingSeconds += a.waiting / 1e9
		t.MeasuredSeconds += a.dt / 1e9
	}
	for g := range r.res.Groups {
		r.res.Groups[g].BusyUnitSeconds[a.interval] += a.groupBusy[g] / 1e9
		r.res.Groups[g].CapacityUnitSeconds[a.interval] += a.groupCap[g] / 1e9
		a.groupBusy[g], a.groupCap[g] = 0, 0
	}
	a.busy, a.capacity, a.waiting, a.dt = 0, 0, 0, 0
}

// sumCells adds every cell into the scopes it belongs to.
func (r *replication) sumCells() {
	for ch := range r.res.ByChannel {
		for q := 0; q < r.nQueues; q++ {
			for k := 0; k < r.nIntervals; k++ {
				c := r.cell(ch, q, k)
				if c.empty() {
					continue
				}
				r.res.Total.add(c)
				r.res.ByChannel[ch].add(c)
				r.res.ByQueue[q].add(c)
				r.res.ByInterval[k].add(c)
			}
		}
	}
}

// setBusy changes the capacity units agent a uses by delta at now, keeping the
// totals and the agent group's time-weighted concurrency histogram.
func (r *replication) setBusy(a, delta int, now Time) {
	st := &r.agents[a]
	if r.concSeconds[st.group] != nil {
		r.flushBusy(a, now)
	}
	st.busy += int32(delta)
	r.busyUnits += delta
	r.groupBusy[st.group] += delta
}

// concurrencyFromIntegrals lets groups of concurrency 1 take their concurrency
// histogram from their integrals (concFromIntegrals); tests turn it off to check
// that against the per-agent bookkeeping.
var concurrencyFromIntegrals = true

// concFromIntegrals fills the concurrency histogram of each group of concurrency 1
// from its busy and capacity integrals: busy agents are counted agents (holding work
// counts an agent), so the time at load 1 is the busy units' and the time at load 0
// the rest of the counted capacity's.
func (r *replication) concFromIntegrals() {
	for g, h := range r.concSeconds {
		if h != nil {
			continue
		}
		grp := &r.res.Groups[g]
		var busy, capacity float64
		for k := range grp.BusyUnitSeconds {
			busy += grp.BusyUnitSeconds[k]
			capacity += grp.CapacityUnitSeconds[k]
		}
		grp.ConcurrencySeconds[0] = capacity - busy
		grp.ConcurrencySeconds[1] = busy
	}
}

// flushBusy adds the time agent a spent at its current load since the last change,
// inside the measured window, to its group's concurrency histogram.
func (r *replication) flushBusy(a int, now Time) {
	st := &r.agents[a]
	from, to := max(st.since, r.start), min(now, r.end)
	st.since = now
	if h := r.concSeconds[st.group]; to > from && st.counted && h != nil {
		h[min(int(st.busy), len(h)-1)] += float64(to - from) // nanoseconds until the end of run
	}
}

// nextEvent returns the next event after now of a Poisson process with the weekly
// rate w (per second), by inverting the integrated rate: a unit exponential amount
// of "hazard" is consumed step by step. ok is false when the rate is 0 forever or
// the event would fall at or after end.
func nextEvent(w Weekly, rng *rand.Rand, now, end Time) (Time, bool) {
	need := rng.ExpFloat64()
	if len(w) == 1 { // a constant rate: the homogeneous case, directly
		if w[0].Value <= 0 {
			return 0, false
		}
		at := now + seconds(need/w[0].Value)
		return at, at < end
	}
	if w.Max() <= 0 {
		return 0, false
	}
	t := now
	weekStart := (t / Week) * Week
	off := time.Duration(t - weekStart)
	k := 0
	for k+1 < len(w) && w[k+1].At <= off {
		k++
	}
	for {
		segEnd := weekStart + Week
		if k+1 < len(w) {
			segEnd = weekStart + Time(w[k+1].At)
		}
		if rate := w[k].Value; rate > 0 {
			avail := (segEnd - t).Seconds() * rate
			if need < avail {
				at := t + seconds(need/rate)
				return at, at < end
			}
			need -= avail
		}
		t = segEnd
		if t >= end {
			return t, false
		}
		k++
		if k == len(w) {
			k, weekStart = 0, segEnd
		}
	}
}

func (r *replication) alloc() (int32, *conversation) {
	if n := len(r.free); n > 0 {
		id := r.free[n-1]
		r.free = r.free[:n-1]
		return id, r.convs[id]
	}
	c := &conversation{}
	c.rng = rand.New(&c.pcg)
	r.convs = append(r.convs, c)
	return int32(len(r.convs) - 1), c
}

func (r *replication) release(id int32, c *conversation) {
	c.gen++
	c.state = stFree
	r.free = append(r.free, id)
	r.active--
}

func (r *replication) addPending(p pending) uint32 {
	if n := len(r.pendFree); n > 0 {
		slot := r.pendFree[n-1]
		r.pendFree = r.pendFree[:n-1]
		r.pendings[slot] = p
		return slot
	}
	r.pendings = append(r.pendings, p)
	return uint32(len(r.pendings) - 1)
}
