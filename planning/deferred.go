package planning

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Deferred work: a target longer than the interval (an email answered within
// 24 h, a case resolved within 3 days) is not an interval service level — what
// arrives at 10:00 may be done at 16:00 or tomorrow morning — but a backlog that
// must be cleared within its deadline. It is planned with the fluid
// (deterministic work-conservation) model of the backlog: work arrives at each
// interval's rate, the agents present work it off first in, first out at most at
// the maximum occupancy, and the plan is the smallest head count for which all
// work arriving at any time t is done by t + Deadline. With many small items
// and a deadline of hours, the randomness of single items averages out over the
// deadline window, which is why this (and not Erlang C) is how WFM tools plan
// email and back-office queues.

// DeferredWork is a backlog-only workload over a cyclic planning period (a day or
// a week of intervals, repeating).
type DeferredWork struct {
	Interval time.Duration
	// Arrivals are items per interval over the period; the period repeats.
	Arrivals []float64
	// Work is the agent time one item takes.
	Work time.Duration
	// Deadline: every item is done within this of its arrival; longer than the
	// interval (else plan it as an interval service level).
	Deadline time.Duration
	// MaxOccupancy is the share of present agents' time spent on the work, in
	// (0, 1] (default 0.85): the rest is the slack of real work.
	MaxOccupancy float64
	// Available, if not nil, is the share of the head count present in each
	// interval of the period (a shift pattern: 1 in open hours, 0 outside);
	// nil: always present.
	Available []float64
	// Initial items open at the start (a start-of-day backlog), already Age old:
	// due by Deadline − Age.
	Initial float64
	Age     time.Duration
}

// DeferredPlan is the answer for a deferred workload.
type DeferredPlan struct {
	Agents int     // the head count: the smallest integer meeting the deadline
	Fluid  float64 // the fractional minimum of the fluid model (Agents = ⌈Fluid⌉)
	// Occupancy is the share of present agents' time busy at Agents, over the
	// period in steady state.
	Occupancy float64
	// Longest is the longest time from an item's arrival to its completion at
	// Agents (≤ Deadline).
	Longest time.Duration
}

// PlanDeferred returns the smallest head count that clears the deferred workload
// within its deadline.
func PlanDeferred(w DeferredWork) (DeferredPlan, error) {
	if err := w.check(); err != nil {
		return DeferredPlan{}, err
	}
	work, period := w.totals()
	if work == 0 && w.Initial == 0 {
		return DeferredPlan{}, nil
	}
	// Feasibility grows with the head count: double up to a feasible one, then
	// bisect the fractional minimum.
	hi := 1.0
	for !w.Feasible(hi) {
		hi *= 2
		if hi > 1e9 {
			return DeferredPlan{}, errors.New("deferred work: no head count clears it within the deadline (are agents present before the deadline of every item?)")
		}
	}
	lo := 0.0
	for i := 0; i < 60 && hi-lo > 1e-9*hi; i++ {
		mid := (lo + hi) / 2
		if w.Feasible(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	n := int(math.Ceil(hi - 1e-9))
	for !w.Feasible(float64(n)) { // the bisection's tolerance
		n++
	}
	longest, _ := w.simulate(float64(n))
	present := w.presentHours(period) / float64(w.cycles())
	return DeferredPlan{Agents: n, Fluid: hi, Longest: longest,
		Occupancy: work / float64(w.cycles()) / (float64(n) * present)}, nil
}

func (w *DeferredWork) check() error {
	switch {
	case w.Interval <= 0 || len(w.Arrivals) == 0:
		return errors.New("deferred work: needs an interval and arrivals per interval")
	case w.Work <= 0:
		return errors.New("deferred work: work per item must be > 0")
	case w.Deadline <= w.Interval:
		return fmt.Errorf("deferred work: a deadline of %v is not longer than the interval (%v): plan it as an interval service level", w.Deadline, w.Interval)
	case w.MaxOccupancy < 0 || w.MaxOccupancy > 1:
		return fmt.Errorf("deferred work: max occupancy %v must be in (0, 1]", w.MaxOccupancy)
	case w.Available != nil && len(w.Available) != len(w.Arrivals):
		return errors.New("deferred work: one availability per interval of the period")
	case w.Initial < 0 || w.Age < 0 || w.Age > w.Deadline:
		return errors.New("deferred work: initial backlog and its age must be ≥ 0, the age within the deadline")
	}
	for i, a := range w.Arrivals {
		if !(a >= 0) {
			return fmt.Errorf("deferred work: arrivals[%d] = %v must be ≥ 0", i, a)
		}
		if w.Available != nil && !(w.Available[i] >= 0 && w.Available[i] <= 1) {
			return fmt.Errorf("deferred work: available[%d] = %v must be in [0, 1]", i, w.Available[i])
		}
	}
	return nil
}

func (w *DeferredWork) occ() float64 {
	if w.MaxOccupancy == 0 {
		return 0.85
	}
	return w.MaxOccupancy
}

func (w *DeferredWork) avail(k int) float64 {
	if w.Available == nil {
		return 1
	}
	return w.Available[k%len(w.Available)]
}

// cycles is how many periods the fluid model runs: enough that items of the
// first periods see their whole deadline, and the backlog carried from one
// period into the next has settled (it can only grow to a fixed point, reached
// once a period starts with the backlog the previous one started with).
func (w *DeferredWork) cycles() int {
	period := time.Duration(len(w.Arrivals)) * w.Interval
	return int(w.Deadline/period) + 4
}

// totals are the work (agent-hours) arriving over all cycles and the number of
// intervals.
func (w *DeferredWork) totals() (float64, int) {
	n := w.cycles() * len(w.Arrivals)
	var work float64
	for k := 0; k < n; k++ {
		work += w.Arrivals[k%len(w.Arrivals)] * w.Work.Hours()
	}
	return work, n
}

func (w *DeferredWork) presentHours(intervals int) float64 {
	var h float64
	for k := 0; k < intervals; k++ {
		h += w.avail(k) * w.Interval.Hours()
	}
	return h
}

// Feasible reports whether n agents (fractional: the fluid model's capacity)
// finish every item of the fluid model within its deadline.
func (w *DeferredWork) Feasible(n float64) bool {
	// Stable first: the work of a period must fit the period's capacity, or
	// the backlog grows without bound however the first periods look.
	work := 0.0
	for _, a := range w.Arrivals {
		work += a * w.Work.Hours()
	}
	if work > n*w.occ()*w.presentHours(len(w.Arrivals))*(1+1e-12) {
		return false
	}
	_, ok := w.simulate(n)
	return ok
}

// simulate runs the fluid FIFO backlog with n agents over cycles() periods and
// returns the longest completion time of any work and whether every item met its
// deadline. Work arrived by time t (cumulative A(t)) is done by the time the
// cumulative departures D reach A(t); the deadline holds when D(t + Deadline) ≥
// A(t) for every t. Between the breakpoints of A (interval boundaries) and of
// D(· + Deadline) (boundaries shifted, and the instants the backlog empties,
// where D is concave), A(t) − D(t + Deadline) is convex, so checking at the
// boundaries t and at the boundaries minus the deadline is exact.
func (w *DeferredWork) simulate(n float64) (time.Duration, bool) {
	nInt := w.cycles() * len(w.Arrivals)
	dt := w.Interval.Hours()
	// Cumulative arrivals and departures (agent-hours of work) at boundaries.
	A := make([]float64, nInt+1)
	D := make([]float64, nInt+1)
	A[0] = w.Initial * w.Work.Hours()
	q := A[0]
	for k := 0; k < nInt; k++ {
		a := w.Arrivals[k%len(w.Arrivals)] * w.Work.Hours()
		c := n * w.occ() * w.avail(k) * dt
		A[k+1] = A[k] + a
		done := math.Min(q+a, c)
		q += a - done
		D[k+1] = D[k] + done
	}
	// at evaluates a cumulative curve at time t (hours). Arrivals are uniform in an
	// interval; departures follow the fluid queue within it (at capacity while
	// backlogged, then at the arrival rate), recomputed exactly.
	arrAt := func(t float64) float64 {
		k := int(t / dt)
		if k >= nInt {
			return A[nInt]
		}
		return A[k] + (A[k+1]-A[k])*(t/dt-float64(k))
	}
	depAt := func(t float64) float64 {
		k := int(t / dt)
		if k >= nInt {
			return D[nInt]
		}
		x := t - float64(k)*dt
		rateA := (A[k+1] - A[k]) / dt
		rateC := n * w.occ() * w.avail(k)
		backlog := A[k] - D[k]
		if rateC <= rateA {
			return D[k] + rateC*x
		}
		// Backlogged until it empties at x0, then departures follow arrivals.
		x0 := backlog / (rateC - rateA)
		if x <= x0 {
			return D[k] + rateC*x
		}
		return D[k] + rateC*x0 + rateA*(x-x0)
	}
	deadline := w.Deadline.Hours()
	horizon := float64(nInt) * dt
	ok := true
	var longest float64
	check := func(t, due float64) {
		if t < 0 || t+deadline > horizon {
			return
		}
		need := arrAt(t)
		if depAt(t+due) < need-1e-9*math.Max(1, need) {
			ok = false
		}
		// When is need done? Search the departures (monotone) for the first time ≥ t.
		lo, hi := t, horizon
		if depAt(hi) < need-1e-9*math.Max(1, need) {
			longest = math.Inf(1)
			return
		}
		for i := 0; i < 50; i++ {
			mid := (lo + hi) / 2
			if depAt(mid) >= need-1e-9*math.Max(1, need) {
				hi = mid
			} else {
				lo = mid
			}
		}
		longest = math.Max(longest, hi-t)
	}
	// The initial backlog is due Deadline − Age after the start.
	if A[0] > 0 {
		check(0, deadline-w.Age.Hours())
	}
	for k := 0; k <= nInt; k++ {
		t := float64(k) * dt
		check(t, deadline)
		check(t-deadline, deadline)
	}
	if math.IsInf(longest, 1) {
		return time.Duration(math.MaxInt64), false
	}
	return time.Duration(longest * float64(time.Hour)), ok
}
