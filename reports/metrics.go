package reports

// Stat is a metric across replications: mean and 95 % CI half-width over the
// replications where it is defined (N of them). Mean is NaN when N = 0 and CI95 is
// NaN when N < 2.
type Stat struct {
	Mean, CI95 float64
	N          int
}

// Summarize returns the mean and Student-t 95 % half-width of xs, skipping NaNs.
func Summarize(xs []float64) Stat { return MeanEstimate(xs).Stat() }
