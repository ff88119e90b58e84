package sim

// event is one scheduled happening. kind is packed into the low bits of seq so that
// an event is 24 bytes and ordering is one comparison chain: time, then insertion
// order (FIFO among simultaneous events).
type event struct {
	at  Time
	seq uint64 // insertion counter << kindBits | kind
	id  int32  // conversation slot, arrival stream or agent group, by kind
	gen uint32 // conversation generation, to drop events of a finished conversation
}

const kindBits = 4

func (e event) kind() uint8 { return uint8(e.seq & (1<<kindBits - 1)) }

func before(x, y *event) bool { return x.at < y.at || (x.at == y.at && x.seq < y.seq) }

// eventHeap is a 4-ary min-heap of events: shallower than a binary heap and with
// children on one cache line, which is what makes it faster for this size of item.
type eventHeap struct {
	a   []event
	seq uint64
}

func (h *eventHeap) len() int { return len(h.a) }

func (h *eventHeap) push(at Time, kind uint8, id int32, gen uint32) {
	h.seq++
	e := event{at: at, seq: h.seq<<kindBits | uint64(kind), id: id, gen: gen}
	h.a = append(h.a, e)
	a := h.a
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !before(&e, &a[p]) {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = e
}

func (h *eventHeap) pop() event {
	a := h.a
	top := a[0]
	n := len(a) - 1
	last := a[n]
	a = a[:n]
	h.a = a
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if before(&a[j], &a[m]) {
				m = j
			}
		}
		if !before(&a[m], &last) {
			break
		}
		a[i] = a[m]
		i = m
	}
	a[i] = last
	return top
}
