package router

// Deadline kinds.
const (
	dlOffer uint8 = iota
	dlDrop
	dlOverflow
	dlPref
	dlReclaim
	dlFallback
)

// deadline is a time-based change due for a conversation; stale ones (the
// conversation moved on: its gen changed) are skipped when they come up.
type deadline struct {
	at   int64
	id   int32
	gen  uint32
	kind uint8
}

func dlLess(a, b *deadline) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	if a.id != b.id {
		return a.id < b.id
	}
	return a.kind < b.kind
}

func (e *Engine) pushDeadline(at int64, id int32, kind uint8) {
	e.pushDl(deadline{at: at, id: id, gen: e.convs[id].gen, kind: kind})
}

// live reports whether deadline d still applies.
func (e *Engine) live(d *deadline) bool {
	c := &e.convs[d.id]
	if c.gen != d.gen {
		return false
	}
	switch d.kind {
	case dlOffer:
		return c.state == Offered
	case dlDrop:
		return c.state == Waiting && c.where != wPref && !c.dropped
	case dlOverflow:
		return c.state == Waiting && c.where != wPref
	case dlPref:
		return c.state == Waiting && c.where == wPref
	case dlReclaim:
		return c.state == Assigned && c.replyBy == d.at
	case dlFallback:
		return c.state == Waiting && e.directed(d.id) && c.where != wPref
	}
	return false
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
		case dlFallback:
			e.fallBack(d.id, d.at)
		case dlReclaim:
			a := e.reclaim(d.id)
			out = append(out, Timeout{Conv: d.id, Agent: a, Reclaimed: true})
		}
	}
	return out
}

// NextDeadline returns the earliest time at which a time-based change is due: an
// offer's push timeout, an additional-skill drop, an overflow, a preferred-agent
// timeout or a direct-routing fallback. The caller should call Route then. Aging
// needs no wake-up: it only reorders waiting conversations, and Route ranks them
// at the time it is called.
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
