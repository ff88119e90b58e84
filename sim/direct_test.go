package sim_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// These tests build sim.Model values in Go and read sim.Result tallies: they need
// neither the scenario loader nor package reports, so a change to either cannot
// hide a change of the simulator.

// queueModel is one web queue: 60 conversations an hour, two messages each,
// agents answering in a mean of 40 s, with the given head count and patience
// (0: none).
func queueModel(agents int, patience time.Duration) *sim.Model {
	m := &sim.Model{
		Name: "direct", Seed: 11, Horizon: 12 * time.Hour, Interval: time.Hour, Replications: 3, SLAWithin: 30 * time.Second,
		Channels: []sim.Channel{{Name: "web", Units: 1}},
		Arrivals: []sim.Arrival{{Channel: 0, Rate: sim.Constant(60.0 / 3600), Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages: dist.Constant(2),
		Pause:    dist.Exponential(30),
		Groups: []sim.Group{{Name: "pool", Staff: sim.Constant(float64(agents)), Concurrency: 1,
			ResponseTime: dist.Exponential(40)}},
		Routing: router.Config{Model: router.LeastActive},
	}
	if patience > 0 {
		p := dist.Exponential(patience.Seconds())
		m.Patience = &p
	}
	return m
}

// withBot adds a bot whose every confidence is conf, resolving a share resolvable
// of what it tries.
func withBot(m *sim.Model, threshold, conf, resolvable, askAgent float64) *sim.Model {
	m.Bot = &sim.Bot{Threshold: threshold, MaxTurns: 2, AskAgent: askAgent, Latency: dist.Constant(1),
		Intents: []sim.BotIntent{{Intent: "general", Resolvable: resolvable, Confidence: dist.Constant(conf)}}}
	return m
}

func runAll(t *testing.T, m *sim.Model, workers int) []*sim.Result {
	t.Helper()
	res, err := sim.RunReplications(m, sim.AllReplications(m), workers, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestTalliesOfDirectModels: the counts that follow from a model's rules, exactly,
// in every scope of every replication.
func TestTalliesOfDirectModels(t *testing.T) {
	cases := []struct {
		name  string
		model *sim.Model
		check func(t *testing.T, s *sim.Tally)
	}{
		{"plenty of agents: nobody waits", queueModel(40, 0), func(t *testing.T, s *sim.Tally) {
			if s.Waited != 0 || s.WithinSLA != s.Handled || s.Abandoned != 0 {
				t.Errorf("waited %d, within SLA %d of %d handled, abandoned %d", s.Waited, s.WithinSLA, s.Handled, s.Abandoned)
			}
		}},
		{"no patience: nobody abandons", queueModel(1, 0), func(t *testing.T, s *sim.Tally) {
			if s.Abandoned != 0 || s.AbandonWaitSeconds != 0 {
				t.Errorf("abandoned %d after %v s", s.Abandoned, s.AbandonWaitSeconds)
			}
		}},
		{"one agent, short patience: waits and abandons", queueModel(1, 20*time.Second), func(t *testing.T, s *sim.Tally) {
			if s.Offered > 50 && (s.Waited == 0 || s.Abandoned == 0) {
				t.Errorf("waited %d, abandoned %d, within SLA %d of %d handled", s.Waited, s.Abandoned, s.WithinSLA, s.Handled)
			}
		}},
		{"a bot that resolves everything", withBot(queueModel(2, 0), 0.5, 0.9, 1.0/0.9, 0), func(t *testing.T, s *sim.Tally) {
			if s.BotEntered != s.Offered || s.BotContained != s.Offered || s.Routed != 0 {
				t.Errorf("entered %d, contained %d, routed %d of %d offered", s.BotEntered, s.BotContained, s.Routed, s.Offered)
			}
		}},
		{"a bot below its threshold hands everyone off", withBot(queueModel(2, 0), 0.6, 0.5, 1, 0), func(t *testing.T, s *sim.Tally) {
			if s.BotLowConfidence != s.BotEntered || s.BotContained != 0 || s.Routed != s.Offered {
				t.Errorf("low confidence %d of %d entered, contained %d, routed %d of %d", s.BotLowConfidence, s.BotEntered, s.BotContained, s.Routed, s.Offered)
			}
		}},
		{"everyone asks for an agent", withBot(queueModel(2, 0), 0.5, 0.9, 1, 1), func(t *testing.T, s *sim.Tally) {
			if s.BotAsked != s.BotEntered || s.BotContained != 0 || s.BotMaxTurns != 0 {
				t.Errorf("asked %d of %d, contained %d, max turns %d", s.BotAsked, s.BotEntered, s.BotContained, s.BotMaxTurns)
			}
		}},
		{"a bot that never resolves fails after max turns", withBot(queueModel(2, 0), 0.5, 0.9, 0, 0), func(t *testing.T, s *sim.Tally) {
			if s.BotMaxTurns != s.BotEntered || s.BotContained != 0 {
				t.Errorf("max turns %d of %d entered, contained %d", s.BotMaxTurns, s.BotEntered, s.BotContained)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runAll(t, c.model, 0)
			offered := int64(0)
			for _, r := range res {
				offered += r.Total.Offered
				scopes := append([]sim.Tally{r.Total}, r.ByChannel...)
				scopes = append(scopes, r.ByInterval...)
				for i := range scopes {
					s := &scopes[i]
					if s.Offered != s.BotContained+s.Routed || s.Routed != s.Handled+s.Abandoned+s.Unserved {
						t.Errorf("replication %d scope %d: offered %d, contained %d, routed %d, handled %d, abandoned %d, unserved %d",
							r.Replication, i, s.Offered, s.BotContained, s.Routed, s.Handled, s.Abandoned, s.Unserved)
					}
					c.check(t, s)
				}
			}
			// 60 an hour for 12 hours in 3 replications: about 2,160.
			if offered < 1500 {
				t.Errorf("%d conversations offered in all, want about 2,160", offered)
			}
		})
	}
}

// TestDirectModelDeterminism: the same model and seed give the same tallies,
// whatever the number of workers; another seed gives others.
func TestDirectModelDeterminism(t *testing.T) {
	m := withBot(queueModel(3, 3*time.Minute), 0.5, 0.9, 0.6, 0.1)
	one, four := runAll(t, m, 1), runAll(t, m, 4)
	for i := range one {
		one[i].Events, four[i].Events = 0, 0 // a benchmark counter, not a result
		if !reflect.DeepEqual(one[i], four[i]) {
			t.Errorf("replication %d differs between 1 and 4 workers", i)
		}
	}
	m.Seed++
	other := runAll(t, m, 0)
	if other[0].Total.Offered == one[0].Total.Offered && other[0].Total.WaitSeconds == one[0].Total.WaitSeconds {
		t.Error("another seed gives the same replication")
	}
}
