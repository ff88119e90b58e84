package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// setBase is a valid scenario whose values the tests below change, in the struct
// and in the text.
const setBase = `version: 1
horizon: 8h
replications: 4
sla: {within: 60s, target: 80%}
channels: {web: {cost: 2}}
arrivals:
  - channel: web
    rate: 60/h
bot: {threshold: 0.7, max_turns: 2, intents: {billing: {resolvable: 0.8, confidence: {dist: beta, alpha: 8, beta: 2}}}}
agents:
  - name: pool
    count: 5
    concurrency: 2
    concurrency_penalty: 0.1
    wrap_up: 30s
    response_time: {dist: exponential, mean: 2m}
routing: {model: least_active, push_timeout: 20s, decline: 0.1}
`

func loadSetBase(t *testing.T, text string) (*Scenario, error) {
	t.Helper()
	return Parse("base.yaml", []byte(text))
}

// TestValidateAfterChange: a scenario changed after loading fails Validate with the
// loader's error for the same value written in the file, at the same position:
// range rules of the registry and cross-field checks alike.
func TestValidateAfterChange(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		change   func(*Scenario)
	}{
		{"share above 1", "target: 80%", "target: 1.5", func(s *Scenario) { s.SLA.Target = 1.5 }},
		{"replications 0", "replications: 4", "replications: 0", func(s *Scenario) { s.Replications = 0 }},
		{"negative push timeout", "push_timeout: 20s", "push_timeout: -5s", func(s *Scenario) { s.Routing.PushTimeout = -5 * time.Second }},
		{"within 0", "within: 60s", "within: 0s", func(s *Scenario) { s.SLA.Within = 0 }},
		{"max turns 0", "max_turns: 2", "max_turns: 0", func(s *Scenario) { s.Bot.MaxTurns = 0 }},
		{"negative penalty", "concurrency_penalty: 0.1", "concurrency_penalty: -0.5", func(s *Scenario) { s.Agents[0].ConcurrencyPenalty = -0.5 }},
		{"concurrency above the limit", "concurrency: 2", "concurrency: 5000", func(s *Scenario) { s.Agents[0].Concurrency = 5000 }},
		{"cost above concurrency", "concurrency: 2", "concurrency: 1", func(s *Scenario) { s.Agents[0].Concurrency = 1 }},
		{"unknown routing model", "model: least_active", "model: fastest", func(s *Scenario) { s.Routing.Model = "fastest" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := loadSetBase(t, setBase)
			if err != nil {
				t.Fatal(err)
			}
			if err := Validate(s); err != nil {
				t.Fatalf("the base fails Validate: %v", err)
			}
			text := strings.Replace(setBase, tt.old, tt.new, 1)
			_, want := loadSetBase(t, text)
			if want == nil {
				t.Fatalf("the loader accepts %q", tt.new)
			}
			tt.change(s)
			got := Validate(s)
			if got == nil || got.Error() != want.Error() {
				t.Errorf("Validate after the change:\n%v\nthe loader on the changed file:\n%v", got, want)
			}
		})
	}
}

// TestSetValueMatchesLoader: SetValue refuses a value with the loader's message for
// that value in the file, and leaves the scenario as it was.
func TestSetValueMatchesLoader(t *testing.T) {
	tests := []struct {
		path     string
		v        float64
		old, new string
	}{
		{"sla.target", 1.5, "target: 80%", "target: 1.5"},
		{"sla.within", -5, "within: 60s", "within: -5s"},
		{"replications", 20000, "replications: 4", "replications: 20000"},
		{"replications", 0, "replications: 4", "replications: 0"},
		{"bot.max_turns", 0, "max_turns: 2", "max_turns: 0"},
		{"bot.intents.billing.resolvable", -0.1, "resolvable: 0.8", "resolvable: -0.1"},
		{"agents[0].count", 2.5, "count: 5", "count: 2.5"},
		{"agents[0].count", -1, "count: 5", "count: -1"},
		{"agents[0].concurrency_penalty", -1, "concurrency_penalty: 0.1", "concurrency_penalty: -1"},
		{"agents[0].wrap_up", -30, "wrap_up: 30s", "wrap_up: -30s"},
		{"arrivals[0].rate", -60, "rate: 60/h", "rate: -60/h"},
		{"routing.push_timeout", -90, "push_timeout: 20s", "push_timeout: -1m30s"},
		{"routing.decline", 2, "decline: 0.1", "decline: 2"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s, err := loadSetBase(t, setBase)
			if err != nil {
				t.Fatal(err)
			}
			_, yamlErr := loadSetBase(t, strings.Replace(setBase, tt.old, tt.new, 1))
			var list *ErrorList
			if !errors.As(yamlErr, &list) || len(list.Errors) == 0 {
				t.Fatalf("the loader accepts %q: %v", tt.new, yamlErr)
			}
			want := list.Errors[0].Msg
			err = SetValue(s, tt.path, tt.v)
			if err == nil || err.Error() != want {
				t.Errorf("SetValue(%s, %g) = %v, want %q", tt.path, tt.v, err, want)
			}
			if err := Validate(s); err != nil {
				t.Errorf("a refused value changed the scenario: %v", err)
			}
		})
	}
}

