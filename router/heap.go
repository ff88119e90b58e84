package router

// The routing candidates (Engine.cand), the deadlines (Engine.deadlines) and
// each line's late arrivals (line.late) are binary min-heaps on slices. An
// element moves into a hole rather than by swaps (the same comparisons as
// swapping it, so the same order).
//
// Each heap has its own concrete sift. One generic sift (a type switch for the
// order) cost more than the issue allows: Go compiles a generic function once
// per GC shape with a dictionary, so the switch is not resolved at compile
// time, and the sifts were not inlined; on the router benchmarks with skills
// (candidates and deadlines sifted on every step) that was up to +31 %
// instructions (callgrind). The ready agents' heaps keep their own sift, with
// positions (fixHeap).

// pushCand adds cd to the candidate heap.
func (e *Engine) pushCand(cd candidate) {
	if len(e.cand) == 0 && cap(e.cand) > 0 {
		e.cand = e.cand[:1]
		e.cand[0] = cd
		return
	}
	s := append(e.cand, cd)
	j := len(s) - 1
	for j > 0 {
		q := (j - 1) / 2
		if !candLess(&cd, &s[q]) {
			break
		}
		s[j] = s[q]
		j = q
	}
	s[j] = cd
	e.cand = s
}

// popCand removes and returns the best candidate; the heap is not empty.
func (e *Engine) popCand() candidate {
	s := e.cand
	top := s[0]
	n := len(s) - 1
	if n > 0 {
		x := s[n]
		j := 0
		for {
			c := 2*j + 1
			if c >= n {
				break
			}
			if r := c + 1; r < n && candLess(&s[r], &s[c]) {
				c = r
			}
			if !candLess(&s[c], &x) {
				break
			}
			s[j] = s[c]
			j = c
		}
		s[j] = x
	}
	e.cand = s[:n]
	return top
}

// pushDl adds d to the deadline heap.
func (e *Engine) pushDl(d deadline) {
	s := append(e.deadlines, d)
	j := len(s) - 1
	for j > 0 {
		q := (j - 1) / 2
		if !dlLess(&d, &s[q]) {
			break
		}
		s[j] = s[q]
		j = q
	}
	s[j] = d
	e.deadlines = s
}

// popDeadline removes and returns the earliest deadline; the heap is not empty.
func (e *Engine) popDeadline() deadline {
	s := e.deadlines
	top := s[0]
	n := len(s) - 1
	if n > 0 {
		x := s[n]
		j := 0
		for {
			c := 2*j + 1
			if c >= n {
				break
			}
			if r := c + 1; r < n && dlLess(&s[r], &s[c]) {
				c = r
			}
			if !dlLess(&s[c], &x) {
				break
			}
			s[j] = s[c]
			j = c
		}
		s[j] = x
	}
	e.deadlines = s[:n]
	return top
}

// pushItem adds it to late heap h (by seq).
func pushItem(h *[]waitItem, it waitItem) {
	s := append(*h, it)
	j := len(s) - 1
	for j > 0 {
		q := (j - 1) / 2
		if s[q].seq <= it.seq {
			break
		}
		s[j] = s[q]
		j = q
	}
	s[j] = it
	*h = s
}

// popItem removes the first entry of late heap h, which is not empty.
func popItem(h *[]waitItem) {
	s := *h
	n := len(s) - 1
	if n > 0 {
		x := s[n]
		j := 0
		for {
			c := 2*j + 1
			if c >= n {
				break
			}
			if r := c + 1; r < n && s[r].seq < s[c].seq {
				c = r
			}
			if s[c].seq >= x.seq {
				break
			}
			s[j] = s[c]
			j = c
		}
		s[j] = x
	}
	*h = s[:n]
}
