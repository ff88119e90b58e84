package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// newRand returns the fixed-seed stream of the statistical tests: with a fixed seed
// they are deterministic, and the tolerances below only say how unlikely a failure
// would be for a correct sampler under another seed.
func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// cases are one or more Specs per family, covering both forms and both gamma
// sampler paths (shape < 1 boosts); the mean, allocation and benchmark tests share them.
var cases = []struct {
	name string
	spec Spec
}{
	{"constant", Spec{Kind: "constant", Value: 3}},
	{"exponential", Spec{Kind: "exponential", Mean: 30}},
	{"lognormal", Spec{Kind: "lognormal", Median: 45, Sigma: 1}},
	{"lognormal-mean", Spec{Kind: "lognormal", Mean: 45, Sigma: 0.5}},
	{"gamma", Spec{Kind: "gamma", Shape: 2.5, Scale: 4}},
	{"gamma-shape<1", Spec{Kind: "gamma", Shape: 0.3, Mean: 5}},
	{"weibull", Spec{Kind: "weibull", Shape: 1.5, Scale: 10}},
	{"uniform", Spec{Kind: "uniform", Min: 5, Max: 15}},
	{"beta", Spec{Kind: "beta", Alpha: 2, Beta: 5}},
	{"beta-shape<1", Spec{Kind: "beta", Alpha: 0.5, Beta: 0.3}},
	{"geometric", Spec{Kind: "geometric", Mean: 3}},
	{"geometric-1", Spec{Kind: "geometric", Mean: 1}},
	{"empirical", Spec{Kind: "empirical", Values: []float64{1, 2, 5, 8}, Weights: []float64{0.2, 0.3, 0, 0.5}}},
	{"mixture", Spec{Kind: "mixture", Components: []Component{
		{0.7, Spec{Kind: "exponential", Mean: 30}},
		{0.3, Spec{Kind: "lognormal", Median: 300, Sigma: 0.5}},
	}}},
	{"mixture-nested", Spec{Kind: "mixture", Components: []Component{
		{0.5, Spec{Kind: "mixture", Components: []Component{
			{0.5, Spec{Kind: "gamma", Shape: 3, Scale: 2}},
			{0.5, Spec{Kind: "constant", Value: 4}},
		}}},
		{0.2, Spec{Kind: "uniform", Set: set("min"), Max: 2}},
		{0.3, Spec{Kind: "empirical", Values: []float64{10, 20}}},
	}}},
}

// meanSD returns the sample mean and standard deviation of n draws (Welford).
func meanSD(d *Dist, r *rand.Rand, n int) (mean, sd float64) {
	var m2 float64
	for i := 1; i <= n; i++ {
		x := d.Sample(r)
		delta := x - mean
		mean += delta / float64(i)
		m2 += delta * (x - mean)
	}
	return mean, math.Sqrt(m2 / float64(n-1))
}

// TestSampleMean checks every family's draws against its analytic Mean. By the
// central limit theorem the mean of n draws is about normal around Mean() with
// standard error sd/√n, estimated here from the same draws; 4 standard errors leave
// a correct sampler a two-sided failure probability of about 6e-5.
func TestSampleMean(t *testing.T) {
	const n = 200_000
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			d := mustNew(t, tt.spec)
			mean, sd := meanSD(&d, newRand(), n)
			se := sd / math.Sqrt(n)
			if diff := math.Abs(mean - d.Mean()); diff > 4*se {
				t.Errorf("sample mean %.6g, Mean() %.6g: off by %.2f standard errors (se %.3g)", mean, d.Mean(), diff/se, se)
			}
		})
	}
}

