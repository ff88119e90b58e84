package reports_test

import (
	"math"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
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
		k := metrics.Index(key)
		sum, total := 0.0, rep.Metrics[k].Mean
		for i := range rep.Intervals {
			sum += rep.ByInterval[i][k].Mean
		}
		if math.Abs(3*sum-total) > 1e-9*total {
			t.Errorf("%s: intervals add up to %v per day, whole run %v over 3 days", key, sum, total)
		}
	}
	// 30/h for an hour, on each of 3 days: about 30 a day per interval, never 90.
	off := rep.ByInterval[5][metrics.Index("offered")].Mean
	if off < 15 || off > 45 {
		t.Errorf("offered per day at 05:00 = %v, want about 30", off)
	}
	sl := metrics.Index("service_level")
	if v := rep.ByInterval[5][sl].Mean; !(v > 0 && v <= 1) {
		t.Errorf("service level at 05:00 = %v, want a share", v)
	}
}

// TestByWeekdayInterval: arrivals on weekdays only, a week long. The weekday ×
// interval tallies add up to the interval-of-the-day ones, count for count; the
// weekend has no arrivals; each weekday interval reports its mean per day (one
// day each). A scenario the same every day keeps no weekday breakdown.
func TestByWeekdayInterval(t *testing.T) {
	const text = `version: 1
seed: 11
horizon: 168h
replications: 2
interval: 2h
channels: {web: {}}
arrivals:
  - channel: web
    days: mon-fri
    rate: 30/h
agents:
  - name: pool
    count: 3
    response_time: {dist: exponential, mean: 2m}
`
	sc, err := scenarios.Parse("test.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	if !m.ByWeekday() {
		t.Fatal("arrivals on mon-fri only: ByWeekday false")
	}
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := len(res.ByInterval)
	if len(res.ByWeekdayInterval) != 7*n {
		t.Fatalf("%d weekday tallies, want %d", len(res.ByWeekdayInterval), 7*n)
	}
	for k := 0; k < n; k++ {
		var off, handled, within int64
		var measured float64
		for d := 0; d < 7; d++ {
			w := &res.ByWeekdayInterval[d*n+k]
			off, handled, within, measured = off+w.Offered, handled+w.Handled, within+w.WithinSLA, measured+w.MeasuredSeconds
			if d >= 5 && w.Offered != 0 {
				t.Errorf("%s %d: %d offered on a weekend", reports.Weekdays[d], k, w.Offered)
			}
		}
		iv := &res.ByInterval[k]
		if off != iv.Offered || handled != iv.Handled || within != iv.WithinSLA || math.Abs(measured-iv.MeasuredSeconds) > 1e-6 {
			t.Errorf("interval %d: weekdays add up to %d/%d/%d/%v, the interval has %d/%d/%d/%v", k,
				off, handled, within, measured, iv.Offered, iv.Handled, iv.WithinSLA, iv.MeasuredSeconds)
		}
	}
	rep, err := reports.Simulate(m, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := metrics.Index("offered")
	// 30/h for 2 h on one Monday: about 60; by interval, 5 weekdays of 7: about 43 a day
	if v := rep.ByWeekdayInterval[0*n+4][o].Mean; v < 40 || v > 80 {
		t.Errorf("Monday 08:00 offered %v, want about 60", v)
	}
	if v := rep.ByInterval[4][o].Mean; v < 28 || v > 58 {
		t.Errorf("08:00 offered per day %v, want about 43", v)
	}
	var b strings.Builder
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"by_weekday_interval": [`) || !strings.Contains(b.String(), `{"weekday": "sun", "start": "22:00", "offered": {"mean": 0`) {
		t.Error("JSON lacks by_weekday_interval or its Sunday 22:00 entry")
	}
	b.Reset()
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "by weekday and interval: offered conversations (mean per day)") {
		t.Errorf("text lacks the weekday table:\n%s", b.String())
	}

	same := strings.Replace(text, "    days: mon-fri\n", "", 1)
	if rep := simulateYAML(t, same); rep.ByWeekdayInterval != nil {
		t.Error("the same every day: by weekday kept anyway")
	}
}
