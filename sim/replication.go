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
	evArrival  uint8 = iota // id = arrival stream
	evMessage               // id = conversation: the customer's next message arrives
	evReply                 // id = conversation: the agent's reply is sent
	evPatience              // id = conversation: the customer's patience runs out
	evWrapUp                // id = conversation: wrap-up done, capacity released
	evStaff                 // id = agent group: the head count changes
	evTick                  // interval boundary inside the measured window
)

// Conversation states.
const (
	stFree uint8 = iota
	stWaiting
	stAssigned
)

// drainLimit bounds how long after the horizon the run continues to finish the
// conversations in the system.
const drainLimit = 7 * Day

type conversation struct {
	gen      uint32
	state    uint8
	measured bool  // arrived inside the measured window
	replied  bool  // the first agent reply was sent
	channel  int16 // index into Model.Channels
	interval int16 // interval of the day of its arrival
	intent   int16
	language int16
	left     int32 // customer messages still to be answered
	agent    int32
	arrived  Time
	entered  Time // entry into routing
	patience Time // absolute time of abandonment, if it waits that long

	pcg rand.PCG
	rng *rand.Rand
}

type agentState struct {
	group   int32
	counted bool // counted in the capacity of online agents (online, or holding work)
}

// replication is one run of the model.
type replication struct {
	m      *Model
	rep    int
	h      eventHeap
	router *router.Engine
	out    []router.Assignment

	arrivalRNG []*rand.Rand
	convs      []*conversation
	free       []int32

	agents      []agentState
	groupAgents [][]int32 // agent indices per group
	groupOnline []int     // agents online per group

	// Measured window and accounting.
	start, end Time // [warmup, warmup+horizon)
	interval   Time
	last       Time // time up to which integrals are taken
	busyUnits  int  // capacity units in use
	capUnits   int  // capacity units of counted agents
	waiting    int  // conversations waiting for an agent
	active     int  // conversations in the system
	res        *Result
}

// Run runs replication rep of m and returns its raw counts. m must be valid.
func Run(m *Model, rep int) (*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	r, err := newReplication(m, rep)
	if err != nil {
		return nil, err
	}
	r.run()
	return r.res, nil
}

func newReplication(m *Model, rep int) (*replication, error) {
	eng, err := router.New(m.Routing)
	if err != nil {
		return nil, err
	}
	nInt := int(24 * time.Hour / m.Interval)
	r := &replication{
		m: m, rep: rep, router: eng,
		start:    Time(m.Warmup),
		end:      Time(m.Warmup + m.Horizon),
		interval: Time(m.Interval),
		res: &Result{
			Replication: rep,
			ByChannel:   make([]Tally, len(m.Channels)),
			ByInterval:  make([]Tally, nInt),
		},
	}
	r.res.Total.init()
	for i := range r.res.ByChannel {
		r.res.ByChannel[i].init()
	}
	for i := range r.res.ByInterval {
		r.res.ByInterval[i].init()
	}
	r.groupAgents = make([][]int32, len(m.Groups))
	r.groupOnline = make([]int, len(m.Groups))
	for g, grp := range m.Groups {
		n := int(math.Ceil(grp.Staff.Max()))
		for i := 0; i < n; i++ {
			a := eng.AddAgent(router.AgentSpec{Capacity: grp.Concurrency})
			r.agents = append(r.agents, agentState{group: int32(g)})
			r.groupAgents[g] = append(r.groupAgents[g], int32(a))
		}
	}
	for i := range m.Arrivals {
		r.arrivalRNG = append(r.arrivalRNG, Stream(m.Seed, rep, fmt.Sprintf("arrivals/%d", i)))
	}
	return r, nil
}

func (r *replication) run() {
	for g := range r.m.Groups {
		r.h.push(0, evStaff, int32(g), 0)
	}
	for t := r.start; t < r.end; t = (t/r.interval + 1) * r.interval {
		if t > r.start {
			r.h.push(t, evTick, 0, 0)
		}
	}
	r.h.push(r.end, evTick, 0, 0)
	for i := range r.m.Arrivals {
		if t, ok := r.nextArrival(i, 0); ok {
			r.h.push(t, evArrival, int32(i), 0)
		}
	}
	stop := r.end + drainLimit
	for r.h.len() > 0 {
		e := r.h.pop()
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
		case evTick:
		}
	}
	// Conversations still waiting at the stop never got an agent.
	for _, c := range r.convs {
		if c.state == stWaiting && c.measured {
			r.tallies(c, func(t *Tally) { t.Unserved++; t.Waited++ })
		}
	}
}

