package roster

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// requireSolver skips a test that needs CBC when it is not installed, unless
// ROSTER_REQUIRE_SOLVER is set (make test sets it after installing CBC), in
// which case the missing solver fails the test.
func requireSolver(t testing.TB) {
	t.Helper()
	if err := Available(CBC{}); err != nil {
		if os.Getenv("ROSTER_REQUIRE_SOLVER") != "" {
			t.Fatalf("ROSTER_REQUIRE_SOLVER is set but: %v", err)
		}
		t.Skipf("skipping: %v (make test installs it)", err)
	}
}

func mustShifts(t *testing.T, yaml string) *Shifts {
	t.Helper()
	s, err := ParseShifts("shifts.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// oneDayInstance is a day's requirement on a 30-minute grid repeated on every
// day of the week, with shifts of 4, 6 and 8 hours (each at its own hourly
// cost) starting on any of 12 half hours from 06:00, worked 7 days a week: the
// week is then seven copies of the one-day covering problem.
func oneDayInstance(t *testing.T) (*Shifts, *Requirement, []int) {
	s := mustShifts(t, `
templates:
  - {name: short, starts: ["06:00-11:30/30m"], lengths: [4h], days: 7, cost_per_hour: 1.25}
  - {name: mid,   starts: ["06:00-11:30/30m"], lengths: [6h], days: 7, cost_per_hour: 1.0}
  - {name: long,  starts: ["06:00-11:30/30m"], lengths: [8h], days: 7, cost_per_hour: 0.875}
`)
	// 06:00–19:30, 27 half hours; a fixed, uneven curve of 0–3 agents.
	day := make([]int, 48)
	curve := []int{1, 1, 2, 2, 3, 2, 1, 0, 1, 2, 3, 3, 2, 2, 1, 1, 2, 3, 2, 1, 1, 0, 1, 2, 1, 1, 1}
	copy(day[12:], curve)
	req := &Requirement{Interval: 30 * time.Minute, Groups: []string{"tier1"}, Agents: [][]int{nil}}
	for d := 0; d < 7; d++ {
		req.Agents[0] = append(req.Agents[0], day...)
	}
	return s, req, day
}

// enumerateDay is the test's own exhaustive search of the one-day instance:
// for each start time in order, every count 0–3 of each length, pruned only
// by feasibility (a half hour before the next start that is still short can
// never be covered) and by the best cost found. Returns the least daily cost.
func enumerateDay(day []int) float64 {
	starts := make([]int, 12)
	for i := range starts {
		starts[i] = 12 + i
	}
	lengths := []int{8, 12, 16} // half hours
	cost := []float64{4 * 1.25, 6 * 1.0, 8 * 0.875}
	best := math.Inf(1)
	cover := make([]int, 48)
	var rec func(k int, c float64)
	rec = func(k int, c float64) {
		if c >= best-1e-9 {
			return
		}
		if k == len(starts) {
			for i, r := range day {
				if cover[i] < r {
					return
				}
			}
			best = c
			return
		}
		// Slots before this start can no longer be covered.
		for i := 0; i < starts[k]; i++ {
			if cover[i] < day[i] {
				return
			}
		}
		for a := 0; a <= 3; a++ {
			for b := 0; b <= 3; b++ {
				for e := 0; e <= 3; e++ {
					n := []int{a, b, e}
					for l, cnt := range n {
						for i := starts[k]; i < starts[k]+lengths[l]; i++ {
							cover[i] += cnt
						}
					}
					rec(k+1, c+float64(a)*cost[0]+float64(b)*cost[1]+float64(e)*cost[2])
					for l, cnt := range n {
						for i := starts[k]; i < starts[k]+lengths[l]; i++ {
							cover[i] -= cnt
						}
					}
				}
			}
		}
	}
	rec(0, 0)
	return best
}

func TestOptimumMatchesEnumeration(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: solves every enumerated instance with CBC; make test runs it in its first pass, without -race")
	}
	s, req, day := oneDayInstance(t)
	want := 7 * enumerateDay(day)
	if math.IsInf(want, 1) {
		t.Fatal("enumeration found no cover")
	}
	requireSolver(t)
	for _, solver := range []Solver{CBC{}, GLPK{}} {
		if solver.Name() == "glpsol" && Available(solver) != nil {
			continue // the alternative solver is optional
		}
		r, err := Solve(context.Background(), s, req, Options{Solver: solver})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Optimal {
			t.Errorf("%s: not optimal: %s", solver.Name(), r.Status)
		}
		if math.Abs(r.Cost-want) > 1e-6 {
			t.Errorf("%s: roster cost %v, enumeration's optimum %v", solver.Name(), r.Cost, want)
		}
		if len(r.Unmet) != 0 {
			t.Errorf("%s: unmet %v", solver.Name(), r.Unmet)
		}
		for i := range req.Agents[0] {
			if r.Rostered[0][i] < req.Agents[0][i] {
				t.Fatalf("%s: interval %d: rostered %d < required %d", solver.Name(), i, r.Rostered[0][i], req.Agents[0][i])
			}
		}
	}
}

// TestHeadcountCapReportsGap: with fewer heads than the peak needs, the roster
// uses every head and names the short intervals with the reason.
func TestHeadcountCapReportsGap(t *testing.T) {
	requireSolver(t)
	s, req, _ := oneDayInstance(t)
	s.Headcount = map[string]int{"tier1": 2}
	r, err := Solve(context.Background(), s, req, Options{})
	if err != nil {
		t.Fatal(err)
	}
	heads := r.Heads[0]
	if heads != 2 {
		t.Errorf("rostered %d heads, want the cap 2", heads)
	}
	if len(r.Unmet) == 0 {
		t.Fatal("a requirement of 3 with 2 heads must leave intervals unmet")
	}
	for _, u := range r.Unmet {
		if u.Required <= u.Rostered || !strings.Contains(u.Reason, "headcount 2") {
			t.Errorf("unmet %+v", u)
		}
	}
}
