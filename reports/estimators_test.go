package reports

import (
	"math"
	"testing"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/sim"
)

// TestRatioEstimate: the pooled ratio and its delta-method standard error, by
// hand; an empty replication counts in the pool (it is why a thin interval's
// mean of ratios is biased), one with conversations is not enough for a spread.
func TestRatioEstimate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		num, den []float64
		mean, se float64
		n        int
	}{
		// R = 6/10; residuals 3−0.6·4 = 0.6, 3−0.6·6 = −0.6; SE² = 0.72/(2·1)/5² = 0.0144.
		{"two replications", []float64{3, 3}, []float64{4, 6}, 0.6, 0.12, 2},
		// A mean of ratios would say (1/1 + 0/3)/2 = 0.5; the pool says 1/4.
		// Residuals 1−0.25 = 0.75, 0−0.75 = −0.75, 0; SE² = 1.125/(3·2)/(4/3)² = 0.10546875.
		{"thin, with an empty replication", []float64{1, 0, 0}, []float64{1, 3, 0}, 0.25, math.Sqrt(0.10546875), 2},
		{"one with conversations", []float64{2, 0}, []float64{4, 0}, 0.5, math.NaN(), 1},
		{"none", []float64{0, 0}, []float64{0, 0}, math.NaN(), math.NaN(), 0},
		{"NaN as zero", []float64{math.NaN(), 3, 3}, []float64{0, 4, 6}, 0.6, math.Sqrt(0.72 / 6 / (10.0 / 3 * 10.0 / 3)), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := RatioEstimate(tc.num, tc.den)
			if !same(e.Mean, tc.mean) || !same(e.SE, tc.se) || e.N != tc.n {
				t.Errorf("RatioEstimate = %+v, want mean %v, SE %v, N %d", e, tc.mean, tc.se, tc.n)
			}
		})
	}
}

