package loadtest

import (
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The report's latency percentiles are vegeta's: the latencies of the results
// vegeta's attacker returns (the ones written to Config.Results), fed in the
// same order to vegeta's own estimator (vegeta.LatencyMetrics: a t-digest of
// compression 100, lib/metrics.go), so that `vegeta report` on the results file
// prints the same p50, p90, p99 and max as the report's "all" row. A t-digest's
// quantiles depend on the order of its input, so merged shard reports cannot
// reproduce them: Merge computes percentiles from the HDR histograms the reports
// carry (3 significant digits), and says so in LatencyEstimator.
const (
	estimatorVegeta = "vegeta"         // vegeta.LatencyMetrics over this run's results
	estimatorHDR    = "hdr_histograms" // merged shards: HDR histograms, 3 significant digits
)

// vegetaLatencies are vegeta's latency metrics per step and over all results.
type vegetaLatencies struct {
	steps  [numStepKinds]vegeta.LatencyMetrics
	counts [numStepKinds]int64
	all    vegeta.LatencyMetrics
	n      int64
}

func newVegetaLatencies() vegetaLatencies { return vegetaLatencies{} }

// add records one result's latency; known says whether its step is known (a
// request that never left has none, and counts only in "all", as in vegeta).
func (v *vegetaLatencies) add(k stepKind, known bool, d time.Duration) {
	v.all.Add(d)
	v.n++
	if known {
		v.steps[k].Add(d)
		v.counts[k]++
	}
}

func vegetaPercentiles(l *vegeta.LatencyMetrics, n int64) Percentiles {
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	return Percentiles{Count: n, P50: ms(l.Quantile(0.50)), P90: ms(l.Quantile(0.90)),
		P99: ms(l.Quantile(0.99)), Max: ms(l.Max)}
}

func (v *vegetaLatencies) percentiles() map[string]Percentiles {
	out := map[string]Percentiles{"all": vegetaPercentiles(&v.all, v.n)}
	for k := range v.steps {
		if v.counts[k] > 0 {
			out[stepKind(k).String()] = vegetaPercentiles(&v.steps[k], v.counts[k])
		}
	}
	return out
}
