package planning

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// emailDay: 30 items an hour from 08:00 to 20:00, 5 an hour otherwise.
func emailDay() []float64 {
	a := make([]float64, 24)
	for h := range a {
		a[h] = 5
		if h >= 8 && h < 20 {
			a[h] = 30
		}
	}
	return a
}

// fluidBound is the work-conservation bound, computed independently of
// PlanDeferred's fluid run: work arriving in (s, t] must be done in (s, t +
// deadline], so N ≥ W(s, t] ÷ (occupancy × present hours in (s, t + deadline]) for
// every s < t, and N ≥ the period's work ÷ its capacity (longer windows add whole
// periods, which the mean bound covers). In steady state windows up to a period
// suffice; on the interval grid the bound is attained at grid points.
func fluidBound(w DeferredWork) float64 {
	p := len(w.Arrivals)
	dl := int(w.Deadline / w.Interval)
	h := w.Interval.Hours()
	present := func(k int) float64 { return w.avail(((k%p)+p)%p) * h }
	var work, capa float64
	for k := 0; k < p; k++ {
		work += w.Arrivals[k] * w.Work.Hours()
		capa += w.occ() * present(k)
	}
	bound := work / capa
	for s := 0; s < p; s++ {
		var W float64
		for t := s + 1; t <= s+p; t++ {
			W += w.Arrivals[(t-1)%p] * w.Work.Hours()
			var C float64
			for k := s; k < t+dl; k++ {
				C += w.occ() * present(k)
			}
			bound = math.Max(bound, W/C)
		}
	}
	return bound
}

func TestPlanDeferredFluidBound(t *testing.T) {
	office := make([]float64, 24) // agents present 09:00–17:00
	for h := 9; h < 17; h++ {
		office[h] = 1
	}
	tests := []struct {
		name string
		w    DeferredWork
	}{
		// 42 agent-hours a day: the mean binds, 42 / 24 / 0.85 = 2.06 → 3.
		{"email, 24 h, around the clock", DeferredWork{Interval: time.Hour, Arrivals: emailDay(), Work: 6 * time.Minute, Deadline: 24 * time.Hour, MaxOccupancy: 0.85}},
		// A tight deadline: the 12-hour peak binds, not the mean.
		{"email, 4 h", DeferredWork{Interval: time.Hour, Arrivals: emailDay(), Work: 6 * time.Minute, Deadline: 4 * time.Hour, MaxOccupancy: 0.85}},
		// Agents present 8 hours a day: 42 / 8 / 0.85 = 6.2.
		{"email, office hours", DeferredWork{Interval: time.Hour, Arrivals: emailDay(), Work: 6 * time.Minute, Deadline: 24 * time.Hour, MaxOccupancy: 0.85, Available: office}},
		// 36 h deadline over office hours: windows straddle two days.
		{"email, office hours, 36 h", DeferredWork{Interval: time.Hour, Arrivals: emailDay(), Work: 6 * time.Minute, Deadline: 36 * time.Hour, MaxOccupancy: 0.9, Available: office}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := PlanDeferred(tt.w)
			if err != nil {
				t.Fatal(err)
			}
			bound := fluidBound(tt.w)
			t.Logf("agents %d, fluid %.4f, bound %.4f, occupancy %.3f, longest %v", plan.Agents, plan.Fluid, bound, plan.Occupancy, plan.Longest)
			if math.Abs(plan.Fluid-bound) > 1e-6*bound {
				t.Errorf("fluid minimum %.6f, work-conservation bound %.6f", plan.Fluid, bound)
			}
			if plan.Agents != int(math.Ceil(bound-1e-9)) {
				t.Errorf("agents %d, want ⌈%.4f⌉", plan.Agents, bound)
			}
			if !tt.w.Feasible(float64(plan.Agents)) || tt.w.Feasible(float64(plan.Agents-1)) {
				t.Errorf("%d agents is not the minimum that clears the backlog in time", plan.Agents)
			}
			if plan.Longest > tt.w.Deadline {
				t.Errorf("longest completion %v beyond the deadline %v", plan.Longest, tt.w.Deadline)
			}
			if plan.Occupancy > tt.w.MaxOccupancy+1e-9 {
				t.Errorf("occupancy %.3f above the maximum %.2f", plan.Occupancy, tt.w.MaxOccupancy)
			}
		})
	}
}

