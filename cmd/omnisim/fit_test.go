package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run --events then fit: the scenario written validates, the JSON report is one
// object with the log's row count and the arrival streams, and a bad row is
// counted (exit 0) or, with --strict, an error with its file:line (exit 2).
func TestFitCommand(t *testing.T) {
	dir := t.TempDir()
	log, out, rep := filepath.Join(dir, "events.csv"), filepath.Join(dir, "fitted.yaml"), filepath.Join(dir, "fit.json")
	runOK(t, "run", "--events", log, "--events-replication", "1", "--out", os.DevNull)
	runOK(t, "fit", log, "--out", out, "--report", rep)
	runOK(t, "validate", out)
	var r struct {
		Rows int64 `json:"rows"`
		Fit  struct {
			Arrivals []struct {
				Channel string `json:"channel"`
			} `json:"arrivals"`
			NotFitted []struct{ What, Why string } `json:"not_fitted"`
		} `json:"fit"`
	}
	b, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("report: %v", err)
	}
	if r.Rows < 1000 || len(r.Fit.Arrivals) != 3 || len(r.Fit.NotFitted) == 0 {
		t.Errorf("report: %d rows, %d arrival streams, %d notes", r.Rows, len(r.Fit.Arrivals), len(r.Fit.NotFitted))
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[3] = ",1-x,yesterday,web,customer,message,,,,,,,,\n"
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"omnisim", "fit", bad, "--out", out}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "1 bad_time") ||
		!strings.Contains(stderr.String(), "bad.csv:4") {
		t.Errorf("a bad time: exit %d, report:\n%s", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"omnisim", "fit", "--strict", bad, "--out", out}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "bad.csv:4") {
		t.Errorf("--strict: exit %d, want 2 with bad.csv:4: %s", code, stderr.String())
	}
	if code := run([]string{"omnisim", "fit"}, &stdout, &stderr); code != 2 {
		t.Errorf("no logs: exit %d, want 2", code)
	}
}
