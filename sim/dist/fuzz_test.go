package dist

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
)

// fuzzKinds are the families FuzzNew chooses from, plus two invalid kinds.
var fuzzKinds = [...]string{
	"constant", "exponential", "lognormal", "gamma", "weibull", "uniform", "beta",
	"geometric", "empirical", "mixture", "normal", "",
}

// fuzzScalars are the numeric parameters in the bit order of FuzzNew's set mask.
var fuzzScalars = [...]string{"value", "mean", "median", "sigma", "shape", "scale", "min", "max", "alpha", "beta"}

// interesting are the floats a fuzz byte below 0x80 selects: boundaries of the
// parameter ranges and of float64.
var interesting = [...]float64{
	0, 1, -1, 0.5, 2, 45, 1e-300, 1e300, math.MaxFloat64, -math.MaxFloat64,
	math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1), 0.3, 1 + 1e-10,
}

// fuzzReader decodes a Spec tree from fuzz bytes; it returns zeros when they run out.
type fuzzReader struct{ b []byte }

func (f *fuzzReader) byte() byte {
	if len(f.b) == 0 {
		return 0
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c
}

// float reads an interesting value (first byte < 0x80) or 8 raw bytes.
func (f *fuzzReader) float() float64 {
	c := f.byte()
	if c < 0x80 || len(f.b) < 8 {
		return interesting[int(c)%len(interesting)]
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(f.b))
	f.b = f.b[8:]
	return x
}

func (f *fuzzReader) floats() []float64 {
	n := int(f.byte() % 5)
	if n == 0 {
		return nil
	}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = f.float()
	}
	return xs
}

// spec decodes a Spec: the kind, a 10-bit mask of given scalars whose values come
// from params (cycled), then values, weights and, for a mixture, up to 3 components
// decoded recursively from f.
func (f *fuzzReader) spec(kind uint8, mask uint16, params []float64, depth int) Spec {
	s := Spec{Kind: fuzzKinds[int(kind)%len(fuzzKinds)], Set: map[string]bool{}}
	field := map[string]*float64{
		"value": &s.Value, "mean": &s.Mean, "median": &s.Median, "sigma": &s.Sigma,
		"shape": &s.Shape, "scale": &s.Scale, "min": &s.Min, "max": &s.Max,
		"alpha": &s.Alpha, "beta": &s.Beta,
	}
	j := 0
	for i, name := range fuzzScalars {
		if mask&(1<<i) != 0 {
			s.Set[name] = true
			*field[name] = params[j%len(params)]
			j++
		}
	}
	s.Values = f.floats()
	s.Weights = f.floats()
	if s.Kind == "mixture" && depth < 3 {
		n := int(f.byte() % 4)
		for range n {
			w := f.float()
			sub := f.spec(f.byte(), uint16(f.byte())|uint16(f.byte())<<8, []float64{f.float(), f.float()}, depth+1)
			s.Components = append(s.Components, Component{Weight: w, Spec: sub})
		}
	}
	return s
}

// lowest returns the infimum of d's support.
func lowest(d *Dist) float64 {
	switch d.kind {
	case kindConstant:
		return d.x
	case kindUniform:
		return d.x
	case kindGeometric:
		return 1
	case kindEmpirical:
		lo := math.Inf(1)
		for _, v := range d.tab.values {
			lo = min(lo, v)
		}
		return lo
	case kindMixture:
		lo := math.Inf(1)
		for i := range d.tab.comps {
			lo = min(lo, lowest(&d.tab.comps[i]))
		}
		return lo
	}
	return 0
}

// FuzzNew checks that New never panics and that whatever it accepts has a finite
// mean and draws finite values inside the support.
func FuzzNew(f *testing.F) {
	f.Add(uint8(0), uint16(0b1), 3.0, 0.0, 0.0, []byte{})             // constant{value: 3}
	f.Add(uint8(1), uint16(0b10), -3.0, 0.0, 0.0, []byte{})           // exponential{mean: -3}
	f.Add(uint8(2), uint16(0b1100), 45.0, 1.0, 0.0, []byte{})         // lognormal{median: 45, sigma: 1}
	f.Add(uint8(2), uint16(0b1010), 1.0, 1e200, 0.0, []byte{})        // lognormal{mean: 1, sigma: 1e200}
	f.Add(uint8(3), uint16(0b110000), 0.3, 5.0, 0.0, []byte{})        // gamma{shape: 0.3, scale: 5}
	f.Add(uint8(4), uint16(0b110000), 0.01, 1e300, 0.0, []byte{})     // weibull{shape: 0.01, scale: 1e300}
	f.Add(uint8(5), uint16(0b11000000), -1e308, 1e308, 0.0, []byte{}) // uniform{min: -1e308, max: 1e308}
	f.Add(uint8(6), uint16(0b1100000000), 1e-310, 1e-310, 0.0, []byte{})
	f.Add(uint8(7), uint16(0b10), 1.0, 0.0, 0.0, []byte{})                    // geometric{mean: 1}
	f.Add(uint8(7), uint16(0b10), 1e308, 0.0, 0.0, []byte{})                  // geometric{mean: 1e308}
	f.Add(uint8(8), uint16(0), 0.0, 0.0, 0.0, []byte{3, 1, 2, 3, 3, 0, 1, 4}) // empirical
	// mixture{0.5: exponential{mean: 2}, 0.5: constant{value: 1}}
	f.Add(uint8(9), uint16(0), 0.0, 0.0, 0.0, []byte{0, 0, 2, 3, 1, 2, 0, 4, 0, 0, 0, 3, 0, 1, 0, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, kind uint8, mask uint16, a, b, c float64, extra []byte) {
		fr := &fuzzReader{b: extra}
		s := fr.spec(kind, mask, []float64{a, b, c}, 0)
		d, err := New(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("New returned %v with error %v", d, err)
			}
			return
		}
		if !finite(d.Mean()) {
			t.Fatalf("%v: Mean() = %v", d, d.Mean())
		}
		_ = d.String()
		lo := lowest(&d)
		r := rand.New(rand.NewPCG(uint64(kind), uint64(mask)))
		for range 100 {
			x := d.Sample(r)
			if !finite(x) || x < lo {
				t.Fatalf("%v drew %v, want a finite value >= %v", d, x, lo)
			}
			if d.kind == kindBeta && x > 1 {
				t.Fatalf("%v drew %v > 1", d, x)
			}
		}
	})
}
