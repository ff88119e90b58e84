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

// TestWriteReport: the fit report goes to --report in the format its extension
// names (unless --format), else to stderr, or for JSON to stdout when the
// scenario is in a file.
func TestWriteReport(t *testing.T) {
	f, err := FitLogs(eventlog.Source{}, []string{logFile(t)}, 30*time.Minute, Options{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tt := range []struct {
		name, path, format  string
		formatGiven, toFile bool
		wantStdout, wantErr bool
		wantFile            string // prefix of the file's content
	}{
		{name: "text to stderr", format: "text"},
		{name: "json to stderr when the scenario is on stdout", format: "json"},
		{name: "json to stdout when the scenario is in a file", format: "json", toFile: true, wantStdout: true},
		{name: "extension names the format", path: filepath.Join(dir, "r.json"), format: "text", wantFile: "{"},
		{name: "--format wins over the extension", path: filepath.Join(dir, "r2.json"), format: "text", formatGiven: true, wantFile: "event log"},
		{name: "unwritable path", path: filepath.Join(dir, "none", "r.txt"), format: "text", wantErr: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := f.WriteReport(tt.path, tt.format, tt.formatGiven, tt.toFile, &stdout, &stderr)
			if tt.wantErr {
				if err == nil || !strings.HasPrefix(err.Error(), "--report: ") {
					t.Fatalf("err = %v, want a --report error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.path != "" {
				data, err := os.ReadFile(tt.path)
				if err != nil || !strings.HasPrefix(strings.ToLower(strings.TrimSpace(string(data))), tt.wantFile) {
					t.Errorf("file %q: %v, want it to start with %q", data[:min(len(data), 40)], err, tt.wantFile)
				}
				if stdout.Len()+stderr.Len() != 0 {
					t.Errorf("report to a file also wrote %d bytes to stdout/stderr", stdout.Len()+stderr.Len())
				}
				return
			}
			if got := stdout.Len() > 0; got != tt.wantStdout || (stderr.Len() > 0) == tt.wantStdout {
				t.Errorf("stdout %d bytes, stderr %d bytes; want the report on stdout: %v", stdout.Len(), stderr.Len(), tt.wantStdout)
			}
		})
	}
}

// TestHoldoutLogsFitted: --fitted gets the scenario the holdout fitted, and
// stderr says where the fit stopped.
func TestHoldoutLogsFitted(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(log, logOf(t, "testdata/plain.yaml", 3*24*time.Hour), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	a := HoldoutArgs{Span: "1d", Interval: time.Hour, Replications: "2", Fitted: filepath.Join(dir, "fitted.yaml")}
	h, err := HoldoutLogs(a, eventlog.Source{}, []string{log}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(a.Fitted); err != nil || !bytes.Equal(data, h.Fitted) || len(data) == 0 {
		t.Errorf("--fitted file: %v, %d bytes, want the %d fitted", err, len(data), len(h.Fitted))
	}
	if want := "holdout: fitted on the logs before " + h.Cut.Format(time.RFC3339) + ", tested from there\n"; !strings.HasSuffix(stderr.String(), want) {
		t.Errorf("stderr %q, want it to end with %q", stderr.String(), want)
	}
	a.Fitted = filepath.Join(dir, "none", "fitted.yaml")
	if _, err := HoldoutLogs(a, eventlog.Source{}, []string{log}, &stderr); err == nil || !strings.HasPrefix(err.Error(), "--fitted: ") {
		t.Errorf("unwritable --fitted: %v", err)
	}
}
