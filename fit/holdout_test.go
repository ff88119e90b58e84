package fit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

func TestParseSpan(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2w", 14 * 24 * time.Hour, true},
		{"10d", 240 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{" 1w ", 7 * 24 * time.Hour, true},
		{"0w", 0, false},
		{"-1d", 0, false},
		{"1.5w", 0, false},
		{"w", 0, false},
		{"", 0, false},
		{"-3h", 0, false},
	} {
		got, err := ParseSpan(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSpan(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// logOf simulates replication 0 of a scenario file for horizon and returns its
// event log (CSV).
func logOf(t *testing.T, file string, horizon time.Duration) []byte {
	t.Helper()
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	m.Horizon = horizon
	var buf bytes.Buffer
	w := eventlog.NewWriter(&buf, eventlog.CSV)
	m.Events = func(rep int) sim.EventSink { return eventlog.NewSimSink(m, rep, w) }
	if _, err := sim.Run(m, 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func eachOf(log []byte) Each {
	return func(f func(*eventlog.Event)) error {
		s := eventlog.NewScanner(eventlog.Options{Strict: true})
		if err := s.Read(bytes.NewReader(log), "log.csv", eventlog.CSV, func(e *eventlog.Event) error { f(e); return nil }); err != nil {
			return err
		}
		return s.Close()
	}
}

// A holdout on a log of a known scenario: the scenario fitted on the first
// four days predicts the last two within its prediction intervals (at most
// 10 % of the rows by interval off, 5 % by chance); a holdout longer than the
// log is an error.
func TestHoldout(t *testing.T) {
	log := logOf(t, "testdata/plain.yaml", 6*24*time.Hour)
	h, err := RunHoldout(eachOf(log), 2*24*time.Hour, time.Hour, Options{Name: "holdout"}, nil, func(m *sim.Model) { m.Replications = 5; m.Seed = 99 })
	if err != nil {
		t.Fatal(err)
	}
	if want := eventlog.Epoch.Add(4 * 24 * time.Hour); !h.Cut.Equal(want) {
		t.Errorf("cut %v, want %v", h.Cut, want)
	}
	var n, off int
	for _, metric := range BacktestMetrics {
		k, o := offBy(h.Backtest, "all", metric)
		n, off = n+k, off+o
		if k < 20 {
			t.Errorf("holdout: %s in %d intervals only", metric, k)
		}
		t.Logf("holdout 2 days: %s %d of %d intervals off, weighted MAPE %.4f", metric, o, k, h.Backtest.MAPE[metric])
	}
	t.Logf("holdout 2 days: overall weighted MAPE %.4f", h.Backtest.Overall)
	if n < 3*24 || float64(off) > 0.1*float64(n) {
		t.Errorf("holdout: %d of %d interval-metrics off", off, n)
	}
	// In a zone, the cut is its midnight and the intervals its local time.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	hz, err := RunHoldout(eachOf(log), 2*24*time.Hour, time.Hour, Options{}, ny, func(m *sim.Model) { m.Replications = 3 })
	if err != nil {
		t.Fatal(err)
	}
	if c := hz.Cut.In(ny); c.Hour() != 0 || c.Minute() != 0 || !strings.Contains(string(hz.Fitted), "local time in America/New_York") {
		t.Errorf("cut %v in New York; fitted header: %.200s", c, hz.Fitted)
	}
	if _, err := RunHoldout(eachOf(log), 6*24*time.Hour, time.Hour, Options{}, nil, nil); err == nil {
		t.Error("a holdout as long as the log: no error")
	}
}