// TestSetValue: every sweepable key is set, in the unit SetValue takes.
func TestSetValue(t *testing.T) {
	s, err := loadSetBase(t, setBase)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path  string
		v     float64
		check func() bool
	}{
		{"replications", 7, func() bool { return s.Replications == 7 }},
		{"sla.within", 90, func() bool { return s.SLA.Within == 90*time.Second }},
		{"sla.target", 0.9, func() bool { return s.SLA.Target == 0.9 }},
		{"arrivals[0].rate", 120, func() bool { return s.Arrivals[0].Rate == 120.0/3600 }},
		{"bot.threshold", 0.5, func() bool { return s.Bot.Threshold == 0.5 }},
		{"bot.intents.billing.resolvable", 0.6, func() bool { return s.Bot.Intents[0].Resolvable == 0.6 }},
		{"agents[0].count", 9, func() bool { return s.Agents[0].Count == 9 }},
		{"agents[0].concurrency", 3, func() bool { return s.Agents[0].Concurrency == 3 }},
		{"routing.push_timeout", 45, func() bool { return s.Routing.PushTimeout == 45*time.Second }},
	}
	for _, tt := range tests {
		if err := SetValue(s, tt.path, tt.v); err != nil || !tt.check() {
			t.Errorf("SetValue(%s, %g) = %v; set: %v", tt.path, tt.v, err, tt.check())
		}
	}
	for _, path := range []string{"horizon", "agents[3].count", "bot.intents.nobody.resolvable", "customers.pause", "nonsense"} {
		if err := SetValue(s, path, 1); !errors.Is(err, ErrNotSweepable) {
			t.Errorf("SetValue(%s) = %v, want ErrNotSweepable", path, err)
		}
	}
	if err := Validate(s); err != nil {
		t.Errorf("after good values: %v", err)
	}
}

// TestValidateValidFiles: Validate accepts every scenario the loader accepts.
func TestValidateValidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	examples, _ := filepath.Glob("examples/*.yaml")
	for _, f := range append(append(files, examples...), "default.yaml") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(f, data)
		if err != nil {
			continue
		}
		if err := Validate(s); err != nil {
			t.Errorf("%s: loads, but Validate says: %v", f, err)
		}
	}
}

// FuzzSetValue: whatever the path and value, SetValue does not panic, a refused
// value leaves the scenario valid, and Validate runs on what it set.
func FuzzSetValue(f *testing.F) {
	for _, k := range SweepKeys() {
		f.Add(strings.NewReplacer("NAME", "pool", "[i]", "[0]", "INTENT", "billing").Replace(k), 1.5)
	}
	f.Add("agents[0].count", -3.0)
	f.Add("agents[9].count", 1e300)
	f.Fuzz(func(t *testing.T, path string, v float64) {
		s, err := Parse("base.yaml", []byte(setBase))
		if err != nil {
			t.Fatal(err)
		}
		if err := SetValue(s, path, v); err != nil {
			if err := Validate(s); err != nil {
				t.Fatalf("SetValue(%q, %g) refused the value but changed the scenario: %v", path, v, err)
			}
			return
		}
		_ = Validate(s)
	})
}
