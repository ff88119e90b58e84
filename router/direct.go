package router

import (
	"fmt"
	"time"
)

// Direct is direct-to-agent routing with a fallback, as Omni-Channel Flow's
// "Route Work" to an agent with a fallback queue: a conversation is first
// offered only to the agents that hold Agents (such as a skill that only the
// target agent, or the members of a target group, hold; the conversation's own
// Work skills do not apply meanwhile: the rule chose who takes it), and after
// FallbackAfter without one taking it, it moves to queue Queue with its Work's
// skills, keeping its place in arrival order there (Counts.Fallbacks, on the
// queue it left). The queue's own RequiredSkills and AdditionalSkills apply
// throughout, as do its priority and aging; its skill-drop and overflow timers
// start at the fallback.
type Direct struct {
	Agents        []SkillNeed
	FallbackAfter time.Duration // > 0
	Queue         int           // the fallback queue
}

// EnqueueDirect is Enqueue with direct routing d: conversation id, which must
// be Free, waits in queue w.Queue for the agents d names until d.FallbackAfter
// has passed, then goes to d.Queue as w. A conversation handed back or whose
// offer was declined or timed out goes back to those agents until the same
// time. Transfer and Resume end direct routing. It panics, as Enqueue, if id is
// in use or a queue does not exist, and if d.FallbackAfter is not positive.
func (e *Engine) EnqueueDirect(now int64, id int32, w Work, d Direct) {
	c := e.conv(id)
	if c.state != Free {
		badEnqueue(id, c.state)
	}
	if uint(d.Queue) >= uint(len(e.queues)) {
		e.badQueue(d.Queue)
	}
	if d.FallbackAfter <= 0 {
		panic(fmt.Sprintf("router: EnqueueDirect of conversation %d with fallback after %v", id, d.FallbackAfter))
	}
	e.setWork(c, &w)
	checkSkillIDs(d.Agents)
	for int(id) >= len(e.directs) {
		e.directs = append(e.directs, directState{})
	}
	ds := &e.directs[id]
	ds.skills = append(ds.skills[:0], c.skills...)
	ds.addl = append(ds.addl[:0], c.addl...)
	ds.on, ds.at, ds.queue = true, now+int64(d.FallbackAfter), int32(d.Queue)
	c.skills = append(c.skills[:0], d.Agents...)
	c.addl = c.addl[:0]
	c.rqQueue = 0
	e.restart(c, now)
	c.prev = -1
	e.waiting++
	e.counts[c.queue].Enqueued++
	e.enterLine(id)
}

// undirect ends the direct routing of conversation id, c: its Work's skills
// are back.
func (e *Engine) undirect(id int32, c *conv) {
	ds := &e.directs[id]
	c.skills = append(c.skills[:0], ds.skills...)
	c.addl = append(c.addl[:0], ds.addl...)
	c.rqQueue = 0
	ds.on = false
}

// directed reports whether conversation id is under direct routing.
func (e *Engine) directed(id int32) bool {
	return uint(id) < uint(len(e.directs)) && e.directs[id].on
}

// endDirect ends any direct routing of conversation id as it enters routing
// afresh.
func (e *Engine) endDirect(id int32) {
	if uint(id) < uint(len(e.directs)) {
		e.directs[id].on = false
	}
}

// fallBack moves waiting conversation id, whose direct routing timed out at at,
// to its fallback queue.
func (e *Engine) fallBack(id int32, at int64) {
	e.detach(id)
	c := &e.convs[id]
	e.counts[c.queue].Fallbacks++
	e.undirect(id, c)
	c.queue = e.directs[id].queue
	c.qsince = at
	e.enterLine(id)
}

// Directed reports whether conversation id waits (or was routed) under direct
// routing that has not fallen back.
func (e *Engine) Directed(id int32) bool {
	return e.State(id) != Free && e.directed(id)
}
