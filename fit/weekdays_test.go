package fit

import (
	"bytes"
	"math"
	"path/filepath"
	"testing"
	"time"

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
