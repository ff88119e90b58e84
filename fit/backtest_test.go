package fit

import (
	"math"
	"testing"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

// backtest simulates m (5 replications, another seed than the log's) over the
// log's span and compares.
func backtest(t *testing.T, d *Data, m *sim.Model) *Backtest {
	t.Helper()
	mm := *m
	mm.Events = nil
	mm.Seed++
	mm.Replications = 5
	mm.Warmup = 0
	mm.Horizon = d.Span
	rep, err := reports.Simulate(&mm, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBacktest(d, &mm, rep)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Backtest on a round trip: the scenario that wrote the log agrees with it per
// interval (at most 10 % of interval-metrics outside the 95 % prediction interval,
// where 5 % are expected by chance); the same scenario with every rate × 1.3 is
// flagged in most intervals' offered load, with a weighted MAPE near 30 %.
func TestBacktestRoundTrip(t *testing.T) {
	d, m := simulateWithSLA(t, "testdata/plain.yaml")
	good := backtest(t, d, m)
	if share := float64(good.Off) / float64(len(good.Rows)); len(good.Rows) < 3*24 || share > 0.10 {
		t.Errorf("the true scenario: %d of %d interval-metrics off", good.Off, len(good.Rows))
	}
	t.Logf("true scenario: %d of %d off, MAPE %v", good.Off, len(good.Rows), good.MAPE)
	wrong := *m
	wrong.Arrivals = append([]sim.Arrival(nil), m.Arrivals...)
	for i := range wrong.Arrivals {
		a := &wrong.Arrivals[i]
		a.Rate = append(sim.Weekly(nil), a.Rate...)
		for j := range a.Rate {
			a.Rate[j].Value *= 1.3
		}
	}
	bad := backtest(t, d, &wrong)
	var offered, off int
	for _, r := range bad.Rows {
		if r.Metric == "offered_per_hour" {
			offered++
			if r.Off {
				off++
			}
		}
	}
	t.Logf("rates × 1.3: %d of %d intervals' offered load off, MAPE %v", off, offered, bad.MAPE)
	if float64(off) < 0.8*float64(offered) || math.Abs(bad.MAPE["offered_per_hour"]-0.3) > 0.05 {
		t.Errorf("rates × 1.3: %d of %d intervals flagged, offered MAPE %.3f (want most flagged, about 0.3)", off, offered, bad.MAPE["offered_per_hour"])
	}
	if bad.Off <= good.Off {
		t.Errorf("the wrong scenario has %d interval-metrics off, the true one %d", bad.Off, good.Off)
	}
}
