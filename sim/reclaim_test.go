package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// reclaimModel: 60 conversations an hour; a "slow" agent with room for 50 who
// never replies within reclaim_after (10 minutes a reply), and eight fast ones at
// concurrency 2 who always do. Under most_available the slow agent, with the most free units,
// takes every new conversation first.
func reclaimModel(t *testing.T, reclaim time.Duration) *sim.Model {
	// Fast replies take 10–100 s: never long enough to be reclaimed.
	fast := mustDist(t, dist.Spec{Kind: "uniform", Min: 10, Max: 100})
	return &sim.Model{
		Name: "reclaim", Seed: 8, Horizon: 48 * time.Hour, Warmup: time.Hour, Interval: time.Hour, Replications: 4,
		SLAWithin: time.Minute,
		Channels:  []sim.Channel{{Name: "web", Units: 1}},
		Arrivals:  []sim.Arrival{{Channel: 0, Rate: sim.Constant(60.0 / 3600), Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages:  dist.Constant(2), Pause: dist.Constant(30),
		Groups: []sim.Group{
			{Name: "slow", Staff: sim.Constant(1), Concurrency: 50, ResponseTime: dist.Constant(600)},
			{Name: "fast", Staff: sim.Constant(8), Concurrency: 2, ResponseTime: fast},
		},
		Routing: router.Config{Model: router.MostAvailable, ReclaimAfter: reclaim, ReclaimPresence: router.Unchanged},
	}
}

// No-reply reclaim in the simulator: every conversation goes first to the agent
// who never replies in time and is reclaimed exactly once (never routed to that
// agent again), so reclaimed = routed but for the ones that arrived within
// reclaim_after of the end (Poisson, about λ·reclaim_after, 5σ allowed); nothing
// is stranded — every routed conversation is accepted and gets its first reply
// from a fast agent, about reclaim_after + a fast reply after it arrived, where
// without reclaim the slow agent's 10 minutes decide.
func TestReclaimNoStrandedConversation(t *testing.T) {
	const reclaim = 2 * time.Minute
	res, err := sim.Run(reclaimModel(t, reclaim), 0)
	if err != nil {
		t.Fatal(err)
	}
	tot := res.Total
	edge := 60.0 / 3600 * reclaim.Seconds()
	if d := float64(tot.Routed - tot.Reclaimed); d < 0 || d > edge+5*math.Sqrt(edge)+1 {
		t.Errorf("reclaimed %d of %d routed, want all but about %.1f", tot.Reclaimed, tot.Routed, edge)
	}
	if tot.Handled != tot.Routed || tot.Unserved != 0 {
		t.Errorf("handled %d, unserved %d of %d routed: stranded conversations", tot.Handled, tot.Unserved, tot.Routed)
	}
	if n := tot.FirstResponse.Count(); float64(tot.Routed-n) > edge+5*math.Sqrt(edge)+1 {
		t.Errorf("%d of %d routed got a first reply", n, tot.Routed)
	}
	with := tot.FirstResponse.Quantile(0.5) / 1000
	res0, err := sim.Run(reclaimModel(t, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	without := res0.Total.FirstResponse.Quantile(0.5) / 1000
	t.Logf("reclaimed %d of %d routed; first response median %.0f s with reclaim, %.0f s without", tot.Reclaimed, tot.Routed, with, without)
	if res0.Total.Reclaimed != 0 {
		t.Errorf("without reclaim_after: %d reclaimed", res0.Total.Reclaimed)
	}
	if !(with > reclaim.Seconds() && with < reclaim.Seconds()+300 && without >= 600) {
		t.Errorf("first response median %.0f s with reclaim (want just above %v), %.0f s without (want ≥ 600)", with, reclaim, without)
	}
}
