package planning

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/reports"
)

// Verdict is the outcome of a sequential decision on one interval.
type Verdict int8

// The verdicts. Undecided is only ever seen between looks.
const (
	Undecided Verdict = iota
	Meets
	Misses
)

func (v Verdict) String() string {
	switch v {
	case Meets:
		return "meets"
	case Misses:
		return "misses"
	}
	return "undecided"
}

// Rule is the sequential procedure that decides whether an interval meets a
// target: it looks at the estimate after Initial replications, then after twice
// as many, and so on up to Max, and stops at the first look where the confidence
// interval lies on one side of the target, or its half-width is at most
// Tolerance (then the side of the mean decides: the two are within Tolerance of
// each other, the indifference zone). At Max with neither, it decides Misses:
// "meets" is only said when the replications show it.
//
// Each look uses the interval at level 1 − (1 − Confidence)/K, K the number of
// looks, so by Bonferroni's inequality the chance that any look excludes the
// true value, and the decision with it, is at most 1 − Confidence (see the
// package doc for the literature).
type Rule struct {
	Confidence float64 // e.g. 0.95
	Tolerance  float64 // half-width at which the mean decides, in the metric's units
	Initial    int     // replications at the first look (≥ 2)
	Max        int     // replications at the last look (≥ Initial)
}

// DefaultConfidence and DefaultTolerance are staff's defaults.
const (
	DefaultConfidence = 0.95
	DefaultTolerance  = 0.005 // half a percentage point
)

// withDefaults fills zero fields: Confidence 95 %, Tolerance ½ point, Initial 2,
// Max 4 × Initial (at least 32).
func (r Rule) withDefaults() Rule {
	if r.Confidence == 0 {
		r.Confidence = DefaultConfidence
	}
	if r.Tolerance == 0 {
		r.Tolerance = DefaultTolerance
	}
	r.Initial = max(2, r.Initial)
	if r.Max == 0 {
		r.Max = max(4*r.Initial, 32)
	}
	r.Max = max(r.Max, r.Initial)
	return r
}

func (r Rule) validate() error {
	if !(r.Confidence > 0 && r.Confidence < 1) {
		return fmt.Errorf("confidence %v: want a share in (0, 1)", r.Confidence)
	}
	if !(r.Tolerance > 0 && r.Tolerance < 1) {
		return fmt.Errorf("tolerance %v: want a share in (0, 1)", r.Tolerance)
	}
	return nil
}

// Looks are the replication counts at which the rule looks: Initial, doubling,
// Max last.
func (r Rule) Looks() []int {
	r = r.withDefaults()
	var out []int
	for n := r.Initial; n < r.Max; n *= 2 {
		out = append(out, n)
	}
	return append(out, r.Max)
}

// LookConfidence is the level of the interval at each look.
func (r Rule) LookConfidence() float64 {
	r = r.withDefaults()
	return 1 - (1-r.Confidence)/float64(len(r.Looks()))
}

// Judge decides at one look whether e meets target: from below (atLeast: e ≥
// target, a service level) or from above (e ≤ target, an abandon rate). last says
// whether this is the last look. A NaN estimate (no conversation in the
// interval) meets trivially.
func (r Rule) Judge(e reports.Estimate, target float64, atLeast, last bool) Verdict {
	r = r.withDefaults()
	if math.IsNaN(e.Mean) {
		return Meets
	}
	m, t := e.Mean, target
	if !atLeast { // turn "≤ target" into "≥ target"
		m, t = -m, -t
	}
	h := e.HalfWidth(r.LookConfidence())
	switch {
	case !math.IsNaN(h) && m-h >= t:
		return Meets
	case !math.IsNaN(h) && m+h < t:
		return Misses
	case !math.IsNaN(h) && h <= r.Tolerance:
		if m >= t {
			return Meets
		}
		return Misses
	case last:
		return Misses
	}
	return Undecided
}

// Decide runs the rule on one stream of replications: next(k) returns the
// numerator and denominator of replication k (a service level's conversations
// within the target and routed; den 1 for a plain mean). It returns the verdict
// and the replications it used.
func (r Rule) Decide(target float64, atLeast bool, next func(k int) (num, den float64)) (Verdict, int) {
	var num, den []float64
	looks := r.Looks()
	for li, n := range looks {
		for k := len(num); k < n; k++ {
			y, x := next(k)
			num, den = append(num, y), append(den, x)
		}
		if v := r.Judge(reports.RatioEstimate(num, den), target, atLeast, li == len(looks)-1); v != Undecided {
			return v, n
		}
	}
	return Misses, looks[len(looks)-1] // not reached: the last look decides
}

// combine is the verdict of several targets: Misses if any misses, Meets if all
// meet, Undecided otherwise.
func combine(vs ...Verdict) Verdict {
	out := Meets
	for _, v := range vs {
		switch v {
		case Misses:
			return Misses
		case Undecided:
			out = Undecided
		}
	}
	return out
}

// ParseTolerance reads a tolerance on a share: percentage points ("0.5pp",
// "0.5 points", "0.5%": all half a point) or a plain share ("0.005"). It must be
// positive and below one (100 points).
func ParseTolerance(s string) (float64, error) {
	t := strings.TrimSpace(s)
	scale := 1.0
	for _, suffix := range []string{"pp", "points", "point", "%"} {
		if strings.HasSuffix(t, suffix) {
			t, scale = strings.TrimSpace(strings.TrimSuffix(t, suffix)), 0.01
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" {
		return 0, fmt.Errorf("%q: want percentage points (0.5pp) or a share (0.005)", s)
	}
	v *= scale
	if !(v > 0 && v < 1) {
		return 0, fmt.Errorf("%q: want a tolerance above 0 and below 100 points", s)
	}
	return v, nil
}