// TestSampleKS compares the sampled distribution with gonum's CDF for the
// continuous families by the Kolmogorov–Smirnov statistic D = sup|Fₙ(x) - F(x)|.
// For n draws from F, √n·D tends to the Kolmogorov distribution, whose 0.999
// quantile is 1.949: a correct sampler exceeds the bound with probability ≈ 0.001.
func TestSampleKS(t *testing.T) {
	const n = 20_000
	bound := 1.949 / math.Sqrt(n)
	tests := []struct {
		name string
		spec Spec
		cdf  func(float64) float64
	}{
		{"exponential", Spec{Kind: "exponential", Mean: 30}, distuv.Exponential{Rate: 1.0 / 30}.CDF},
		{"lognormal median", Spec{Kind: "lognormal", Median: 45, Sigma: 1},
			distuv.LogNormal{Mu: math.Log(45), Sigma: 1}.CDF},
		// Mean form: mu = ln(mean) - sigma²/2.
		{"lognormal mean", Spec{Kind: "lognormal", Mean: 45, Sigma: 0.8},
			distuv.LogNormal{Mu: math.Log(45) - 0.32, Sigma: 0.8}.CDF},
		// gonum's Gamma takes a rate, 1/scale.
		{"gamma shape 2.5", Spec{Kind: "gamma", Shape: 2.5, Scale: 4}, distuv.Gamma{Alpha: 2.5, Beta: 0.25}.CDF},
		{"gamma shape 1", Spec{Kind: "gamma", Shape: 1, Scale: 2}, distuv.Gamma{Alpha: 1, Beta: 0.5}.CDF},
		{"gamma shape 0.3", Spec{Kind: "gamma", Shape: 0.3, Mean: 6}, distuv.Gamma{Alpha: 0.3, Beta: 0.05}.CDF},
		{"gamma shape 50", Spec{Kind: "gamma", Shape: 50, Scale: 1}, distuv.Gamma{Alpha: 50, Beta: 1}.CDF},
		{"weibull shape 1.5", Spec{Kind: "weibull", Shape: 1.5, Scale: 10}, distuv.Weibull{K: 1.5, Lambda: 10}.CDF},
		{"weibull shape 0.7", Spec{Kind: "weibull", Shape: 0.7, Scale: 3}, distuv.Weibull{K: 0.7, Lambda: 3}.CDF},
		{"beta 2 5", Spec{Kind: "beta", Alpha: 2, Beta: 5}, distuv.Beta{Alpha: 2, Beta: 5}.CDF},
		{"beta 0.5 0.3", Spec{Kind: "beta", Alpha: 0.5, Beta: 0.3}, distuv.Beta{Alpha: 0.5, Beta: 0.3}.CDF},
		{"beta 8 0.9", Spec{Kind: "beta", Alpha: 8, Beta: 0.9}, distuv.Beta{Alpha: 8, Beta: 0.9}.CDF},
		{"uniform", Spec{Kind: "uniform", Min: -2, Max: 7}, distuv.Uniform{Min: -2, Max: 7}.CDF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustNew(t, tt.spec)
			r := newRand()
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = d.Sample(r)
			}
			slices.Sort(xs)
			var stat float64
			for i, x := range xs {
				f := tt.cdf(x)
				stat = max(stat, float64(i+1)/n-f, f-float64(i)/n)
			}
			if stat > bound {
				t.Errorf("KS statistic %.4f > %.4f", stat, bound)
			}
		})
	}
}

// checkFreq checks that the share of draws equal to value is within 4 standard
// errors √(p(1-p)/n) of the probability p (normal approximation to the binomial).
func checkFreq(t *testing.T, counts map[float64]int, n int, value, p float64) {
	t.Helper()
	got := float64(counts[value]) / float64(n)
	se := math.Sqrt(p * (1 - p) / float64(n))
	if math.Abs(got-p) > 4*se {
		t.Errorf("P(%v): got %.5f, want %.5f ± %.5f", value, got, p, 4*se)
	}
}

