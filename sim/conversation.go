package sim

import (
	"math"
	"sort"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
)

// The CSAT proxy (1–5) of one conversation; see package metrics for the formula.
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

func (r *replication) arrival(e event) {
	i := int(e.id)
	rng := r.arrivalRNG[i]
	// Every conversation gets its own stream, seeded from the arrival stream, so
	// what the customer does never depends on routing (common random numbers).
	s1 := rng.Uint64()
	s2 := splitmix64(s1)
	if t, ok := nextEvent(r.m.Arrivals[i].Rate, rng, e.at, r.end); ok {
		r.h.push(t, evArrival, int32(i), 0)
	}
	a := &r.m.Arrivals[i]
	id, c := r.begin(int16(i), a, s1, s2, e.at)
	// Single-valued attributes (the common case) draw nothing.
	if len(a.Intents.cum) > 1 {
		c.intent = int16(a.Intents.sample(c.rng))
	}
	if len(a.Languages.cum) > 1 {
		c.language = int16(a.Languages.sample(c.rng))
	}
	if len(a.Tiers.cum) > 1 {
		c.tier = int16(a.Tiers.sample(c.rng))
	}
	c.left = messageCount(r.m.Messages.Sample(c.rng))
	r.applyRule(c)
	if r.ev != nil {
		r.firstMessage(id, c, a, CauseNew)
	}
	r.open(id, c, e.at, r.viaBot(c))
}

// begin allocates and seeds a conversation starting at now on stream a.
func (r *replication) begin(stream int16, a *Arrival, s1, s2 uint64, now Time) (int32, *conversation) {
	id, c := r.alloc()
	c.pcg.Seed(s1, s2)
	*c = conversation{gen: c.gen, pcg: c.pcg, rng: c.rng}
	c.arrival = stream
	c.channel = int16(a.Channel)
	c.queue = int16(r.queueOf[a.Channel])
	c.interval = int16(r.intervalOf(now))
	c.units = int32(r.m.Channels[a.Channel].Units)
	if now >= r.start && now < r.end {
		c.tally = r.cell(int(c.channel), int(c.queue), int(c.interval))
		c.wtally = r.weekdayTally(now, int(c.interval))
	}
	if len(a.Keywords) > 0 {
		c.keywords = drawKeywords(s1, s2, a.KeywordShares)
	}
	c.arrived = now
	c.lastInbound = now
	c.agent = -1
	c.replyAt = -1
	c.awaiting = true
	return id, c
}

