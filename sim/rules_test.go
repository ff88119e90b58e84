package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/router/work"
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

// keywordModel: WhatsApp at 120 conversations an hour, one intent; a quarter of
// the first messages contain "refund". Two queues, each requiring a skill only
// its own agents have: four for the channel's queue, two for refunds.
func keywordModel(rules []sim.RouteRule) *sim.Model {
	m := splitModel(rules)
	m.Name = "keywords"
	m.Arrivals[0].Intents = sim.One("billing")
	m.Arrivals[0].Keywords, m.Arrivals[0].KeywordShares = []string{"refund"}, []float64{0.25}
	m.Groups[1].Name, m.Groups[1].Staff = "refunds", sim.Constant(2)
	m.Routing.Queues[1].Name = "refunds"
	return m
}

// Keyword rules: WhatsApp split by a keyword of the first message (a quarter
// contain it) is, per queue, the M/M/c queue of that queue alone — Erlang C at
// 90/h with 4 agents (ρ = 0.75) and at 30/h with 2 agents (ρ = 0.5), AHT 2 min —
// within the run's CI (or 2 %). Without a keyword, every conversation takes the
// channel's queue.
func TestRulesSplitChannelByKeyword(t *testing.T) {
	rep := runReport(t, keywordModel([]sim.RouteRule{{Channel: 0, Keywords: []string{"refund"}, Queue: 1}}))
	k := func(key string) int { return metrics.Index(key) }
	for q, c := range []struct {
		perHour float64
		agents  int
	}{{90, 4}, {30, 2}} {
		want, err := erlang.C(erlang.CInput{RatePerSecond: c.perHour / 3600, AHT: 2 * time.Minute, Agents: c.agents, Within: 20 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		s := rep.ByQueue[q]
		for _, m := range []struct {
			key  string
			want float64
		}{{"p_wait", want.PWait}, {"asa_seconds", want.ASASeconds}, {"service_level", want.ServiceLevel}} {
			got := s[k(m.key)]
			tol := math.Max(math.Max(got.CI95, 0.02*math.Abs(m.want)), 0.002)
			t.Logf("queue %s: %s = %.4f ± %.4f, Erlang C %.4f", rep.Queues[q], m.key, got.Mean, got.CI95, m.want)
			if math.Abs(got.Mean-m.want) > tol {
				t.Errorf("queue %s: %s = %.4f ± %.4f, Erlang C for the queue alone %.4f", rep.Queues[q], m.key, got.Mean, got.CI95, m.want)
			}
		}
		// Binomial: 400 h × λ, sd at most √(400 h × 120/h × p(1−p)).
		if r, n := s[k("routed")].Mean, c.perHour*400; math.Abs(r-n) > 5*math.Sqrt(120*400*0.25*0.75) {
			t.Errorf("queue %s routed %.0f, want about %.0f", rep.Queues[q], r, n)
		}
	}
	none := runReport(t, keywordModel([]sim.RouteRule{{Channel: 0, Keywords: []string{"cancel"}, Queue: 1}}))
	if r := none.ByQueue[1][k("routed")].Mean; r != 0 {
		t.Errorf("a keyword no message contains routed %v to refunds", r)
	}
}

// The bot per channel and per rule: a channel that skips the bot sends nobody
// to it unless a rule says so; a rule can skip it on a channel that uses it.
// The rule here matches a keyword (30 % of first messages) and moves those
// conversations to the second queue, so each queue's tally shows one choice.
func TestRulesBot(t *testing.T) {
	model := func(skip bool, bot work.BotRoute) *sim.Model {
		m := withBot(queueModel(4, 0), 0.5, 0.2, 0.5, 0) // low confidence: every bot conversation hands off
		m.Channels[0].SkipBot = skip
		m.Arrivals[0].Keywords, m.Arrivals[0].KeywordShares = []string{"agent"}, []float64{0.3}
		m.Routing.Queues = []router.QueueSpec{{Name: "main", OverflowTo: -1}, {Name: "keyword", OverflowTo: -1, Priority: 1}}
		m.Rules = []sim.RouteRule{{Channel: -1, Keywords: []string{"agent"}, Queue: 1, Bot: bot}}
		return m
	}
	cases := []struct {
		name          string
		skip          bool
		bot           work.BotRoute
		main, keyword bool // whether each queue's conversations enter the bot
	}{
		{"channel uses the bot, rule skips it", false, work.BotSkip, true, false},
		{"channel skips the bot, rule sends to it", true, work.BotFirst, false, true},
		{"channel skips the bot, rule leaves it", true, work.BotDefault, false, false},
		{"channel uses the bot, rule leaves it", false, work.BotDefault, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, res := range runAll(t, model(tc.skip, tc.bot), 0) {
				for q, via := range []bool{tc.main, tc.keyword} {
					s := res.ByQueue[q]
					if s.Offered < 100 {
						t.Fatalf("queue %d: only %d offered", q, s.Offered)
					}
					want := int64(0)
					if via {
						want = s.Offered
					}
					if s.BotEntered != want {
						t.Errorf("replication %d queue %d: %d of %d entered the bot, want %d", res.Replication, q, s.BotEntered, s.Offered, want)
					}
				}
				// The keyword's share of the conversations: 30 % within 5 sd.
				n := float64(res.ByQueue[0].Offered + res.ByQueue[1].Offered)
				if p := float64(res.ByQueue[1].Offered) / n; math.Abs(p-0.3) > 5*math.Sqrt(0.3*0.7/n) {
					t.Errorf("replication %d: keyword share %.3f, want 0.3", res.Replication, p)
				}
			}
		})
	}
}

// Direct routing to an agent group: every conversation goes to the experts
// first. With experts online the pool never works; with none, each waits the
// fallback time exactly and then goes to the pool, which has room for all.
func TestRulesAgentGroup(t *testing.T) {
	model := func(experts float64) *sim.Model {
		m := queueModel(40, 0)
		m.Skills = []string{"agent_group:experts"}
		m.Groups[0].Skills = []int8{0}
		m.Groups = append(m.Groups, sim.Group{Name: "experts", Staff: sim.Constant(experts), Concurrency: 1,
			ResponseTime: dist.Exponential(40), Skills: []int8{1}})
		m.Rules = []sim.RouteRule{{Channel: -1, Queue: 0, Agents: []router.SkillNeed{{Skill: 0, MinLevel: 1}}, FallbackAfter: time.Minute}}
		return m
	}
	busy := func(g sim.GroupTally) float64 {
		s := 0.0
		for _, b := range g.BusyUnitSeconds {
			s += b
		}
		return s
	}
	for _, res := range runAll(t, model(40), 0) {
		if p, e := busy(res.Groups[0]), busy(res.Groups[1]); p != 0 || e == 0 {
			t.Errorf("replication %d with experts: pool busy %.0f s, experts %.0f s; want the experts only", res.Replication, p, e)
		}
		if s := res.Total; s.Waited != 0 {
			t.Errorf("replication %d with experts: %d waited", res.Replication, s.Waited)
		}
	}
	for _, res := range runAll(t, model(0), 0) {
		s := res.Total
		if s.Handled < 100 || s.Waited != s.Handled || math.Abs(s.WaitSeconds-60*float64(s.Handled)) > 1e-6*float64(s.Handled) {
			t.Errorf("replication %d without experts: %d handled, %d waited, %.1f s of waits; want each to wait 60 s", res.Replication, s.Handled, s.Waited, s.WaitSeconds)
		}
		if busy(res.Groups[0]) == 0 {
			t.Errorf("replication %d without experts: the pool never worked", res.Replication)
		}
	}
}
