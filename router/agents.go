package router

import "math"

type agent struct {
	capacity   int32
	used       int32 // capacity units held (assigned and offered conversations)
	open       int32 // conversations holding units
	presence   Presence
	dirty      bool  // in Engine.dirtyAgents
	class      int32 // agent class: agents with identical skills
	local      int32 // index among the class's members
	head       int32 // first conversation attached to the agent (intrusive list), -1
	lastAssign int64 // time of the last assignment or offer; math.MinInt64 before the first
	pref       []int32
}

// class is an agent class: the agents that share one skill set, and so qualify for
// exactly the same requirements. Each class keeps, per capacity cost in use, a heap
// of its Online agents with at least that much room, best first under the routing
// model, so the best agent for a requirement is the best of a few heap tops.
type class struct {
	skills  []int8  // levels by skill id, without trailing zeros
	members []int32 // agent indices
	heaps   []agentHeap
	reqs    []int32 // requirements the class meets
	lines   []int32 // lines whose requirement the class meets
	dirty   bool    // in Engine.dirtyClasses
}

// agentHeap holds a class's agents that can take a conversation costing units:
// Online with at least units free. Positions are indexed by the agent's local
// index in the class.
type agentHeap struct {
	units int32
	items []int32
	pos   []int32
}

func newAgent(capacity int32, cl, local int32) agent {
	return agent{capacity: capacity, presence: Offline, class: cl, local: local, head: -1, lastAssign: math.MinInt64}
}

// agentLess reports whether agent a ranks before agent b: by the model's criterion,
// then the oldest last assignment (the agent idle longest), then the lower index.
func (e *Engine) agentLess(a, b int32) bool {
	as, bs := &e.agents[a], &e.agents[b]
	switch e.cfg.Model {
	case LeastActive:
		if as.open != bs.open {
			return as.open < bs.open
		}
	case MostAvailable:
		if fa, fb := as.capacity-as.used, bs.capacity-bs.used; fa != fb {
			return fa > fb
		}
	}
	if as.lastAssign != bs.lastAssign {
		return as.lastAssign < bs.lastAssign
	}
	return a < b
}

// updateAgent puts agent a into, moves it in, or takes it out of its class's ready
// heaps after any change to its presence or load. gained says its room or presence
// improved, which may make waiting conversations routable.
func (e *Engine) updateAgent(a int32, gained bool) {
	ag := &e.agents[a]
	cl := &e.classes[ag.class]
	online := ag.presence == Online
	free := ag.capacity - ag.used
	for i := range cl.heaps {
		h := &cl.heaps[i]
		in := online && free >= h.units
		switch p := h.pos[ag.local]; {
		case in && p < 0:
			e.heapPush(h, a)
			if len(h.items) == 1 {
				e.readyChanged(cl, i, 1)
			}
		case in:
			e.heapFix(h, int(p))
		case p >= 0:
			e.heapRemove(h, int(p))
			if len(h.items) == 0 {
				e.readyChanged(cl, i, -1)
			}
		}
	}
	if gained && online && free > 0 {
		if !cl.dirty {
			cl.dirty = true
			e.dirtyClasses = append(e.dirtyClasses, ag.class)
		}
		if len(ag.pref) > 0 && !ag.dirty {
			ag.dirty = true
			e.dirtyAgents = append(e.dirtyAgents, a)
		}
	}
}

// readyChanged keeps req.ready, the number of a requirement's classes with an
// agent ready for cost uIdx, as class cl's heap uIdx turns non-empty (+1) or
// empty (-1): it makes "can this line be routed at all" a single load.
func (e *Engine) readyChanged(cl *class, uIdx int, d int32) {
	for _, r := range cl.reqs {
		e.reqs[r].ready[uIdx] += d
	}
}

func (e *Engine) heapSwap(h *agentHeap, i, j int) {
	it := h.items
	it[i], it[j] = it[j], it[i]
	h.pos[e.agents[it[i]].local] = int32(i)
	h.pos[e.agents[it[j]].local] = int32(j)
}

func (e *Engine) heapUp(h *agentHeap, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !e.agentLess(h.items[i], h.items[p]) {
			break
		}
		e.heapSwap(h, i, p)
		i = p
	}
}

