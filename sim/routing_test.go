package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

func mustDist(t *testing.T, s dist.Spec) dist.Dist {
	t.Helper()
	d, err := dist.New(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// asyncModel is a messaging day: several messages per conversation, customers who
// often pause for half an hour, patient customers, a fixed team at concurrency 2.
func asyncModel(t *testing.T, capacity router.CapacityModel) *sim.Model {
	pause := mustDist(t, dist.Spec{Kind: "mixture", Components: []dist.Component{
		{Weight: 0.6, Spec: dist.Spec{Kind: "exponential", Mean: 30}},
		{Weight: 0.4, Spec: dist.Spec{Kind: "exponential", Mean: 1800}},
	}})
	patience := dist.Exponential(600)
	return &sim.Model{
		Name: "async", Seed: 5, Horizon: 48 * time.Hour, Warmup: 2 * time.Hour, Interval: time.Hour, Replications: 6,
		SLAWithin: time.Minute,
		Channels:  []sim.Channel{{Name: "whatsapp", Units: 1}},
		Arrivals:  []sim.Arrival{{Channel: 0, Rate: sim.Constant(60.0 / 3600), Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages:  mustDist(t, dist.Spec{Kind: "geometric", Mean: 4}),
		Pause:     pause,
		Patience:  &patience,
		Groups:    []sim.Group{{Name: "agents", Staff: sim.Constant(6), Concurrency: 2, ResponseTime: dist.Exponential(60)}},
		Routing:   router.Config{Model: router.LeastActive, Capacity: capacity},
		// The inactivity clock starts at the agent's reply: a customer silent for
		// 2 minutes is inactive and, under status capacity, frees the agent.
		InactiveAfter:    2 * time.Minute,
		EndInactiveAfter: 24 * time.Hour,
	}
}

// (a) Status capacity with inactive release serves measurably more conversations
// per agent than tab capacity on the same traffic (common random numbers): the
// 95 % intervals of the conversations accepted do not overlap.
func TestStatusCapacityServesMore(t *testing.T) {
	tab := runReport(t, asyncModel(t, router.Tab))
	status := runReport(t, asyncModel(t, router.Status))
	ht, hs := tab.Metric("handled"), status.Metric("handled")
	if !(hs.Mean-hs.CI95 > ht.Mean+ht.CI95) {
		t.Errorf("handled: status %.1f ± %.1f, tab %.1f ± %.1f; want status clearly higher", hs.Mean, hs.CI95, ht.Mean, ht.CI95)
	}
	if o1, o2 := tab.Metric("offered").Mean, status.Metric("offered").Mean; o1 != o2 {
		t.Errorf("same traffic expected: offered %v vs %v", o1, o2)
	}
	if r := status.Metric("resumed").Mean; !(r > 0) {
		t.Error("status capacity: no conversation was resumed after inactivity")
	}
	if s := status.Metric("sticky_hit_rate").Mean; !(s >= 0 && s <= 1) {
		t.Errorf("sticky hit rate %v", s)
	}
	t.Logf("handled per agent: tab %.1f, status %.1f", ht.Mean/6, hs.Mean/6)
}

// skillModel: whatsapp carries general questions, web technical ones; the queue
// routes on the intent as an additional skill that only one of ten agents has.
func skillModel(drop time.Duration) *sim.Model {
	levels := func(general, technical int8) []int8 { return []int8{general, technical} }
	return &sim.Model{
		Name: "skills", Seed: 9, Horizon: 100 * time.Hour, Warmup: time.Hour, Interval: time.Hour, Replications: 6,
		SLAWithin: time.Minute,
		Channels:  []sim.Channel{{Name: "whatsapp", Units: 1}, {Name: "web", Units: 1}},
		Arrivals: []sim.Arrival{
			{Channel: 0, Rate: sim.Constant(150.0 / 3600), Intents: sim.One("general"), Languages: sim.One("en")},
			{Channel: 1, Rate: sim.Constant(15.0 / 3600), Intents: sim.One("technical"), Languages: sim.One("en")},
		},
		Messages: dist.Constant(1),
		Pause:    dist.Constant(1),
		Groups: []sim.Group{
			{Name: "generalists", Staff: sim.Constant(9), Concurrency: 1, ResponseTime: dist.Exponential(150), Skills: levels(5, 0)},
			{Name: "expert", Staff: sim.Constant(1), Concurrency: 1, ResponseTime: dist.Exponential(150), Skills: levels(5, 8)},
		},
		Skills: []string{"general", "technical"},
		Routing: router.Config{Model: router.LeastActive, Queues: []router.QueueSpec{
			{Name: "support", Priority: 1, DropAdditionalAfter: drop, MinLevel: 1, OverflowTo: -1},
		}},
		QueueRoutes: []sim.QueueRoute{{AdditionalIntent: true, MinLevel: 1}},
	}
}

// (b) Dropping additional skills lowers the wait of skill-scarce conversations:
// technical conversations (web) wait for the one expert unless the intent skill is
// dropped after 30 s, when any agent may take them.
func TestDroppingSkillsShortensScarceWaits(t *testing.T) {
	keep := runReport(t, skillModel(0))
	drop := runReport(t, skillModel(30*time.Second))
	web := 1
	k, d := keep.ByChannel[web][metrics.Index("asa_seconds")], drop.ByChannel[web][metrics.Index("asa_seconds")]
	if !(d.Mean+d.CI95 < k.Mean-k.CI95) {
		t.Errorf("technical ASA: dropping %.1f ± %.1f s, keeping %.1f ± %.1f s; want dropping clearly lower", d.Mean, d.CI95, k.Mean, k.CI95)
	}
	if s := drop.ByChannel[web][metrics.Index("dropped_skill_share")].Mean; !(s > 0) {
		t.Error("no technical conversation was routed after dropping its skill")
	}
	if s := keep.ByChannel[web][metrics.Index("dropped_skill_share")].Mean; s != 0 {
		t.Errorf("skills dropped although drop_additional_after is 0: %v", s)
	}
	t.Logf("technical ASA: keep %.1f s, drop after 30 s %.1f s", k.Mean, d.Mean)
}

// Push routing: offers an agent does not accept in time go to another agent and
// are counted; agents who let them time out come back later.
func TestPushTimeouts(t *testing.T) {
	q := mmc{ratePerHour: 120, aht: 4 * time.Minute, agents: 12, k: 1, within: 30 * time.Second, horizon: 50 * time.Hour, reps: 4}
	m := q.model()
	m.Routing.PushTimeout = 20 * time.Second
	m.Routing.TimeoutPresence = router.Away
	at := dist.Exponential(8) // P(accept time > 20 s) = e^-2.5 ≈ 8 %
	m.AcceptTime = &at
	rep := runReport(t, m)
	offers := rep.Metric("handled").Mean + rep.Metric("push_timeouts").Mean
	share := rep.Metric("push_timeouts").Mean / offers
	if share < 0.05 || share > 0.11 {
		t.Errorf("push timeouts %.3f of offers, want about e^-2.5 = 0.082", share)
	}
	if h, o := rep.Metric("handled").Mean, rep.Metric("offered").Mean; h < 0.99*o {
		t.Errorf("handled %v of %v offered: timed-out offers must be routed again", h, o)
	}
}

// Per-group figures agree with the totals: with one group its utilization is the
// run's, its concurrency shares sum to 1, and their mean, Σ k·share_k ÷ capacity,
// is the utilization again (both are time averages of the same units in use).
func TestGroupConcurrencyHistogram(t *testing.T) {
	q := mmc{ratePerHour: 200, aht: 4 * time.Minute, agents: 6, k: 3, within: 30 * time.Second, horizon: 40 * time.Hour, reps: 3}
	res, err := sim.Run(q.model(), 0)
	if err != nil {
		t.Fatal(err)
	}
	v := reports.FromResult(res)
	g := v.ByGroup[0]
	total := v.Total[metrics.Index("utilization")]
	if math.Abs(g.Utilization-total) > 1e-9 {
		t.Errorf("group utilization %v, run %v", g.Utilization, total)
	}
	sum, mean := 0.0, 0.0
	for k, s := range g.Concurrency {
		sum += s
		mean += float64(k) * s
	}
	if math.Abs(sum-1) > 1e-9 || math.Abs(mean/3-total) > 1e-6 {
		t.Errorf("concurrency shares sum to %v, mean load %v, utilization %v", sum, mean/3, total)
	}
}
