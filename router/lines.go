package router

import (
	"encoding/binary"
	"slices"
)

// req is a requirement: a normalised skill set (sorted by skill, one need per
// skill at its highest level) and the agent classes that meet it.
type req struct {
	needs   []SkillNeed
	classes []int32
	lines   []int32
	ready   []int32 // per capacity cost: classes with a ready agent
}

// line is one waiting line: the conversations of one queue that share a
// requirement, a capacity cost and a secondary priority. Inside a line every
// conversation qualifies for the same agents and ranks by seq alone, so only its
// head (plus the few conversations with excluded agents, kept aside in picky)
// needs to be looked at in a routing decision.
//
// Conversations nearly always arrive in seq order (enqueue order; skill drops
// keep it too), so the plain ones sit in a FIFO ring, O(1) both ends; the few that
// arrive out of order (overflow from another queue, requeued to the front, end of
// a preferred-agent wait) go to a small heap, late. Both drop leavers lazily: an
// entry is live while its conversation still waits plain in this line with the
// same gen, so a withdrawal costs O(1) and touches nothing else.
type line struct {
	queue, uIdx, sec, req int32
	ring                  []waitItem // FIFO by seq, len a power of two
	rhead, rlen           int
	late                  []waitItem // min-heap by seq
	picky                 []int32    // conversations with excluded agents, by seq
	count                 int        // live plain entries
	dirty                 bool       // in Engine.dirtyLines
	// Lower bounds on the seq and entry time of the line's next conversation, so
	// that Route can rank a line without touching its conversations.
	lbSeq, lbSince int64
	// routeLine's cache (cacheLine), valid while shape is Engine.shape.
	shape uint32
	ready *int32     // its requirement's ready count for its cost
	cl    *class     // its requirement's only class, or nil
	top   *agentHeap // that class's ready heap for its cost
}

type waitItem struct {
	seq int64
	id  int32
	gen uint32
}

type lineKey struct{ queue, uIdx, sec, req int32 }

func (l *line) n() int { return l.count + len(l.picky) }

// liveItem reports whether it is still a plain waiting conversation of line l.
func (e *Engine) liveItem(l int32, it waitItem) bool { return e.liveConv(l, it) != nil }

// liveConv returns the conversation of entry it if it is live (liveItem), else nil.
func (e *Engine) liveConv(l int32, it waitItem) *conv {
	if c := &e.convs[it.id]; c.gen == it.gen && c.line == l && c.where == wPlain && c.state == Waiting {
		return c
	}
	return nil
}

// plainHead returns line l's first live plain entry, dropping dead ones on the way.
func (e *Engine) plainHead(l int32) (waitItem, bool) {
	ln := &e.lines[l]
	if ln.count == 0 {
		ln.rhead, ln.rlen = 0, 0
		ln.late = ln.late[:0]
		return waitItem{}, false
	}
	mask := len(ln.ring) - 1
	for ln.rlen > 0 && !e.liveItem(l, ln.ring[ln.rhead]) {
		ln.rhead = (ln.rhead + 1) & mask
		ln.rlen--
	}
	for len(ln.late) > 0 && !e.liveItem(l, ln.late[0]) {
		popItem(&ln.late)
	}
	switch {
	case ln.rlen == 0:
		return ln.late[0], true
	case len(ln.late) == 0 || ln.ring[ln.rhead].seq < ln.late[0].seq:
		return ln.ring[ln.rhead], true
	}
	return ln.late[0], true
}

// pushPlain adds a live entry to line l, ln: at the back of the ring if it
// comes last (the usual case), else to the late heap.
func (e *Engine) pushPlain(l int32, ln *line, it waitItem) {
	if ln.count == 0 { // only dead entries left
		ln.rhead, ln.rlen = 0, 0
		ln.late = ln.late[:0]
	}
	ln.count++
	if ln.rlen > 0 && ln.ring[(ln.rhead+ln.rlen-1)&(len(ln.ring)-1)].seq > it.seq {
		e.pushLate(l, ln, it)
		return
	}
	if ln.rlen == len(ln.ring) {
		e.growRing(l)
	}
	ln.ring[(ln.rhead+ln.rlen)&(len(ln.ring)-1)] = it
	ln.rlen++
}

// pushLate adds a live entry that comes before the ring's last to line l's late
// heap, compacting the heap first if dead entries fill most of it.
func (e *Engine) pushLate(l int32, ln *line, it waitItem) {
	if len(ln.late) >= 2*ln.count+8 {
		e.compactLate(l)
	}
	pushItem(&ln.late, it)
}

