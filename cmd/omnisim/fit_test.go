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

// backtest runs on a log and a scenario and writes one JSON object with rows
// per interval; a missing log is bad input.
func TestBacktestCommand(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "events.jsonl")
	runOK(t, "run", "--events", log, "--events-replication", "1", "--out", os.DevNull)
	sc := filepath.Join(dir, "fitted.yaml")
	runOK(t, "fit", log, "--out", sc, "--report", os.DevNull)
	out := runOK(t, "backtest", "--format", "json", "--replications", "3", sc, log)
	var b struct {
		Rows []struct {
			Interval, Metric string
			Observed         float64
		} `json:"rows"`
		MAPE map[string]float64 `json:"weighted_mape"`
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("backtest JSON: %v", err)
	}
	if len(b.Rows) < 48 || b.MAPE["offered_per_hour"] <= 0 {
		t.Errorf("backtest: %d rows, MAPE %v", len(b.Rows), b.MAPE)
	}
	var stderr bytes.Buffer
	if code := run([]string{"omnisim", "backtest", sc, filepath.Join(dir, "missing.csv")}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("a missing log: exit %d, want 2 (%s)", code, stderr.String())
	}
}

// backtest --holdout fits on all but the last two weeks of a three-week log and
// tests on them: JSON rows by interval, per channel and per queue, with an
// overall weighted MAPE; a holdout as long as the log, or a scenario given
// with it, is bad input.
func TestBacktestHoldout(t *testing.T) {
	dir := t.TempDir()
	log, fitted := filepath.Join(dir, "weeks.csv"), filepath.Join(dir, "ho.yaml")
	runOK(t, "run", filepath.Join("..", "..", "fit", "testdata", "three-weeks.yaml"), "--events", log, "--out", os.DevNull)
	out := runOK(t, "backtest", "--holdout", "2w", "--format", "json", "-n", "3", "--fitted", fitted, log)
	var b struct {
		Rows []struct {
			Scope, Interval, Metric string
		} `json:"rows"`
		Overall float64 `json:"overall_weighted_mape"`
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("backtest JSON: %v", err)
	}
	scopes := map[string]int{}
	for _, r := range b.Rows {
		scopes[r.Scope]++
	}
	if scopes["all"] < 4*40 || scopes["channel:web"] != 3 || scopes["queue:default"] != 2 || !(b.Overall > 0 && b.Overall < 0.5) {
		t.Errorf("holdout: rows by scope %v, overall MAPE %v", scopes, b.Overall)
	}
	runOK(t, "validate", fitted)
	var stderr bytes.Buffer
	if code := run([]string{"omnisim", "backtest", "--holdout", "3w", log}, &bytes.Buffer{}, &stderr); code != 2 || !strings.Contains(stderr.String(), "want at least a day") {
		t.Errorf("a holdout as long as the log: exit %d (%s)", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"omnisim", "backtest", "--holdout", "2w", fitted, log}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("a scenario with --holdout: exit %d (%s)", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"omnisim", "backtest", "--holdout", "2x", log}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("--holdout 2x: exit %d (%s)", code, stderr.String())
	}
}

// fit reads the Salesforce fixture and the --columns fixture; an export whose
// times have no zone needs --tz (exit 2 without, naming file:line), and --tz
// puts the intervals in local time.
func TestFitExports(t *testing.T) {
	sf, _ := filepath.Glob(filepath.Join("..", "..", "eventlog", "testdata", "salesforce", "*.csv"))
	dir := t.TempDir()
	out := filepath.Join(dir, "sf.yaml")
	runOK(t, append([]string{"fit", "--salesforce", "--strict", "--out", out, "--report", os.DevNull}, sf...)...)
	runOK(t, "validate", out)
	cols := filepath.Join("..", "..", "eventlog", "testdata", "columns")
	runOK(t, "fit", "--columns", filepath.Join(cols, "mapping.yaml"), "--strict", filepath.Join(cols, "export.csv"), "--out", out, "--report", os.DevNull)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "local time in Europe/Berlin") {
		t.Errorf("the mapping's zone is not the intervals':\n%s", b)
	}
	noZone := filepath.Join(dir, "nozone.csv")
	if err := os.WriteFile(noZone, []byte("conversation_id,time,actor,kind,channel\nc,2024-03-04 09:00:00,customer,message,sms\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"omnisim", "fit", noZone, "--out", out}, &bytes.Buffer{}, &stderr); code != 2 || !strings.Contains(stderr.String(), "nozone.csv:2") || !strings.Contains(stderr.String(), "--tz") {
		t.Errorf("no zone: exit %d: %s", code, stderr.String())
	}
	runOK(t, "fit", "--tz", "America/New_York", noZone, "--out", out, "--report", os.DevNull)
	stderr.Reset()
	if code := run([]string{"omnisim", "fit", "--columns", filepath.Join(dir, "missing.yaml"), noZone}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("a missing mapping: exit %d: %s", code, stderr.String())
	}
}

// tune-bot --logs draws the threshold curve from a bot log (JSON points, the
// ones below the threshold in force marked extrapolated); a log without a bot
// is bad input.
func TestTuneBotLogs(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "bot.csv")
	runOK(t, "run", filepath.Join("..", "..", "fit", "testdata", "bot-status.yaml"), "--events", log, "--out", os.DevNull)
	out := runOK(t, "tune-bot", "--logs", "--thresholds", "0.4..0.8:0.2", "--format", "json", log)
	var bc struct {
		InForce float64 `json:"threshold_in_force"`
		Points  []struct {
			Threshold    float64 `json:"threshold"`
			Extrapolated bool    `json:"extrapolated"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(out), &bc); err != nil {
		t.Fatalf("tune-bot --logs JSON: %v\n%s", err, out)
	}
	if len(bc.Points) != 3 || !bc.Points[0].Extrapolated || bc.Points[2].Extrapolated {
		t.Errorf("points %+v (in force %v)", bc.Points, bc.InForce)
	}
	plain := filepath.Join(dir, "plain.csv")
	runOK(t, "run", filepath.Join("..", "..", "fit", "testdata", "plain.yaml"), "--events", plain, "--out", os.DevNull)
	var stderr bytes.Buffer
	if code := run([]string{"omnisim", "tune-bot", "--logs", plain}, &bytes.Buffer{}, &stderr); code != 2 || !strings.Contains(stderr.String(), "no bot") {
		t.Errorf("no bot: exit %d: %s", code, stderr.String())
	}
}
