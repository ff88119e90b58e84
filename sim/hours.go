package sim

import (
	"fmt"
	"sort"
	"time"
)

// ResponseTarget is a messaging service-level target: a response (or resolution)
// counts as on time when it comes within Within of the customer's message, counted
// in the business time of Hours (nil: around the clock). Target is the share the
// plan aims at; the simulator measures, it does not use it.
type ResponseTarget struct {
	Within time.Duration
	Target float64
	Hours  *BusinessHours
}

// on reports whether a response at to to a message at from is on time.
func (t *ResponseTarget) on(from, to Time) bool {
	if t.Hours == nil {
		return to-from <= Time(t.Within)
	}
	return t.Hours.Between(from, to) <= Time(t.Within)
}

// BusinessHours is a business-hours calendar laid on the simulated clock: the
// opening spans [From, To) over the run, sorted and disjoint, as package scenarios
// computes them from a calendar (package calendar) and the run's start date. Time
// outside the spans (nights, weekends, holidays, and anything after the last span)
// is closed.
type BusinessHours struct {
	Name  string
	Spans []Span
	cum   []Time // cum[i]: open time before Spans[i]
}

// Span is a stretch of simulated time.
type Span struct{ From, To Time }

// NewBusinessHours checks the spans (sorted, disjoint, non-empty) and prepares
// Between.
func NewBusinessHours(name string, spans []Span) (*BusinessHours, error) {
	h := &BusinessHours{Name: name, Spans: spans, cum: make([]Time, len(spans))}
	var open Time
	for i, s := range spans {
		if s.To <= s.From || i > 0 && s.From < spans[i-1].To {
			return nil, fmt.Errorf("business hours %s: spans must be sorted, disjoint and not empty (span %d)", name, i)
		}
		h.cum[i] = open
		open += s.To - s.From
	}
	return h, nil
}

// openBefore is the open time in [0, t).
func (h *BusinessHours) openBefore(t Time) Time {
	i := sort.Search(len(h.Spans), func(i int) bool { return h.Spans[i].To > t })
	if i == len(h.Spans) {
		if i == 0 {
			return 0
		}
		last := h.Spans[i-1]
		return h.cum[i-1] + last.To - last.From
	}
	s := h.Spans[i]
	return h.cum[i] + max(0, t-s.From)
}

// Between returns the business time in [a, b) (0 when b ≤ a).
func (h *BusinessHours) Between(a, b Time) Time {
	if b <= a {
		return 0
	}
	return h.openBefore(b) - h.openBefore(a)
}

// Add returns the earliest time u ≥ t with Between(t, u) = d, and false when the
// spans end first.
func (h *BusinessHours) Add(t Time, d time.Duration) (Time, bool) {
	need := h.openBefore(t) + Time(d)
	i := sort.Search(len(h.Spans), func(i int) bool { return h.cum[i]+h.Spans[i].To-h.Spans[i].From >= need })
	if i == len(h.Spans) {
		return 0, false
	}
	return max(t, h.Spans[i].From+need-h.cum[i]), true
}
