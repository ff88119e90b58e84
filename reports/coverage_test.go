package reports_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
)

// TestCICoverage checks that the 95 % confidence intervals mean what they say: on
// an exact case, an M/M/2 queue at 75 % occupancy (30 conversations an hour,
// exponential handling of mean 3 min, one message each, no abandonment), 100 runs
// with different seeds, 5 replications of a day each, must each give an interval
// that contains the Erlang C value in 90 to 99 of the 100 runs (95 expected; the
// band is about ±2 binomial standard deviations). One metric of each kind is
// checked: shares (service_level within 20 s, p_wait: ratio estimators), a mean
// per conversation (asa_seconds: a ratio estimator too), a time average
// (waiting_mean: a mean of per-replication values, truth λ·ASA by Little's law)
// and a percentile (wait_p90_seconds: P(W > t) = P(wait)·exp(−(c − a)t/AHT)
// solved for 0.1, its interval widened by the histogram's bucket width).
func TestCICoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("500 replications")
	}
	const rate, runs = 20.0, 100
	aht, within := 3*time.Minute, 20*time.Second
	ec, err := erlang.C(erlang.CInput{RatePerSecond: rate / 3600, AHT: aht, Agents: 2, Within: within})
	if err != nil {
		t.Fatal(err)
	}
	a := rate / 3600 * aht.Seconds()
	truth := map[string]float64{
		"service_level":    ec.ServiceLevel,
		"p_wait":           ec.PWait,
		"asa_seconds":      ec.ASASeconds,
		"waiting_mean":     rate / 3600 * ec.ASASeconds,
		"wait_p90_seconds": aht.Seconds() / (2 - a) * math.Log(ec.PWait/0.1),
	}
	keys := []string{"service_level", "p_wait", "asa_seconds", "waiting_mean", "wait_p90_seconds"}
	covered := map[string]int{}
	grand := map[string]float64{}
	for seed := 1; seed <= runs; seed++ {
		rep := simulateYAML(t, fmt.Sprintf(`version: 1
seed: %d
warmup: 6h
horizon: 12h
replications: 10
sla: {within: 20s, target: 80%%}
channels:
  web: {}
arrivals:
  - {channel: web, rate: %g/h}
customers:
  messages: {dist: constant, value: 1}
agents:
  - {name: pool, count: 2, concurrency: 1, response_time: {dist: exponential, mean: 3m}}
routing: {capacity: tab}
`, seed, rate))
		for _, k := range keys {
			s := rep.Metric(k)
			grand[k] += s.Mean / runs
			if math.Abs(s.Mean-truth[k]) <= s.CI95 {
				covered[k]++
			}
		}
	}
	for _, k := range keys {
		t.Logf("%-18s truth %8.4f, mean of the runs %8.4f: the 95 %% CI covers it in %d of %d runs", k, truth[k], grand[k], covered[k], runs)
		if covered[k] < 90 || covered[k] > 99 {
			t.Errorf("%s: covered in %d of %d runs, want 90–99", k, covered[k], runs)
		}
	}
}
