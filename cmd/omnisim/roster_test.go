package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needCBC skips without CBC unless ROSTER_REQUIRE_SOLVER is set (make test),
// where a missing solver fails.
func needCBC(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("cbc"); err != nil {
		if os.Getenv("ROSTER_REQUIRE_SOLVER") != "" {
			t.Fatalf("ROSTER_REQUIRE_SOLVER is set but cbc is missing: %v", err)
		}
		t.Skip("skipping: cbc not installed (make test installs it)")
	}
}

// TestRosterCommand rosters the small planning scenario and checks the stable
// JSON keys, that every interval is covered and that the simulation proof ran.
// The every-day template keeps the program small enough for CBC to prove
// optimal, so the result does not depend on the solver's time limit.
func TestRosterCommand(t *testing.T) {
	needCBC(t)
	code, stdout, stderr := runCLI("roster", "../../planning/testdata/small.yaml", "--shifts", "testdata/roster/daily-shifts.yaml",
		"--replications", "2", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if string(out["optimal"]) != "true" {
		t.Errorf("not optimal: %s", out["status"])
	}
	for _, k := range []string{"intervals", "shifts", "agent_hours", "required_agent_hours", "cost", "unmet"} {
		if _, ok := out[k]; !ok {
			t.Errorf("JSON key %q missing", k)
		}
	}
	var ivs []struct {
		Day, Start         string
		Required, Rostered map[string]int
		ServiceLevel       *struct{ Mean, CI95 *float64 } `json:"service_level"`
	}
	if err := json.Unmarshal(out["intervals"], &ivs); err != nil {
		t.Fatal(err)
	}
	if len(ivs) != 7*24 {
		t.Fatalf("%d intervals, want a week of hours", len(ivs))
	}
	for _, iv := range ivs {
		for g, n := range iv.Required {
			if iv.Rostered[g] < n {
				t.Errorf("%s %s %s: rostered %d < required %d", iv.Day, iv.Start, g, iv.Rostered[g], n)
			}
		}
		if iv.ServiceLevel == nil {
			t.Fatalf("%s %s: no simulated service level", iv.Day, iv.Start)
		}
	}
	var shifts []struct {
		Group  string
		Days   []string
		Start  string
		End    string
		Breaks []string
		Agents int
	}
	if err := json.Unmarshal(out["shifts"], &shifts); err != nil {
		t.Fatal(err)
	}
	if len(shifts) == 0 {
		t.Fatal("no shifts")
	}
	for _, s := range shifts {
		if len(s.Days) != 7 || len(s.Breaks) != 1 || s.Agents <= 0 {
			t.Errorf("shift %+v: want the template's 7 days, one break", s)
		}
	}
}

func TestRosterBadShifts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shifts.yaml")
	os.WriteFile(path, []byte("templates:\n  - starts: [\"08:00\"]\n    lengths: [25h]\n"), 0o644)
	code, _, stderr := runCLI("roster", "--shifts", path)
	if code != 2 || !strings.Contains(stderr, "shifts.yaml:3: templates[0].lengths: a shift of 25h does not fit in a day") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
