package reports

import (
	"math"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/scenarios"
)

// brokenChart is a chart as they were drawn before: the legend in the plot area
// (gonum's default), the CI band unclamped (below 0 s), and a title too long for
// the image.
func brokenChart() *Chart {
	x := []float64{0, 1, 2, 3}
	return &Chart{
		Title:   "Waits by interval " + strings.Repeat("and a title that runs on ", 8),
		XLabels: []string{"00:00", "01:00", "02:00", "03:00"}, YLabel: "seconds",
		Series: []Series{
			{Name: "ASA", X: x, Y: []float64{5, 20, 80, 10}, Lo: []float64{-3, 10, 60, -8}, Hi: []float64{13, 30, 100, 28}},
			{Name: "wait p90", X: x, Y: []float64{15, 50, 90, 30}, Dashed: true},
		},
		legendInside: true, unclamped: true,
	}
}

// TestChartChecksCatchDefects builds the broken chart and asserts that every
// defect is reported: the checks can fail.
func TestChartChecksCatchDefects(t *testing.T) {
	probs, err := brokenChart().Problems()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(probs, "\n")
	for _, want := range []string{`legend entry "ASA" is over the plot area`, `legend entry "wait p90" is over the plot area`,
		`band of "ASA" at point 0 is [-3, 13], outside its metric's range [0, +Inf]`, `text "Waits by interval and a title`} {
		if !strings.Contains(all, want) {
			t.Errorf("problems do not report %q; got:\n%s", want, all)
		}
	}
	// The same chart drawn as charts are now: nothing to report.
	fixed := brokenChart()
	fixed.Title = "Waits by interval"
	fixed.legendInside, fixed.unclamped = false, false
	if probs, err := fixed.Problems(); err != nil || len(probs) > 0 {
		t.Errorf("fixed chart: %v %v", probs, err)
	}
}

// TestShareBandsClamped: a share's band ends at 0 % and 100 %.
func TestShareBandsClamped(t *testing.T) {
	c := &Chart{Title: "service level", Percent: true, YMin: 0, YMax: 1.02,
		Series: []Series{{Name: "sl", X: []float64{0, 1}, Y: []float64{0.97, 0.02}, Lo: []float64{0.9, -0.05}, Hi: []float64{1.04, 0.09}}}}
	f, err := c.figure()
	if err != nil {
		t.Fatal(err)
	}
	b := f.bands[0]
	if b.hi[0] != 1 || b.lo[1] != 0 || b.lo[0] != 0.9 || math.Abs(b.hi[1]-0.09) > 1e-15 {
		t.Errorf("band %v–%v, want clamped to [0, 1]", b.lo, b.hi)
	}
}

// TestReportChartsHaveNoProblems runs the checks on every chart of a report
// with several groups, channels and a bot (the default scenario).
func TestReportChartsHaveNoProblems(t *testing.T) {
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc.Replications = 3
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Simulate(m, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range rep.IntervalCharts() {
		if c == nil {
			continue
		}
		n++
		probs, err := c.Problems()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			t.Error(p)
		}
	}
	if n != 5 {
		t.Errorf("%d charts, want 5", n)
	}
}
