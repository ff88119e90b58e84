package router

// The routing candidates (Engine.cand), the deadlines (Engine.deadlines) and
// each line's late arrivals (line.late) are binary min-heaps on slices, sifted by
// the one implementation below. An element moves into a hole rather than by swaps
// (the same comparisons as swapping it, so the same order).
//
// The order is a type switch rather than a method of a type parameter: Go
// compiles a method call through a type parameter as an indirect call, with the
// element escaping to the heap; a switch on the element's type compiles to a
// compare of the type word, free of calls and allocations. On the ready agents'
// heaps, sifted twice per routed conversation, that compare and the calls the
// compiler then leaves (before, siftUp, siftDown are not inlined) cost 0.19 G of
// BenchmarkMMc50's 2.6 G instructions (callgrind, 7 %): those heaps keep their
// own sift, with positions (fixHeap).

// heapElem is what the heaps hold.
type heapElem interface {
	candidate | deadline | waitItem
}

// before reports whether heap element a goes before b.
func before[T heapElem](a, b *T) bool {
	switch a := any(a).(type) {
	case *candidate:
		return candLess(a, any(b).(*candidate))
	case *deadline:
		return dlLess(a, any(b).(*deadline))
	case *waitItem:
		return a.seq < any(b).(*waitItem).seq
	}
	panic("router: no order for this heap element")
}

// siftUp puts x into s at hole j or above it, moving the elements it goes
// before down.
func siftUp[T heapElem](s []T, j int, x T) {
	for j > 0 {
		q := (j - 1) / 2
		if !before(&x, &s[q]) {
			break
		}
		s[j] = s[q]
		j = q
	}
	s[j] = x
}

// siftDown puts x into s at hole j or below it, moving the smaller child up
// while it goes before x.
func siftDown[T heapElem](s []T, j int, x T) {
	for n := len(s); ; {
		c := 2*j + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && before(&s[r], &s[c]) {
			c = r
		}
		if !before(&s[c], &x) {
			break
		}
		s[j] = s[c]
		j = c
	}
	s[j] = x
}

// heapPush adds x to heap h.
func heapPush[T heapElem](h *[]T, x T) {
	s := append(*h, x)
	siftUp(s, len(s)-1, x)
	*h = s
}

// heapPop removes and returns the first element of heap h, which is not empty.
func heapPop[T heapElem](h *[]T) T {
	s := *h
	top := s[0]
	n := len(s) - 1
	if n > 0 {
		siftDown(s[:n], 0, s[n])
	}
	*h = s[:n]
	return top
}
