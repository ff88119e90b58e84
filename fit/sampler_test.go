package fit

import (
	"math"
	"testing"
)

// The sampler keeps a uniform random subsample of at most 4 × MaxSample: of a
// million observations, every fifth censored, the censored share and the mean
// of the kept values are those of the whole within their 99.9 % intervals;
// drawn in pairs, the kept pairs stay together.
func TestSamplerBounded(t *testing.T) {
	const n = 1_000_000
	var s, p sampler
	var xs, cs, a, b []float64
	for i := 0; i < n; i++ {
		v := float64(i) / n
		if i%5 == 0 {
			if s.keep(&xs, &cs, false) {
				cs = append(cs, v)
			}
		} else if s.keep(&xs, &cs, false) {
			xs = append(xs, v)
		}
		if p.keep(&a, &b, true) {
			a, b = append(a, v), append(b, 2*v)
		}
		if len(xs)+len(cs) > samplerMax || len(a) > samplerMax {
			t.Fatalf("after %d observations the samples hold %d and %d, more than %d", i+1, len(xs)+len(cs), len(a), samplerMax)
		}
	}
	k := float64(len(xs) + len(cs))
	if k < samplerMax/2 {
		t.Errorf("kept %v of %d, fewer than half the bound", k, n)
	}
	share := float64(len(cs)) / k
	if se := math.Sqrt(0.2 * 0.8 / k); math.Abs(share-0.2) > 3.3*se {
		t.Errorf("censored share %.4f, want 0.2 ± %.4f", share, 3.3*se)
	}
	all := append(append([]float64(nil), xs...), cs...)
	if m, se := mean(all), math.Sqrt(1.0/12/k); math.Abs(m-0.5) > 3.3*se {
		t.Errorf("mean of the kept %.4f, want 0.5 ± %.4f (uniform)", m, 3.3*se)
	}
	for i := range a {
		if b[i] != 2*a[i] {
			t.Fatalf("pair %d: %v and %v, not kept together", i, a[i], b[i])
		}
	}
	t.Logf("kept %v of %d (level %d), censored share %.4f; pairs %d", k, n, s.level, share, len(a))
}