func TestGeometric(t *testing.T) {
	const n = 100_000
	for _, mean := range []float64{1, 1.5, 3, 40} {
		t.Run(fmt.Sprint(mean), func(t *testing.T) {
			d := mustNew(t, Spec{Kind: "geometric", Mean: mean})
			r := newRand()
			counts := map[float64]int{}
			for range n {
				x := d.Sample(r)
				if x < 1 || x != math.Trunc(x) {
					t.Fatalf("drew %v, want an integer >= 1", x)
				}
				counts[x]++
			}
			// P(X = k) = p(1-p)^(k-1), p = 1/mean.
			p := 1 / mean
			for k := 1; k <= 4; k++ {
				checkFreq(t, counts, n, float64(k), p*math.Pow(1-p, float64(k-1)))
			}
		})
	}
}

func TestEmpiricalFrequencies(t *testing.T) {
	const n = 100_000
	tests := []struct {
		name  string
		spec  Spec
		probs map[float64]float64
	}{
		{"weighted", Spec{Kind: "empirical", Values: []float64{10, 20, 30, 40}, Weights: []float64{1, 0, 3, 6}},
			map[float64]float64{10: 0.1, 20: 0, 30: 0.3, 40: 0.6}},
		{"equal", Spec{Kind: "empirical", Values: []float64{1, 2, 3}},
			map[float64]float64{1: 1.0 / 3, 2: 1.0 / 3, 3: 1.0 / 3}},
		{"repeated value", Spec{Kind: "empirical", Values: []float64{5, 7, 5}},
			map[float64]float64{5: 2.0 / 3, 7: 1.0 / 3}},
		{"trailing zero weights", Spec{Kind: "empirical", Values: []float64{1, 2, 3, 4}, Weights: []float64{0, 1, 0, 0}},
			map[float64]float64{2: 1}},
		{"single", Spec{Kind: "empirical", Values: []float64{-4}}, map[float64]float64{-4: 1}},
		// A mixture of constants is an empirical distribution by another name.
		{"mixture choice", Spec{Kind: "mixture", Components: []Component{
			{0, Spec{Kind: "constant", Set: set("value")}},
			{0.25, Spec{Kind: "constant", Value: 1}},
			{0.75, Spec{Kind: "constant", Value: 2}},
			{0, Spec{Kind: "constant", Value: 3}},
		}}, map[float64]float64{1: 0.25, 2: 0.75}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustNew(t, tt.spec)
			r := newRand()
			counts := map[float64]int{}
			for range n {
				x := d.Sample(r)
				if _, ok := tt.probs[x]; !ok {
					t.Fatalf("drew %v, not a value of %v", x, d)
				}
				counts[x]++
			}
			for v, p := range tt.probs {
				checkFreq(t, counts, n, v, p)
			}
		})
	}
}

// TestSampleDeterministic checks that a Dist is a pure function of the stream: two
// copies sampled with equally seeded streams draw the same sequence.
func TestSampleDeterministic(t *testing.T) {
	for _, tt := range cases {
		d := mustNew(t, tt.spec)
		c := d
		r1, r2 := newRand(), newRand()
		for range 1000 {
			if x, y := d.Sample(r1), c.Sample(r2); x != y {
				t.Fatalf("%s: drew %v and %v from equal streams", tt.name, x, y)
			}
		}
	}
}

var sink float64

func TestSampleAllocs(t *testing.T) {
	for _, tt := range cases {
		d := mustNew(t, tt.spec)
		r := newRand()
		if a := testing.AllocsPerRun(1000, func() { sink = d.Sample(r) }); a != 0 {
			t.Errorf("%s: %v allocations per Sample, want 0", tt.name, a)
		}
	}
}

func BenchmarkSample(b *testing.B) {
	for _, tt := range cases {
		b.Run(tt.name, func(b *testing.B) {
			d := mustNew(b, tt.spec)
			r := newRand()
			b.ReportAllocs()
			var s float64
			for b.Loop() {
				s += d.Sample(r)
			}
			sink = s
		})
	}
}
