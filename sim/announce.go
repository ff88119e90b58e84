package sim

import (
	"math"

	"github.com/omnisim/omnisim/channels"
)

// Announce is what a customer is told when its first routing finds no agent with
// room (issue 18): the predicted wait (Model.WaitPredictor, at its entry into
// routing) and/or its position in line, as one system message on its channel.
// The message goes through the channel's window engine like any business
// message: inside WhatsApp's customer service window it is a free service
// message, outside it a paid utility template; on SMS it pays the outbound
// price; where the channel refuses it, it is counted as blocked and the customer
// is told nothing.
//
// Balk is how the announcement changes patience, after Armony, Shimkin and Whitt,
// "The impact of delay announcements in many-server queues with abandonment",
// Operations Research 57(1), 2009: a customer told a wait longer than its
// patience (the customers.patience draw) leaves at once — balks — instead of
// waiting until its patience runs out; the others wait as they would have.
// Balk is the share of customers who act so (1: all, their fully informed
// customers; 0: the announcement changes nothing but counts and cost). Only a
// wait announcement can make a customer balk; customers who leave silently
// (SilentAbandon) do not balk (they tell no one either way).
type Announce struct {
	Wait     bool    // announce the predicted wait
	Position bool    // announce the position in line (conversations ahead + 1)
	Balk     float64 // share of those told a wait beyond their patience who leave at once
}

// queueLengthWait is the queue-length predictor's wait for a conversation with
// ahead conversations waiting before it: (ahead + 1)·h/s (waitpred.go). ok is
// false while nothing has ended yet or no capacity is online.
func (r *replication) queueLengthWait(ahead int32) (Time, bool) {
	if r.holdN == 0 || r.capUnits == 0 {
		return 0, false
	}
	h := r.holdSum / float64(r.holdN)
	return Time(math.Round(float64(ahead+1) * h / float64(r.capUnits) * 1e9)), true
}

// predictedWait is the prediction the customer of c is told at its entry into
// routing; ok is false when the predictor has none yet.
func (r *replication) predictedWait(c *conversation) (Time, bool) {
	if r.m.WaitPredictor == WaitDelayHistory {
		return c.predWait, c.predWait >= 0
	}
	return r.queueLengthWait(c.ahead)
}

// routeFirst puts conversation c into routing for the first time, routes, and
// announces the wait to a customer who found no agent with room.
func (r *replication) routeFirst(id int32, c *conversation, now Time) {
	r.enterRouting(id, c, now)
	gen := c.gen
	r.route(now)
	if r.m.Announce != nil && c.gen == gen && c.state == stWaiting && c.routings == 0 {
		r.announce(id, c, now)
	}
}

// announce sends conversation c's announcement at now and lets its customer balk.
func (r *replication) announce(id int32, c *conversation, now Time) {
	a := r.m.Announce
	pred, known := Time(0), false
	if a.Wait {
		pred, known = r.predictedWait(c)
	}
	if !known && !a.Position {
		return // nothing to say yet
	}
	t := r.scopes(c)
	// An automated message: never with the HUMAN_AGENT tag.
	if !r.outbound(t, int(c.channel), channels.AgentReply, "", now, c.lastInbound, true, false, true, false) {
		return
	}
	t.each(func(x *Tally) { x.Announcements++ })
	if !known || a.Balk <= 0 || c.silent || pred <= c.patience {
		return
	}
	if a.Balk < 1 && c.rng.Float64() >= a.Balk {
		return
	}
	if !r.router.Withdraw(int64(now), id) {
		return
	}
	r.waiting--
	if r.ev != nil {
		r.ev.add(r.convEvent(id, c, now, EventAbandoned, ActorCustomer, CauseNone))
	}
	t.each(func(x *Tally) {
		x.Abandoned++
		x.Balked++
		x.Waited++
		x.CSATSum += csatAbandoned
		x.CSATCount++
	})
	r.release(id, c)
}