// TestPlanDeferredInitialBacklog: a start-of-day backlog of 200 items (20
// agent-hours) already 20 h old is due within 4 h of the start, besides the day's
// work: 20 h of work in 4 h at 0.85 needs 20 / (4 × 0.85) = 5.9 → 6 agents.
func TestPlanDeferredInitialBacklog(t *testing.T) {
	w := DeferredWork{Interval: time.Hour, Arrivals: make([]float64, 24), Work: 6 * time.Minute, Deadline: 24 * time.Hour, MaxOccupancy: 0.85,
		Initial: 200, Age: 20 * time.Hour}
	plan, err := PlanDeferred(w)
	if err != nil {
		t.Fatal(err)
	}
	if want := 20 / (4 * 0.85); math.Abs(plan.Fluid-want) > 1e-6 || plan.Agents != 6 {
		t.Errorf("plan %+v, want fluid %.4f, 6 agents", plan, want)
	}
}

func TestPlanDeferredErrors(t *testing.T) {
	base := DeferredWork{Interval: time.Hour, Arrivals: emailDay(), Work: 6 * time.Minute, Deadline: 24 * time.Hour}
	for name, mod := range map[string]func(*DeferredWork){
		"deadline within the interval": func(w *DeferredWork) { w.Deadline = 30 * time.Minute },
		"no work per item":             func(w *DeferredWork) { w.Work = 0 },
		"occupancy above 1":            func(w *DeferredWork) { w.MaxOccupancy = 1.2 },
		"never present":                func(w *DeferredWork) { w.Available = make([]float64, 24) },
		"negative arrivals":            func(w *DeferredWork) { w.Arrivals = []float64{-1} },
	} {
		w := base
		mod(&w)
		if _, err := PlanDeferred(w); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestPlanDeferredSimulated: at full occupancy the plan for the email day is
// ⌈1.75⌉ = 2 agents. The simulator, with random arrivals and exponential
// handling, agrees: two agents answer practically every email within 24 h (a
// 24-hour first-response target, no calendar), one agent — below the fluid
// bound — falls further behind every day.
func TestPlanDeferredSimulated(t *testing.T) {
	w := DeferredWork{Interval: time.Hour, Arrivals: emailDay(), Work: 6 * time.Minute, Deadline: 24 * time.Hour, MaxOccupancy: 1}
	plan, err := PlanDeferred(w)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Agents != 2 {
		t.Fatalf("plan %+v, want 2 agents", plan)
	}
	sl := func(agents int) float64 {
		var pts []sim.DailyPoint
		for h, a := range emailDay() {
			pts = append(pts, sim.DailyPoint{At: time.Duration(h) * time.Hour, Value: a / 3600, Days: 0x7f})
		}
		m := &sim.Model{
			Name: "email", Seed: 21, Horizon: 10 * 24 * time.Hour, Warmup: 24 * time.Hour, Interval: time.Hour, Replications: 1, SLAWithin: time.Hour,
			FirstResponse: &sim.ResponseTarget{Within: w.Deadline, Target: 0.95},
			Channels:      []sim.Channel{{Name: "email", Units: 1}},
			Arrivals:      []sim.Arrival{{Channel: 0, Rate: sim.FromDaily(pts, 0x7f), Intents: sim.One("general"), Languages: sim.One("en")}},
			Messages:      dist.Constant(1),
			Pause:         dist.Constant(60),
			Groups:        []sim.Group{{Name: "back-office", Staff: sim.Constant(float64(agents)), Concurrency: 1, ResponseTime: dist.Exponential(w.Work.Seconds())}},
		}
		res, err := sim.Run(m, 0)
		if err != nil {
			t.Fatal(err)
		}
		return reports.FromResult(res).Total[metrics.Index("first_response_service_level")]
	}
	at, below := sl(plan.Agents), sl(plan.Agents-1)
	t.Logf("answered within 24 h: %.4f with %d agents, %.4f with %d", at, plan.Agents, below, plan.Agents-1)
	if at < 0.99 {
		t.Errorf("with the plan's %d agents only %.4f answered within 24 h", plan.Agents, at)
	}
	if below > 0.5 {
		t.Errorf("with %d agents, below the fluid bound, %.4f answered within 24 h", plan.Agents-1, below)
	}
}

// An email queue answered within 24 h, 42 agent-hours of work a day, agents at
// most 85 % occupied: 42 ÷ 24 ÷ 0.85 = 2.06 agents, so 3.
func ExamplePlanDeferred() {
	arrivals := make([]float64, 24)
	for h := range arrivals {
		arrivals[h] = 5
		if h >= 8 && h < 20 {
			arrivals[h] = 30
		}
	}
	plan, _ := PlanDeferred(DeferredWork{Interval: time.Hour, Arrivals: arrivals, Work: 6 * time.Minute,
		Deadline: 24 * time.Hour, MaxOccupancy: 0.85})
	fmt.Printf("%d agents (fluid minimum %.2f)\n", plan.Agents, plan.Fluid)
	// Output: 3 agents (fluid minimum 2.06)
}
