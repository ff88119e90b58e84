package loadtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/HdrHistogram/hdrhistogram-go"
)

func TestParseRate(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		bad  bool
	}{
		{"20", 20, false},
		{"0.5", 0.5, false},
		{"20/s", 20, false},
		{"600/m", 10, false},
		{"72000/h", 20, false},
		{"0", 0, true},
		{"-3", 0, true},
		{"0/s", 0, true},
		{"fast", 0, true},
	}
	for _, c := range cases {
		got, err := ParseRate(c.in)
		if (err != nil) != c.bad || (!c.bad && got != c.want) {
			t.Errorf("ParseRate(%q) = %v, %v; want %v, error %v", c.in, got, err, c.want, c.bad)
		}
	}
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"20", "600/m", "0", "-1/h", "1e400", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := ParseRate(s); err == nil && !(v > 0) {
			t.Errorf("ParseRate(%q) = %v without an error", s, v)
		}
	})
}

func TestParseThresholds(t *testing.T) {
	ts, err := ParseThresholds([]string{"p99<50ms", "lost=0"})
	if err != nil || len(ts) != 2 || ts[0].Metric != "p99" || ts[0].Value != 50 || ts[1].Op != "=" {
		t.Errorf("got %+v, %v", ts, err)
	}
	if _, err := ParseThresholds([]string{"lost=0", "nope<1"}); err == nil || !strings.Contains(err.Error(), "nope<1") {
		t.Errorf("an unknown metric: %v, want an error naming it", err)
	}
}

func TestVerdict(t *testing.T) {
	cases := []struct {
		name string
		rep  Report
		want string // "" for nil
	}{
		{"valid, all held", Report{Valid: true, Thresholds: []ThresholdResult{{Threshold: "lost=0", Actual: "0", Pass: true}}}, ""},
		{"a threshold failed", Report{Valid: true, Thresholds: []ThresholdResult{
			{Threshold: "p99<50ms", Actual: "61ms"}, {Threshold: "lost=0", Actual: "0", Pass: true}, {Threshold: "unfinished=0", Actual: "2", Implied: true}}},
			"load: 2 threshold(s) failed: p99<50ms (actual 61ms); unfinished=0 (actual 2)"},
		{"invalid run", Report{Invalid: "generator lag"}, "load: invalid run: generator lag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.rep.Verdict()
			if got := ""; err != nil {
				got = err.Error()
				if got != c.want {
					t.Errorf("got %q, want %q", got, c.want)
				}
			} else if c.want != "" {
				t.Errorf("got nil, want %q", c.want)
			}
		})
	}
}

func TestReadReportFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	rep := &Report{Shards: 1, Histograms: map[string]*hdrhistogram.Snapshot{}, Valid: true, Target: "http://127.0.0.1:1"}
	f, err := os.Create(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJSON(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"valid": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	reps, err := ReadReportFiles([]string{good, good})
	if err != nil || len(reps) != 2 || reps[1].Target != rep.Target {
		t.Errorf("two good files: %v, %v", reps, err)
	}
	if _, err := ReadReportFiles([]string{good, bad}); err == nil || !strings.HasPrefix(err.Error(), bad+": ") {
		t.Errorf("a file that is not a report: %v, want an error naming it", err)
	}
	if _, err := ReadReportFiles([]string{filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("a missing file: no error")
	}
}
