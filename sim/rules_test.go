package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// splitModel: WhatsApp at 120 conversations an hour, half billing, half
// technical; two queues that both take WhatsApp, each requiring a skill only its
// own four agents have. Without rules every conversation goes to the first queue
// (the channel's); the rule sends the technical ones to the second.
func splitModel(rules []sim.RouteRule) *sim.Model {
	intents, _ := sim.NewCategorical([]string{"billing", "technical"}, []float64{0.5, 0.5})
	return &sim.Model{
		Name: "split", Seed: 17, Horizon: 400 * time.Hour, Warmup: 20 * time.Hour, Interval: time.Hour, Replications: 10,
		SLAWithin: 20 * time.Second,
		Channels:  []sim.Channel{{Name: "whatsapp", Units: 1}},
		Arrivals:  []sim.Arrival{{Channel: 0, Rate: sim.Constant(120.0 / 3600), Intents: intents, Languages: sim.One("en")}},
		Messages:  dist.Constant(1), Pause: dist.Constant(60),
		Groups: []sim.Group{
			{Name: "billing", Staff: sim.Constant(4), Concurrency: 1, ResponseTime: dist.Exponential(120), Skills: []int8{5, 0}},
			{Name: "tech", Staff: sim.Constant(4), Concurrency: 1, ResponseTime: dist.Exponential(120), Skills: []int8{0, 5}},
		},
		Skills: []string{"billing_queue", "tech_queue"},
		Routing: router.Config{Model: router.LeastActive, Queues: []router.QueueSpec{
			{Name: "billing", Channels: []int{0}, RequiredSkills: []router.SkillNeed{{Skill: 0, MinLevel: 1}}, OverflowTo: -1},
			{Name: "technical", Channels: []int{0}, RequiredSkills: []router.SkillNeed{{Skill: 1, MinLevel: 1}}, OverflowTo: -1},
		}},
		Rules: rules,
	}
}

// Routing rules: WhatsApp split by intent into two queues with their own agents is,
// per queue, the M/M/c queue of that queue alone — Erlang C at λ/2 = 60/h, AHT 2 min,
// 4 agents (ρ = 0.5) — within the run's CI (or 2 %, as TestErlangCFidelity).
// Without the rule the second queue gets nothing.
func TestRulesSplitChannelByIntent(t *testing.T) {
	rep := runReport(t, splitModel([]sim.RouteRule{{Channel: -1, Intent: "technical", Queue: 1}}))
	want, err := erlang.C(erlang.CInput{RatePerSecond: 60.0 / 3600, AHT: 2 * time.Minute, Agents: 4, Within: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	k := func(key string) int { return metrics.Index(key) }
	for q, name := range rep.Queues {
		s := rep.ByQueue[q]
		for _, c := range []struct {
			key  string
			want float64
		}{{"p_wait", want.PWait}, {"asa_seconds", want.ASASeconds}, {"service_level", want.ServiceLevel}} {
			got := s[k(c.key)]
			tol := math.Max(math.Max(got.CI95, 0.02*math.Abs(c.want)), 0.002)
			t.Logf("queue %s: %s = %.4f ± %.4f, Erlang C %.4f", name, c.key, got.Mean, got.CI95, c.want)
			if math.Abs(got.Mean-c.want) > tol {
				t.Errorf("queue %s: %s = %.4f ± %.4f, Erlang C for the queue alone %.4f", name, c.key, got.Mean, got.CI95, c.want)
			}
		}
		if r := s[k("routed")].Mean; math.Abs(r-60*400) > 5*math.Sqrt(60*400) {
			t.Errorf("queue %s routed %.0f, want about %d", name, r, 60*400)
		}
	}
	none := runReport(t, splitModel(nil))
	if r := none.ByQueue[1][k("routed")].Mean; r != 0 {
		t.Errorf("without rules the second queue routed %v", r)
	}
}
