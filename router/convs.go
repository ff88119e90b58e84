package router

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
	replyBy    int64 // assigned: when it is reclaimed unless its agent replies (ReclaimAfter); 0: no clock

	excl   []int32 // agents who declined it or let its offer time out
	skills []SkillNeed
	addl   []SkillNeed
}

// directState is what a conversation under direct routing keeps until its
// fallback (Engine.directs, by conversation id: apart from conv, so that the
// plain path's conversations stay as small as before).
type directState struct {
	on     bool  // under direct routing
	at     int64 // when it falls back to queue
	queue  int32
	skills []SkillNeed // its Work's skills, which apply from the fallback on
	addl   []SkillNeed
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

// restart gives conversation c a new place at the back of routing from now, as
// it enters a queue afresh (Enqueue, Resume, Transfer, Restore): a new seq, its
// waits counted from now, its additional skills back, no excluded agent.
func (e *Engine) restart(c *conv, now int64) {
	e.seq++
	c.seq = e.seq
	c.since, c.qsince = now, now
	c.dropped, c.sticky = false, false
	c.excl = c.excl[:0]
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

// enterLine makes id wait in its line and schedules its queue's timers.
func (e *Engine) enterLine(id int32) {
	c := &e.convs[id]
	c.state = Waiting
	c.agent = -1
	c.gen++
	e.insertLine(id, c)
	if e.directed(id) {
		e.pushDeadline(e.directs[id].at, id, dlFallback)
		return // the queue's timers start at the fallback
	}
	if e.timers && e.queues[c.queue].timers {
		e.queueTimers(id)
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
		if e.reclaimAfter > 0 {
			e.startReclaim(id, c, now)
		}
	}
	return append(out, as)
}
