package reports

import (
	"math"
	"testing"
)

func TestSummarize(t *testing.T) {
	cases := []struct {
		name     string
		xs       []float64
		mean, ci float64
		n        int
	}{
		// t(0.975, 9) = 2.2621571628 (any Student-t table); sd of 1..10 = 3.0276503541
		{"ten values", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 2.2621571628 * 3.0276503541 / math.Sqrt(10), 10},
		// t(0.975, 1) = 12.7062047362; sd of {1, 3} = √2
		{"two values", []float64{1, 3}, 2, 12.7062047362 * math.Sqrt2 / math.Sqrt2, 2},
		{"NaN skipped", []float64{math.NaN(), 1, 3}, 2, 12.7062047362, 2},
		{"constant", []float64{4, 4, 4}, 4, 0, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Summarize(c.xs)
			if math.Abs(s.Mean-c.mean) > 1e-12 || math.Abs(s.CI95-c.ci) > 1e-8 || s.N != c.n {
				t.Errorf("got %+v, want mean %v ci %v n %d", s, c.mean, c.ci, c.n)
			}
		})
	}
	if s := Summarize([]float64{7}); s.Mean != 7 || !math.IsNaN(s.CI95) {
		t.Errorf("one value: %+v, want CI NaN", s)
	}
	if s := Summarize([]float64{math.NaN()}); !math.IsNaN(s.Mean) || s.N != 0 {
		t.Errorf("all NaN: %+v", s)
	}
}

// TestFormatStat: a mean has the decimals of its CI's two significant digits,
// both the same; a value alone three significant digits.
func TestFormatStat(t *testing.T) {
	cases := []struct {
		key      string
		s        Stat
		mean, ci string
	}{
		{"first_response_p90_seconds", Stat{Mean: 369.2, CI95: 43.47}, "369", "43"},
		{"abandoned", Stat{Mean: 20.9, CI95: 3.69}, "20.9", "3.7"},
		{"offered", Stat{Mean: 3077.4, CI95: 43.17}, "3077", "43"},
		{"wait_p50_seconds", Stat{Mean: 6.134, CI95: 0.312}, "6.13", "0.31"},
		{"service_level", Stat{Mean: 0.8512, CI95: 0.0153}, "85.1%", "1.5%"},
		{"abandon_rate", Stat{Mean: 0.0092, CI95: 0.0016}, "0.92%", "0.16%"},
		{"cost", Stat{Mean: 22.034, CI95: 1.44}, "22.03", "1.44"},
		{"utilization", Stat{Mean: 0.6, CI95: 0}, "60.0%", "0.0%"},
		{"handled", Stat{Mean: 12, CI95: math.NaN()}, "12.0", "–"},
		{"handled", Stat{Mean: math.NaN(), CI95: math.NaN()}, "–", "–"},
	}
	for _, c := range cases {
		m, ci := formatStat(c.key, c.s)
		if m != c.mean || ci != c.ci {
			t.Errorf("%s %+v: %q ± %q, want %q ± %q", c.key, c.s, m, ci, c.mean, c.ci)
		}
	}
	for v, want := range map[float64]string{20.9: "20.9", 139.4: "139", 3077: "3077", 6.134: "6.13", 0.4617: "0.462", 0: "0"} {
		if got := formatValue("offered", v); got != want {
			t.Errorf("formatValue(%v) = %q, want %q", v, got, want)
		}
	}
}
