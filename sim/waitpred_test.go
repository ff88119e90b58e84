package sim_test

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/omnisim/omnisim/sim"
)

// The queue-length predictor in M/M/c without abandonment (c = 5, 1/μ = 2 min,
// ρ = 0.8). Given n conversations ahead, the wait is the sum of n + 1 exponential
// gaps between departures at rate cμ, so its mean is (n + 1)/(cμ): per n = 0 … 10
// the simulated mean agrees within 4 standard errors (plus 1 % for the running
// estimate of 1/μ). Over delayed conversations the number ahead is geometric
// with parameter ρ, so E[n + 1] = 1/(1 − ρ) and the predictor's mean squared error
// is E[(n + 1)]/(cμ)² — RMSE = 1/(cμ·√(1 − ρ)) = 53.67 s — which the report's
// wait_prediction_rmse_seconds matches within its CI (plus the same 1 %).
func TestQueueLengthPredictor(t *testing.T) {
	const c, mean, rate = 5, 120.0, 120.0 // agents, seconds, per hour: ρ = 120/3600·120/5 = 0.8
	q := mmc{ratePerHour: rate, aht: 2 * time.Minute, agents: c, within: 20 * time.Second, reps: 8}
	q.horizon = time.Duration(float64(40000) / q.ratePerHour * float64(time.Hour))
	var mu sync.Mutex
	var sum, sq, n [11]float64
	restore := sim.SetWaitPredictionHook(func(ahead int, wait, _ sim.Time) {
		if ahead > 10 {
			return
		}
		mu.Lock()
		w := wait.Seconds()
		sum[ahead] += w
		sq[ahead] += w * w
		n[ahead]++
		mu.Unlock()
	})
	rep := runReport(t, q.model())
	restore()
	cmu := c / mean
	for k := 0; k <= 10; k++ {
		if n[k] < 100 {
			t.Fatalf("only %v delayed conversations with %d ahead", n[k], k)
		}
		m := sum[k] / n[k]
		se := math.Sqrt((sq[k]/n[k] - m*m) / n[k])
		want := float64(k+1) / cmu
		if math.Abs(m-want) > 4*se+0.01*want {
			t.Errorf("%d ahead: mean wait %.2f s ± %.2f, (n+1)/(cμ) = %.2f s", k, m, 4*se, want)
		}
	}
	rho := rate / 3600 * mean / c
	want := 1 / (cmu * math.Sqrt(1-rho))
	got := rep.Metric("wait_prediction_rmse_seconds")
	t.Logf("RMSE %.2f ± %.2f s, exact %.2f s; MAE %.2f s", got.Mean, got.CI95, want, rep.Metric("wait_prediction_mae_seconds").Mean)
	if math.Abs(got.Mean-want) > got.CI95+0.01*want {
		t.Errorf("wait_prediction_rmse_seconds %.2f ± %.2f, exact 1/(cμ√(1−ρ)) = %.2f", got.Mean, got.CI95, want)
	}
}

// The delay-history predictor (the last accepted wait) is scored the same way; in
// M/M/c, where its model holds, the queue-length predictor is the more accurate
// (Ibrahim & Whitt 2009), and the report tells them apart: the RMSE intervals do
// not overlap.
func TestDelayHistoryPredictor(t *testing.T) {
	q := mmc{ratePerHour: 120, aht: 2 * time.Minute, agents: 5, within: 20 * time.Second, reps: 8}
	q.horizon = time.Duration(float64(40000) / q.ratePerHour * float64(time.Hour))
	ql := runReport(t, q.model()).Metric("wait_prediction_rmse_seconds")
	m := q.model()
	m.WaitPredictor = sim.WaitDelayHistory
	dh := runReport(t, m).Metric("wait_prediction_rmse_seconds")
	t.Logf("RMSE: queue length %.2f ± %.2f s, delay history %.2f ± %.2f s", ql.Mean, ql.CI95, dh.Mean, dh.CI95)
	if !(dh.Mean-dh.CI95 > ql.Mean+ql.CI95) {
		t.Errorf("delay history RMSE %.2f ± %.2f not clearly above queue length's %.2f ± %.2f", dh.Mean, dh.CI95, ql.Mean, ql.CI95)
	}
}
