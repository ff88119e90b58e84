package router

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
	// Routing adds no class or cost, so the line's cache stays valid throughout.
	if ln.shape != e.shape {
		e.cacheLine(ln)
	}
	// lineNext, detach, bestAgent, assign and reheap have their usual cases by
	// hand below, as it pays (callgrind on BenchmarkMMc50 and BenchmarkRoute).
	ready, cl, top := ln.ready, ln.cl, ln.top
	for {
		if ln.n() == 0 || *ready == 0 {
			return out
		}
		var id int32
		var c *conv
		// lineNext's usual case: no conversation with excluded agents, so the
		// ring's first live entry (count > 0 says there is one).
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
		} else if id, c = e.lineNext(l, ln); c == nil {
			return out
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
			a = e.bestAgent(ln, c.excl)
		}
		ag := &e.agents[a]
		if !c.sticky && !c.dropped && e.pushTimeout == 0 && e.reclaimAfter == 0 {
			// assign's usual case: no sticky resume, no dropped skills, no offer,
			// no reply clock.
			e.take(id, c, a, ag, now)
			c.state = Assigned
			e.counts[c.queue].Assigned++
			out = append(out, Assignment{Conv: id, Agent: a, Queue: c.queue})
		} else {
			out = e.assign(id, c, a, ag, now, out)
		}
		if cl != nil && len(cl.heaps) == 1 {
			// reheap's usual case: the agent, Online (it was ready), lost room,
			// and its class has one heap, the line's.
			it := heapItem{agent: a}
			it.key, it.last = e.agentKeys(ag)
			e.fixHeap(cl, top, 0, it, ag.capacity-ag.used)
		} else {
			e.reheap(a, ag, false)
		}
	}
}

// cacheLine points line ln's cache at its requirement's ready count for its cost
// and at its requirement's only class and that class's ready heap for its cost
// (nil if the requirement has several classes or none).
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

// candidate is a line (or a conversation waiting for its preferred agent) that can
// be routed, ranked by its next conversation's effective priority, secondary
// priority and seq.
type candidate struct {
	prio int64
	seq  int64
	sec  int32
	id   int32 // line, or conversation if pref
	pref bool
}

func candLess(a, b *candidate) bool {
	if a.prio != b.prio {
		return a.prio < b.prio
	}
	if a.sec != b.sec {
		return a.sec < b.sec
	}
	return a.seq < b.seq
}

// lineBound ranks line l at time now by its lower bounds: no later than its next
// conversation would rank. Route refines it when the line comes up.
func (e *Engine) lineBound(l int32, now int64) candidate {
	ln := &e.lines[l]
	q := &e.queues[ln.queue]
	prio := int64(q.Priority)
	if q.Aging > 0 && now > ln.lbSince {
		prio -= (now - ln.lbSince) / int64(q.Aging)
	}
	return candidate{prio: prio, seq: ln.lbSeq, sec: ln.sec, id: l}
}

// candidateOf ranks conversation id at time now, on behalf of line l or itself.
func (e *Engine) candidateOf(id int32, now int64, l int32, pref bool) candidate {
	c := &e.convs[id]
	q := &e.queues[c.queue]
	prio := int64(q.Priority)
	if q.Aging > 0 && now > c.since {
		prio -= (now - c.since) / int64(q.Aging)
	}
	cd := candidate{prio: prio, seq: c.seq, sec: c.sec, id: l, pref: pref}
	if pref {
		cd.id = id
	}
	return cd
}
