package fit

import (
	"bytes"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// The bank-weekend example (weekday and weekend profiles; web chat on weekdays
// only), simulated for 16 days: AIC picks weekday/weekend profiles for both
// channels, every interval's rate of each day group is within its interval of
// the true rate (verify), the trend over its 14 whole days is within 3 SE of
// none, and the scenario written loads with the same two day groups.
func TestWeekdayProfiles(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 16 days (-short)")
	}
	sc, err := scenarios.LoadExample("bank-weekend")
	if err != nil {
		t.Fatal(err)
	}
	d, m := simulateScenario(t, sc, 16*24*time.Hour)
	r := Fit(d, Options{})
	var checks []check
	for _, a := range m.Arrivals {
		ch := m.Channels[a.Channel].Name
		fa := arrival(ch)(r)
		if len(fa.Days) != 2 || fa.Days[0].Days != "mon-fri" || fa.Days[1].Days != "weekends" {
			t.Fatalf("%s: day groups %+v (AIC %v)", ch, fa.Days, fa.DaysAIC)
		}
		t.Logf("%s: Poisson AIC %v", ch, fa.DaysAIC)
		for g, day := range []int{0, 5} { // Monday, Saturday
			for k, pt := range fa.Days[g].Profile {
				at := sim.Time(time.Duration(day)*24*time.Hour + time.Duration(k)*m.Interval)
				truth := a.Rate.At(at) * 3600
				if truth == 0 {
					if pt.N != 0 {
						t.Errorf("%s %s %s: %d arrivals where the rate is 0", ch, fa.Days[g].Days, clock(pt.At), pt.N)
					}
					continue
				}
				// The Poisson score SE at the true rate, √(rate ÷ exposure): the
				// Wald SE from a count of 1 or 2 is no measure of its error.
				var hours float64
				for _, wd := range dayGroups["weekday/weekend"][g] {
					hours += d.WeekExposure[wd*len(d.Exposure)+k] / 3600
				}
				pt, se := pt, math.Sqrt(truth/hours)
				checks = append(checks, check{name: ch + " " + fa.Days[g].Days + " " + clock(pt.At), truth: truth,
					got: func(*Result, *Data) Param { return Param{Value: pt.RatePerHour, SE: se} }})
			}
		}
	}
	verify(t, r, d, checks)
	if r.Trend == nil || math.Abs(r.Trend.PerWeek) > 3*r.Trend.SE {
		t.Errorf("trend %+v, want none within 3 SE", r.Trend)
	} else {
		t.Logf("trend %+.2f %% per week ± %.2f over %d days (none in the scenario)", 100*r.Trend.PerWeek, 196*r.Trend.SE, r.Trend.Days)
	}
	var out bytes.Buffer
	if err := r.WriteScenario(&out); err != nil {
		t.Fatal(err)
	}
	fsc, err := scenarios.Parse(filepath.Join(t.TempDir(), "fitted.yaml"), out.Bytes())
	if err != nil {
		t.Fatalf("the fitted scenario does not load: %v\n%s", err, out.String())
	}
	fm, err := fsc.Model()
	if err != nil {
		t.Fatal(err)
	}
	if len(fm.Arrivals) != 4 {
		t.Errorf("%d arrival streams written, want 4 (two channels × two day groups)", len(fm.Arrivals))
	}
}

// The trend of synthetic daily counts (Poisson, fixed seed): 1,000 a weekday
// and half that at weekends, growing linearly by 5 % of the mean a week over
// 30 days, is recovered within 1.96 of its SE; without growth, none is within
// 1.96 SE of 0 too.
func TestTrend(t *testing.T) {
	for _, tc := range []struct {
		name   string
		growth float64 // per week, relative to the first week's mean level
	}{{"growing", 0.05}, {"flat", 0}} {
		d := &Data{Daily: map[int64]int64{}}
		src := rand.New(rand.NewPCG(7, 8))
		first := int64(19723) // 2024-01-01, a Monday
		for k := int64(0); k < 30; k++ {
			level := 1000.0
			if weekdayOf(first+k) >= 5 {
				level = 500
			}
			lam := level * (1 + tc.growth*float64(k)/7)
			d.Daily[first+k] = int64(distuv.Poisson{Lambda: lam, Src: src}.Rand())
		}
		r := &Result{}
		r.fitTrend(d)
		if r.Trend == nil {
			t.Fatalf("%s: no trend", tc.name)
		}
		// The fit's relative change is of the log's mean level, which growth
		// lifts: the truth is the slope over that mean.
		var mean float64
		for k := int64(1); k < 29; k++ {
			level := 1000.0
			if weekdayOf(first+k) >= 5 {
				level = 500
			}
			mean += level * (1 + tc.growth*float64(k)/7) / 28
		}
		slope := 0.0
		for k := int64(1); k < 29; k++ { // the level-weighted slope per day
			level := 1000.0
			if weekdayOf(first+k) >= 5 {
				level = 500
			}
			slope += level * tc.growth / 7 / 28
		}
		truth := 7 * slope / mean
		t.Logf("%s: %+.4f per week ± %.4f (SE), true %+.4f", tc.name, r.Trend.PerWeek, r.Trend.SE, truth)
		if math.Abs(r.Trend.PerWeek-truth) > 1.96*r.Trend.SE {
			t.Errorf("%s: trend %+.4f ± %.4f, true %+.4f", tc.name, r.Trend.PerWeek, r.Trend.SE, truth)
		}
	}
}
