package sim

import (
	"fmt"
	"sort"
	"time"
)

// DrainLimit bounds how long after the horizon a run continues to finish the
// conversations in the system.
const DrainLimit = drainLimit

// BacklogState is the state of a start-of-run conversation.
type BacklogState uint8

// Backlog states.
const (
	// BacklogWaiting: in its queue, waiting for a first agent.
	BacklogWaiting BacklogState = iota
	// BacklogAssigned: held by an agent, who is writing the reply the customer
	// waits for. These are routed before the waiting ones, so with enough
	// agents online at the start each has one at once.
	BacklogAssigned
	// BacklogInactive: the agent replied and the customer is silent; the
	// customer writes again after a pause drawn from Model.Pause, and the
	// conversation re-enters routing then, as a resumed conversation would
	// (without its previous agent: the run does not know who that was).
	BacklogInactive
)

// Backlog is a number of conversations open when the run starts, so that an
// intraday re-plan starts from the real state. They take their customers'
// attributes (intent, language, tier, messages left) from the first arrival
// stream of their channel and their patience afresh (exact for exponential
// patience, which has no memory). Opened before the measured window, they load
// agents and queues but are not counted in its statistics, as conversations of
// the warm-up are not; an inactive one whose customer writes during the window is
// counted from that message on, as a new conversation.
type Backlog struct {
	Channel int // index into Model.Channels
	Queue   int // router queue; -1: the channel's
	State   BacklogState
	Count   int
	Age     time.Duration // how long they have been open: the oldest are first in line
}

func (m *Model) validateInitial() error {
	for i, b := range m.Initial {
		if b.Channel < 0 || b.Channel >= len(m.Channels) {
			return fmt.Errorf("initial[%d]: channel index %d out of range", i, b.Channel)
		}
		if b.Count < 1 || b.Age < 0 || b.State > BacklogInactive {
			return fmt.Errorf("initial[%d]: count must be ≥ 1, age ≥ 0, state known", i)
		}
		if m.streamOf(b.Channel) < 0 {
			return fmt.Errorf("initial[%d]: no arrival stream on channel %s gives the conversations' attributes", i, m.Channels[b.Channel].Name)
		}
	}
	return nil
}

// streamOf is the first arrival stream on channel ch, or -1.
func (m *Model) streamOf(ch int) int {
	for i, a := range m.Arrivals {
		if a.Channel == ch {
			return i
		}
	}
	return -1
}

// openBacklog opens the start-of-run conversations at time 0, after the first
// staffing: assigned ones first (so they find their agents), then waiting ones,
// each kind oldest first (the router keeps first in, first out).
func (r *replication) openBacklog() {
	rng := Stream(r.m.Seed, r.rep, "initial")
	order := make([]int, len(r.m.Initial))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &r.m.Initial[order[i]], &r.m.Initial[order[j]]
		if a.State != b.State {
			return a.State == BacklogAssigned || a.State == BacklogWaiting && b.State == BacklogInactive
		}
		return a.Age > b.Age
	})
	for _, i := range order {
		b := &r.m.Initial[i]
		stream := r.m.streamOf(b.Channel)
		a := &r.m.Arrivals[stream]
		for k := 0; k < b.Count; k++ {
			s1 := rng.Uint64()
			s2 := splitmix64(s1)
			if b.State == BacklogInactive {
				slot := r.addPending(pending{s1: s1, s2: s2, channel: int16(b.Channel), arrival: int16(stream), initial: true, queue: int16(b.Queue)})
				r.h.push(seconds(r.m.Pause.Sample(rng)), evStart, 0, slot)
				continue
			}
			id, c := r.begin(int16(stream), a, s1, s2, 0)
			r.backlogConversation(c, a, b.Queue)
			if r.ev != nil {
				r.firstMessage(id, c, a, CauseNew)
			}
			c.arrived = -Time(b.Age)
			c.lastInbound = c.arrived
			r.open(id, c, 0, false)
		}
	}
}

// backlogConversation draws a start-of-run conversation's attributes as arrival
// does, and leaves it out of the statistics.
func (r *replication) backlogConversation(c *conversation, a *Arrival, queue int) {
	c.intent = int16(a.Intents.sample(c.rng))
	c.language = int16(a.Languages.sample(c.rng))
	c.tier = int16(a.Tiers.sample(c.rng))
	c.left = messageCount(r.m.Messages.Sample(c.rng))
	c.tally, c.wtally = nil, nil
	if queue >= 0 {
		c.queue = int16(queue)
	}
}
