package dist

import (
	"math"
	"math/rand/v2"
)

// Sample draws one value from d using r, which must not be nil. The same Dist and
// the same stream state give the same value. Sample does not allocate; results are
// finite (a draw beyond the float64 range, possible only for parameters near the
// limits New accepts, is returned as math.MaxFloat64).
func (d *Dist) Sample(r *rand.Rand) float64 {
	switch d.kind {
	case kindConstant:
		return d.x
	case kindExponential:
		return capped(r.ExpFloat64() * d.x)
	case kindLognormal:
		return capped(math.Exp(d.x + d.y*r.NormFloat64()))
	case kindGamma:
		return capped(d.g.sample(r) * d.x)
	case kindWeibull:
		// Inversion: if E ~ Exp(1), scale·E^(1/shape) ~ Weibull(shape, scale).
		return capped(d.x * math.Pow(r.ExpFloat64(), d.y))
	case kindUniform:
		return d.x + d.y*r.Float64()
	case kindBeta:
		return d.sampleBeta(r)
	case kindGeometric:
		if d.x == 0 { // p = 1
			return 1
		}
		// Inversion: P(X > k) = (1-p)^k, so X = 1 + ⌊ln U / ln(1-p)⌋ with U in (0, 1].
		return capped(1 + math.Floor(math.Log(1-r.Float64())*d.x))
	case kindEmpirical:
		return d.tab.values[d.tab.pick(r)]
	case kindMixture:
		return d.tab.comps[d.tab.pick(r)].Sample(r)
	}
	return 0
}

// pick returns the index of the entry chosen with probability proportional to its
// weight: the first i with cum[i] > u for u uniform on [0, 1).
func (t *table) pick(r *rand.Rand) int {
	u := r.Float64()
	lo, hi := 0, len(t.cum)-1 // cum[len-1] = +Inf > u: the answer is in [lo, hi]
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// capped maps +Inf to the largest float64, so that no draw is infinite.
func capped(x float64) float64 {
	if x > math.MaxFloat64 {
		return math.MaxFloat64
	}
	return x
}

// gammaConst holds the constants of the Marsaglia–Tsang sampler for Gamma(shape, 1)
// (G. Marsaglia and W. W. Tsang, "A simple method for generating gamma variables",
// ACM TOMS 26(3), 2000). For shape < 1 it samples Gamma(shape+1, 1) and multiplies
// by U^(1/shape), the boost of section 6 of the paper.
type gammaConst struct {
	d, c     float64 // d = a - 1/3, c = 1/√(9d) for a = shape, or shape+1 if shape < 1
	invShape float64 // 1/shape if shape < 1, else 0 (no boost)
}

func newGammaConst(shape float64) gammaConst {
	var g gammaConst
	a := shape
	if shape < 1 {
		a = shape + 1
		g.invShape = 1 / shape
	}
	g.d = a - 1.0/3
	g.c = 1 / (3 * math.Sqrt(g.d)) // not 1/√(9d): 9d overflows for huge shapes
	return g
}

// tsang draws from Gamma(a, 1), a = shape or shape+1 (≥ 1), by rejection from a
// transformed normal; the squeeze u < 1 - 0.0331x⁴ accepts most draws without a log.
// The result is > 0: v = 0 fails both acceptance tests.
func (g *gammaConst) tsang(r *rand.Rand) float64 {
	for {
		x := r.NormFloat64()
		v := 1 + g.c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+g.d*(1-v+math.Log(v)) {
			return g.d * v
		}
	}
}

// sample draws from Gamma(shape, 1). For tiny shapes the boost U^(1/shape) may
// underflow to 0, which is the correct draw to float64 precision.
func (g *gammaConst) sample(r *rand.Rand) float64 {
	x := g.tsang(r)
	if g.invShape != 0 {
		x *= math.Pow(1-r.Float64(), g.invShape)
	}
	return x
}

// logSample draws ln X for X ~ Gamma(shape, 1), without the underflow of sample.
func (g *gammaConst) logSample(r *rand.Rand) float64 {
	l := math.Log(g.tsang(r))
	if g.invShape != 0 {
		if u := 1 - r.Float64(); u < 1 { // ln 1 · +Inf would be NaN
			l += math.Log(u) * g.invShape
		}
	}
	return l
}

// sampleBeta draws X/(X+Y) for X ~ Gamma(alpha, 1), Y ~ Gamma(beta, 1), written
// 1/(1 + Y/X) so that huge shapes do not overflow X+Y.
func (d *Dist) sampleBeta(r *rand.Rand) float64 {
	if d.g.invShape == 0 && d.h.invShape == 0 {
		// Both shapes ≥ 1: X, Y > 0 and finite, no underflow to guard against.
		x := d.g.tsang(r)
		y := d.h.tsang(r)
		return 1 / (1 + y/x)
	}
	// A shape < 1: X or Y may underflow to 0, so work with logarithms.
	lx := d.g.logSample(r)
	ly := d.h.logSample(r)
	z := 1 / (1 + math.Exp(ly-lx))
	if z != z {
		// Both logarithms are -Inf, possible only for subnormal shapes, where
		// Beta(alpha, beta) is Bernoulli(alpha/(alpha+beta)) to float64 precision.
		if r.Float64() < d.mean {
			return 1
		}
		return 0
	}
	return z
}