// growRing makes room in line l's full ring: it drops the dead entries (a line
// nobody can serve is never popped, so its leavers would pile up), and doubles
// the ring if that would free less than half of it.
func (e *Engine) growRing(l int32) {
	ln := &e.lines[l]
	mask := len(ln.ring) - 1
	live := 0
	for i := 0; i < ln.rlen; i++ {
		if e.liveItem(l, ln.ring[(ln.rhead+i)&mask]) {
			live++
		}
	}
	if len(ln.ring) > 0 && 2*live <= len(ln.ring) {
		// In place, in order: the write position trails the read position.
		n := 0
		for i := 0; i < ln.rlen; i++ {
			if it := ln.ring[(ln.rhead+i)&mask]; e.liveItem(l, it) {
				ln.ring[(ln.rhead+n)&mask] = it
				n++
			}
		}
		ln.rlen = n
		return
	}
	r := make([]waitItem, max(2*len(ln.ring), 8))
	n := 0
	for i := 0; i < ln.rlen; i++ {
		if it := ln.ring[(ln.rhead+i)&mask]; e.liveItem(l, it) {
			r[n] = it
			n++
		}
	}
	ln.ring, ln.rhead, ln.rlen = r, 0, n
}

// compactLate drops the dead entries of line l's late heap.
func (e *Engine) compactLate(l int32) {
	ln := &e.lines[l]
	old := ln.late
	ln.late = ln.late[:0:0]
	for _, it := range old {
		if e.liveItem(l, it) {
			pushItem(&ln.late, it)
		}
	}
}

// reqOf returns conversation c's requirement in its current queue: the queue's
// and the conversation's required skills, plus the additional ones if asked.
// Both are computed once per queue the conversation waits in.
func (e *Engine) reqOf(c *conv, withAdditional bool) int32 {
	if c.rqQueue != c.queue+1 {
		e.setReqs(c)
	}
	if withAdditional {
		return c.rqFull
	}
	return c.rqBase
}

// setReqs sets c.rqBase and c.rqFull for c's current queue. They depend only on
// the queue and the conversation's own skills, so they are remembered: per queue
// for conversations without skills of their own, in reqMemo for the others.
func (e *Engine) setReqs(c *conv) {
	q := &e.queues[c.queue]
	switch {
	case len(c.skills) == 0 && len(c.addl) == 0:
		if q.plainBase < 0 {
			q.plainBase, q.plainFull = e.lookupReqs(c)
		}
		c.rqBase, c.rqFull = q.plainBase, q.plainFull
	default:
		m := &e.reqMemo[memoSlot(c)]
		if !m.matches(c) {
			m.base, m.full = e.lookupReqs(c)
			m.queue, m.nSkills = c.queue, len(c.skills)
			m.needs = append(append(m.needs[:0], c.skills...), c.addl...)
		}
		c.rqBase, c.rqFull = m.base, m.full
	}
	c.rqQueue = c.queue + 1
}

// lookupReqs returns c's requirements without and with the additional skills.
func (e *Engine) lookupReqs(c *conv) (base, full int32) {
	base = e.lookupReq(c, false)
	full = base
	if len(c.addl) > 0 || len(e.queues[c.queue].AdditionalSkills) > 0 {
		full = e.lookupReq(c, true)
	}
	return base, full
}

// reqMemo remembers the requirements of one kind of conversation: a queue and
// the skills and additional skills of the conversation as given. A small
// direct-mapped cache in front of lookupReq.
type reqMemo struct {
	queue      int32
	base, full int32
	nSkills    int         // needs holds the skills, then the additional skills
	needs      []SkillNeed // nil: empty slot
}

const reqMemoSize = 64 // a power of two

func memoSlot(c *conv) int {
	h := uint64(c.queue)*0x9e3779b97f4a7c15 ^ uint64(len(c.skills))
	for _, n := range c.skills {
		h = (h ^ uint64(n.Skill)<<8 ^ uint64(n.MinLevel)) * 0x100000001b3
	}
	for _, n := range c.addl {
		h = (h ^ uint64(n.Skill)<<8 ^ uint64(n.MinLevel)) * 0x100000001b3
	}
	return int(h>>32) & (reqMemoSize - 1)
}

func (m *reqMemo) matches(c *conv) bool {
	return m.needs != nil && m.queue == c.queue && m.nSkills == len(c.skills) &&
		len(m.needs) == len(c.skills)+len(c.addl) &&
		slices.Equal(m.needs[:m.nSkills], c.skills) && slices.Equal(m.needs[m.nSkills:], c.addl)
}

