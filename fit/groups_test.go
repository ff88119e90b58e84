package fit

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/scenarios"
)

// TestRoundTripGroups: a log of two agent groups serving disjoint queues
// (billing and technical intents, each group skilled in one, one on a shift
// schedule) is fitted back to two groups with their agents, queues, rules,
// schedules and concurrency exactly as the scenario has them, and every other
// fitted parameter lies within its interval of the true value (verify); the
// scenario written loads with the same groups, schedules and skills.
func TestRoundTripGroups(t *testing.T) {
	const file = "testdata/two-groups.yaml"
	d, _ := simulate(t, file)
	r := Fit(d, Options{Name: "rt"})
	verify(t, r, d, []check{
		{name: "web rate /h", truth: 60, got: rate("web")},
		{name: "intent billing", truth: 0.6, got: shareOf(intents, "web", "billing")},
		{name: "messages mean", truth: 3, got: messages},
		{name: "pause median", truth: 40, family: "lognormal", sample: pauses, cen: pauseCens},
		{name: "pause sigma", truth: 0.8, family: "lognormal", sample: pauses, cen: pauseCens},
		{name: "patience mean", truth: 240, family: "exponential", sample: patience, cen: patCens},
		{name: "response median", truth: 50, got: func(r *Result, _ *Data) Param { return r.Response.Param("median") }},
		{name: "response sigma", truth: 0.5, got: func(r *Result, _ *Data) Param { return r.Response.Param("sigma") }},
	})
	want := []GroupFit{
		{Name: "billing", Agents: 4, Queues: []string{"billing"}, Intents: []string{"billing"}, Concurrency: 2,
			Schedule: []ScheduleStep{{At: 0, Count: 2, Mean: 2}, {At: 8 * 3600e9, Count: 4, Mean: 4}, {At: 18 * 3600e9, Count: 3, Mean: 3}}},
		{Name: "technical", Agents: 3, Queues: []string{"technical"}, Intents: []string{"technical"}, Concurrency: 2,
			Schedule: []ScheduleStep{{At: 0, Count: 3, Mean: 3}}},
	}
	if len(r.Groups) != len(want) {
		t.Fatalf("fitted %d agent groups, want %d: %+v", len(r.Groups), len(want), r.Groups)
	}
	for i, g := range r.Groups {
		for j := range g.Schedule { // means of whole agents online: exact up to rounding
			if m := g.Schedule[j].Mean; m-float64(g.Schedule[j].Count) > 1e-9 || float64(g.Schedule[j].Count)-m > 1e-9 {
				t.Errorf("group %s at %v: mean online %v, want a whole %d", g.Name, g.Schedule[j].At, m, g.Schedule[j].Count)
			}
			g.Schedule[j].Mean = float64(g.Schedule[j].Count)
		}
		if !reflect.DeepEqual(g, want[i]) {
			t.Errorf("group %d:\n got %+v\nwant %+v", i, g, want[i])
		}
	}
	wantRules := []RuleFit{{Intent: "billing", Queue: "billing", Share: 1}, {Intent: "technical", Queue: "technical", Share: 1}}
	if !reflect.DeepEqual(r.Rules, wantRules) {
		t.Errorf("rules %+v, want %+v", r.Rules, wantRules)
	}
	var text bytes.Buffer
	if err := NewReport(r, &eventlog.Problems{}).WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"group billing: 4 agents, queues billing, intents billing, concurrency 2", "group technical: 3 agents, queues technical, intents technical, concurrency 2"} {
		if !strings.Contains(text.String(), line) {
			t.Errorf("the fit report lacks %q:\n%s", line, text.String())
		}
	}
	fitted, written := loadWritten(t, r)
	if _, err := fitted.Model(); err != nil {
		t.Fatalf("the fitted scenario does not build: %v", err)
	}
	truth, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	staffing := func(sc *scenarios.Scenario) string {
		s := ""
		for _, g := range sc.Agents {
			s += fmt.Sprintf("%s count=%d schedule=%v concurrency=%d skills=%v; ", g.Name, g.Count, g.Schedule, g.Concurrency, g.Skills)
		}
		return s
	}
	if got, want := staffing(fitted), staffing(truth); got != want {
		t.Errorf("fitted agent groups\n %s\nwant\n %s", got, want)
	}
	if len(fitted.Routing.Queues) != 2 || len(fitted.Routing.Rules) != 2 {
		t.Errorf("fitted %d queues and %d rules, want 2 and 2:\n%s", len(fitted.Routing.Queues), len(fitted.Routing.Rules), written)
	}
}
