package sim_test

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// An M/M/c queue built in code, run for ten replications and compared with Erlang C.
func ExampleRunReplications() {
	m := &sim.Model{
		Name: "mmc", Seed: 1, Horizon: 2000 * time.Hour, Warmup: 10 * time.Hour,
		Interval: time.Hour, Replications: 10, SLAWithin: 30 * time.Second,
		Channels: []sim.Channel{{Name: "web", Units: 1}},
		Arrivals: []sim.Arrival{{Channel: 0, Rate: sim.Constant(120.0 / 3600), Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages: dist.Constant(1),
		Pause:    dist.Constant(0),
		Groups:   []sim.Group{{Name: "pool", Staff: sim.Constant(10), Concurrency: 1, ResponseTime: dist.Exponential(240)}},
		Routing:  router.Config{Model: router.LeastActive},
	}
	results, err := sim.RunReplications(m, sim.AllReplications(m), 0, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var reps []reports.RepValues
	for _, r := range results {
		reps = append(reps, reports.FromResult(r))
	}
	rep := reports.Build(reports.MetaOf(m), reps)
	theory, _ := erlang.C(erlang.CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 10, Within: 30 * time.Second})
	sl := rep.Metric("service_level")
	fmt.Printf("Erlang C service level %.2f; simulated %.2f within its CI: %v\n",
		theory.ServiceLevel, sl.Mean, sl.Mean-sl.CI95 <= theory.ServiceLevel+0.005 && theory.ServiceLevel-0.005 <= sl.Mean+sl.CI95)
	// Output:
	// Erlang C service level 0.68; simulated 0.68 within its CI: true
}
