package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
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
		Tour   string
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
	// A tour's rows (its days with the same shift) together work the
	// template's 7 days, each day once, with one break.
	days := map[string]map[string]int{}
	for _, s := range shifts {
		if len(s.Breaks) != 1 || s.Agents <= 0 || s.Tour == "" {
			t.Errorf("shift %+v: want one break, a tour, agents", s)
		}
		if days[s.Tour] == nil {
			days[s.Tour] = map[string]int{}
		}
		for _, d := range s.Days {
			days[s.Tour][d]++
		}
	}
	for tour, ds := range days {
		if len(ds) != 7 {
			t.Errorf("tour %s works %d days, want 7", tour, len(ds))
		}
		for d, n := range ds {
			if n != 1 {
				t.Errorf("tour %s: %s in %d rows", tour, d, n)
			}
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

// TestRosterFragment: --out roster.yaml writes a scenario fragment that
// extends the scenario; it loads, staffs each group with the roster's heads
// on the floor (the JSON's rostered per interval) and runs.
func TestRosterFragment(t *testing.T) {
	needCBC(t)
	dir := t.TempDir()
	base, err := os.ReadFile("../../planning/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc := filepath.Join(dir, "small.yaml")
	os.WriteFile(sc, base, 0o644)
	frag := filepath.Join(dir, "roster.yaml")
	code, _, stderr := runCLI("roster", sc, "--shifts", "testdata/roster/daily-shifts.yaml", "--replications", "2", "--no-simulate", "--out", frag)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(frag)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "extends: small.yaml") || !strings.Contains(string(data), "horizon: 168h") {
		t.Fatalf("fragment:\n%s", data)
	}
	code, stdout, stderr := runCLI("roster", sc, "--shifts", "testdata/roster/daily-shifts.yaml", "--replications", "2", "--no-simulate", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Intervals []struct {
			Day, Start string
			Rostered   map[string]int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	loaded, err := scenarios.Load(frag)
	if err != nil {
		t.Fatalf("the fragment does not load: %v", err)
	}
	m, err := loaded.Model()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range m.Groups {
		for i, iv := range out.Intervals {
			at := sim.Time(time.Duration(i)*30*time.Minute + 15*time.Minute)
			if got := g.Staff.At(at); got != float64(iv.Rostered[g.Name]) {
				t.Fatalf("%s %s %s: fragment staffs %v, roster %d", g.Name, iv.Day, iv.Start, got, iv.Rostered[g.Name])
			}
		}
	}
	if code, _, stderr := runCLI("run", frag, "--replications", "2"); code != 0 {
		t.Fatalf("run %s: exit %d: %s", frag, code, stderr)
	}
}

// TestRosterRulesNoRosterCanMeet: rules that leave no tour exit 2 naming the
// rule's file:line.
func TestRosterRulesNoRosterCanMeet(t *testing.T) {
	needCBC(t)
	path := filepath.Join(t.TempDir(), "shifts.yaml")
	os.WriteFile(path, []byte("templates: [{starts: [\"08:00\"], lengths: [8h], days: 5}]\nrules:\n  weekly_hours: {min: 45}\n"), 0o644)
	code, _, stderr := runCLI("roster", "../../planning/testdata/small.yaml", "--shifts", path, "-n", "2")
	if code != 2 || !strings.Contains(stderr, "shifts.yaml:3: rules.weekly_hours removed") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