// advance takes the time integrals up to now. Ticks at interval boundaries make
// sure one call never spans two intervals.
func (r *replication) advance(now Time) {
	from, to := max(r.last, r.start), min(now, r.end)
	r.last = now
	if to <= from {
		return
	}
	dt := (to - from).Seconds()
	it := &r.res.ByInterval[int((from%Day)/r.interval)]
	busy, capacity, waiting := float64(r.busyUnits)*dt, float64(r.capUnits)*dt, float64(r.waiting)*dt
	for _, t := range [2]*Tally{&r.res.Total, it} {
		t.BusyUnitSeconds += busy
		t.CapacityUnitSeconds += capacity
		t.WaitingSeconds += waiting
		t.MeasuredSeconds += dt
	}
}

// tallies applies f to the three scopes of a conversation.
func (r *replication) tallies(c *conversation, f func(*Tally)) {
	f(&r.res.Total)
	f(&r.res.ByChannel[c.channel])
	f(&r.res.ByInterval[c.interval])
}

// nextArrival returns the next arrival of stream i after now by inverting the
// integrated rate: a unit exponential amount of "hazard" is consumed step by step.
func (r *replication) nextArrival(i int, now Time) (Time, bool) {
	w := r.m.Arrivals[i].Rate
	rng := r.arrivalRNG[i]
	need := rng.ExpFloat64()
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
				return t + seconds(need/rate), true
			}
			need -= avail
		}
		t = segEnd
		if t >= r.end {
			return t, true // beyond the horizon: the caller drops it
		}
		k++
		if k == len(w) {
			k, weekStart = 0, segEnd
		}
	}
}

