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
	if share := float64(good.Off) / float64(len(good.Rows)); len(good.Rows) < 4*24 || share > 0.10 {
		t.Errorf("the true scenario: %d of %d rows off", good.Off, len(good.Rows))
	}
	// Per metric, by interval: service level and utilization agree within the
	// prediction interval in at least 90 % of the intervals (5 % off by chance).
	for _, metric := range BacktestMetrics {
		n, off := offBy(good, "all", metric)
		t.Logf("true scenario: %s %d of %d intervals off, weighted MAPE %.4f", metric, off, n, good.MAPE[metric])
		if n < 24 || float64(off) > 0.1*float64(n) {
			t.Errorf("the true scenario: %s off in %d of %d intervals", metric, off, n)
		}
	}
	for _, scope := range []string{"channel:web", "queue:default"} {
		if n, off := offBy(good, scope, "service_level"); n != 1 || off != 0 {
			t.Errorf("the true scenario: %s service level: %d rows, %d off", scope, n, off)
		}
	}
	t.Logf("true scenario: %d of %d off, MAPE %v, overall %.4f", good.Off, len(good.Rows), good.MAPE, good.Overall)
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
	offered, off := offBy(bad, "all", "offered_per_hour")
	nu, offu := offBy(bad, "all", "utilization")
	t.Logf("rates × 1.3: %d of %d intervals' utilization off, overall MAPE %.4f", offu, nu, bad.Overall)
	if float64(offu) < 0.5*float64(nu) {
		t.Errorf("rates × 1.3: only %d of %d intervals' utilization flagged", offu, nu)
	}
	t.Logf("rates × 1.3: %d of %d intervals' offered load off, MAPE %v", off, offered, bad.MAPE)
	if float64(off) < 0.8*float64(offered) || math.Abs(bad.MAPE["offered_per_hour"]-0.3) > 0.05 {
		t.Errorf("rates × 1.3: %d of %d intervals flagged, offered MAPE %.3f (want most flagged, about 0.3)", off, offered, bad.MAPE["offered_per_hour"])
	}
	if bad.Overall <= good.Overall {
		t.Errorf("overall weighted MAPE: wrong %.4f, true %.4f", bad.Overall, good.Overall)
	}
	if bad.Off <= good.Off {
		t.Errorf("the wrong scenario has %d interval-metrics off, the true one %d", bad.Off, good.Off)
	}
}

// offBy counts the rows of a scope and metric by interval (scope all) or over
// the span, and those off.
func offBy(b *Backtest, scope, metric string) (n, off int) {
	for _, r := range b.Rows {
		if r.Scope == scope && r.Metric == metric {
			n++
			if r.Off {
				off++
			}
		}
	}
	return n, off
}