func (e *Engine) heapDown(h *agentHeap, i int) bool {
	start := i
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && e.agentLess(h.items[r], h.items[l]) {
			m = r
		}
		if !e.agentLess(h.items[m], h.items[i]) {
			break
		}
		e.heapSwap(h, i, m)
		i = m
	}
	return i > start
}

func (e *Engine) heapPush(h *agentHeap, a int32) {
	h.pos[e.agents[a].local] = int32(len(h.items))
	h.items = append(h.items, a)
	e.heapUp(h, len(h.items)-1)
}

func (e *Engine) heapRemove(h *agentHeap, i int) {
	a := h.items[i]
	n := len(h.items) - 1
	if i != n {
		e.heapSwap(h, i, n)
	}
	h.items = h.items[:n]
	h.pos[e.agents[a].local] = -1
	if i != n {
		e.heapFix(h, i)
	}
}

func (e *Engine) heapFix(h *agentHeap, i int) {
	if !e.heapDown(h, i) {
		e.heapUp(h, i)
	}
}

// bestExcluding returns the best agent in h that is not in excl, or -1: a
// best-first walk from the root that opens a node's children only when the node is
// excluded, so it looks at O(len(excl)) nodes.
func (e *Engine) bestExcluding(h *agentHeap, excl []int32) int32 {
	fr := append(e.frontier[:0], 0)
	best := int32(-1)
	for len(fr) > 0 {
		bi := 0
		for i := 1; i < len(fr); i++ {
			if e.agentLess(h.items[fr[i]], h.items[fr[bi]]) {
				bi = i
			}
		}
		p := fr[bi]
		fr[bi] = fr[len(fr)-1]
		fr = fr[:len(fr)-1]
		a := h.items[p]
		if !contains(excl, a) {
			best = a
			break
		}
		for c := 2*p + 1; c <= 2*p+2 && int(c) < len(h.items); c++ {
			fr = append(fr, c)
		}
	}
	e.frontier = fr
	return best
}

func contains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// classFor returns the class of agents with these skills (trailing zeros trimmed),
// creating it if needed.
func (e *Engine) classFor(skills []int8) int32 {
	if id, ok := e.classIdx[string(int8Bytes(skills))]; ok {
		return id
	}
	id := int32(len(e.classes))
	cl := class{skills: skills}
	for _, u := range e.unitVals {
		cl.heaps = append(cl.heaps, agentHeap{units: u})
	}
	e.classes = append(e.classes, cl)
	e.classIdx[string(int8Bytes(skills))] = id
	for r := range e.reqs {
		rq := &e.reqs[r]
		if meets(skills, rq.needs) {
			rq.classes = append(rq.classes, id)
			e.classes[id].reqs = append(e.classes[id].reqs, int32(r))
			e.classes[id].lines = append(e.classes[id].lines, rq.lines...)
		}
	}
	return id
}

// unitIndex returns the index of the ready heaps for conversations costing u units,
// adding a heap to every class the first time a cost is seen.
func (e *Engine) unitIndex(u int32) int32 {
	for i, v := range e.unitVals {
		if v == u {
			return int32(i)
		}
	}
	e.unitVals = append(e.unitVals, u)
	for r := range e.reqs {
		e.reqs[r].ready = append(e.reqs[r].ready, 0)
	}
	for c := range e.classes {
		cl := &e.classes[c]
		h := agentHeap{units: u, pos: make([]int32, len(cl.members))}
		for i := range h.pos {
			h.pos[i] = -1
		}
		cl.heaps = append(cl.heaps, h)
		hp := &cl.heaps[len(cl.heaps)-1]
		for _, a := range cl.members {
			if ag := &e.agents[a]; ag.presence == Online && ag.capacity-ag.used >= u {
				e.heapPush(hp, a)
			}
		}
		if len(hp.items) > 0 {
			e.readyChanged(cl, len(cl.heaps)-1, 1)
		}
	}
	return int32(len(e.unitVals) - 1)
}

func int8Bytes(s []int8) []byte {
	b := make([]byte, len(s))
	for i, v := range s {
		b[i] = byte(v)
	}
	return b
}

// meets reports whether skill levels meet every need.
func meets(levels []int8, needs []SkillNeed) bool {
	for _, n := range needs {
		l := 0
		if n.Skill < len(levels) {
			l = int(levels[n.Skill])
		}
		if l < n.MinLevel {
			return false
		}
	}
	return true
}
