package router

// agentHeap holds the agents that can take work (online, at least one free
// capacity unit), best first under the engine's routing model, so the routing
// decision for the usual one-unit conversation is the top of the heap: O(1) to
// read, O(log n) to keep up to date when an agent's load changes.
type agentHeap struct {
	items  []int32 // agent indices, heap-ordered
	agents *[]agent
	model  Model
}

// less reports whether agent a ranks before agent b: by the model's criterion,
// then by the oldest last assignment, then by the lower index.
func (h *agentHeap) less(a, b int32) bool {
	as := &(*h.agents)[a]
	bs := &(*h.agents)[b]
	switch h.model {
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

func (h *agentHeap) swap(i, j int) {
	it := h.items
	it[i], it[j] = it[j], it[i]
	(*h.agents)[it[i]].pos = int32(i)
	(*h.agents)[it[j]].pos = int32(j)
}

func (h *agentHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(h.items[i], h.items[p]) {
			break
		}
		h.swap(i, p)
		i = p
	}
}

func (h *agentHeap) down(i int) bool {
	start := i
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h.less(h.items[r], h.items[l]) {
			m = r
		}
		if !h.less(h.items[m], h.items[i]) {
			break
		}
		h.swap(i, m)
		i = m
	}
	return i > start
}

func (h *agentHeap) push(a int32) {
	(*h.agents)[a].pos = int32(len(h.items))
	h.items = append(h.items, a)
	h.up(len(h.items) - 1)
}

func (h *agentHeap) remove(a int32) {
	i := int((*h.agents)[a].pos)
	n := len(h.items) - 1
	if i != n {
		h.swap(i, n)
	}
	h.items = h.items[:n]
	(*h.agents)[a].pos = -1
	if i != n {
		if !h.down(i) {
			h.up(i)
		}
	}
}

func (h *agentHeap) fix(a int32) {
	i := int((*h.agents)[a].pos)
	if !h.down(i) {
		h.up(i)
	}
}
