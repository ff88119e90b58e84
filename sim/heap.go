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
//
// The run loop takes the earliest event without removing it (take) and removes it
// after handling it (done). Most events schedule a successor while they are handled
// (the next arrival, the reply after an assignment): the first push while an event
// is held replaces it at the root, one sift down where a pop and a push would take
// a sift down and a sift up. Events are ordered by (at, seq) with seq unique, so
// the order in which they come out does not depend on how the heap is laid out.
type eventHeap struct {
	a    []event
	seq  uint64
	held bool // a[0] is the event being handled; the next push replaces it
}

func (h *eventHeap) len() int { return len(h.a) }

func (h *eventHeap) push(at Time, kind uint8, id int32, gen uint32) {
	h.seq++
	e := event{at: at, seq: h.seq<<kindBits | uint64(kind), id: id, gen: gen}
	if h.held {
		h.held = false
		h.siftDown(e, len(h.a))
		return
	}
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

// take returns the earliest event and holds it at the root until done.
func (h *eventHeap) take() event {
	h.held = true
	return h.a[0]
}

// done removes the held event, unless a push has replaced it already.
func (h *eventHeap) done() {
	if h.held {
		h.held = false
		h.removeRoot()
	}
}

func (h *eventHeap) removeRoot() {
	n := len(h.a) - 1
	last := h.a[n]
	h.a = h.a[:n]
	if n > 0 {
		h.siftDown(last, n)
	}
}

// siftDown puts e at the root of a[:n] and moves it down to its place. A node with
// four children (the usual case) picks the least as a tournament of two pairs.
func (h *eventHeap) siftDown(e event, n int) {
	a := h.a[:n]
	i := 0
	for {
		c := 4*i + 1
		var m int
		if c+3 < len(a) {
			m1, m2 := c, c+2
			if before(&a[c+1], &a[c]) {
				m1 = c + 1
			}
			if before(&a[c+3], &a[c+2]) {
				m2 = c + 3
			}
			m = m1
			if before(&a[m2], &a[m1]) {
				m = m2
			}
		} else {
			if c >= len(a) {
				break
			}
			m = c
			for j := c + 1; j < len(a); j++ {
				if before(&a[j], &a[m]) {
					m = j
				}
			}
		}
		if !before(&a[m], &e) {
			break
		}
		a[i] = a[m]
		i = m
	}
	a[i] = e
}