func (r *replication) arrival(e event) {
	i := int(e.id)
	a := &r.m.Arrivals[i]
	rng := r.arrivalRNG[i]
	// Every conversation gets its own stream, seeded from the arrival stream, so
	// what the customer does never depends on routing (common random numbers).
	s1, s2 := rng.Uint64(), rng.Uint64()
	if t, ok := r.nextArrival(i, e.at); ok && t < r.end {
		r.h.push(t, evArrival, int32(i), 0)
	}

	id, c := r.alloc()
	c.pcg.Seed(s1, s2)
	c.channel = int16(a.Channel)
	c.interval = int16((e.at % Day) / r.interval)
	c.measured = e.at >= r.start
	c.arrived = e.at
	c.replied = false
	c.agent = -1
	c.intent = int16(a.Intents.sample(c.rng))
	c.language = int16(a.Languages.sample(c.rng))
	c.left = int32(max(1, int64(r.m.Messages.Sample(c.rng))))
	c.patience = maxTime
	if r.m.Patience != nil {
		c.patience = e.at + seconds(r.m.Patience.Sample(c.rng))
	}
	r.active++
	if c.measured {
		r.tallies(c, func(t *Tally) { t.Offered++ })
	}
	r.enterRouting(id, c, e.at)
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

func (r *replication) enterRouting(id int32, c *conversation, now Time) {
	c.state = stWaiting
	c.entered = now
	r.waiting++
	if c.measured {
		r.tallies(c, func(t *Tally) { t.Routed++ })
	}
	r.router.Enqueue(int64(now), id, router.Work{Units: r.m.Channels[c.channel].Units})
	if c.patience < maxTime {
		r.h.push(c.patience, evPatience, id, c.gen)
	}
	r.route(now)
}

func (r *replication) route(now Time) {
	r.out = r.router.Route(int64(now), r.out[:0])
	for _, as := range r.out {
		r.accept(as.Conv, int(as.Agent), now)
	}
}

func (r *replication) accept(id int32, agent int, now Time) {
	c := r.convs[id]
	c.state = stAssigned
	c.agent = int32(agent)
	r.waiting--
	r.busyUnits += r.m.Channels[c.channel].Units
	if !r.agents[agent].counted { // cannot happen for an offline agent, kept for safety
		r.count(agent, true)
	}
	if c.measured {
		wait := now - c.entered
		ws := wait.Seconds()
		within := wait <= Time(r.m.SLAWithin)
		ms := int64(wait / Time(time.Millisecond))
		r.tallies(c, func(t *Tally) {
			t.Handled++
			t.WaitSeconds += ws
			if wait > 0 {
				t.Waited++
			}
			if within {
				t.WithinSLA++
			}
			_ = t.Wait.RecordValue(ms)
		})
	}
	r.startReply(id, c, now)
}

// startReply schedules the agent's reply to the customer's current message.
func (r *replication) startReply(id int32, c *conversation, now Time) {
	g := &r.m.Groups[r.agents[c.agent].group]
	open := r.router.Open(int(c.agent))
	d := g.ResponseTime.Sample(c.rng) * (1 + g.Penalty*float64(open-1))
	r.h.push(now+seconds(d), evReply, id, c.gen)
}

func (r *replication) reply(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen {
		return
	}
	if !c.replied {
		c.replied = true
		if c.measured {
			ms := int64((e.at - c.arrived) / Time(time.Millisecond))
			r.tallies(c, func(t *Tally) { _ = t.FirstResponse.RecordValue(ms) })
		}
	}
	c.left--
	if c.left > 0 {
		r.h.push(e.at+seconds(r.m.Pause.Sample(c.rng)), evMessage, e.id, c.gen)
		return
	}
	if w := r.m.Groups[r.agents[c.agent].group].WrapUp; w > 0 {
		r.h.push(e.at+Time(w), evWrapUp, e.id, c.gen)
		return
	}
	r.finish(e.id, c, e.at)
}

func (r *replication) message(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen {
		return
	}
	r.startReply(e.id, c, e.at)
}

func (r *replication) wrapUp(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen {
		return
	}
	r.finish(e.id, c, e.at)
}

// finish ends an assigned conversation and frees its agent's capacity.
func (r *replication) finish(id int32, c *conversation, now Time) {
	agent := r.router.Release(int64(now), id)
	r.busyUnits -= r.m.Channels[c.channel].Units
	r.release(id, c)
	if agent >= 0 && !r.router.Online(agent) && r.router.Used(agent) == 0 {
		r.count(agent, false) // an agent who logged off has finished their last conversation
	}
	r.route(now)
}

func (r *replication) patience(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen || c.state != stWaiting {
		return
	}
	r.router.Withdraw(int64(e.at), e.id)
	r.waiting--
	if c.measured {
		ws := (e.at - c.entered).Seconds()
		r.tallies(c, func(t *Tally) {
			t.Abandoned++
			t.Waited++
			t.AbandonWaitSeconds += ws
		})
	}
	r.release(e.id, c)
}

// count adds agent a's capacity to (or removes it from) the capacity of online agents.
func (r *replication) count(a int, on bool) {
	st := &r.agents[a]
	if st.counted == on {
		return
	}
	st.counted = on
	units := r.m.Groups[st.group].Concurrency
	if on {
		r.capUnits += units
	} else {
		r.capUnits -= units
	}
}

// staff applies group g's head count at e.at and schedules its next change.
func (r *replication) staff(e event) {
	g := int(e.id)
	w := r.m.Groups[g].Staff
	want := int(math.Round(w.At(e.at)))
	agents := r.groupAgents[g]
	// Bring agents online in index order; take the last ones offline first. An agent
	// going offline keeps and finishes its conversations but gets no new ones.
	for i := 0; i < len(agents); i++ {
		a := int(agents[i])
		on := i < want
		if r.router.Online(a) == on {
			continue
		}
		r.router.SetOnline(int64(e.at), a, on)
		if on {
			r.count(a, true)
		} else if r.router.Used(a) == 0 {
			r.count(a, false)
		}
	}
	r.groupOnline[g] = min(want, len(agents))
	if len(w) > 1 {
		off := time.Duration(e.at % Week)
		weekStart := e.at - Time(off)
		next := weekStart + Week
		for _, s := range w {
			if s.At > off {
				next = weekStart + Time(s.At)
				break
			}
		}
		if next <= r.end+drainLimit {
			r.h.push(next, evStaff, int32(g), 0)
		}
	}
	r.route(e.at)
}
