package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
)

// Event kinds.
const (
	evArrival       uint8 = iota // id = arrival stream
	evMessage                    // id = conversation: the customer's next message arrives
	evReply                      // id = conversation: the agent's reply is sent
	evPatience                   // id = conversation: the customer's patience runs out
	evWrapUp                     // id = conversation: wrap-up done, capacity released
	evStaff                      // id = agent group: the head count changes
	evTick                       // interval boundary inside the measured window
	evHandOff                    // id = conversation: the bot hands off to routing
	evCampaign                   // id = campaign: a proactive message goes out
	evCampaignReply              // id = campaign: a customer replies to a campaign message
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
	patience Time // how long the customer waits for an agent; maxTime: forever

	arrival     int16 // arrival stream, -1 for a campaign reply
	lastInbound Time  // time of the customer's latest message
	failedBot   bool  // the bot tried and failed (hand-off after max_turns)
	optOut      bool  // the customer texts STOP at the end

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

	arrivalRNG  []*rand.Rand
	campaignRNG []*rand.Rand
	convs       []*conversation

	pricing       []pricing // per channel
	senderFree    []Time    // per channel: when its sender may send again
	botIntent     [][]int   // per arrival stream and intent: index into Bot.Intents or -1
	followProb    [][]float64
	campaignArr   []Arrival   // synthetic arrival streams of campaign replies
	campaignSeeds [][2]uint64 // stream seeds of pending campaign replies, by event gen
	seedFree      []uint32    // free slots of campaignSeeds
	free          []int32

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
	for i, c := range m.Outbound {
		r.campaignRNG = append(r.campaignRNG, Stream(m.Seed, rep, fmt.Sprintf("outbound/%d", i)))
		r.campaignArr = append(r.campaignArr, Arrival{Channel: c.Channel, Intents: One("campaign"), Languages: One("en")})
	}
	for _, c := range m.Channels {
		r.pricing = append(r.pricing, newPricing(c.Rules))
	}
	r.senderFree = make([]Time, len(m.Channels))
	for _, a := range m.Arrivals {
		bi := make([]int, len(a.Intents.Names))
		fp := make([]float64, len(a.Intents.Names))
		for k, name := range a.Intents.Names {
			bi[k] = -1
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
		}
		r.botIntent = append(r.botIntent, bi)
		r.followProb = append(r.followProb, fp)
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
		case evHandOff:
			r.handOff(e)
		case evCampaign:
			r.campaign(e)
		case evCampaignReply:
			r.campaignReply(e)
		case evTick:
		}
	}
	// Conversations still waiting at the stop never got an agent.
	for _, c := range r.convs {
		if c.state == stWaiting && c.measured {
			r.scopes(c).each(func(t *Tally) { t.Unserved++; t.Waited++ })
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

// nextEvent returns the next event after now of a Poisson process with the weekly
// rate w (per second), by inverting the integrated rate: a unit exponential amount
// of "hazard" is consumed step by step. ok is false when the rate is 0 forever or
// the event would fall at or after end.
func nextEvent(w Weekly, rng *rand.Rand, now, end Time) (Time, bool) {
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

func (r *replication) arrival(e event) {
	i := int(e.id)
	rng := r.arrivalRNG[i]
	// Every conversation gets its own stream, seeded from the arrival stream, so
	// what the customer does never depends on routing (common random numbers).
	s1, s2 := rng.Uint64(), rng.Uint64()
	if t, ok := nextEvent(r.m.Arrivals[i].Rate, rng, e.at, r.end); ok {
		r.h.push(t, evArrival, int32(i), 0)
	}
	r.start1(&r.m.Arrivals[i], i, s1, s2, e.at, r.m.Bot != nil)
}

// start1 starts a conversation from arrival stream a (index ai into the model's
// arrivals, or -1 for a campaign reply) at now.
func (r *replication) start1(a *Arrival, ai int, s1, s2 uint64, now Time, viaBot bool) {
	id, c := r.alloc()
	c.pcg.Seed(s1, s2)
	c.channel = int16(a.Channel)
	c.arrival = int16(ai)
	c.interval = int16((now % Day) / r.interval)
	c.measured = now >= r.start && now < r.end
	c.arrived = now
	c.lastInbound = now
	c.replied = false
	c.failedBot = false
	c.agent = -1
	c.intent = int16(a.Intents.sample(c.rng))
	c.language = int16(a.Languages.sample(c.rng))
	c.left = int32(max(1, int64(r.m.Messages.Sample(c.rng))))
	c.patience = maxTime
	if r.m.Patience != nil {
		c.patience = seconds(r.m.Patience.Sample(c.rng))
	}
	c.optOut = false
	if p := r.m.Channels[c.channel].OptOut; p > 0 {
		c.optOut = c.rng.Float64() < p
	}
	r.active++
	t := r.scopes(c)
	t.each(func(t *Tally) { t.Offered++ })
	r.inbound(t, int(c.channel))
	if !viaBot || ai < 0 {
		r.enterRouting(id, c, now)
		return
	}
	outcome, d := r.botOutcome(c, ai)
	t.each(func(t *Tally) { t.BotEntered++ })
	switch outcome {
	case botContained:
		t.each(func(t *Tally) {
			t.BotContained++
			t.CSATSum += csatContained
			t.CSATCount++
		})
		r.release(id, c)
		return
	case botAsked:
		t.each(func(t *Tally) { t.BotAsked++ })
	case botLowConfidence:
		t.each(func(t *Tally) { t.BotLowConfidence++ })
	case botMaxTurns:
		c.failedBot = true
		t.each(func(t *Tally) { t.BotMaxTurns++ })
	}
	ds := d.Seconds()
	t.each(func(t *Tally) { t.BotSeconds += ds })
	r.h.push(now+d, evHandOff, id, c.gen)
}

// The CSAT proxy (1–5) of one conversation; see package reports for the formula.
const (
	csatContained = 4.5
	csatAbandoned = 1.5
)

func csatHandled(wait Time, failedBot bool) float64 {
	s := 5 - min(2, wait.Seconds()/300)
	if failedBot {
		s -= 0.7
	}
	return s
}

func (r *replication) handOff(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen {
		return
	}
	c.lastInbound = e.at
	r.enterRouting(e.id, c, e.at)
}

func (r *replication) campaign(e event) {
	i := int(e.id)
	cp := &r.m.Outbound[i]
	rng := r.campaignRNG[i]
	u, s1, s2 := rng.Float64(), rng.Uint64(), rng.Uint64()
	delay := maxTime
	if !cp.ReplyDelay.IsZero() {
		delay = seconds(cp.ReplyDelay.Sample(rng))
	}
	if t, ok := nextEvent(cp.Rate, rng, e.at, r.end); ok {
		r.h.push(t, evCampaign, int32(i), 0)
	}
	var t tallySet
	if e.at >= r.start && e.at < r.end {
		t = tallySet{&r.res.Total, &r.res.ByChannel[cp.Channel], &r.res.ByInterval[(e.at%Day)/r.interval]}
	}
	if !r.outbound(t, cp.Channel, channels.Proactive, cp.Category, e.at, 0, false, false, true) {
		return
	}
	t.each(func(t *Tally) { t.OutboundSent++ })
	window := cp.ReplyWindow
	if window <= 0 {
		window = 48 * time.Hour
	}
	if u < cp.ReplyProbability && delay <= Time(window) {
		t.each(func(t *Tally) { t.OutboundReplied++ })
		slot := len(r.campaignSeeds)
		if n := len(r.seedFree); n > 0 {
			slot = int(r.seedFree[n-1])
			r.seedFree = r.seedFree[:n-1]
			r.campaignSeeds[slot] = [2]uint64{s1, s2}
		} else {
			r.campaignSeeds = append(r.campaignSeeds, [2]uint64{s1, s2})
		}
		r.h.push(e.at+delay, evCampaignReply, int32(i), uint32(slot))
	}
}

func (r *replication) campaignReply(e event) {
	s := r.campaignSeeds[e.gen]
	r.seedFree = append(r.seedFree, e.gen)
	r.start1(&r.campaignArr[e.id], -1, s[0], s[1], e.at, false)
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
	r.scopes(c).each(func(t *Tally) { t.Routed++ })
	r.router.Enqueue(int64(now), id, router.Work{Units: r.m.Channels[c.channel].Units})
	if c.patience < maxTime {
		r.h.push(now+c.patience, evPatience, id, c.gen)
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
		csat := csatHandled(wait, c.failedBot)
		r.scopes(c).each(func(t *Tally) {
			t.Handled++
			t.WaitSeconds += ws
			if wait > 0 {
				t.Waited++
			}
			if within {
				t.WithinSLA++
			}
			_ = t.Wait.RecordValue(ms)
			t.CSATSum += csat
			t.CSATCount++
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
	t := r.scopes(c)
	if !r.outbound(t, int(c.channel), channels.AgentReply, "", e.at, c.lastInbound, true, false, true) {
		// The channel refuses the reply (e.g. Messenger past the human-agent
		// window): the customer never gets it and the conversation ends.
		r.finish(e.id, c, e.at)
		return
	}
	if !c.replied {
		c.replied = true
		ms := int64((e.at - c.arrived) / Time(time.Millisecond))
		t.each(func(t *Tally) { _ = t.FirstResponse.RecordValue(ms) })
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
	c.lastInbound = e.at
	r.inbound(r.scopes(c), int(c.channel))
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
	t := r.scopes(c)
	if c.optOut {
		t.each(func(t *Tally) { t.OptedOut++ })
	}
	if r.m.FollowUp != nil {
		r.followUp(t, c, now)
	}
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
	ws := (e.at - c.entered).Seconds()
	r.scopes(c).each(func(t *Tally) {
		t.Abandoned++
		t.Waited++
		t.AbandonWaitSeconds += ws
		t.CSATSum += csatAbandoned
		t.CSATCount++
	})
	r.release(e.id, c)
}

// followUp sends the agent's promised follow-up after the conversation, with the
// intent's probability: its window decision is taken at the time it goes out, when
// the customer's last message is older still.
func (r *replication) followUp(t tallySet, c *conversation, now Time) {
	p := r.m.FollowUp.Probability
	if c.arrival >= 0 {
		p = r.followProb[c.arrival][c.intent]
	}
	if p <= 0 || c.rng.Float64() >= p {
		return
	}
	at := now + seconds(r.m.FollowUp.Delay.Sample(c.rng))
	t.each(func(t *Tally) { t.FollowUps++ })
	r.outbound(t, int(c.channel), channels.FollowUp, "", at, c.lastInbound, true, c.optOut, false)
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
