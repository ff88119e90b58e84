package dist

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// mixtureTolerance is how far the weights of a mixture may sum from 1: enough for
// decimal weights such as 0.1 + 0.2 + 0.7, which do not add to exactly 1 in binary.
const mixtureTolerance = 1e-9

// params lists every parameter name a Spec can carry, in Spec field order; New
// reports the first one given that the family does not take.
var params = [...]string{
	"value", "mean", "median", "sigma", "shape", "scale", "min", "max",
	"alpha", "beta", "values", "weights", "components",
}

// takes lists, per family, the parameters it accepts.
var takes = [...][]string{
	kindConstant:    {"value"},
	kindExponential: {"mean"},
	kindLognormal:   {"median", "mean", "sigma"},
	kindGamma:       {"shape", "scale", "mean"},
	kindWeibull:     {"shape", "scale"},
	kindUniform:     {"min", "max"},
	kindBeta:        {"alpha", "beta"},
	kindGeometric:   {"mean"},
	kindEmpirical:   {"values", "weights"},
	kindMixture:     {"components"},
}

const wantKinds = "want constant, exponential, lognormal, gamma, weibull, uniform, beta, geometric, empirical or mixture"

// New validates s and builds the distribution it describes. Errors are one line,
// start with the family name and name the offending parameter, e.g.
//
//	exponential: mean must be > 0 (got -3)
//	mixture[1]: gamma: unknown parameter "sigma"
//
// A parameter counts as given if s.Set records it or its field is non-zero (a
// non-empty slice for values, weights and components), so Specs written in Go need
// Set only for parameters that are given as 0. Besides each family's own ranges,
// New rejects NaN and infinite parameters and parameters whose mean overflows
// float64. New never panics.
func New(s Spec) (Dist, error) {
	return build(&s)
}

func build(s *Spec) (Dist, error) {
	k := kindZero
	for i, n := range kindNames {
		if i > 0 && n == s.Kind {
			k = kind(i)
		}
	}
	if k == kindZero {
		if s.Kind == "" {
			return Dist{}, errors.New("distribution kind is missing (" + wantKinds + ")")
		}
		return Dist{}, fmt.Errorf("unknown distribution %q (%s)", s.Kind, wantKinds)
	}
	c := checker{s: s, fam: s.Kind}
	if p := unknownParam(s, takes[k]); p != "" {
		return Dist{}, c.errorf("unknown parameter %q", p)
	}
	var d Dist
	var err error
	switch k {
	case kindConstant:
		d = c.constant()
	case kindExponential:
		d = c.exponential()
	case kindLognormal:
		d = c.lognormal()
	case kindGamma:
		d = c.gamma()
	case kindWeibull:
		d = c.weibull()
	case kindUniform:
		d = c.uniform()
	case kindBeta:
		d = c.beta()
	case kindGeometric:
		d = c.geometric()
	case kindEmpirical:
		d = c.empirical()
	case kindMixture:
		d, err = c.mixture()
	}
	if err == nil {
		err = c.err
	}
	if err != nil {
		return Dist{}, err
	}
	d.kind = k
	if !finite(d.mean) {
		return Dist{}, c.errorf("mean overflows float64 (%v)", d)
	}
	return d, nil
}

