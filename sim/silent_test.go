package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// silentModel: one message per conversation, exponential 60 s replies, no
// concurrency penalty, 10 agents at concurrency 2 (capacity 20 units) for λ =
// 120 conversations an hour, tab capacity, conversations ended 10 minutes after
// the last reply to a silent customer. A share s of customers leave at once
// (silent patience 0) without telling: agents still accept, reply and hold them.
func silentModel(t *testing.T, share float64, capacity router.CapacityModel) *sim.Model {
	m := &sim.Model{
		Name: "silent", Seed: 21, Horizon: 200 * time.Hour, Warmup: time.Hour, Interval: time.Hour, Replications: 8,
		SLAWithin: time.Minute,
		Channels:  []sim.Channel{{Name: "web", Units: 1}},
		Arrivals:  []sim.Arrival{{Channel: 0, Rate: sim.Constant(120.0 / 3600), Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages:  dist.Constant(1), Pause: dist.Constant(30),
		Groups:  []sim.Group{{Name: "agents", Staff: sim.Constant(10), Concurrency: 2, ResponseTime: dist.Exponential(60)}},
		Routing: router.Config{Model: router.LeastActive, Capacity: capacity},
		// Inactivity ends a silent customer's conversation 10 min after the reply.
		EndInactiveAfter: 10 * time.Minute,
	}
	if capacity == router.Status {
		m.InactiveAfter = 4 * time.Minute
	}
	if share > 0 {
		m.Channels[0].Silent = &sim.SilentAbandon{Share: share, Patience: dist.Constant(0)}
	}
	return m
}

// Little's law for silent abandonment: the busy units are λ × E[time held]. A
// silent abandoner holds its agent for its reply plus the inactivity hold h
// (end_inactive_after under tab, inactive_after under status), an ordinary
// conversation for its reply: utilization = λ·(E[S] + s·h)/capacity, so silent
// abandonment raises it by exactly λ·s·h/capacity. Both runs are checked against
// the formula within their CIs (plus the tiny discretization of the warm-up), and
// the reported share and agent time against s and E[S] + h.
func TestSilentAbandonLittlesLaw(t *testing.T) {
	const lambda, es, capUnits = 120.0 / 3600, 60.0, 20.0
	for _, tc := range []struct {
		name     string
		capacity router.CapacityModel
		hold     float64
	}{
		{"tab: held until the end", router.Tab, 600},
		{"status: frees at inactive", router.Status, 240},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range []float64{0, 0.3} {
				rep := runReport(t, silentModel(t, s, tc.capacity))
				u := rep.Metric("utilization")
				want := lambda * (es + s*tc.hold) / capUnits
				t.Logf("s = %.1f: utilization %.4f ± %.4f, Little %.4f; silent rate %.4f, agent s %.1f",
					s, u.Mean, u.CI95, want, rep.Metric("silent_abandon_rate").Mean, rep.Metric("silent_abandon_agent_seconds").Mean)
				if math.Abs(u.Mean-want) > u.CI95+0.002 {
					t.Errorf("s = %.1f: utilization %.4f ± %.4f, Little's law %.4f", s, u.Mean, u.CI95, want)
				}
				rate := rep.Metric("silent_abandon_rate")
				if s == 0 {
					if rate.Mean != 0 {
						t.Errorf("no silent customers, silent_abandon_rate %v", rate.Mean)
					}
					continue
				}
				if math.Abs(rate.Mean-s) > rate.CI95+0.002 {
					t.Errorf("silent_abandon_rate %.4f ± %.4f, want %.2f", rate.Mean, rate.CI95, s)
				}
				held := rep.Metric("silent_abandon_agent_seconds")
				if math.Abs(held.Mean-(es+tc.hold)) > held.CI95+0.5 {
					t.Errorf("silent_abandon_agent_seconds %.1f ± %.1f, want E[S] + h = %.0f", held.Mean, held.CI95, es+tc.hold)
				}
				// Every silent abandoner was accepted: they count as handled.
				if h, r := rep.Metric("handled").Mean, rep.Metric("routed").Mean; math.Abs(h-r) > 0.02*r {
					t.Errorf("handled %.0f of %.0f routed", h, r)
				}
			}
		})
	}
}
