package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunDefaultScenarioJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"omnisim", "run", "--format", "json", "--replications", "3"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep struct {
		Scenario     string                                `json:"scenario"`
		Replications int                                   `json:"replications"`
		Metrics      map[string]map[string]*float64        `json:"metrics"`
		ByChannel    map[string]map[string]json.RawMessage `json:"by_channel"`
		ByInterval   []map[string]json.RawMessage          `json:"by_interval"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("not one JSON object: %v", err)
	}
	if rep.Replications != 3 || rep.Scenario == "" {
		t.Errorf("scenario %q replications %d", rep.Scenario, rep.Replications)
	}
	for _, k := range []string{"offered", "handled", "service_level", "utilization", "cost"} {
		if rep.Metrics[k]["mean"] == nil {
			t.Errorf("metrics.%s.mean missing or null", k)
		}
	}
	if *rep.Metrics["offered"]["mean"] <= 0 {
		t.Error("default scenario offered nothing")
	}
	if len(rep.ByChannel) < 2 || len(rep.ByInterval) == 0 {
		t.Errorf("by_channel %d, by_interval %d", len(rep.ByChannel), len(rep.ByInterval))
	}
}

func TestRunTextToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.txt")
	var out, errb bytes.Buffer
	if code := run([]string{"omnisim", "run", "-n", "2", "--out", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"service level", "by channel", "whatsapp"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if out.Len() != 0 {
		t.Errorf("stdout not empty with --out: %q", out.String())
	}
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nname: x\nhorizon: 1h\nchannels: {web: {}}\narrivals:\n  - channel: web\n    rate: -3/h\nagents:\n  - {name: a, count: 1, response_time: {dist: exponential, mean: 1m}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown format", []string{"run", "--format", "xml"}, "--format"},
		{"missing file", []string{"run", filepath.Join(dir, "nope.yaml")}, "nope.yaml"},
		{"negative rate", []string{"run", bad}, "bad.yaml:7"},
		{"zero replications", []string{"run", "--replications", "0"}, "--replications"},
		{"two scenarios", []string{"run", bad, bad}, "at most one"},
		{"unknown flag", []string{"run", "--nope"}, "nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(append([]string{"omnisim"}, c.args...), &out, &errb)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errb.String())
			}
			msg := errb.String()
			if !strings.Contains(msg, c.want) || strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
				t.Errorf("stderr %q, want it to mention %q", msg, c.want)
			}
		})
	}
}
