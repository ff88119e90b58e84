package dist

import (
	"math"
	"testing"
)

// set builds a Spec.Set from parameter names.
func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func mustNew(t testing.TB, s Spec) Dist {
	t.Helper()
	d, err := New(s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return d
}

func TestNewValid(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		str  string
		mean float64
	}{
		{"constant", Spec{Kind: "constant", Value: 3}, "constant{value: 3}", 3},
		{"constant zero via Set", Spec{Kind: "constant", Set: set("value")}, "constant{value: 0}", 0},
		{"constant negative", Spec{Kind: "constant", Value: -2.5}, "constant{value: -2.5}", -2.5},
		{"exponential", Spec{Kind: "exponential", Mean: 30}, "exponential{mean: 30}", 30},
		// E = median·exp(sigma²/2).
		{"lognormal median", Spec{Kind: "lognormal", Median: 45, Sigma: 1}, "lognormal{median: 45, sigma: 1}", 45 * math.Exp(0.5)},
		{"lognormal mean", Spec{Kind: "lognormal", Mean: 45, Sigma: 1}, "lognormal{mean: 45, sigma: 1}", 45},
		{"lognormal sigma 0", Spec{Kind: "lognormal", Set: set("median", "sigma"), Median: 45}, "lognormal{median: 45, sigma: 0}", 45},
		{"gamma scale", Spec{Kind: "gamma", Shape: 2, Scale: 3}, "gamma{shape: 2, scale: 3}", 6},
		{"gamma mean", Spec{Kind: "gamma", Shape: 2, Mean: 7}, "gamma{shape: 2, mean: 7}", 7},
		// E = scale·Γ(1 + 1/shape) = 10·Γ(3) = 20 for shape 0.5.
		{"weibull", Spec{Kind: "weibull", Shape: 0.5, Scale: 10}, "weibull{shape: 0.5, scale: 10}", 20},
		{"uniform", Spec{Kind: "uniform", Min: 5, Max: 15}, "uniform{min: 5, max: 15}", 10},
		{"uniform point", Spec{Kind: "uniform", Min: 5, Max: 5}, "uniform{min: 5, max: 5}", 5},
		{"beta", Spec{Kind: "beta", Alpha: 2, Beta: 6}, "beta{alpha: 2, beta: 6}", 0.25},
		{"geometric", Spec{Kind: "geometric", Mean: 3}, "geometric{mean: 3}", 3},
		{"geometric 1", Spec{Kind: "geometric", Mean: 1}, "geometric{mean: 1}", 1},
		{"empirical equal", Spec{Kind: "empirical", Values: []float64{1, 2, 6}}, "empirical{values: [1, 2, 6]}", 3},
		{"empirical weighted", Spec{Kind: "empirical", Values: []float64{1, 2, 6}, Weights: []float64{2, 0, 2}},
			"empirical{values: [1, 2, 6], weights: [2, 0, 2]}", 3.5},
		{"mixture", Spec{Kind: "mixture", Components: []Component{
			{0.75, Spec{Kind: "exponential", Mean: 20}},
			{0.25, Spec{Kind: "constant", Value: 600}},
		}}, "mixture{0.75: exponential{mean: 20}, 0.25: constant{value: 600}}", 0.75*20 + 0.25*600},
		{"mixture decimal weights", Spec{Kind: "mixture", Components: []Component{
			{0.1, Spec{Kind: "constant", Value: 10}},
			{0.2, Spec{Kind: "constant", Value: 20}},
			{0.7, Spec{Kind: "constant", Value: 30}},
		}}, "mixture{0.1: constant{value: 10}, 0.2: constant{value: 20}, 0.7: constant{value: 30}}", 26},
		{"mixture nested", Spec{Kind: "mixture", Components: []Component{
			{0.5, Spec{Kind: "mixture", Components: []Component{
				{0.5, Spec{Kind: "constant", Value: 2}},
				{0.5, Spec{Kind: "constant", Value: 4}},
			}}},
			{0.5, Spec{Kind: "uniform", Set: set("min"), Max: 2}},
		}}, "mixture{0.5: mixture{0.5: constant{value: 2}, 0.5: constant{value: 4}}, 0.5: uniform{min: 0, max: 2}}", 2},
		{"Set false is not given", Spec{Kind: "exponential", Mean: 1, Set: map[string]bool{"mean": true, "sigma": false}},
			"exponential{mean: 1}", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustNew(t, tt.spec)
			if got := d.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := d.Kind(); got != tt.spec.Kind {
				t.Errorf("Kind() = %q, want %q", got, tt.spec.Kind)
			}
			if d.IsZero() {
				t.Error("IsZero() = true for a built Dist")
			}
			if got := d.Mean(); math.Abs(got-tt.mean) > 1e-12*math.Abs(tt.mean) {
				t.Errorf("Mean() = %v, want %v", got, tt.mean)
			}
		})
	}
}

