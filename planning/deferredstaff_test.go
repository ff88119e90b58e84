package planning

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// TestStaffDeferredBacklogOnly: a channel planned as deferred work whose only
// work is a start-of-day backlog is staffed at the fewest agents that clear it
// within the deadline: the fluid minimum equals the work-conservation bound
// (work ÷ (max occupancy × hours present before the deadline)), the head count
// is its ceiling, and one agent less does not clear it. With working hours
// (the team on the floor 08:00–16:00) only those hours count.
func TestStaffDeferredBacklogOnly(t *testing.T) {
	for _, tc := range []struct {
		name     string
		schedule []scenarios.ScheduleEntry
		present  float64 // hours present within the 24 h deadline
	}{
		{"always present", nil, 24},
		{"08:00-16:00", []scenarios.ScheduleEntry{{At: 0, Count: 0}, {At: 8 * time.Hour, Count: 5}, {At: 16 * time.Hour, Count: 0}}, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := scenarios.Load("testdata/deferred-backlog.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if tc.schedule != nil {
				sc.Agents[0].Count, sc.Agents[0].Schedule = 0, tc.schedule
			}
			res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: 0.8}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Deferred) != 1 {
				t.Fatalf("deferred %+v, want the web channel", res.Deferred)
			}
			d := res.Deferred[0]
			bound := 1000 * 0.1 / (0.85 * tc.present)
			t.Logf("%s: %d agents, fluid %.4f, bound %.4f (analytic %.4f), longest %v", tc.name, d.Plan.Agents, d.Plan.Fluid, d.Bound, bound, d.Plan.Longest)
			if d.Channel != "web" || d.Group != "backoffice" || d.Work != 6*time.Minute || d.Initial != 1000 || d.Within != 24*time.Hour {
				t.Errorf("workload %+v", d)
			}
			if math.Abs(d.Bound-bound) > 1e-9*bound {
				t.Errorf("bound %v, want %v", d.Bound, bound)
			}
			if math.Abs(d.Plan.Fluid-bound) > 1e-6*bound {
				t.Errorf("fluid minimum %v, want the bound %v (a backlog alone: nothing else binds)", d.Plan.Fluid, bound)
			}
			if want := int(math.Ceil(bound)); d.Plan.Agents != want {
				t.Errorf("%d agents, want ⌈%.3f⌉ = %d", d.Plan.Agents, bound, want)
			}
			if d.Plan.Longest > 24*time.Hour {
				t.Errorf("longest %v beyond the 24 h deadline", d.Plan.Longest)
			}
			// One agent less misses the deadline.
			_, w, err := deferredWork(sc, mustModel(t, sc), &sc.Channels[0])
			if err != nil {
				t.Fatal(err)
			}
			if w.Feasible(float64(d.Plan.Agents - 1)) {
				t.Errorf("%d agents clear it too: not the minimum", d.Plan.Agents-1)
			}
			// No interval needs an agent: the backlog is not an interval service level.
			for _, is := range res.Intervals {
				if is.Agents[0] != 0 {
					t.Errorf("%s: %d interval agents for deferred work", is.Start, is.Agents[0])
				}
			}
			if !res.Met {
				t.Error("not met")
			}
			var js bytes.Buffer
			if err := res.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			var out struct {
				Deferred []struct {
					Channel string  `json:"channel"`
					Agents  int     `json:"agents"`
					Bound   float64 `json:"bound_agents"`
				} `json:"deferred"`
			}
			if err := json.Unmarshal(js.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			if len(out.Deferred) != 1 || out.Deferred[0].Agents != d.Plan.Agents || out.Deferred[0].Channel != "web" {
				t.Errorf("JSON deferred %+v", out.Deferred)
			}
			var text bytes.Buffer
			if err := res.Write(&text, "text"); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text.String(), "Deferred work") {
				t.Errorf("text lacks the deferred section:\n%s", text.String())
			}
		})
	}
}

// TestStaffDeferredLeavesTheIntervals: a deferred channel beside a live one is
// not simulated in the interval search (its arrivals and backlog taken out),
// and a scenario without deferred channels is staffed from itself unchanged.
func TestStaffDeferredLeavesTheIntervals(t *testing.T) {
	sc, err := scenarios.Load("testdata/deferred-backlog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Channels = append(sc.Channels, scenarios.Channel{Name: "sms"})
	sc.Arrivals = append(sc.Arrivals, scenarios.Arrival{Channel: "sms", Rate: 30.0 / 3600})
	sc.Arrivals[0].Rate = 100.0 / 3600 // web: 100/h deferred
	live := withoutDeferred(sc)
	if live.Arrivals[0].Rate != 0 || live.Arrivals[1].Rate != 30.0/3600 || len(live.Initial) != 0 {
		t.Errorf("without deferred: arrivals %+v, initial %+v", live.Arrivals, live.Initial)
	}
	if sc.Arrivals[0].Rate == 0 || len(sc.Initial) != 1 {
		t.Error("withoutDeferred changed its input")
	}
	sc.Channels[0].Deferred = nil
	if withoutDeferred(sc) != sc {
		t.Error("a scenario without deferred channels is copied")
	}
}

func mustModel(t *testing.T, sc *scenarios.Scenario) *sim.Model {
	t.Helper()
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