func same(a, b float64) bool {
	return (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

// TestBuildPoolsSharesAndWidensPercentiles: Build estimates a share over the
// replications' pooled conversations, and a percentile that every replication
// reads off the same histogram bucket gets half that bucket's width as its
// half-width instead of ±0 (issue 16: a p90 of 104.192 ± 0 with the exact
// 104.144 outside it).
func TestBuildPoolsSharesAndWidensPercentiles(t *testing.T) {
	sl, routed, p90, asa := metrics.Index("service_level"), metrics.Index("routed"), metrics.Index("wait_p90_seconds"), metrics.Index("asa_seconds")
	rep := func(i int, share, n float64) RepValues {
		v := make([]float64, len(metrics.Keys))
		v[sl], v[routed], v[p90], v[asa] = share, n, 104.192, math.NaN()
		return RepValues{Replication: i, Total: v}
	}
	r := Build(Meta{}, []RepValues{rep(0, 1, 1), rep(1, 0.75, 4), rep(2, math.NaN(), 0), rep(3, 0, 1)})
	if got := r.Metric("service_level"); !same(got.Mean, 4.0/6) || got.N != 3 {
		t.Errorf("service_level %+v, want the pooled (1 + 3 + 0)/(1 + 4 + 1) = 2/3 over 3 replications with conversations, not the mean of ratios 0.583", got)
	}
	got := r.Metric("wait_p90_seconds")
	width := sim.HistBucketWidth(104192) / 1000 // 104 s: 2^16 ≤ 104192 ms < 2^17, buckets of 2^9 ms
	if width != 0.512 || !same(got.CI95, width/2) {
		t.Errorf("wait_p90 %+v, bucket width %v: want ± half the bucket, 0.256", got, width)
	}
	if got.Mean-got.CI95 > 104.144 || got.Mean+got.CI95 < 104.144 {
		t.Errorf("wait_p90 %v ± %v leaves out the exact 104.144", got.Mean, got.CI95)
	}
	if a := r.Metric("asa_seconds"); !math.IsNaN(a.Mean) {
		t.Errorf("asa_seconds with no handled conversation: %+v, want NaN", a)
	}
}

// TestBuildPoolsMessagingServiceLevels: the three messaging service levels
// are ratio estimators too (issue 16), first response and resolution over the
// routed conversations that owe them, next response over the customer
// messages needing one; without a target (NaN in every replication, though
// conversations were routed) they stay undefined, not 0.
func TestBuildPoolsMessagingServiceLevels(t *testing.T) {
	fr, res, nr := metrics.Index("first_response_service_level"), metrics.Index("resolution_service_level"), metrics.Index("next_response_service_level")
	routed, owed := metrics.Index("routed"), metrics.Index("next_responses")
	rep := func(i int, share, n, msgs float64) RepValues {
		v := make([]float64, len(metrics.Keys))
		v[fr], v[res], v[nr], v[routed], v[owed] = share, share, share, n, msgs
		return RepValues{Replication: i, Total: v}
	}
	// Shares 1 of 1, 0.5 of 8, undefined of 0: pooled (1 + 4)/(1 + 8) = 5/9,
	// where a mean of ratios says 0.75. Next responses: 1·2 + 0.5·6 over 8 = 5/8.
	r := Build(Meta{}, []RepValues{rep(0, 1, 1, 2), rep(1, 0.5, 8, 6), rep(2, math.NaN(), 0, 0)})
	for key, want := range map[string]float64{"first_response_service_level": 5.0 / 9, "resolution_service_level": 5.0 / 9, "next_response_service_level": 5.0 / 8} {
		if got := r.Metric(key); !same(got.Mean, want) || got.N != 2 {
			t.Errorf("%s %+v, want the pooled %v over 2 replications", key, got, want)
		}
	}
	none := Build(Meta{}, []RepValues{rep(0, math.NaN(), 5, 3), rep(1, math.NaN(), 7, 2)})
	for _, key := range []string{"first_response_service_level", "resolution_service_level", "next_response_service_level"} {
		if got := none.Metric(key); !math.IsNaN(got.Mean) {
			t.Errorf("%s without a target: %+v, want undefined", key, got)
		}
	}
}

// TestIsPercentile names the keys read off histograms.
func TestIsPercentile(t *testing.T) {
	for key, want := range map[string]bool{
		"wait_p90_seconds": true, "wait_p50_seconds": true, "first_response_p90_seconds": true,
		"asa_seconds": false, "service_level": false, "p_wait": false, "wait_pxx_seconds": false, "_p_seconds": false,
	} {
		if got := isPercentile(key); got != want {
			t.Errorf("isPercentile(%q) = %v, want %v", key, got, want)
		}
	}
}

// TestCheckAtWidensStrict: a strict assertion judged at a higher level than 95 %
// uses a wider interval (same degrees of freedom), and Undecided says whether
// more replications could still change a failing verdict.
func TestCheckAtWidensStrict(t *testing.T) {
	sl := metrics.Index("service_level")
	rep := &Report{Metrics: make([]Stat, len(metrics.Keys))}
	rep.Metrics[sl] = Stat{Mean: 0.83, CI95: 0.02, N: 10} // [0.81, 0.85] at 95 %
	for _, tc := range []struct {
		name       string
		op         string
		value      float64
		confidence float64
		pass, open bool
	}{
		{"clears at 95 %", ">=", 0.805, 0.95, true, false},
		{"straddles once widened", ">=", 0.805, 0.99, false, true},
		{"straddles at 95 %", ">=", 0.82, 0.95, false, true},
		{"wholly on the wrong side", ">=", 0.9, 0.95, false, false},
		{"cap, wrong side", "<=", 0.7, 0.95, false, false},
		{"cap, straddles", "<=", 0.84, 0.95, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := CheckAt(rep, []Assert{{Metric: "service_level", Op: tc.op, Value: tc.value, Strict: true}}, tc.confidence)[0]
			if v.Pass != tc.pass || v.Undecided() != tc.open {
				t.Errorf("pass %v, undecided %v (%s); want %v, %v", v.Pass, v.Undecided(), v.Why, tc.pass, tc.open)
			}
		})
	}
	if v := Check(rep, []Assert{{Metric: "service_level", Op: ">=", Value: 0.82}})[0]; !v.Pass || v.Undecided() {
		t.Errorf("a plain assertion on the mean: pass %v, undecided %v", v.Pass, v.Undecided())
	}
}