func TestNewInvalid(t *testing.T) {
	const want = " (want constant, exponential, lognormal, gamma, weibull, uniform, beta, geometric, empirical or mixture)"
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		spec Spec
		err  string
	}{
		{"unknown kind", Spec{Kind: "normal", Mean: 1}, `unknown distribution "normal"` + want},
		{"missing kind", Spec{Mean: 1}, "distribution kind is missing" + want},
		{"kind is case sensitive", Spec{Kind: "Exponential", Mean: 1}, `unknown distribution "Exponential"` + want},

		{"constant NaN", Spec{Kind: "constant", Value: nan}, "constant: value must be finite (got NaN)"},
		{"constant missing", Spec{Kind: "constant"}, "constant: value is required"},
		{"constant extra Set key", Spec{Kind: "constant", Value: 1, Set: set("value", "foo")}, `constant: unknown parameter "foo"`},
		{"constant components", Spec{Kind: "constant", Value: 1, Components: []Component{{1, Spec{Kind: "constant"}}}},
			`constant: unknown parameter "components"`},

		{"exponential negative", Spec{Kind: "exponential", Mean: -3}, "exponential: mean must be > 0 (got -3)"},
		{"exponential zero", Spec{Kind: "exponential", Set: set("mean")}, "exponential: mean must be > 0 (got 0)"},
		{"exponential missing", Spec{Kind: "exponential"}, "exponential: mean is required"},
		{"exponential NaN", Spec{Kind: "exponential", Mean: nan}, "exponential: mean must be finite (got NaN)"},
		{"exponential Inf", Spec{Kind: "exponential", Mean: inf}, "exponential: mean must be finite (got +Inf)"},
		{"exponential median", Spec{Kind: "exponential", Mean: 1, Median: 1}, `exponential: unknown parameter "median"`},

		{"lognormal both", Spec{Kind: "lognormal", Median: 45, Mean: 50, Sigma: 1}, "lognormal: give median or mean, not both"},
		{"lognormal neither", Spec{Kind: "lognormal", Sigma: 1}, "lognormal: median or mean is required"},
		{"lognormal no sigma", Spec{Kind: "lognormal", Median: 45}, "lognormal: sigma is required"},
		{"lognormal negative sigma", Spec{Kind: "lognormal", Median: 45, Sigma: -1}, "lognormal: sigma must be >= 0 (got -1)"},
		{"lognormal zero median", Spec{Kind: "lognormal", Set: set("median"), Sigma: 1}, "lognormal: median must be > 0 (got 0)"},
		{"lognormal negative mean", Spec{Kind: "lognormal", Mean: -1, Sigma: 1}, "lognormal: mean must be > 0 (got -1)"},
		{"lognormal Inf sigma", Spec{Kind: "lognormal", Median: 1, Sigma: inf}, "lognormal: sigma must be finite (got +Inf)"},
		{"lognormal huge sigma", Spec{Kind: "lognormal", Mean: 1, Sigma: 1e200}, "lognormal: sigma is too large (got 1e+200)"},
		{"lognormal mean overflows", Spec{Kind: "lognormal", Median: 1e300, Sigma: 40},
			"lognormal: mean overflows float64 (lognormal{median: 1e+300, sigma: 40})"},

		{"gamma sigma", Spec{Kind: "gamma", Shape: 2, Scale: 1, Sigma: 1}, `gamma: unknown parameter "sigma"`},
		{"gamma zero shape", Spec{Kind: "gamma", Set: set("shape"), Scale: 1}, "gamma: shape must be > 0 (got 0)"},
		{"gamma no shape", Spec{Kind: "gamma", Scale: 1}, "gamma: shape is required"},
		{"gamma both", Spec{Kind: "gamma", Shape: 2, Scale: 1, Mean: 2}, "gamma: give scale or mean, not both"},
		{"gamma neither", Spec{Kind: "gamma", Shape: 2}, "gamma: scale or mean is required"},
		{"gamma negative mean", Spec{Kind: "gamma", Shape: 2, Mean: -1}, "gamma: mean must be > 0 (got -1)"},
		{"gamma mean overflows", Spec{Kind: "gamma", Shape: 1e300, Scale: 1e300},
			"gamma: mean overflows float64 (gamma{shape: 1e+300, scale: 1e+300})"},
		{"gamma scale overflows", Spec{Kind: "gamma", Shape: 1e-300, Mean: 1e300},
			"gamma: scale mean/shape overflows float64 (mean 1e+300, shape 1e-300)"},

		{"weibull no scale", Spec{Kind: "weibull", Shape: 2}, "weibull: scale is required"},
		{"weibull negative shape", Spec{Kind: "weibull", Shape: -2, Scale: 1}, "weibull: shape must be > 0 (got -2)"},
		{"weibull mean overflows", Spec{Kind: "weibull", Shape: 0.001, Scale: 1},
			"weibull: mean overflows float64 (weibull{shape: 0.001, scale: 1})"},

		{"uniform reversed", Spec{Kind: "uniform", Min: 5, Max: 1}, "uniform: max must be >= min (got min 5, max 1)"},
		{"uniform missing max", Spec{Kind: "uniform", Min: 5}, "uniform: max is required"},
		{"uniform too wide", Spec{Kind: "uniform", Min: -1e308, Max: 1e308},
			"uniform: max - min overflows float64 (got min -1e+308, max 1e+308)"},

		{"beta negative alpha", Spec{Kind: "beta", Alpha: -1, Beta: 1}, "beta: alpha must be > 0 (got -1)"},
		{"beta no beta", Spec{Kind: "beta", Alpha: 1}, "beta: beta is required"},

		{"geometric below 1", Spec{Kind: "geometric", Mean: 0.5}, "geometric: mean must be >= 1 (got 0.5)"},
		{"geometric NaN", Spec{Kind: "geometric", Mean: nan}, "geometric: mean must be finite (got NaN)"},

		{"empirical no values", Spec{Kind: "empirical"}, "empirical: values are required"},
		{"empirical Set but empty", Spec{Kind: "empirical", Set: set("values")}, "empirical: values are required"},
		{"empirical NaN value", Spec{Kind: "empirical", Values: []float64{1, nan}}, "empirical: values[1] must be finite (got NaN)"},
		{"empirical lengths", Spec{Kind: "empirical", Values: []float64{1, 2, 3}, Weights: []float64{1, 2}},
			"empirical: values and weights differ in length (3 values, 2 weights)"},
		{"empirical empty weights", Spec{Kind: "empirical", Values: []float64{1}, Set: set("values", "weights")},
			"empirical: values and weights differ in length (1 values, 0 weights)"},
		{"empirical negative weight", Spec{Kind: "empirical", Values: []float64{1, 2}, Weights: []float64{1, -1}},
			"empirical: weights[1] must be >= 0 (got -1)"},
		{"empirical Inf weight", Spec{Kind: "empirical", Values: []float64{1, 2}, Weights: []float64{inf, 1}},
			"empirical: weights[0] must be finite (got +Inf)"},
		{"empirical zero weights", Spec{Kind: "empirical", Values: []float64{1, 2}, Weights: []float64{0, 0}, Set: set("weights")},
			"empirical: weights sum to 0, want > 0"},
		{"empirical mean", Spec{Kind: "empirical", Values: []float64{1}, Mean: 1}, `empirical: unknown parameter "mean"`},

		{"mixture empty", Spec{Kind: "mixture"}, "mixture: components are required"},
		{"mixture mean", Spec{Kind: "mixture", Mean: 1, Components: []Component{{1, Spec{Kind: "constant", Value: 1}}}},
			`mixture: unknown parameter "mean"`},
		{"mixture sum", Spec{Kind: "mixture", Components: []Component{
			{0.5, Spec{Kind: "constant", Value: 1}},
			{0.4, Spec{Kind: "constant", Value: 2}},
		}}, "mixture: weights sum to 0.9, want 1"},
		{"mixture sum just outside tolerance", Spec{Kind: "mixture", Components: []Component{
			{1 + 2e-9, Spec{Kind: "constant", Value: 1}},
		}}, "mixture: weights sum to 1.000000002, want 1"},
		{"mixture component", Spec{Kind: "mixture", Components: []Component{
			{0.5, Spec{Kind: "constant", Value: 1}},
			{0.5, Spec{Kind: "exponential", Mean: -3}},
		}}, "mixture[1]: exponential: mean must be > 0 (got -3)"},
		{"mixture nested", Spec{Kind: "mixture", Components: []Component{
			{1, Spec{Kind: "mixture", Components: []Component{
				{0.5, Spec{Kind: "constant", Value: 1}},
				{0.5, Spec{Kind: "gamma", Shape: 1, Scale: 1, Sigma: 1}},
			}}},
		}}, `mixture[0]: mixture[1]: gamma: unknown parameter "sigma"`},
		{"mixture unknown kind", Spec{Kind: "mixture", Components: []Component{{1, Spec{Kind: "normal"}}}},
			`mixture[0]: unknown distribution "normal"` + want},
		{"mixture negative weight", Spec{Kind: "mixture", Components: []Component{
			{-0.5, Spec{Kind: "constant", Value: 1}},
			{1.5, Spec{Kind: "constant", Value: 2}},
		}}, "mixture[0]: weight must be >= 0 (got -0.5)"},
		{"mixture NaN weight", Spec{Kind: "mixture", Components: []Component{
			{1, Spec{Kind: "constant", Value: 1}},
			{nan, Spec{Kind: "constant", Value: 2}},
		}}, "mixture[1]: weight must be finite (got NaN)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(tt.spec)
			if err == nil {
				t.Fatalf("New succeeded with %v, want error %q", d, tt.err)
			}
			if err.Error() != tt.err {
				t.Errorf("error\n got %q\nwant %q", err, tt.err)
			}
			if !d.IsZero() {
				t.Errorf("New returned %v with its error, want the zero Dist", d)
			}
		})
	}
}

