package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// mmc is an M/M/c(+M) queue expressed as a scenario model: one message per
// conversation, exponential response time, no bot, concurrency k per agent.
type mmc struct {
	ratePerHour float64
	aht         time.Duration
	agents, k   int
	within      time.Duration
	patience    time.Duration // 0: none
	horizon     time.Duration
	reps        int
}

func (q mmc) model() *sim.Model {
	m := &sim.Model{
		Name: "mmc", Seed: 7, Horizon: q.horizon, Warmup: q.horizon / 20,
		Interval: time.Hour, Replications: q.reps, SLAWithin: q.within,
		Channels: []sim.Channel{{Name: "web", Units: 1}},
		Arrivals: []sim.Arrival{{Channel: 0, Rate: sim.Constant(q.ratePerHour / 3600),
			Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages: dist.Constant(1),
		Pause:    dist.Constant(60),
		Groups: []sim.Group{{Name: "pool", Staff: sim.Constant(float64(q.agents)), Concurrency: max(q.k, 1),
			ResponseTime: dist.Exponential(q.aht.Seconds())}},
		Routing: router.Config{Model: router.LeastActive},
	}
	if q.patience > 0 {
		p := dist.Exponential(q.patience.Seconds())
		m.Patience = &p
	}
	return m
}

func runReport(t testing.TB, m *sim.Model) *reports.Report {
	t.Helper()
	res, err := sim.RunReplications(m, sim.AllReplications(m), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	reps := make([]reports.RepValues, len(res))
	for i, r := range res {
		reps[i] = reports.FromResult(r)
	}
	return reports.Build(reports.MetaOf(m), reps)
}

// agree checks a simulated metric against theory: within the run's own 95 % CI
// half-width or 2 % relative (the criterion), with an absolute floor of
// 0.002 for shares near 0 where 2 % relative is below the sampling noise of any
// feasible run.
func agree(t *testing.T, rep *reports.Report, key string, want float64) {
	t.Helper()
	got := rep.Metric(key)
	tol := math.Max(math.Max(got.CI95, 0.02*math.Abs(want)), 0.002)
	if math.IsNaN(got.Mean) || math.Abs(got.Mean-want) > tol {
		t.Errorf("%s = %.5f ± %.5f, theory %.5f (tolerance %.5f)", key, got.Mean, got.CI95, want, tol)
	} else {
		t.Logf("%s = %.5f ± %.5f, theory %.5f", key, got.Mean, got.CI95, want)
	}
}

// Erlang C (M/M/c) against the simulator, ρ from 0.5 to 0.95.
func TestErlangCFidelity(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: long M/M/c runs against Erlang C; make test runs it in its first pass, without -race")
	}
	cases := []struct {
		name string
		q    mmc
	}{
		{"rho0.50_c5", mmc{ratePerHour: 75, aht: 2 * time.Minute, agents: 5, within: 20 * time.Second}},
		{"rho0.70_c10", mmc{ratePerHour: 105, aht: 4 * time.Minute, agents: 10, within: 30 * time.Second}},
		{"rho0.80_c20", mmc{ratePerHour: 240, aht: 4 * time.Minute, agents: 20, within: 30 * time.Second}},
		{"rho0.90_c50", mmc{ratePerHour: 900, aht: 3 * time.Minute, agents: 50, within: 20 * time.Second}},
		{"rho0.95_c8", mmc{ratePerHour: 228, aht: 2 * time.Minute, agents: 8, within: 60 * time.Second}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.k, q.reps = 1, 10
			// Enough customers per replication that each replication sees many busy periods.
			q.horizon = time.Duration(float64(40000) / q.ratePerHour * float64(time.Hour))
			rep := runReport(t, q.model())
			want, err := erlang.C(erlang.CInput{RatePerSecond: q.ratePerHour / 3600, AHT: q.aht, Agents: q.agents, Within: q.within})
			if err != nil {
				t.Fatal(err)
			}
			agree(t, rep, "p_wait", want.PWait)
			agree(t, rep, "asa_seconds", want.ASASeconds)
			agree(t, rep, "service_level", want.ServiceLevel)
			agree(t, rep, "utilization", want.Occupancy)
			checkLittle(t, rep, q.horizon)
		})
	}
}

// Erlang A (M/M/c+M): exponential patience.
func TestErlangAFidelity(t *testing.T) {
	cases := []struct {
		name string
		q    mmc
	}{
		{"rho0.90_c10", mmc{ratePerHour: 135, aht: 4 * time.Minute, agents: 10, within: 30 * time.Second, patience: 3 * time.Minute}},
		{"rho1.10_c20", mmc{ratePerHour: 330, aht: 4 * time.Minute, agents: 20, within: 30 * time.Second, patience: 5 * time.Minute}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.k, q.reps = 1, 10
			q.horizon = time.Duration(float64(40000) / q.ratePerHour * float64(time.Hour))
			rep := runReport(t, q.model())
			want, err := erlang.A(erlang.AInput{CInput: erlang.CInput{RatePerSecond: q.ratePerHour / 3600, AHT: q.aht, Agents: q.agents, Within: q.within}, Patience: q.patience})
			if err != nil {
				t.Fatal(err)
			}
			agree(t, rep, "p_wait", want.PWait)
			agree(t, rep, "asa_seconds", want.ASASeconds)
			agree(t, rep, "service_level", want.ServiceLevel)
			agree(t, rep, "abandon_rate", want.AbandonRate)
			agree(t, rep, "abandon_wait_seconds", want.AbandonWaitSeconds)
			checkLittle(t, rep, q.horizon)
		})
	}
}

// c agents at concurrency k with no penalty are c·k servers.
func TestConcurrencyIsMoreServers(t *testing.T) {
	q := mmc{ratePerHour: 240, aht: 4 * time.Minute, agents: 6, k: 3, within: 30 * time.Second, reps: 10}
	q.horizon = time.Duration(float64(40000) / q.ratePerHour * float64(time.Hour))
	rep := runReport(t, q.model())
	want, err := erlang.C(erlang.CInput{RatePerSecond: q.ratePerHour / 3600, AHT: q.aht, Agents: q.agents * q.k, Within: q.within})
	if err != nil {
		t.Fatal(err)
	}
	agree(t, rep, "p_wait", want.PWait)
	agree(t, rep, "asa_seconds", want.ASASeconds)
	agree(t, rep, "service_level", want.ServiceLevel)
}

// checkLittle checks Little's law on the waiting line: mean number waiting =
// routing entry rate × (share accepted × ASA + abandon rate × time to abandon).
// Both sides are estimated from the same run; the tolerance is the CI of the
// queue length plus 2 % for the horizon's edge effects.
func checkLittle(t *testing.T, rep *reports.Report, horizon time.Duration) {
	t.Helper()
	L := rep.Metric("waiting_mean")
	lambda := rep.Metric("routed").Mean / horizon.Seconds()
	routed := rep.Metric("routed").Mean
	share := rep.Metric("handled").Mean / routed
	w := share * rep.Metric("asa_seconds").Mean
	if ab := rep.Metric("abandon_rate").Mean; ab > 0 {
		w += ab * rep.Metric("abandon_wait_seconds").Mean
	}
	want := lambda * w
	tol := L.CI95 + 0.02*want + 1e-3
	if math.Abs(L.Mean-want) > tol {
		t.Errorf("Little's law: L = %.4f ± %.4f, λW = %.4f (tolerance %.4f)", L.Mean, L.CI95, want, tol)
	}
}
