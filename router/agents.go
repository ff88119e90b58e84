package router

import (
	"math"
	"slices"
)

type agent struct {
	capacity   int32
	used       int32 // capacity units held (assigned and offered conversations)
	open       int32 // conversations holding units
	presence   Presence
	dirty      bool  // in Engine.dirtyAgents
	class      int32 // agent class: agents with identical skills
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
	ready   []int32 // that requirement's ready counts if it is only one, else nil
	lines   []int32 // lines whose requirement the class meets
	dirty   bool    // in Engine.dirtyClasses
}

// agentHeap holds a class's agents that can take a conversation costing units:
// Online with at least units free.
type agentHeap struct {
	units int32
	items []heapItem
	// Positions in items by agent index, -1 if not in the heap: Engine.heapPos
	// for the heap's cost, which every class's heap for that cost shares (an
	// agent is in one class), long enough for the class's members.
	pos []int32
}

// heapItem is a ready agent with its ranking keys (agentKeys), kept in the heap so
// that heap operations compare without loading the agents. updateAgent refreshes
// them after every change to the agent. 16 bytes, so that a sift moves little.
type heapItem struct {
	key   int32 // the routing model's criterion
	agent int32
	last  int64 // last assignment
}

// itemLess reports whether heap item x ranks before y: by the routing model's
// criterion, then the oldest last assignment (the agent idle longest), then the
// lower agent index (agentKeys).
func itemLess(x, y heapItem) bool {
	if x.key != y.key {
		return x.key < y.key
	}
	if x.last != y.last {
		return x.last < y.last
	}
	return x.agent < y.agent
}

func newAgent(capacity int32, cl int32) agent {
	return agent{capacity: capacity, presence: Offline, class: cl, head: -1, lastAssign: math.MinInt64}
}

// agentKeys returns agent ag's ranking keys, compared in order, then the agent
// index: the routing model's criterion (its ranker's key), then the last
// assignment. The criterion fits an int32: an agent in a heap has 1 to capacity
// units free.
//
// It calls the model's key by name rather than through rankers' func value: an
// indirect call cannot be inlined, and agentKeys runs on every routed
// conversation (callgrind, BenchmarkRouteNoSkills and BenchmarkMMc50).
func (e *Engine) agentKeys(ag *agent) (int32, int64) {
	free := ag.capacity - ag.used
	switch e.cfg.Model {
	case LeastActive:
		return leastActiveKey(ag.open, free, ag.capacity), ag.lastAssign
	case MostAvailable:
		return mostAvailableKey(ag.open, free, ag.capacity), ag.lastAssign
	case RoundRobin:
		return roundRobinKey(ag.open, free, ag.capacity), ag.lastAssign
	}
	return loadRotationKey(ag.open, free, ag.capacity), ag.lastAssign
}

// updateAgent puts agent a into, moves it in, or takes it out of its class's ready
// heaps after any change to its presence or load. gained says its room or presence
// improved, which may make waiting conversations routable.
func (e *Engine) updateAgent(a int32, gained bool) { e.reheap(a, &e.agents[a], gained) }

// reheap is updateAgent for a caller that holds ag, agent a.
func (e *Engine) reheap(a int32, ag *agent, gained bool) {
	cl := &e.classes[ag.class]
	free := ag.capacity - ag.used
	if ag.presence != Online {
		free = -1 // in no heap
	}
	if gained && free > 0 {
		// The lists have room for every class and agent (classFor, AddAgent), which
		// the dirty flags let in once each: no call to grow them here.
		if !cl.dirty {
			cl.dirty = true
			n := len(e.dirtyClasses)
			e.dirtyClasses = e.dirtyClasses[:n+1]
			e.dirtyClasses[n] = ag.class
		}
		if len(ag.pref) > 0 && !ag.dirty {
			ag.dirty = true
			n := len(e.dirtyAgents)
			e.dirtyAgents = e.dirtyAgents[:n+1]
			e.dirtyAgents[n] = a
		}
	}
	it := heapItem{agent: a}
	it.key, it.last = e.agentKeys(ag)
	if len(cl.heaps) > 1 {
		for i := 1; i < len(cl.heaps); i++ {
			e.fixHeap(cl, &cl.heaps[i], i, it, free)
		}
	}
	// Every class has the heap for cost index 0 (New adds cost 1). Last, so that
	// nothing is live across the call.
	e.fixHeap(cl, &cl.heaps[0], 0, it, free)
}