func (e *Engine) lookupReq(c *conv, withAdditional bool) int32 {
	q := &e.queues[c.queue]
	b := e.needBuf[:0]
	b = appendNeeds(b, q.RequiredSkills, q.minLevel)
	b = appendNeeds(b, c.skills, q.minLevel)
	if withAdditional {
		b = appendNeeds(b, q.AdditionalSkills, q.minLevel)
		b = appendNeeds(b, c.addl, q.minLevel)
	}
	b = normalize(b)
	e.needBuf = b
	k := e.keyBuf[:0]
	for _, n := range b {
		k = binary.AppendUvarint(k, uint64(n.Skill))
		k = append(k, byte(n.MinLevel))
	}
	e.keyBuf = k
	if id, ok := e.reqIdx[string(k)]; ok {
		return id
	}
	id := int32(len(e.reqs))
	rq := req{needs: append([]SkillNeed(nil), b...), ready: make([]int32, len(e.unitVals))}
	for c := range e.classes {
		cl := &e.classes[c]
		if meets(cl.skills, rq.needs) {
			rq.classes = append(rq.classes, int32(c))
			cl.reqs = append(cl.reqs, id)
			for u := range cl.heaps {
				if len(cl.heaps[u].items) > 0 {
					rq.ready[u]++
				}
			}
		}
	}
	e.reqs = append(e.reqs, rq)
	e.reqIdx[string(k)] = id
	for _, c := range rq.classes {
		e.setClassReady(&e.classes[c])
	}
	return id
}

func appendNeeds(b, needs []SkillNeed, def int) []SkillNeed {
	for _, n := range needs {
		if n.MinLevel <= 0 {
			n.MinLevel = def
		}
		if n.MinLevel > 255 {
			n.MinLevel = 255
		}
		b = append(b, n)
	}
	return b
}

// normalize sorts needs by skill (insertion sort: a handful of needs) and merges
// duplicates at their highest level.
func normalize(b []SkillNeed) []SkillNeed {
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && b[j].Skill < b[j-1].Skill; j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
	out := b[:0]
	for _, n := range b {
		if k := len(out); k > 0 && out[k-1].Skill == n.Skill {
			out[k-1].MinLevel = max(out[k-1].MinLevel, n.MinLevel)
			continue
		}
		out = append(out, n)
	}
	return out
}

// lineFor returns the line for a queue, capacity cost, secondary priority and
// requirement, creating it (and telling the classes that qualify) if needed. A
// requirement has few lines, so it looks through them before the map.
func (e *Engine) lineFor(k lineKey) int32 {
	if rl := e.reqs[k.req].lines; len(rl) <= 8 {
		for _, l := range rl {
			if ln := &e.lines[l]; ln.queue == k.queue && ln.uIdx == k.uIdx && ln.sec == k.sec {
				return l
			}
		}
	} else if id, ok := e.lineIdx[k]; ok {
		return id
	}
	id := int32(len(e.lines))
	e.lines = append(e.lines, line{queue: k.queue, uIdx: k.uIdx, sec: k.sec, req: k.req})
	e.lineIdx[k] = id
	rq := &e.reqs[k.req]
	rq.lines = append(rq.lines, id)
	for _, c := range rq.classes {
		e.classes[c].lines = append(e.classes[c].lines, id)
	}
	return id
}

func (e *Engine) markLine(l int32) {
	if ln := &e.lines[l]; !ln.dirty {
		ln.dirty = true
		e.dirtyLines = append(e.dirtyLines, l)
	}
}

// insertLine puts waiting conversation id, c, into the line of its current queue
// and requirement: the seq-ordered heap, or the picky list if it has excluded agents.
func (e *Engine) insertLine(id int32, c *conv) {
	if c.rqQueue != c.queue+1 {
		e.setReqs(c)
	}
	c.req = c.rqFull
	if c.dropped {
		c.req = c.rqBase
	}
	l := e.lastLine
	if k := (lineKey{c.queue, c.uIdx, c.sec, c.req}); k != e.lastKey {
		l = e.lineFor(k)
		e.lastKey, e.lastLine = k, l
	}
	c.line = l
	ln := &e.lines[l]
	if ln.n() == 0 {
		ln.lbSeq, ln.lbSince = c.seq, c.since
	} else {
		ln.lbSeq, ln.lbSince = min(ln.lbSeq, c.seq), min(ln.lbSince, c.since)
	}
	switch {
	case len(c.excl) > 0:
		c.where = wPicky
		ln.picky = append(ln.picky, id)
		for i := len(ln.picky) - 1; i > 0 && e.convs[ln.picky[i-1]].seq > c.seq; i-- {
			ln.picky[i], ln.picky[i-1] = ln.picky[i-1], ln.picky[i]
		}
	case ln.count == 0 && len(ln.ring) > 0:
		// pushPlain's usual cases by hand, as it pays (callgrind on
		// BenchmarkMMc50): an empty line (dead entries only)...
		c.where = wPlain
		ln.rhead, ln.rlen = 0, 1
		ln.late = ln.late[:0]
		ln.ring[0] = waitItem{seq: c.seq, id: id, gen: c.gen}
		ln.count = 1
	case ln.rlen > 0 && ln.rlen < len(ln.ring) && ln.ring[(ln.rhead+ln.rlen-1)&(len(ln.ring)-1)].seq < c.seq:
		// ... or the back of a ring with room.
		c.where = wPlain
		ln.ring[(ln.rhead+ln.rlen)&(len(ln.ring)-1)] = waitItem{seq: c.seq, id: id, gen: c.gen}
		ln.rlen++
		ln.count++
	default:
		c.where = wPlain
		e.pushPlain(l, ln, waitItem{seq: c.seq, id: id, gen: c.gen})
	}
	if !ln.dirty {
		ln.dirty = true
		e.dirtyLines = append(e.dirtyLines, l)
	}
}

