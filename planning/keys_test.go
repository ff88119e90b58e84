package planning

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
)

func small(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestSet(t *testing.T) {
	tests := []struct {
		key   string
		v     float64
		check func(*scenarios.Scenario) bool
	}{
		{"agents.tier1.count", 7, func(s *scenarios.Scenario) bool { return s.Agents[0].Count == 7 && s.Agents[0].Schedule == nil }},
		{"agents[1].count", 3, func(s *scenarios.Scenario) bool { return s.Agents[1].Count == 3 && s.Agents[1].Schedule == nil }},
		{"agents[0].concurrency", 4, func(s *scenarios.Scenario) bool { return s.Agents[0].Concurrency == 4 }},
		{"agents.specialists.schedule.scale", 2, func(s *scenarios.Scenario) bool {
			return s.Agents[1].Schedule[0].Count == 2 && s.Agents[1].Schedule[1].Count == 4
		}},
		{"bot.threshold", 0.55, func(s *scenarios.Scenario) bool { return s.Bot.Threshold == 0.55 }},
		{"bot.max_turns", 4, func(s *scenarios.Scenario) bool { return s.Bot.MaxTurns == 4 }},
		{"arrivals.scale", 2, func(s *scenarios.Scenario) bool {
			return s.Arrivals[0].Rate == 2*60.0/3600 && s.Arrivals[1].Rate == 2*30.0/3600
		}},
		{"arrivals.web.scale", 0.5, func(s *scenarios.Scenario) bool { return s.Arrivals[1].Rate == 15.0/3600 }},
		{"arrivals[0].rate", 90, func(s *scenarios.Scenario) bool { return s.Arrivals[0].Rate == 90.0/3600 }},
		{"routing.push_timeout", 45, func(s *scenarios.Scenario) bool { return s.Routing.PushTimeout == 45*time.Second }},
		{"sla.target", 0.9, func(s *scenarios.Scenario) bool { return s.SLA.Target == 0.9 }},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			base := small(t)
			c := Clone(base)
			if err := Set(c, tt.key, tt.v); err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("%s=%v not applied", tt.key, tt.v)
			}
			if _, err := c.Model(); err != nil {
				t.Errorf("model: %v", err)
			}
			// The original is untouched.
			if base.Agents[0].Count != 4 || base.Bot.Threshold != 0.7 || base.Arrivals[0].Rate != 60.0/3600 || base.Agents[1].Schedule[1].Count != 2 {
				t.Error("Set changed the scenario it was cloned from")
			}
		})
	}
}

func TestSetRefuses(t *testing.T) {
	tests := []struct {
		key  string
		v    float64
		want string
	}{
		{"agents.tier9.count", 3, `no agent group named "tier9"`},
		{"agents[5].count", 3, "no agent group 5"},
		{"agents.tier1.count", 2.5, "must be an integer, got 2.5"},
		{"agents.tier1.colour", 1, "unknown agent group setting"},
		{"bot.threshold", 1.5, "must be between 0 and 1 (0% and 100%), got 1.5"},
		{"replications", 20000, "must be ≤ 10000 (got 20000)"},
		{"routing.push_timeout", -5, "must be ≥ 0 (got -5s)"},
		{"agents.scale", -1, "must be ≥ 0, got -1"},
		{"nonsense.key", 1, "unknown key"},
		{"arrivals.sms.scale", 2, `no arrival stream on channel "sms"`},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			err := Set(Clone(small(t)), tt.key, tt.v)
			var ke *KeyError
			if !errors.As(err, &ke) || ke.Key != tt.key || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Set(%s=%v) = %v, want a KeyError naming the key with %q", tt.key, tt.v, err, tt.want)
			}
		})
	}
}

