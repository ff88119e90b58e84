package reports

import (
	"math"

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
	if n < 2 {
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