// dropPlain counts conversation id (with gen) out of the line as it stops waiting
// plain in it: its entry dies with that, and goes at once if it is the ring's first.
func (ln *line) dropPlain(id int32, gen uint32) {
	ln.count--
	if ln.rlen > 0 {
		if it := &ln.ring[ln.rhead]; it.id == id && it.gen == gen {
			ln.rhead = (ln.rhead + 1) & (len(ln.ring) - 1)
			ln.rlen--
		}
	}
}

// detach takes waiting conversation id out of its line or its preferred agent's list.
func (e *Engine) detach(id int32) {
	c := &e.convs[id]
	switch c.where {
	case wPlain:
		e.lines[c.line].dropPlain(id, c.gen)
	case wPicky:
		ln := &e.lines[c.line]
		ln.picky = remove(ln.picky, id)
	case wPref:
		ag := &e.agents[c.agent]
		ag.pref = remove(ag.pref, id)
	}
	c.where = wNone
}

func remove(s []int32, v int32) []int32 {
	for i, x := range s {
		if x == v {
			copy(s[i:], s[i+1:])
			return s[:len(s)-1]
		}
	}
	return s
}

// bestAgent returns the best Online agent with room for a conversation of line
// ln, excluding excl, or -1: the best of the ready-heap tops of the classes that
// meet the line's requirement. The line's cache (cacheLine) must be valid.
func (e *Engine) bestAgent(ln *line, excl []int32) int32 {
	if ln.top != nil && len(excl) == 0 { // one class: its heap's top
		if len(ln.top.items) > 0 {
			return ln.top.items[0].agent
		}
		return -1
	}
	var best *heapItem
	for _, c := range e.reqs[ln.req].classes {
		h := &e.classes[c].heaps[ln.uIdx]
		if len(h.items) == 0 {
			continue
		}
		it := &h.items[0]
		if len(excl) > 0 && contains(excl, it.agent) {
			if it = e.bestExcluding(h, excl); it == nil {
				continue
			}
		}
		if best == nil || itemLess(*it, *best) {
			best = it
		}
	}
	if best == nil {
		return -1
	}
	return best.agent
}

// lineNext returns the conversation of line l, ln, that routing would take next,
// or nil if no conversation of the line can be routed now. Only conversations
// with excluded agents need a look at the agents; for the others one count says
// whether any agent qualifies. The line's cache (cacheLine) must be valid.
func (e *Engine) lineNext(l int32, ln *line) (int32, *conv) {
	if ln.n() == 0 || *ln.ready == 0 {
		return -1, nil
	}
	if len(ln.picky) == 0 && len(ln.late) == 0 {
		// The usual case: the ring's first live entry (count > 0 says there is one).
		for mask := len(ln.ring) - 1; ; {
			it := ln.ring[ln.rhead]
			if c := e.liveConv(l, it); c != nil {
				ln.lbSeq = it.seq
				return it.id, c
			}
			ln.rhead = (ln.rhead + 1) & mask
			ln.rlen--
		}
	}
	head, ok := e.plainHead(l)
	switch {
	case ok && len(ln.picky) > 0:
		ln.lbSeq = min(head.seq, e.convs[ln.picky[0]].seq)
	case ok:
		ln.lbSeq = head.seq
	default:
		ln.lbSeq = e.convs[ln.picky[0]].seq
	}
	for _, id := range ln.picky {
		if ok && e.convs[id].seq > head.seq {
			break
		}
		if e.bestAgent(ln, e.convs[id].excl) >= 0 {
			return id, &e.convs[id]
		}
	}
	if ok {
		return head.id, &e.convs[head.id]
	}
	return -1, nil
}