func TestParseAxis(t *testing.T) {
	tests := []struct {
		in   string
		key  string
		want []float64
	}{
		{"agents.tier1.count=6..10:2", "agents.tier1.count", []float64{6, 8, 10}},
		{"agents.tier1.count=6..8", "agents.tier1.count", []float64{6, 7, 8}},
		{"bot.threshold=0.1..0.4:0.1", "bot.threshold", []float64{0.1, 0.2, 0.3, 0.4}},
		{"routing.push_timeout=10s..30s:10s", "routing.push_timeout", []float64{10, 20, 30}},
		{"sla.target=70%,80%", "sla.target", []float64{0.7, 0.8}},
		{"arrivals.scale=1.5", "arrivals.scale", []float64{1.5}},
	}
	for _, tt := range tests {
		ax, err := ParseAxis(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if ax.Key != tt.key || len(ax.Values) != len(tt.want) {
			t.Errorf("%s: got %s=%v", tt.in, ax.Key, ax.Values)
			continue
		}
		for i := range tt.want {
			if ax.Values[i] != tt.want[i] {
				t.Errorf("%s: got %v, want %v", tt.in, ax.Values, tt.want)
				break
			}
		}
	}
	for _, bad := range []string{"novalue", "=1..2", "k=2..1", "k=1..2:0", "k=a..b", "k=1..1000000:0.001"} {
		if _, err := ParseAxis(bad); err == nil {
			t.Errorf("ParseAxis(%q) accepted", bad)
		}
	}
}

func TestGridOrderAndPlanErrors(t *testing.T) {
	pts, err := Grid([]Axis{{Key: "a", Values: []float64{1, 2}}, {Key: "b", Values: []float64{10, 20, 30}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 6 || pts[0][0] != 1 || pts[0][1] != 10 || pts[1][1] != 20 || pts[3][0] != 2 {
		t.Errorf("grid %v: want the last axis fastest", pts)
	}
	_, err = PlanSweep(small(t), []Axis{{Key: "agents.nobody.count", Values: []float64{1}}})
	var ke *KeyError
	if !errors.As(err, &ke) || ke.Key != "agents.nobody.count" {
		t.Errorf("PlanSweep with an unknown group: %v", err)
	}
}

// TestSetThenValidate: a value Set accepts but the scenario as a whole refuses (a
// concurrency below a channel's cost) fails scenarios.Validate with the loader's
// error for that value in the file, at the same position; a value whose own rule
// fails is refused by Set with the loader's message.
func TestSetThenValidate(t *testing.T) {
	const text = `version: 1
horizon: 8h
channels: {web: {cost: 2}}
arrivals: [{channel: web, rate: 60/h}]
agents:
  - {name: pool, count: 5, concurrency: 2, response_time: {dist: exponential, mean: 2m}}
`
	base, err := scenarios.Parse("set.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	c := Clone(base)
	if err := Set(c, "agents.pool.concurrency", 1); err != nil {
		t.Fatal(err)
	}
	_, want := scenarios.Parse("set.yaml", []byte(strings.Replace(text, "concurrency: 2", "concurrency: 1", 1)))
	got := scenarios.Validate(c)
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Errorf("Validate after Set:\n%v\nthe loader on the same value:\n%v", got, want)
	}
	if err := scenarios.Validate(base); err != nil {
		t.Errorf("Set changed the scenario it was cloned from: %v", err)
	}

	_, want = scenarios.Parse("set.yaml", []byte(strings.Replace(text, "count: 5", "count: 5.5", 1)))
	err = Set(Clone(base), "agents.pool.count", 5.5)
	var list *scenarios.ErrorList
	if !errors.As(want, &list) || err == nil || err.Error() != "agents.pool.count: "+list.Errors[0].Msg {
		t.Errorf("Set(count=5.5) = %v; the loader says %v", err, want)
	}
}

// TestPlanSweepValidates: a sweep point whose settings the scenario as a whole
// refuses (capacity: status with inactive_after 0, a concurrency below the
// channel's cost) fails PlanSweep with the loader's error for those values in
// the file — file:line:col, path and message — naming the point; the points
// before it are fine, and a sweep of valid points plans.
func TestPlanSweepValidates(t *testing.T) {
	const text = `version: 1
horizon: 8h
replications: 2
channels: {web: {cost: 2}}
arrivals: [{channel: web, rate: 60/h}]
agents:
  - {name: pool, count: 5, concurrency: 2, response_time: {dist: exponential, mean: 2m}}
routing: {capacity: status, inactive_after: 5m}
`
	base, err := scenarios.Parse("sweep.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		axis      Axis
		label     string
		old, with string // the file with the refused point's value
	}{
		{Axis{Key: "routing.inactive_after", Values: []float64{600, 0}}, "routing.inactive_after=0", "inactive_after: 5m", "inactive_after: 0"},
		{Axis{Key: "agents.pool.concurrency", Values: []float64{3, 1}}, "agents.pool.concurrency=1", "concurrency: 2", "concurrency: 1"},
	} {
		_, want := scenarios.Parse("sweep.yaml", []byte(strings.Replace(text, tc.old, tc.with, 1)))
		var list *scenarios.ErrorList
		if !errors.As(want, &list) {
			t.Fatalf("%s: the loader accepts the refused value: %v", tc.label, want)
		}
		_, err := PlanSweep(base, []Axis{tc.axis})
		var got *scenarios.ErrorList
		if !errors.As(err, &got) || err.Error() != "at "+tc.label+": "+want.Error() {
			t.Errorf("PlanSweep over %s:\n%v\nwant at %s: and the loader's\n%v", tc.axis.Key, err, tc.label, want)
		}
		if !strings.HasPrefix(list.Errors[0].Error(), "sweep.yaml:") || list.Errors[0].Line < 2 {
			t.Errorf("%s: the loader's error has no position: %v", tc.label, list.Errors[0])
		}
	}
	plan, err := PlanSweep(base, []Axis{{Key: "routing.inactive_after", Values: []float64{60, 600}}})
	if err != nil || len(plan.Models) != 2 {
		t.Fatalf("a sweep of valid points: %v", err)
	}
}

// TestKeysAllSettable: Keys are the registry's sweepable keys and planning's scale
// factors, and Set accepts each of them on a scenario that has what they name.
func TestKeysAllSettable(t *testing.T) {
	for _, k := range scenarios.SweepKeys() {
		if !slices.Contains(Keys, k) {
			t.Errorf("the registry's sweepable key %s is not in Keys", k)
		}
	}
	fill := strings.NewReplacer("NAME", "tier1", "CHANNEL", "whatsapp", "INTENT", "order_status", "[i]", "[0]")
	for _, k := range Keys {
		key := fill.Replace(k)
		c := Clone(small(t))
		if err := Set(c, key, 1); err != nil {
			t.Errorf("Set(%s=1): %v", key, err)
			continue
		}
		if err := scenarios.Validate(c); err != nil {
			t.Errorf("after Set(%s=1): %v", key, err)
		}
	}
}