// open draws the customer's patience and opt-out, counts the conversation, and
// sends it to the bot or to routing.
func (r *replication) open(id int32, c *conversation, now Time, viaBot bool) {
	c.patience = maxTime
	if r.m.Patience != nil {
		c.patience = seconds(r.m.Patience.Sample(c.rng))
	}
	if p := r.m.Channels[c.channel].OptOut; p > 0 {
		c.optOut = c.rng.Float64() < p
	}
	if s := r.m.Channels[c.channel].Silent; s != nil {
		r.drawSilent(c, s)
	}
	r.active++
	t := r.scopes(c)
	if x := t.t; x != nil {
		x.Offered++
	}
	if x := t.w; x != nil {
		x.Offered++
	}
	r.inbound(t, int(c.channel))
	if !viaBot {
		r.routeFirst(id, c, now)
		return
	}
	b := r.m.Bot
	outcome, d, conf := r.botOutcome(c)
	t.each(func(t *Tally) { t.BotEntered++ })
	if r.ev != nil {
		r.ev.info[id] = convInfo{seq: r.ev.info[id].seq, cause: outcome, conf: conf}
		if outcome == botContained {
			r.botClosed(id, c, now+d)
		}
	}
	if outcome == botSilent {
		r.botSilentClosed(id, c, t, now+d)
		return
	}
	switch outcome {
	case botContained:
		cs := csatContained - b.csatTurns(c.botTurns)
		t.each(func(t *Tally) {
			t.BotContained++
			t.CSATSum += cs
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
	case botGaveUp:
		c.failedBot = true
		t.each(func(t *Tally) { t.BotGaveUp++ })
	}
	ds := d.Seconds()
	t.each(func(t *Tally) { t.BotSeconds += ds })
	c.state = stBot
	r.h.push(now+d, evHandOff, id, c.gen)
}

func (r *replication) handOff(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen {
		return
	}
	c.lastInbound = e.at
	if r.ev != nil {
		r.handOffEvent(e.id, c, e.at)
	}
	r.routeFirst(e.id, c, e.at)
}

// work describes conversation c to the router: its queue, cost, tier and the
// skills its queue routes on.
func (r *replication) work(c *conversation, queue int) router.Work {
	w := router.Work{Queue: queue, Channel: int(c.channel), Units: int(c.units)}
	if queue >= len(r.m.QueueRoutes) {
		return w // the queue routes on no attribute
	}
	a := r.attr(c)
	r.m.QueueRoutes[queue].Describe(&w, r.need, r.addl, r.langSkill[a][c.language], r.intentSkill[a][c.intent], int(c.tier))
	r.need, r.addl = w.Skills, w.Additional // the buffers, grown
	return w
}

// enterRouting puts a conversation in its queue for its first routing. The caller
// calls route afterwards.
func (r *replication) enterRouting(id int32, c *conversation, now Time) {
	c.state = stWaiting
	c.entered = now
	r.waiting++
	if t := r.scopes(c); t.t != nil {
		first, res := r.m.FirstResponse != nil, r.m.Resolution != nil
		t.t.routed(first, res)
		if t.w != nil {
			t.w.routed(first, res)
		}
	}
	if r.ev != nil {
		e := r.convEvent(id, c, now, EventRouted, ActorSystem, CauseFirst)
		e.Queue = c.queue
		r.ev.add(e)
	}
	r.predictWait(c, r.router.Waiting())
	if c.rule > 0 && len(r.m.Rules[c.rule-1].Agents) > 0 {
		r.enqueueDirect(id, c, now)
	} else {
		r.router.Enqueue(int64(now), id, r.work(c, int(c.queue)))
	}
	if c.patience < maxTime && !c.silent {
		r.h.push(now+c.patience, evPatience, id, c.gen)
	}
}

// route lets the router decide, then plays out its decisions, and keeps one
// wake-up for the router's next deadline.
func (r *replication) route(now Time) {
	if !r.push {
		// Direct assignment: no offers, so nothing times out or is declined.
		if r.router.Waiting() == 0 {
			// Nothing waits, and without offers nothing is due: no decision to
			// make, no deadline to wake for.
			return
		}
		r.out = r.router.Route(int64(now), r.out[:0])
		for i := range r.out {
			as := &r.out[i]
			r.accepted(as.Conv, r.convs[as.Conv], *as, now)
		}
	} else {
		r.routeOffers(now)
	}
	if dl, ok := r.router.NextDeadline(); ok {
		at := max(Time(dl), now)
		if r.wakeAt < 0 || at < r.wakeAt {
			r.wakeAt = at
			r.h.push(at, evWake, 0, 0)
		}
	}
}

// routeOffers is route under push routing: offers that time out, assignments,
// offers agents accept later or decline. It repeats while declines free capacity.
func (r *replication) routeOffers(now Time) {
	for {
		r.tmo = r.router.Expire(int64(now), r.tmo[:0])
		for _, to := range r.tmo {
			c := r.convs[to.Conv]
			if to.Reclaimed {
				r.reclaimed(to, c, now)
				continue
			}
			c.state = stWaiting
			r.scopes(c).each(func(t *Tally) { t.PushTimeouts++ })
			if r.ev != nil {
				r.agentEvent(to.Conv, c, now, EventDeclined, CausePushTimeout, to.Agent, -1)
			}
			r.away(int(to.Agent), now)
		}
		r.out = r.router.Route(int64(now), r.out[:0])
		declined := false
		for _, as := range r.out {
			c := r.convs[as.Conv]
			if !as.Offer {
				r.accepted(as.Conv, c, as, now)
				continue
			}
			c.state = stOffered
			c.agent = as.Agent
			if now == c.entered {
				c.atOnce = true
			}
			if r.ev != nil {
				r.agentEvent(as.Conv, c, now, EventOffered, CauseNone, as.Agent, -1)
			}
			if r.m.Decline > 0 && c.rng.Float64() < r.m.Decline {
				r.router.Decline(int64(now), as.Conv)
				c.state = stWaiting
				r.scopes(c).each(func(t *Tally) { t.Declines++ })
				if r.ev != nil {
					r.agentEvent(as.Conv, c, now, EventDeclined, CauseDeclined, as.Agent, -1)
				}
				r.away(int(as.Agent), now)
				declined = true
				continue
			}
			var d Time
			if r.m.AcceptTime != nil {
				d = seconds(r.m.AcceptTime.Sample(c.rng))
			}
			if d == 0 && r.router.Accept(int64(now), as.Conv) {
				as.Offer = false
				r.accepted(as.Conv, c, as, now)
				continue
			}
			r.h.push(now+d, evAccept, as.Conv, c.gen)
		}
		if !declined {
			return
		}
	}
}

func (r *replication) acceptOffer(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen || c.state != stOffered {
		return
	}
	if !r.router.Accept(int64(e.at), e.id) {
		return // the offer timed out first: Expire hands it back
	}
	r.accepted(e.id, c, router.Assignment{Conv: e.id, Agent: c.agent}, e.at)
	r.route(e.at)
}

// accepted records an agent's acceptance and starts the reply the customer waits
// for, if any.
func (r *replication) accepted(id int32, c *conversation, as router.Assignment, now Time) {
	c.state = stAssigned
	c.agent = as.Agent
	if c.routings == 0 {
		r.waiting--
	}
	if r.ev != nil {
		r.agentEvent(id, c, now, EventAccepted, CauseNone, as.Agent, r.router.QueueOf(id))
	}
	r.setBusy(int(as.Agent), int(c.units), now)
	c.acceptedAt = now
	if !r.agents[as.Agent].counted {
		r.count(int(as.Agent), true, now)
	}
	wait := now - c.entered
	if wait == 0 {
		c.atOnce = true
	}
	t := r.scopes(c)
	switch {
	case c.routings == 0:
		ws := wait.Seconds()
		within := wait <= Time(r.m.SLAWithin)
		ms := int64(wait / Time(time.Millisecond))
		csat := csatHandled(wait, c.failedBot) - r.m.Bot.csatTurns(c.botTurns)
		if c.silent && wait >= c.patience {
			// The customer left without saying so: the agent holds a conversation
			// with nobody (silent.go).
			c.gone = true
			c.entered = now
			csat = csatAbandoned
			t.each(func(t *Tally) { t.SilentAbandoned++ })
		}
		r.scoreWait(t, c, wait)
		if x := t.t; x != nil {
			x.handled(ws, ms, csat, within, c.atOnce, as.DroppedSkills)
			if x := t.w; x != nil {
				x.handled(ws, ms, csat, within, c.atOnce, as.DroppedSkills)
			}
		}
	case c.resumed:
		ws := wait.Seconds()
		t.each(func(t *Tally) {
			t.ResumeRouted++
			t.ResumeWaitSeconds += ws
			if as.Sticky {
				t.StickyHits++
			}
		})
	}
	c.routings++
	c.resumed = false
	if c.awaiting {
		r.startReply(id, c, now)
	}
}

// handled counts a conversation's first routing accepted after wait (ws in
// seconds, ms in milliseconds): atOnce, it found an agent with room at once.
func (x *Tally) handled(ws float64, ms int64, csat float64, within, atOnce, dropped bool) {
	x.Handled++
	x.WaitSeconds += ws
	if !atOnce {
		x.Waited++ // found no agent with room at once (an offer's accept time is not that)
	}
	if within {
		x.WithinSLA++
	}
	x.Wait.Record(ms)
	x.CSATSum += csat
	x.CSATCount++
	if dropped {
		x.DroppedSkills++
	}
}

// routed counts a conversation's first routing; first and res: a first-response
// and a resolution target are set, so it owes both.
func (x *Tally) routed(first, res bool) {
	x.Routed++
	if first {
		x.FirstResponseDue++
	}
	if res {
		x.ResolutionDue++
	}
}

// firstResponse counts the first agent reply, ms after the customer's first
// message; within: on time for the first-response target.
func (x *Tally) firstResponse(ms int64, within bool) {
	x.FirstResponse.Record(ms)
	if within {
		x.FirstResponseWithin++
	}
}

// startReply schedules the agent's reply to the customer's current message.
func (r *replication) startReply(id int32, c *conversation, now Time) {
	g := r.agents[c.agent].grp
	d := g.ResponseTime.Sample(c.rng)
	if g.Penalty != 0 {
		d *= 1 + g.Penalty*float64(r.router.Open(int(c.agent))-1)
	}
	c.replyAt = now + seconds(d)
	r.h.push(c.replyAt, evReply, id, c.gen)
}

func (r *replication) reply(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen || c.replyAt != e.at || c.state != stAssigned {
		return // stale: the conversation was handed back before the reply went out
	}
	c.replyAt = -1
	c.awaiting = false
	if r.reclaim {
		r.router.Replied(int64(e.at), e.id)
	}
	t := r.scopes(c)
	if !r.outbound(t, int(c.channel), channels.AgentReply, "", e.at, c.lastInbound, true, false, true, true) {
		// The channel refuses the reply (e.g. Messenger past the human-agent
		// window): the customer never gets it and the conversation ends.
		if r.ev != nil {
			r.closed(e.id, c, e.at, CauseBlocked)
		}
		r.finish(e.id, c, e.at)
		return
	}
	if r.ev != nil {
		r.agentEvent(e.id, c, e.at, EventMessage, CauseNone, c.agent, -1)
	}
	if !c.replied {
		c.replied = true
		if v := r.pricing[c.channel].serviceConversation; v > 0 && r.sentService {
			// Conversation-based pricing: the first free-form reply opens the
			// service conversation.
			t.each(func(x *Tally) {
				x.Cost += v
				x.CostBy[catService] += v
			})
		}
		ms := int64((e.at - c.arrived) / Time(time.Millisecond))
		within := r.m.FirstResponse != nil && r.m.FirstResponse.on(c.arrived, e.at)
		if x := t.t; x != nil {
			x.firstResponse(ms, within)
			if x := t.w; x != nil {
				x.firstResponse(ms, within)
			}
		}
	} else if t.t != nil {
		// The reply to a later customer message: its next response.
		rs := (e.at - c.lastInbound).Seconds()
		within := r.m.NextResponse != nil && r.m.NextResponse.on(c.lastInbound, e.at)
		t.each(func(x *Tally) {
			x.NextResponded++
			x.NextResponseSeconds += rs
			if within {
				x.NextResponseWithin++
			}
		})
	}
	c.left--
	if c.gone {
		r.silentHold(e.id, c, e.at)
		return
	}
	if c.left <= 0 {
		if w := r.agents[c.agent].grp.WrapUp; w > 0 {
			r.h.push(e.at+Time(w), evWrapUp, e.id, c.gen)
			return
		}
		if r.ev != nil {
			r.closed(e.id, c, e.at, CauseDone)
		}
		r.finish(e.id, c, e.at)
		return
	}
	// The customer pauses. Known now, the pause decides the inactivity timers:
	// inactive after inactive_after, ended after end_inactive_after (the customer
	// who comes back later opens a new conversation).
	pause, end := seconds(r.m.Pause.Sample(c.rng)), Time(r.m.EndInactiveAfter)
	if r.nudgeOn != nil && r.nudgeOn[c.channel] && pause > Time(r.m.InactiveAfter) {
		pause, end = r.nudge(c, e.at, pause, end)
	}
	if end > 0 && pause > end {
		r.h.push(e.at+end, evEndInactive, e.id, c.gen)
		slot := r.addPending(pending{s1: c.rng.Uint64(), s2: c.rng.Uint64(), channel: c.channel, arrival: c.arrival,
			intent: c.intent, language: c.language, tier: c.tier, left: c.left})
		r.h.push(e.at+pause, evStart, 0, slot)
		r.maybeInactive(e.id, c, e.at)
		r.maybeTransfer(e.id, c, e.at)
		return
	}
	if pause > Time(r.m.InactiveAfter) {
		r.maybeInactive(e.id, c, e.at)
	}
	r.h.push(e.at+pause, evMessage, e.id, c.gen)
	r.maybeTransfer(e.id, c, e.at)
}

// maybeInactive schedules the inactivity of a conversation whose customer stays
// silent longer than inactive_after (status capacity only frees units then).
func (r *replication) maybeInactive(id int32, c *conversation, now Time) {
	if r.m.InactiveAfter > 0 && r.m.Routing.Capacity == router.Status {
		r.h.push(now+Time(r.m.InactiveAfter), evInactive, id, c.gen)
	}
}

// maybeTransfer: at each reply on a conversation's first routing after which
// the customer has more to say, its agent transfers it to the intent's queue
// with the intent's probability (one draw per reply, so the share of
// conversations transferred grows with their number of messages).
func (r *replication) maybeTransfer(id int32, c *conversation, now Time) {
	if c.routings != 1 || c.replied && c.left <= 0 {
		return
	}
	a := r.attr(c)
	q := r.transferTo[a][c.intent]
	if q < 0 || c.rng.Float64() >= r.transferP[a][c.intent] {
		return
	}
	if !r.router.Transfer(int64(now), id, q) {
		return
	}
	r.unassign(c, now)
	c.entered = now
	r.scopes(c).each(func(t *Tally) { t.Transfers++ })
	if r.ev != nil {
		e := r.convEvent(id, c, now, EventTransferred, ActorAgent, CauseNone)
		e.Queue = int16(q)
		r.ev.add(e)
	}
	r.route(now)
}

// unassign books a conversation that left its agent and waits in routing again.
func (r *replication) unassign(c *conversation, now Time) {
	if c.state == stAssigned {
		r.setBusy(int(c.agent), -int(c.units), now)
	}
	c.state = stWaiting
	c.replyAt = -1
	c.agent = -1
}

func (r *replication) inactive(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen || c.state != stAssigned || c.awaiting {
		return
	}
	if r.router.SetInactive(int64(e.at), e.id) {
		if r.ev != nil {
			r.ev.add(r.convEvent(e.id, c, e.at, EventInactive, ActorSystem, CauseNone))
		}
		c.state = stInactive
		r.setBusy(int(c.agent), -int(c.units), e.at)
		r.drained(int(c.agent), e.at)
		r.route(e.at)
	}
}

func (r *replication) endInactive(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen || c.awaiting {
		return
	}
	switch c.state {
	case stAssigned, stInactive:
		r.scopes(c).each(func(t *Tally) { t.AutoClosed++ })
		if r.ev != nil {
			r.closed(e.id, c, e.at, CauseInactive)
		}
		r.finish(e.id, c, e.at)
	case stWaiting:
		// Handed back or transferred while its customer was away: nobody needs to
		// answer a customer who will come back as a new conversation.
		if r.router.Withdraw(int64(e.at), e.id) {
			r.scopes(c).each(func(t *Tally) { t.AutoClosed++ })
			if r.ev != nil {
				r.closed(e.id, c, e.at, CauseInactive)
			}
			r.release(e.id, c)
		}
	case stOffered:
		r.h.push(e.at+Time(time.Second), evEndInactive, e.id, c.gen)
	}
}

func (r *replication) message(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen {
		return
	}
	c.lastInbound = e.at
	c.awaiting = true
	r.inbound(r.scopes(c), int(c.channel))
	owed := r.m.NextResponse != nil
	r.scopes(c).each(func(t *Tally) {
		t.NextResponseDue++
		if owed {
			t.NextResponseOwed++
		}
	})
	if r.ev != nil {
		r.ev.add(r.convEvent(e.id, c, e.at, EventMessage, ActorCustomer, CauseNone))
	}
	switch c.state {
	case stAssigned:
		if r.reclaim {
			r.router.AwaitReply(int64(e.at), e.id)
		}
		r.startReply(e.id, c, e.at)
	case stInactive:
		// Status capacity: the conversation re-enters routing, preferring its agent.
		if r.router.Resume(int64(e.at), e.id, r.work(c, r.router.QueueOf(e.id))) {
			if r.ev != nil {
				ev := r.convEvent(e.id, c, e.at, EventRouted, ActorSystem, CauseResume)
				ev.Queue = int16(r.router.QueueOf(e.id))
				r.ev.add(ev)
			}
			c.state = stWaiting
			c.resumed = true
			c.entered = e.at
			c.agent = -1
			r.route(e.at)
		}
	}
	// Waiting or offered: the reply starts when an agent accepts.
}

func (r *replication) wrapUp(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen {
		return
	}
	if r.ev != nil {
		r.closed(e.id, c, e.at, CauseDone)
	}
	r.finish(e.id, c, e.at)
}

// finish ends a conversation held by an agent and frees the agent's capacity.
func (r *replication) finish(id int32, c *conversation, now Time) {
	t := r.scopes(c)
	if t.t != nil {
		rs := (now - c.arrived).Seconds()
		within := r.m.Resolution != nil && r.m.Resolution.on(c.arrived, now)
		t.each(func(x *Tally) {
			x.Resolved++
			x.ResolutionSeconds += rs
			if within {
				x.ResolvedWithin++
			}
		})
	}
	if c.optOut {
		t.each(func(t *Tally) { t.OptedOut++ })
	}
	if r.m.FollowUp != nil && !c.gone {
		r.followUp(t, c, now)
	}
	if c.state == stAssigned {
		r.setBusy(int(c.agent), -int(c.units), now)
	}
	r.held(c, now)
	agent := r.router.Release(int64(now), id)
	r.release(id, c)
	if agent >= 0 {
		r.drained(agent, now)
	}
	r.route(now)
}

// drained uncounts an agent who logged off once it holds no more capacity.
func (r *replication) drained(agent int, now Time) {
	if r.agents[agent].busy == 0 && r.router.PresenceOf(agent) != router.Online {
		r.count(agent, false, now)
	}
}

func (r *replication) patience(e event) {
	c := r.convs[e.id]
	if c.gen != e.gen || c.routings > 0 {
		return
	}
	switch c.state {
	case stOffered:
		// Being offered: the customer sees no difference; look again shortly.
		r.h.push(e.at+Time(time.Second), evPatience, e.id, c.gen)
		return
	case stWaiting:
	default:
		return
	}
	if !r.router.Withdraw(int64(e.at), e.id) {
		return
	}
	r.waiting--
	if r.ev != nil {
		r.ev.add(r.convEvent(e.id, c, e.at, EventAbandoned, ActorCustomer, CauseNone))
	}
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
	p := r.followProb[r.attr(c)][c.intent]
	if p <= 0 || c.rng.Float64() >= p {
		return
	}
	at := now + seconds(r.m.FollowUp.Delay.Sample(c.rng))
	t.each(func(t *Tally) { t.FollowUps++ })
	r.outbound(t, int(c.channel), channels.FollowUp, "", at, c.lastInbound, true, c.optOut, false, true)
}

func (r *replication) campaign(e event) {
	i := int(e.id)
	cp := &r.m.Outbound[i]
	rng := r.campaignRNG[i]
	u, s1, s2 := rng.Float64(), rng.Uint64(), rng.Uint64()
	optedOut := cp.OptedOut > 0 && rng.Float64() < cp.OptedOut // drawn only when set: other streams keep their draws
	delay := maxTime
	if !cp.ReplyDelay.IsZero() {
		delay = seconds(cp.ReplyDelay.Sample(rng))
	}
	if t, ok := nextEvent(cp.Rate, rng, e.at, r.end); ok {
		r.h.push(t, evCampaign, int32(i), 0)
	}
	var t tallySet
	if e.at >= r.start && e.at < r.end {
		k := r.intervalOf(e.at)
		t = tallySet{r.cell(cp.Channel, r.queueOf[cp.Channel], k), r.weekdayTally(e.at, k)}
	}
	if !r.outbound(t, cp.Channel, channels.Proactive, cp.Category, e.at, 0, false, optedOut, true, false) {
		return
	}
	t.each(func(t *Tally) { t.OutboundSent++ })
	window := cp.ReplyWindow
	if window <= 0 {
		window = 48 * time.Hour
	}
	if u < cp.ReplyProbability && delay <= Time(window) {
		t.each(func(t *Tally) { t.OutboundReplied++ })
		slot := r.addPending(pending{s1: s1, s2: s2, channel: int16(cp.Channel), arrival: int16(-1 - i), campaign: true})
		r.h.push(e.at+delay, evStart, 0, slot)
	}
}

// startPending starts a conversation that was scheduled: a campaign reply (new
// customer attributes) or a customer returning after their conversation ended
// (same attributes, the messages left).
func (r *replication) startPending(e event) {
	p := r.pendings[e.gen]
	r.pendFree = append(r.pendFree, e.gen)
	var a *Arrival
	if p.arrival >= 0 {
		a = &r.m.Arrivals[p.arrival]
	} else {
		a = &r.campaignArr[-1-int(p.arrival)]
	}
	id, c := r.begin(p.arrival, a, p.s1, p.s2, e.at)
	switch {
	case p.initial:
		tally, wtally := c.tally, c.wtally
		r.backlogConversation(c, a, int(p.queue))
		c.tally, c.wtally = tally, wtally // measured from this message on
	case p.campaign:
		c.intent = int16(a.Intents.sample(c.rng))
		c.language = int16(a.Languages.sample(c.rng))
		c.left = messageCount(r.m.Messages.Sample(c.rng))
		r.applyRule(c)
	default:
		c.intent, c.language, c.tier, c.left = p.intent, p.language, p.tier, p.left
		r.applyRule(c)
		r.scopes(c).each(func(t *Tally) { t.Returns++ })
	}
	if r.ev != nil {
		r.firstMessage(id, c, a, pendingCause(p.campaign))
	}
	r.open(id, c, e.at, false)
}

// count adds agent a's capacity to (or removes it from) the capacity of online agents.
func (r *replication) count(a int, on bool, now Time) {
	st := &r.agents[a]
	if st.counted == on {
		return
	}
	r.flushBusy(a, now)
	st.counted = on
	units := r.m.Groups[st.group].Concurrency
	if !on {
		units = -units
	}
	r.capUnits += units
	r.groupCap[st.group] += units
}

// away books an agent the router moved away after a missed or declined offer; it
// comes back after AwayFor if its schedule still wants it.
func (r *replication) away(agent int, now Time) {
	if r.router.PresenceOf(agent) == router.Online {
		return
	}
	if r.ev != nil {
		r.presence(agent, EventAway, now)
	}
	r.drained(agent, now)
	d := r.m.AwayFor
	if d <= 0 {
		d = defaultAwayFor
	}
	r.h.push(now+Time(d), evAgentBack, int32(agent), 0)
}

func (r *replication) agentBack(e event) {
	a := int(e.id)
	if !r.agents[a].wanted || r.router.PresenceOf(a) == router.Online || r.router.PresenceOf(a) == router.Offline {
		return
	}
	r.setPresence(a, router.Online, e.at)
	r.route(e.at)
}

// setPresence changes an agent's presence and books what it hands back.
func (r *replication) setPresence(a int, p router.Presence, now Time) {
	r.req = r.router.SetPresence(int64(now), a, p, r.req[:0])
	if r.ev != nil {
		r.presence(a, presenceKinds[p], now)
	}
	for _, id := range r.req {
		c := r.convs[id]
		if c.state == stAssigned || c.state == stInactive {
			// Booked to the interval where the hand-back happens, not to the
			// conversation's arrival: it is work that interval's staffing caused.
			r.at(c, now).each(func(t *Tally) { t.Requeues++ })
			if r.ev != nil {
				ev := r.convEvent(id, c, now, EventRouted, ActorSystem, CauseRequeue)
				ev.Queue = int16(r.router.QueueOf(id))
				r.ev.add(ev)
			}
		}
		if c.state == stOffered {
			c.state = stWaiting
			continue
		}
		r.unassign(c, now)
	}
	if p == router.Online {
		r.count(a, true, now)
	} else {
		r.drained(a, now)
	}
}

// staff applies group g's head count at e.at and schedules its next change.
func (r *replication) staff(e event) {
	g := int(e.id)
	w := r.m.Groups[g].Staff
	want := int(math.Round(w.At(e.at)))
	r.reschedule(g, want)
	for _, a := range r.groupAgents[g] {
		switch on := r.agents[a].wanted; {
		case on && r.router.PresenceOf(int(a)) != router.Online:
			r.setPresence(int(a), router.Online, e.at)
		case !on && r.router.PresenceOf(int(a)) != router.Offline:
			r.setPresence(int(a), router.Offline, e.at)
		}
	}
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

// messageCount turns a sampled number of customer messages into a count in
// [1, MaxMessages] (a huge sample would overflow the counter).
func messageCount(x float64) int32 {
	if !(x >= 1) { // also NaN
		return 1
	}
	return int32(min(x, MaxMessages))
}

// reschedule decides which of group g's agents the schedule wants online when
// its head count becomes want — the shift-end rule (package doc):
//
//   - When the head count drops, idle agents (holding no conversation) leave
//     first; a busy agent leaves only when no idle one is left, the least loaded
//     first (fewest capacity units in use; among equals, the last in index
//     order). A leaving agent finishes what it holds and takes nothing new, or,
//     with routing.offline_requeue, hands its conversations back to routing at
//     once (counted as requeues in the interval where that happens).
//   - When it rises, agents still finishing work after their shift come back
//     first (they are at their desks), then the others in index order.
func (r *replication) reschedule(g, want int) {
	agents := r.groupAgents[g]
	online := 0
	for _, a := range agents {
		if r.agents[a].wanted {
			online++
		}
	}
	if online == want {
		return
	}
	cand := r.schedBuf[:0]
	for _, a := range agents {
		if r.agents[a].wanted == (online > want) {
			cand = append(cand, a)
		}
	}
	load := func(a int32) int { return r.router.Used(int(a)) } // units held, offers included
	if online > want {
		// Leaving: least loaded first, then the last in index order.
		sort.SliceStable(cand, func(i, j int) bool {
			if li, lj := load(cand[i]), load(cand[j]); li != lj {
				return li < lj
			}
			return cand[i] > cand[j]
		})
		for _, a := range cand[:online-want] {
			r.agents[a].wanted = false
		}
	} else {
		// Joining: agents still holding work first, then index order.
		sort.SliceStable(cand, func(i, j int) bool {
			return load(cand[i]) > 0 && load(cand[j]) == 0
		})
		for _, a := range cand[:min(want-online, len(cand))] {
			r.agents[a].wanted = true
		}
	}
	r.schedBuf = cand
}
