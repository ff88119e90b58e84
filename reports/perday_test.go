package reports_test

import (
	"math"
	"testing"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// simulateYAML runs a scenario given as text.
func simulateYAML(t *testing.T, text string) *reports.Report {
	t.Helper()
	sc, err := scenarios.Parse("test.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := reports.Simulate(m, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestByIntervalIsPerDay: on a three-day run, each interval of the day reports the
// mean per day of its counts (the interval was measured on three days), so the
// intervals add up to a third of the whole run's counts; ratios are not divided.
// The warm-up of 45 min ends inside an interval, which is then measured on part of
// the first day and part of the last: three days still.
func TestByIntervalIsPerDay(t *testing.T) {
	const text = `version: 1
seed: 7
horizon: 72h
warmup: 45m
replications: 2
interval: 1h
channels: {web: {}}
arrivals:
  - channel: web
    rate: 30/h
agents:
  - name: pool
    count: 3
    response_time: {dist: exponential, mean: 2m}
`
	rep := simulateYAML(t, text)
	for _, key := range []string{"offered", "handled", "cost"} {
		k := reports.KeyIndex(key)
		sum, total := 0.0, rep.Metrics[k].Mean
		for i := range rep.Intervals {
			sum += rep.ByInterval[i][k].Mean
		}
		if math.Abs(3*sum-total) > 1e-9*total {
			t.Errorf("%s: intervals add up to %v per day, whole run %v over 3 days", key, sum, total)
		}
	}
	// 30/h for an hour, on each of 3 days: about 30 a day per interval, never 90.
	off := rep.ByInterval[5][reports.KeyIndex("offered")].Mean
	if off < 15 || off > 45 {
		t.Errorf("offered per day at 05:00 = %v, want about 30", off)
	}
	sl := reports.KeyIndex("service_level")
	if v := rep.ByInterval[5][sl].Mean; !(v > 0 && v <= 1) {
		t.Errorf("service level at 05:00 = %v, want a share", v)
	}
}
