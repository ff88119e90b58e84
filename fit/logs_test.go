package fit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/scenarios"
)

// logFile writes a day of plain.yaml's events to a file and returns its path.
func logFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "events.csv")
	if err := os.WriteFile(p, logOf(t, "testdata/plain.yaml", 24*time.Hour), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFitLogs(t *testing.T) {
	log := logFile(t)
	f, err := FitLogs(eventlog.Source{}, []string{log}, 30*time.Minute, Options{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Parse("x.yaml", f.Scenario); err != nil || len(f.Report.Fit.Arrivals) == 0 {
		t.Errorf("fitted scenario: %v, %d arrival streams", err, len(f.Report.Fit.Arrivals))
	}
	for _, tt := range []struct {
		src   eventlog.Source
		iv    time.Duration
		paths []string
		want  string
	}{
		{eventlog.Source{}, 7 * time.Minute, []string{log}, "--interval 7m0s: must divide 24h"},
		{eventlog.Source{TZ: "Mars/Olympus"}, time.Hour, []string{log}, `--tz "Mars/Olympus"`},
		{eventlog.Source{}, time.Hour, []string{filepath.Join(t.TempDir(), "none.csv")}, "none.csv"},
	} {
		if _, err := FitLogs(tt.src, tt.paths, tt.iv, Options{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("FitLogs(%+v, %v): %v, want %q", tt.src, tt.iv, err, tt.want)
		}
	}
}

func TestReportFormat(t *testing.T) {
	for _, tt := range []struct {
		format   string
		explicit bool
		path     string
		want     string
	}{
		{"text", false, "fit.JSON", "json"}, {"text", false, "fit.htm", "html"}, {"text", false, "fit.txt", "text"},
		{"text", true, "fit.json", "text"}, {"json", false, "fit.html", "json"},
	} {
		if got := ReportFormat(tt.format, tt.explicit, tt.path); got != tt.want {
			t.Errorf("ReportFormat(%q, %v, %q) = %q, want %q", tt.format, tt.explicit, tt.path, got, tt.want)
		}
	}
}

func TestBacktestAndHoldoutLogsErrors(t *testing.T) {
	sc, err := scenarios.Load("testdata/plain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	m.Replications = 2
	var stderr bytes.Buffer
	b, err := BacktestLogs(m, eventlog.Source{}, []string{logFile(t)}, &stderr)
	if err != nil || len(b.Rows) == 0 {
		t.Fatalf("BacktestLogs: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.csv")
	if err := os.WriteFile(empty, []byte("conversation_id,time,channel,actor,kind\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BacktestLogs(m, eventlog.Source{}, []string{empty}, &stderr); err == nil || err.Error() != "backtest: the logs have no new conversations" {
		t.Errorf("empty log: %v", err)
	}
	ok := HoldoutArgs{Span: "1d", Interval: time.Hour}
	for _, tt := range []struct {
		edit  func(*HoldoutArgs)
		paths []string
		want  string
	}{
		{func(a *HoldoutArgs) { a.Span = "soon" }, []string{empty}, "--holdout "},
		{func(a *HoldoutArgs) { a.Interval = 7 * time.Minute }, []string{empty}, "--interval 7m0s: must divide 24h"},
		{func(*HoldoutArgs) {}, nil, "backtest --holdout: want at least one event log"},
		{func(*HoldoutArgs) {}, []string{"retail.yaml"}, "backtest --holdout: retail.yaml: the scenario is fitted on the logs; give only LOGS"},
		{func(*HoldoutArgs) {}, []string{empty}, "holdout: the logs have no events"},
	} {
		a := ok
		tt.edit(&a)
		if _, err := HoldoutLogs(a, eventlog.Source{}, tt.paths, &stderr); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("HoldoutLogs(%+v, %q): %v, want prefix %q", a, tt.paths, err, tt.want)
		}
	}
}