// fixHeap puts it, an agent with fresh keys and free units of room, into class
// cl's heap hi, h, moves it there, or takes it out, as its room allows, and keeps
// req.ready as the heap turns empty or not.
//
// The ready heaps are binary min-heaps under itemLess. Items move into a hole
// rather than by swaps, and heapPos follows each move. No calls on the usual paths:
// this runs twice per routed conversation.
func (e *Engine) fixHeap(cl *class, h *agentHeap, hi int, it heapItem, free int32) {
	pos := h.pos
	p := int(pos[it.agent])
	in := free >= h.units
	var x heapItem // to put at hole j, moving it up or down
	var j int
	var up bool
	switch {
	case in && p < 0: // push: items has room for every member (AddAgent)
		j = len(h.items)
		h.items = h.items[:j+1]
		if j == 0 {
			h.items[0] = it
			pos[it.agent] = 0
			e.readyChanged(cl, hi, 1)
			return
		}
		x, up = it, true
	case in: // new keys
		old := h.items[p]
		if old.key == it.key && old.last == it.last {
			return
		}
		x, j, up = it, p, itemLess(it, old)
	case p >= 0: // remove: the last item fills the hole
		pos[it.agent] = -1
		n := len(h.items) - 1
		x = h.items[n]
		h.items = h.items[:n]
		if n == 0 {
			e.readyChanged(cl, hi, -1)
			return
		}
		if p == n {
			return
		}
		j, up = p, p > 0 && itemLess(x, h.items[(p-1)/2])
	default:
		return
	}
	s := h.items
	if up {
		for j > 0 {
			q := (j - 1) / 2
			if !itemLess(x, s[q]) {
				break
			}
			s[j] = s[q]
			pos[s[j].agent] = int32(j)
			j = q
		}
	} else {
		for n := len(s); ; {
			c := 2*j + 1
			if c >= n {
				break
			}
			if r := c + 1; r < n && itemLess(s[r], s[c]) {
				c = r
			}
			if !itemLess(s[c], x) {
				break
			}
			s[j] = s[c]
			pos[s[j].agent] = int32(j)
			j = c
		}
	}
	s[j] = x
	pos[x.agent] = int32(j)
}

// readyChanged keeps req.ready, the number of a requirement's classes with an
// agent ready for cost uIdx, as class cl's heap uIdx turns non-empty (+1) or
// empty (-1): it makes "can this line be routed at all" a single load.
func (e *Engine) readyChanged(cl *class, uIdx int, d int32) {
	if cl.ready != nil {
		cl.ready[uIdx] += d
		return
	}
	for _, r := range cl.reqs {
		e.reqs[r].ready[uIdx] += d
	}
}

// bestExcluding returns the best item in h whose agent is not in excl, or nil: a
// best-first walk from the root that opens a node's children only when the node is
// excluded, so it looks at O(len(excl)) nodes.
func (e *Engine) bestExcluding(h *agentHeap, excl []int32) *heapItem {
	fr := append(e.frontier[:0], 0)
	var best *heapItem
	for len(fr) > 0 {
		bi := 0
		for i := 1; i < len(fr); i++ {
			if itemLess(h.items[fr[i]], h.items[fr[bi]]) {
				bi = i
			}
		}
		p := fr[bi]
		fr[bi] = fr[len(fr)-1]
		fr = fr[:len(fr)-1]
		if it := &h.items[p]; !contains(excl, it.agent) {
			best = it
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
	e.shape++
	cl := class{skills: skills}
	for i, u := range e.unitVals {
		cl.heaps = append(cl.heaps, agentHeap{units: u, pos: e.heapPos[i]})
	}
	e.classes = append(e.classes, cl)
	e.dirtyClasses = slices.Grow(e.dirtyClasses, len(e.classes)-len(e.dirtyClasses))
	e.classIdx[string(int8Bytes(skills))] = id
	for r := range e.reqs {
		rq := &e.reqs[r]
		if meets(skills, rq.needs) {
			rq.classes = append(rq.classes, id)
			e.classes[id].reqs = append(e.classes[id].reqs, int32(r))
			e.classes[id].lines = append(e.classes[id].lines, rq.lines...)
		}
	}
	e.setClassReady(&e.classes[id])
	return id
}

// setClassReady points cl.ready at its requirement's ready counts if it meets
// only one: readyChanged then updates them without looking the requirement up.
func (e *Engine) setClassReady(cl *class) {
	cl.ready = nil
	if len(cl.reqs) == 1 {
		cl.ready = e.reqs[cl.reqs[0]].ready
	}
}

// unitIndex returns the index of the ready heaps for conversations costing u units,
// adding a heap to every class the first time a cost is seen.
func (e *Engine) unitIndex(u int32) int32 {
	for i, v := range e.unitVals {
		if v == u {
			return int32(i)
		}
	}
	return e.addUnit(u)
}

func (e *Engine) addUnit(u int32) int32 {
	e.unitVals = append(e.unitVals, u)
	e.shape++
	pos := make([]int32, len(e.agents))
	for i := range pos {
		pos[i] = -1
	}
	e.heapPos = append(e.heapPos, pos)
	for r := range e.reqs {
		e.reqs[r].ready = append(e.reqs[r].ready, 0)
	}
	for c := range e.classes {
		cl := &e.classes[c]
		e.setClassReady(cl) // the counts moved
		cl.heaps = append(cl.heaps, agentHeap{units: u, items: make([]heapItem, 0, len(cl.members)), pos: pos})
		for _, a := range cl.members {
			e.updateAgent(a, false)
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
