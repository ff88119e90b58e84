package reports

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Stat is a metric across replications: mean and 95 % CI half-width over the
// replications where it is defined (N of them). Mean is NaN when N = 0 and CI95 is
// NaN when N < 2.
type Stat struct {
	Mean, CI95 float64
	N          int
}

// Summarize returns the mean and Student-t 95 % half-width of xs, skipping NaNs.
func Summarize(xs []float64) Stat {
	n, sum := 0, 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return Stat{Mean: math.NaN(), CI95: math.NaN()}
	}
	mean := sum / float64(n)
	if n < 2 {
		return Stat{Mean: mean, CI95: math.NaN(), N: n}
	}
	ss := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	sd := math.Sqrt(ss / float64(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	return Stat{Mean: mean, CI95: t * sd / math.Sqrt(float64(n)), N: n}
}
