package dist

import (
	"math"
	"strconv"
	"strings"
)

// kind tags the family of a Dist; Sample switches on it.
type kind uint8

const (
	kindZero kind = iota // the zero Dist: not built
	kindConstant
	kindExponential
	kindLognormal
	kindGamma
	kindWeibull
	kindUniform
	kindBeta
	kindGeometric
	kindEmpirical
	kindMixture
)

// kindNames are the family names as written in a scenario file, indexed by kind.
var kindNames = [...]string{
	kindZero:        "",
	kindConstant:    "constant",
	kindExponential: "exponential",
	kindLognormal:   "lognormal",
	kindGamma:       "gamma",
	kindWeibull:     "weibull",
	kindUniform:     "uniform",
	kindBeta:        "beta",
	kindGeometric:   "geometric",
	kindEmpirical:   "empirical",
	kindMixture:     "mixture",
}

// Dist is a validated distribution, built once by New and sampled with an explicit
// random stream. It is a value type: copies are cheap and share the immutable tables
// of empirical and mixture distributions, so one Dist may be sampled from many
// goroutines as long as each uses its own *rand.Rand.
//
// The zero Dist is not a distribution (IsZero reports true, Kind is ""); it samples
// 0 and has mean 0, so that a forgotten default is visible in results rather than a
// crash in the simulator's hot path.
type Dist struct {
	kind kind
	// alt records that the family's second form was given: lognormal{mean, sigma},
	// gamma{shape, mean}.
	alt bool
	// p and q are the parameters as given, in the order of the family's signature
	// (see Spec); String prints them back.
	p, q float64
	mean float64

	// Sampling constants, precomputed by New:
	//	constant    x = value
	//	exponential x = mean
	//	lognormal   x = mu, y = sigma
	//	gamma       g = Gamma(shape, 1), x = scale
	//	weibull     x = scale, y = 1/shape
	//	uniform     x = min, y = max - min
	//	beta        g = Gamma(alpha, 1), h = Gamma(beta, 1)
	//	geometric   x = 1/ln(1-p), or 0 when p = 1
	x, y float64
	g, h gammaConst

	// tab holds the support of an empirical distribution or the components of a
	// mixture; nil for the other families.
	tab *table
}

// table is the shared, immutable part of an empirical or mixture Dist.
type table struct {
	values  []float64 // empirical: the support, in the order given
	weights []float64 // the weights as given (nil: equal weights), for String
	// cum[i] is the normalised cumulative weight of entries 0..i; from the last
	// positive weight on it is +Inf, so that a binary search for a uniform u in
	// [0, 1) always lands on an entry with positive weight, whatever the rounding.
	cum   []float64
	comps []Dist // mixture: the components
}

// Constant returns the distribution that is always v. v must be finite; otherwise
// Constant returns the zero Dist (use New to get an error instead).
func Constant(v float64) Dist {
	if !finite(v) {
		return Dist{}
	}
	return Dist{kind: kindConstant, p: v, x: v, mean: v}
}

// Exponential returns the exponential distribution with the given mean, the
// inter-arrival time of a Poisson process with rate 1/mean. mean must be finite and
// > 0; otherwise Exponential returns the zero Dist (use New to get an error instead).
func Exponential(mean float64) Dist {
	if !finite(mean) || mean <= 0 {
		return Dist{}
	}
	return Dist{kind: kindExponential, p: mean, x: mean, mean: mean}
}

// Mean returns the analytic mean of the distribution (for a mixture, the weighted
// mean of its components' means). New guarantees that it is finite.
func (d *Dist) Mean() float64 { return d.mean }

// Kind returns the family name as written in a scenario file ("lognormal", …), or ""
// for the zero Dist.
func (d *Dist) Kind() string { return kindNames[d.kind] }

// IsZero reports whether d is the zero Dist, i.e. was not built by New or a
// constructor.
func (d *Dist) IsZero() bool { return d.kind == kindZero }

// String formats d in the scenario-file syntax with the parameters as given, e.g.
// "lognormal{median: 45, sigma: 1}" or
// "mixture{0.7: exponential{mean: 30}, 0.3: constant{value: 600}}".
func (d Dist) String() string {
	var b strings.Builder
	d.format(&b)
	return b.String()
}

func (d *Dist) format(b *strings.Builder) {
	name := kindNames[d.kind]
	two := func(p, q string) {
		b.WriteString(name)
		b.WriteString("{")
		b.WriteString(p)
		b.WriteString(": ")
		b.WriteString(num(d.p))
		if q != "" {
			b.WriteString(", ")
			b.WriteString(q)
			b.WriteString(": ")
			b.WriteString(num(d.q))
		}
		b.WriteString("}")
	}
	switch d.kind {
	case kindZero:
		b.WriteString("<zero Dist>")
	case kindConstant:
		two("value", "")
	case kindExponential, kindGeometric:
		two("mean", "")
	case kindLognormal:
		if d.alt {
			two("mean", "sigma")
		} else {
			two("median", "sigma")
		}
	case kindGamma:
		if d.alt {
			two("shape", "mean")
		} else {
			two("shape", "scale")
		}
	case kindWeibull:
		two("shape", "scale")
	case kindUniform:
		two("min", "max")
	case kindBeta:
		two("alpha", "beta")
	case kindEmpirical:
		b.WriteString("empirical{values: ")
		list(b, d.tab.values)
		if d.tab.weights != nil {
			b.WriteString(", weights: ")
			list(b, d.tab.weights)
		}
		b.WriteString("}")
	case kindMixture:
		b.WriteString("mixture{")
		for i := range d.tab.comps {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(num(d.tab.weights[i]))
			b.WriteString(": ")
			d.tab.comps[i].format(b)
		}
		b.WriteString("}")
	}
}

func list(b *strings.Builder, xs []float64) {
	b.WriteString("[")
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(num(x))
	}
	b.WriteString("]")
}

// num formats x in the shortest form that reads back to the same float64, as %v does.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