func TestConstructors(t *testing.T) {
	if d := Constant(2); d.String() != "constant{value: 2}" || d.Mean() != 2 || d.Kind() != "constant" {
		t.Errorf("Constant(2) = %v, mean %v", d, d.Mean())
	}
	if d := Exponential(30); d.String() != "exponential{mean: 30}" || d.Mean() != 30 || d.Kind() != "exponential" {
		t.Errorf("Exponential(30) = %v, mean %v", d, d.Mean())
	}
	// Outside the preconditions the constructors return the zero Dist.
	for _, d := range []Dist{Constant(math.NaN()), Constant(math.Inf(-1)), Exponential(0), Exponential(-1), Exponential(math.Inf(1))} {
		if !d.IsZero() {
			t.Errorf("got %v, want the zero Dist", d)
		}
	}
	// The constructors agree with New.
	r1, r2 := newRand(), newRand()
	a, b := Exponential(30), mustNew(t, Spec{Kind: "exponential", Mean: 30})
	for range 100 {
		if x, y := a.Sample(r1), b.Sample(r2); x != y {
			t.Fatalf("Exponential(30) drew %v, New drew %v", x, y)
		}
	}
}

func TestZero(t *testing.T) {
	var d Dist
	if !d.IsZero() || d.Kind() != "" || d.Mean() != 0 || d.String() != "<zero Dist>" {
		t.Errorf("zero Dist: IsZero %v, Kind %q, Mean %v, String %q", d.IsZero(), d.Kind(), d.Mean(), d.String())
	}
	if x := d.Sample(newRand()); x != 0 {
		t.Errorf("zero Dist sampled %v, want 0", x)
	}
}

// TestSpecNotRetained checks that New copies the slices of a Spec, so that a caller
// reusing its buffers cannot change a built Dist.
func TestSpecNotRetained(t *testing.T) {
	values := []float64{1, 2}
	weights := []float64{1, 0}
	d := mustNew(t, Spec{Kind: "empirical", Values: values, Weights: weights})
	values[0], weights[0], weights[1] = 99, 0, 1
	r := newRand()
	for range 100 {
		if x := d.Sample(r); x != 1 {
			t.Fatalf("sampled %v after the Spec changed, want 1", x)
		}
	}
	if got := d.String(); got != "empirical{values: [1, 2], weights: [1, 0]}" {
		t.Errorf("String() = %q", got)
	}
}
