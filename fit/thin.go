package fit

import "math/rand/v2"

// MaxSample is the most observations a distribution is fitted on: beyond it the
// observations (events and censored ones together, with the same probability,
// so that censoring keeps its share) are thinned at random with a fixed seed.
// The likelihood fits cost a pass over the sample per evaluation; at 50,000
// observations their standard errors are already far below any model error,
// and they are those of the sample fitted.
const MaxSample = 50_000

// thin keeps each index of a sample of n with probability max/n (all when n ≤ max).
func thin(n int, seed uint64) func(i int) bool {
	if n <= MaxSample {
		return func(int) bool { return true }
	}
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	p := float64(MaxSample) / float64(n)
	keep := make([]bool, n)
	for i := range keep {
		keep[i] = r.Float64() < p
	}
	return func(i int) bool { return keep[i] }
}

// thinPair thins the events xs and the censored cs together.
func thinPair(xs, cs []float64, seed uint64) ([]float64, []float64, bool) {
	n := len(xs) + len(cs)
	if n <= MaxSample {
		return xs, cs, false
	}
	keep := thin(n, seed)
	var a, b []float64
	for i, x := range xs {
		if keep(i) {
			a = append(a, x)
		}
	}
	for i, c := range cs {
		if keep(len(xs) + i) {
			b = append(b, c)
		}
	}
	return a, b, true
}
