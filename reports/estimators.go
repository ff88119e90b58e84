package reports

import (
	"math"
	"strings"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/sim"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a metric estimated from independent replications: the point
// estimate, its standard error and the number of replications that entered it
// (those where the metric is defined). SE is NaN when fewer than two
// replications entered it; DF is the degrees of freedom of its t interval.
type Estimate struct {
	Mean, SE float64
	N, DF    int
}

// HalfWidth is the half-width of the two-sided confidence interval at level
// confidence (0.95 for 95 %): the Student-t quantile with DF degrees of freedom
// times SE. NaN when DF < 1.
func (e Estimate) HalfWidth(confidence float64) float64 {
	if e.DF < 1 || math.IsNaN(e.SE) {
		return math.NaN()
	}
	return TQuantile(e.DF, 1-(1-confidence)/2) * e.SE
}

// Stat is the estimate with its 95 % half-width.
func (e Estimate) Stat() Stat { return Stat{Mean: e.Mean, CI95: e.HalfWidth(0.95), N: e.N} }

// TQuantile is the p-quantile of Student's t with df degrees of freedom.
func TQuantile(df int, p float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(p)
}

// MeanEstimate is the mean of xs over the values that are not NaN, with the
// standard error of independent replications (sample standard deviation ÷ √n).
func MeanEstimate(xs []float64) Estimate {
	n, sum := 0, 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return Estimate{Mean: math.NaN(), SE: math.NaN()}
	}
	mean := sum / float64(n)
	if n < 2 {
		return Estimate{Mean: mean, SE: math.NaN(), N: n}
	}
	ss := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	return Estimate{Mean: mean, SE: math.Sqrt(ss / float64(n-1) / float64(n)), N: n, DF: n - 1}
}

// RatioEstimate is the ratio estimator of a share over replications: the pooled
// numerator over the pooled denominator, R = Σ numᵣ ÷ Σ denᵣ, with the
// delta-method (linearization) standard error
//
//	SE² = Σ (numᵣ − R·denᵣ)² ÷ (n (n−1) d̄²),  d̄ = Σ denᵣ ÷ n,
//
// (Cochran, Sampling Techniques, 3rd ed., §6.4; the classical ratio estimator of
// output analysis, Law, Simulation Modeling and Analysis, §9.5.3). Every
// replication counts, an empty one (denᵣ = 0) too, so a thin interval is not
// biased towards the replications that happened to see a few conversations, as a
// mean of per-replication ratios is. N is the number of replications with denᵣ >
// 0, DF = n − 1 over all n; Mean is NaN when none has a denominator. A NaN
// numerator or denominator counts as 0.
func RatioEstimate(num, den []float64) Estimate {
	n := min(len(num), len(den))
	var sy, sx float64
	defined := 0
	for r := 0; r < n; r++ {
		y, x := zeroNaN(num[r]), zeroNaN(den[r])
		sy += y
		sx += x
		if x > 0 {
			defined++
		}
	}
	if sx <= 0 || defined == 0 {
		return Estimate{Mean: math.NaN(), SE: math.NaN()}
	}
	ratio := sy / sx
	if n < 2 || defined < 2 {
		// One replication with conversations says nothing about the spread.
		return Estimate{Mean: ratio, SE: math.NaN(), N: defined}
	}
	ss := 0.0
	for r := 0; r < n; r++ {
		d := zeroNaN(num[r]) - ratio*zeroNaN(den[r])
		ss += d * d
	}
	mx := sx / float64(n)
	return Estimate{Mean: ratio, SE: math.Sqrt(ss/float64(n*(n-1))) / mx, N: defined, DF: n - 1}
}

func zeroNaN(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// ratioOf names, for each share or mean-per-conversation metric whose
// denominator is itself a metric, that denominator: Build estimates these as
// ratios over the replications (RatioEstimate), a replication's numerator being
// its value times its denominator. The others (bot shares over conversations
// that entered the bot, csat, utilization over online capacity, time averages)
// stay means of per-replication values.
//
// The messaging service levels are pooled too: with its target set, a
// first-response or resolution target is owed by every routed conversation (the
// simulator counts the two together, sim.Tally.routed), and a next-response
// target by every customer message needing a next response (next_responses);
// without a target the share is undefined in every replication (NaN), and a
// replication whose share is undefined adds nothing to either sum (summarize).
var ratioOf = map[string]string{
	"abandon_rate": "routed", "p_wait": "routed", "service_level": "routed",
	"asa_seconds": "handled", "abandon_wait_seconds": "abandoned", "dropped_skill_share": "handled",
	"resume_wait_seconds": "resumed", "sticky_hit_rate": "resumed",
	"first_response_service_level": "routed", "resolution_service_level": "routed",
	"next_response_service_level": "next_responses",
}

// RatioDenominator returns the metric key a share is pooled over ("routed" for
// service_level), or "" for a metric Build averages per replication.
func RatioDenominator(key string) string { return ratioOf[key] }

// isPercentile reports whether key is a percentile read off a histogram
// (…_pNN_seconds).
func isPercentile(key string) bool {
	i := strings.LastIndex(key, "_p")
	if i < 0 || !strings.HasSuffix(key, "_seconds") {
		return false
	}
	digits := key[i+2 : len(key)-len("_seconds")]
	if digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// percentileStat is the estimate of a percentile from its per-replication
// values, each the midpoint of the histogram bucket holding that replication's
// sample quantile (sim.Hist). The midpoint is within half a bucket of the sample
// quantile, so the Student-t half-width is widened by half the bucket width at
// the mean (sim.HistBucketWidth): an interval that stays honest when every
// replication lands in the same bucket, where the t interval alone would be ±0.
func percentileStat(xs []float64) Stat {
	st := MeanEstimate(xs).Stat()
	if !math.IsNaN(st.CI95) {
		st.CI95 += sim.HistBucketWidth(st.Mean*1000) / 1000 / 2
	}
	return st
}

// summarize is the Stat of metric k over replication values vals (vals[r] the
// values of replication r in Keys order; nil where the scope is absent).
func summarize(k int, vals [][]float64, xs, dens []float64) Stat {
	key := metrics.Keys[k]
	xs, dens = xs[:0], dens[:0]
	den := -1
	if d, ok := ratioOf[key]; ok {
		den = metrics.Index(d)
	}
	for _, v := range vals {
		if k >= len(v) {
			continue
		}
		if den >= 0 && den < len(v) {
			// An undefined share (its denominator empty, or no target set)
			// pools nothing: numerator and denominator 0.
			d := v[den]
			if math.IsNaN(v[k]) {
				d = 0
			}
			xs, dens = append(xs, times(v[k], d)), append(dens, d)
		} else {
			xs = append(xs, v[k])
		}
	}
	switch {
	case den >= 0:
		return RatioEstimate(xs, dens).Stat()
	case isPercentile(key):
		return percentileStat(xs)
	}
	return Summarize(xs)
}

// times is a share times its denominator: the numerator it was computed from
// (0 where the share is undefined, its denominator being 0).
func times(share, n float64) float64 {
	if math.IsNaN(share) || n == 0 {
		return 0
	}
	return share * n
}
