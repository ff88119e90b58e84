package sim

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

func TestHistIndexIsMonotoneAndTight(t *testing.T) {
	prev := -1
	for v := int64(0); v < 1<<20; v += 1 + v/1000 {
		i := histIndex(v)
		if i < prev {
			t.Fatalf("index(%d) = %d < index of a smaller value %d", v, i, prev)
		}
		prev = i
		if rep := histValue(i); v >= histSub && math.Abs(float64(rep-v)) > float64(v)/histSub {
			t.Fatalf("value %d represented by %d: error above 1/128", v, rep)
		}
		if v < histSub && histValue(i) != v {
			t.Fatalf("small value %d not exact", v)
		}
	}
	if histIndex(math.MaxInt64) != histBuckets-1 || histIndex(-5) != 0 {
		t.Fatal("out-of-range values must land in the end buckets")
	}
}

// Quantiles agree with the exact order statistic within the bucket resolution.
func TestHistQuantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var h Hist
	xs := make([]int64, 100000)
	for i := range xs {
		xs[i] = int64(r.ExpFloat64() * 30000) // 30 s mean, in ms
		h.Record(xs[i])
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	for _, q := range []float64{0.01, 0.5, 0.9, 0.99, 1} {
		exact := float64(xs[int(math.Ceil(q*float64(len(xs))))-1])
		got := h.Quantile(q)
		if math.Abs(got-exact) > exact/histSub+1 {
			t.Errorf("q%.2f = %v, exact %v", q, got, exact)
		}
	}
	if h.Count() != int64(len(xs)) {
		t.Errorf("count %d", h.Count())
	}
	var empty Hist
	if !math.IsNaN(empty.Quantile(0.5)) {
		t.Error("empty histogram must have an undefined quantile")
	}
}

func TestHistRecordDoesNotAllocate(t *testing.T) {
	var h Hist
	h.Record(1)
	if a := testing.AllocsPerRun(1000, func() { h.Record(123456) }); a != 0 {
		t.Fatalf("%v allocations per record", a)
	}
}

// TestHistBucketWidth: exact below 128, then 128 buckets per power of two, and
// every value lies within its bucket, which a quantile reports by its midpoint.
func TestHistBucketWidth(t *testing.T) {
	for _, tc := range []struct {
		v, width float64
	}{{0, 1}, {127, 1}, {128, 1}, {255, 1}, {256, 2}, {104192, 512}, {131071, 512}, {131072, 1024}} {
		if got := HistBucketWidth(tc.v); got != tc.width {
			t.Errorf("HistBucketWidth(%v) = %v, want %v", tc.v, got, tc.width)
		}
		i := histIndex(int64(tc.v))
		if mid := float64(histValue(i)); math.Abs(mid-tc.v) > tc.width/2 {
			t.Errorf("value %v: bucket midpoint %v further than half the width %v", tc.v, mid, tc.width)
		}
	}
}
