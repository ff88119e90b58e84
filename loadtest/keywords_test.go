package loadtest

import (
	"math"
	"slices"
	"testing"
)

// Each keyword is drawn on its own with its share (within 5 sd over 20000
// conversations), the same for the same seed and conversation, and never
// without keywords.
func TestDrawKeywords(t *testing.T) {
	kw := []Share{{Name: "refund", Weight: 0.3}, {Name: "money back", Weight: 0.05}}
	const n = 20000
	counts := map[string]int{}
	both := 0
	for idx := 0; idx < n; idx++ {
		got := drawKeywords(kw, 7, idx)
		if !slices.Equal(got, drawKeywords(kw, 7, idx)) {
			t.Fatalf("conversation %d: two draws differ", idx)
		}
		for _, k := range got {
			counts[k]++
		}
		if len(got) == 2 {
			both++
		}
	}
	for _, k := range kw {
		p := float64(counts[k.Name]) / n
		if math.Abs(p-k.Weight) > 5*math.Sqrt(k.Weight*(1-k.Weight)/n) {
			t.Errorf("%s in %.4f of first messages, want %.2f", k.Name, p, k.Weight)
		}
	}
	if p := float64(both) / n; math.Abs(p-0.015) > 5*math.Sqrt(0.015*0.985/n) {
		t.Errorf("both in %.4f, want 0.015 (independent draws)", p)
	}
	if drawKeywords(nil, 7, 1) != nil {
		t.Error("keywords without a stream's keywords")
	}
}