// unknownParam returns the first parameter given in s that is not in takes, or "".
func unknownParam(s *Spec, takes []string) string {
	for _, p := range params {
		if s.given(p) && !slices.Contains(takes, p) {
			return p
		}
	}
	var extra []string
	for p, ok := range s.Set {
		if ok && !slices.Contains(params[:], p) {
			extra = append(extra, p)
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		return extra[0]
	}
	return ""
}

// given reports whether parameter p appears in s.
func (s *Spec) given(p string) bool {
	if s.Set[p] {
		return true
	}
	switch p {
	case "values":
		return len(s.Values) > 0
	case "weights":
		return len(s.Weights) > 0
	case "components":
		return len(s.Components) > 0
	}
	return s.scalar(p) != 0
}

// scalar returns the field that holds numeric parameter p.
func (s *Spec) scalar(p string) float64 {
	switch p {
	case "value":
		return s.Value
	case "mean":
		return s.Mean
	case "median":
		return s.Median
	case "sigma":
		return s.Sigma
	case "shape":
		return s.Shape
	case "scale":
		return s.Scale
	case "min":
		return s.Min
	case "max":
		return s.Max
	case "alpha":
		return s.Alpha
	case "beta":
		return s.Beta
	}
	return 0
}

// checker validates the parameters of one family, keeping the first error so that
// the family builders read as a list of requirements.
type checker struct {
	s   *Spec
	fam string
	err error
}

func (c *checker) errorf(format string, args ...any) error {
	return fmt.Errorf(c.fam+": "+format, args...)
}

func (c *checker) fail(format string, args ...any) {
	if c.err == nil {
		c.err = c.errorf(format, args...)
	}
}

// need returns required parameter p, which must be finite.
func (c *checker) need(p string) float64 {
	if !c.s.given(p) {
		c.fail("%s is required", p)
		return 0
	}
	v := c.s.scalar(p)
	if !finite(v) {
		c.fail("%s must be finite (got %v)", p, v)
	}
	return v
}

// either returns whichever of parameters p and q is given (exactly one must be)
// and whether it was q.
func (c *checker) either(p, q string) (v float64, isQ bool) {
	switch gp, gq := c.s.given(p), c.s.given(q); {
	case gp && gq:
		c.fail("give %s or %s, not both", p, q)
		return 0, false
	case !gp && !gq:
		c.fail("%s or %s is required", p, q)
		return 0, false
	case gq:
		return c.need(q), true
	}
	return c.need(p), false
}

func (c *checker) positive(p string, v float64) {
	if !(v > 0) {
		c.fail("%s must be > 0 (got %v)", p, v)
	}
}

func (c *checker) atLeast(p string, v, min float64) {
	if !(v >= min) {
		c.fail("%s must be >= %v (got %v)", p, min, v)
	}
}

func (c *checker) constant() Dist {
	v := c.need("value")
	return Dist{p: v, x: v, mean: v}
}

func (c *checker) exponential() Dist {
	m := c.need("mean")
	c.positive("mean", m)
	return Dist{p: m, x: m, mean: m}
}

func (c *checker) lognormal() Dist {
	m, isMean := c.either("median", "mean")
	sigma := c.need("sigma")
	if isMean {
		c.positive("mean", m)
	} else {
		c.positive("median", m)
	}
	c.atLeast("sigma", sigma, 0)
	if !finite(sigma * sigma) {
		c.fail("sigma is too large (got %v)", sigma)
	}
	if c.err != nil {
		return Dist{}
	}
	half := sigma * sigma / 2
	d := Dist{alt: isMean, p: m, q: sigma, y: sigma}
	if isMean {
		// E[X] = exp(mu + sigma²/2) for X = exp(mu + sigma·Z).
		d.x, d.mean = math.Log(m)-half, m
	} else {
		d.x, d.mean = math.Log(m), m*math.Exp(half)
	}
	return d
}

func (c *checker) gamma() Dist {
	shape := c.need("shape")
	v, isMean := c.either("scale", "mean")
	c.positive("shape", shape)
	if isMean {
		c.positive("mean", v)
	} else {
		c.positive("scale", v)
	}
	if c.err != nil {
		return Dist{}
	}
	d := Dist{alt: isMean, p: shape, q: v, g: newGammaConst(shape)}
	if isMean {
		d.x, d.mean = v/shape, v
		if !finite(d.x) {
			c.fail("scale mean/shape overflows float64 (mean %v, shape %v)", v, shape)
		}
	} else {
		d.x, d.mean = v, shape*v
	}
	return d
}

func (c *checker) weibull() Dist {
	shape, scale := c.need("shape"), c.need("scale")
	c.positive("shape", shape)
	c.positive("scale", scale)
	// E[X] = scale·Γ(1 + 1/shape); an overflow is caught by build's mean check.
	return Dist{p: shape, q: scale, x: scale, y: 1 / shape, mean: scale * math.Gamma(1+1/shape)}
}

func (c *checker) uniform() Dist {
	lo, hi := c.need("min"), c.need("max")
	if c.err == nil && !(lo <= hi) {
		c.fail("max must be >= min (got min %v, max %v)", lo, hi)
	}
	w := hi - lo
	if c.err == nil && !finite(w) {
		c.fail("max - min overflows float64 (got min %v, max %v)", lo, hi)
	}
	return Dist{p: lo, q: hi, x: lo, y: w, mean: lo + w/2}
}

func (c *checker) beta() Dist {
	a, b := c.need("alpha"), c.need("beta")
	c.positive("alpha", a)
	c.positive("beta", b)
	if c.err != nil {
		return Dist{}
	}
	// α/(α+β) written so that it cannot overflow for huge α and β.
	return Dist{p: a, q: b, g: newGammaConst(a), h: newGammaConst(b), mean: 1 / (1 + b/a)}
}

func (c *checker) geometric() Dist {
	m := c.need("mean")
	c.atLeast("mean", m, 1)
	if c.err != nil {
		return Dist{}
	}
	d := Dist{p: m, mean: m}
	if p := 1 / m; p < 1 {
		d.x = 1 / math.Log1p(-p)
	}
	return d
}

func (c *checker) empirical() Dist {
	s := c.s
	if len(s.Values) == 0 {
		c.fail("values are required")
		return Dist{}
	}
	for i, v := range s.Values {
		if !finite(v) {
			c.fail("values[%d] must be finite (got %v)", i, v)
			return Dist{}
		}
	}
	t := &table{values: slices.Clone(s.Values)}
	w := s.Weights
	if s.given("weights") {
		if len(w) != len(s.Values) {
			c.fail("values and weights differ in length (%d values, %d weights)", len(s.Values), len(w))
			return Dist{}
		}
		if !c.weights(w, "weights[%d] must be %s (got %v)") {
			return Dist{}
		}
		if slices.Max(w) == 0 {
			c.fail("weights sum to 0, want > 0")
			return Dist{}
		}
		t.weights = slices.Clone(w)
	} else {
		w = make([]float64, len(s.Values))
		for i := range w {
			w[i] = 1
		}
	}
	t.cum = cumulative(w)
	// Σ vᵢ·(wᵢ/Σw) is a convex combination of finite values: it cannot overflow.
	mean, prev := 0.0, 0.0
	for i, v := range t.values {
		cur := min(t.cum[i], 1)
		mean += v * (cur - prev)
		prev = cur
	}
	return Dist{tab: t, mean: mean}
}

// weights checks that every weight is finite and >= 0; msg formats the error from
// the index, the requirement and the value.
func (c *checker) weights(w []float64, msg string) bool {
	for i, x := range w {
		switch {
		case !finite(x):
			c.fail(msg, i, "finite", x)
			return false
		case x < 0:
			c.fail(msg, i, ">= 0", x)
			return false
		}
	}
	return true
}

func (c *checker) mixture() (Dist, error) {
	s := c.s
	if len(s.Components) == 0 {
		return Dist{}, c.errorf("components are required")
	}
	t := &table{
		weights: make([]float64, len(s.Components)),
		comps:   make([]Dist, len(s.Components)),
	}
	sum := 0.0
	for i := range s.Components {
		comp := &s.Components[i]
		w := comp.Weight
		switch {
		case !finite(w):
			return Dist{}, fmt.Errorf("mixture[%d]: weight must be finite (got %v)", i, w)
		case w < 0:
			return Dist{}, fmt.Errorf("mixture[%d]: weight must be >= 0 (got %v)", i, w)
		}
		d, err := build(&comp.Spec)
		if err != nil {
			return Dist{}, fmt.Errorf("mixture[%d]: %w", i, err)
		}
		t.weights[i], t.comps[i] = w, d
		sum += w
	}
	if math.Abs(sum-1) > mixtureTolerance {
		return Dist{}, c.errorf("weights sum to %v, want 1", sum)
	}
	t.cum = cumulative(t.weights)
	mean := 0.0
	for i := range t.comps {
		mean += t.weights[i] / sum * t.comps[i].mean
	}
	return Dist{tab: t, mean: mean}, nil
}

// cumulative returns the normalised cumulative weights of w (finite, >= 0, not all
// 0), with +Inf from the last positive weight on; see table.cum.
func cumulative(w []float64) []float64 {
	// Scale by the largest weight first so that the sum cannot overflow.
	top := slices.Max(w)
	sum := 0.0
	for _, x := range w {
		sum += x / top
	}
	cum := make([]float64, len(w))
	acc := 0.0
	last := 0
	for i, x := range w {
		acc += x / top
		cum[i] = acc / sum
		if x > 0 {
			last = i
		}
	}
	for i := last; i < len(cum); i++ {
		cum[i] = math.Inf(1)
	}
	return cum
}
