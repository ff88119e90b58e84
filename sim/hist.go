package sim

import (
	"math"
	"math/bits"
)

// Hist is a log-linear histogram of non-negative integers (the simulator records
// waits and response times in milliseconds). Values below 128 are counted exactly;
// above, each power of two is split into 128 buckets, so a quantile is off by at
// most 1/128 (0.8 %) relative. Recording is a handful of integer operations and no
// allocation after the first, which matters at several records per conversation;
// the counts take 18 KiB, allocated on the first Record, so empty scopes cost
// nothing.
type Hist struct {
	counts []uint32
	total  int64
}

const (
	histSub     = 128 // buckets per power of two, and the exact range [0, 128)
	histSubBits = 7
	histMaxExp  = 42 // values up to 2^43 ms (278 years) are resolved; larger ones land in the last bucket
	histBuckets = histSub + (histMaxExp-histSubBits+1)*histSub
)

func histIndex(v int64) int {
	if v < histSub {
		if v < 0 {
			return 0
		}
		return int(v)
	}
	e := 63 - bits.LeadingZeros64(uint64(v))
	if e > histMaxExp {
		return histBuckets - 1
	}
	sub := int(v>>(e-histSubBits)) - histSub
	return histSub + (e-histSubBits)*histSub + sub
}

// histValue is the representative value of bucket i: its midpoint.
func histValue(i int) int64 {
	if i < histSub {
		return int64(i)
	}
	e := (i-histSub)/histSub + histSubBits
	sub := (i - histSub) % histSub
	width := int64(1) << (e - histSubBits)
	return int64(histSub+sub)*width + width/2
}

// Record counts one value.
func (h *Hist) Record(v int64) {
	if h.counts == nil {
		h.counts = make([]uint32, histBuckets)
	}
	h.counts[histIndex(v)]++
	h.total++
}

// Count returns the number of values recorded.
func (h *Hist) Count() int64 { return h.total }

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of the recorded values: the
// smallest recorded bucket whose cumulative count reaches ⌈q·n⌉ (at least the
// first value). It returns NaN when nothing was recorded.
func (h *Hist) Quantile(q float64) float64 {
	if h.total == 0 {
		return math.NaN()
	}
	rank := int64(math.Ceil(q * float64(h.total)))
	rank = max(1, min(rank, h.total))
	var cum int64
	for i, c := range h.counts {
		cum += int64(c)
		if cum >= rank {
			return float64(histValue(i))
		}
	}
	return float64(histValue(len(h.counts) - 1))
}

// merge adds the counts of o into h.
func (h *Hist) merge(o *Hist) {
	if o.total == 0 {
		return
	}
	if h.counts == nil {
		h.counts = make([]uint32, histBuckets)
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.total += o.total
}

// HistBucketWidth is the width of the Hist bucket that holds value v (in the
// recorded unit, milliseconds for the simulator's histograms): 1 below 128, then
// 1/128 of the power of two v lies in. A quantile Hist reports is its bucket's
// midpoint, within half this width of the exact sample quantile. NaN for NaN.
func HistBucketWidth(v float64) float64 {
	if math.IsNaN(v) {
		return math.NaN()
	}
	i := histIndex(int64(math.Max(0, math.Min(v, math.MaxInt64/2))))
	if i < histSub {
		return 1
	}
	e := (i-histSub)/histSub + histSubBits
	return float64(int64(1) << (e - histSubBits))
}
