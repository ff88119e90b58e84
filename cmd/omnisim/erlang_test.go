package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"omnisim"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// erlangCClosedForm is the textbook Erlang C, evaluated directly from its sums (per
// second): P(wait), ASA and service level at t seconds, as the contract check does.
func erlangCClosedForm(lambda, aht float64, c int, t float64) map[string]float64 {
	a := lambda * aht
	sum, term := 0.0, 1.0
	for k := 0; k < c; k++ {
		sum += term
		term *= a / float64(k+1)
	}
	pc := term * float64(c) / (float64(c) - a)
	pw := pc / (sum + pc)
	return map[string]float64{
		"p_wait":        pw,
		"asa_seconds":   pw * aht / (float64(c) - a),
		"service_level": 1 - pw*math.Exp(-(float64(c)-a)*t/aht),
		"occupancy":     a / float64(c),
	}
}

func decodeObject(t *testing.T, stdout string) map[string]float64 {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var got map[string]float64
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("stdout is not a JSON object of numbers: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", stdout)
	}
	return got
}

func keysOf(m map[string]float64) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestErlangCJSON(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		lambda float64
		aht    float64
		agents int
		within float64
	}{
		// The contract check's case (../shared/contract/check, section 2).
		{"contract", []string{"--rate", "120/h", "--aht", "4m", "--agents", "10", "--within", "30s"}, 120.0 / 3600, 240, 10, 30},
		// DESIGN.md's example.
		{"design", []string{"--rate", "100/h", "--aht", "3m", "--agents", "7", "--within", "20s"}, 100.0 / 3600, 180, 7, 20},
		{"per second, within 0", []string{"--rate", "0.5/s", "--aht", "10s", "--agents", "6", "--within", "0s"}, 0.5, 10, 6, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append(append([]string{"erlang", "c"}, tt.args...), "--format", "json")...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			got := decodeObject(t, stdout)
			want := erlangCClosedForm(tt.lambda, tt.aht, tt.agents, tt.within)
			if strings.Join(keysOf(got), ",") != strings.Join(keysOf(want), ",") {
				t.Fatalf("keys %v, want %v", keysOf(got), keysOf(want))
			}
			for k, w := range want {
				if math.Abs(got[k]-w) > 1e-9*math.Max(1, math.Abs(w)) {
					t.Errorf("%s = %.12g, closed form %.12g", k, got[k], w)
				}
			}
		})
	}
}

func TestErlangAJSON(t *testing.T) {
	code, stdout, stderr := runCLI("erlang", "a", "--rate", "120/h", "--aht", "4m", "--agents", "10",
		"--within", "30s", "--patience", "2m", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	got := decodeObject(t, stdout)
	want := []string{"abandon_rate", "abandon_wait_seconds", "asa_seconds", "occupancy", "p_wait", "service_level"}
	if strings.Join(keysOf(got), ",") != strings.Join(want, ",") {
		t.Fatalf("keys %v, want %v", keysOf(got), want)
	}
	if got["abandon_rate"] <= 0 || got["service_level"] > 1-got["abandon_rate"] {
		t.Errorf("implausible: %v", got)
	}
	// Full precision, not rounded for display.
	if !strings.Contains(stdout, "0.2475191896") {
		t.Errorf("p_wait not printed at full precision: %s", stdout)
	}
	// With endless patience the same queue is Erlang C.
	_, stdout, _ = runCLI("erlang", "a", "--rate", "120/h", "--aht", "4m", "--agents", "10",
		"--within", "30s", "--patience", "1000000h", "--format", "json")
	got = decodeObject(t, stdout)
	for k, w := range erlangCClosedForm(120.0/3600, 240, 10, 30) {
		if math.Abs(got[k]-w) > 1e-5*math.Max(1, w) {
			t.Errorf("patience 10⁶ h: %s = %.8g, Erlang C %.8g", k, got[k], w)
		}
	}
}

func TestErlangText(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"c", []string{"erlang", "c", "--rate", "100/h", "--aht", "3m", "--agents", "7", "--within", "20s"},
			[]string{"Erlang C", "offered load 5.00 Erlang", "p_wait", "32.41 %", "asa_seconds", " s ", "service_level", "occupancy", "71.43 %"}},
		{"a", []string{"erlang", "a", "--rate", "100/h", "--aht", "3m", "--agents", "5", "--within", "20s", "--patience", "2m", "--format", "text"},
			[]string{"Erlang A", "patience 2m0s", "abandon_rate", "abandon_wait_seconds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tt.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("text lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

func TestErlangOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "erlang.json")
	code, stdout, stderr := runCLI("erlang", "c", "--rate", "120/h", "--aht", "4m", "--agents", "10",
		"--within", "30s", "--format", "json", "--out", path)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeObject(t, string(b)); len(got) != 4 {
		t.Errorf("file holds %v", got)
	}
}

// TestErlangBadInput: every bad value exits 2 with one line on stderr naming the flag,
// and nothing on stdout.
func TestErlangBadInput(t *testing.T) {
	c := func(extra ...string) []string {
		args := []string{"erlang", "c", "--rate", "120/h", "--aht", "4m", "--agents", "10", "--within", "30s"}
		return append(args, extra...)
	}
	a := func(extra ...string) []string {
		return append([]string{"erlang", "a", "--rate", "120/h", "--aht", "4m", "--agents", "10", "--within", "30s"}, extra...)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		// The contract check's refusal: 200/h × 4 min = 13.33 Erlang on 10 agents.
		{"rho > 1", []string{"erlang", "c", "--rate", "200/h", "--aht", "4m", "--agents", "10", "--within", "30s"},
			`--agents "10": offered load 13.33 Erlang needs more than 13 agents (ρ = 1.33 ≥ 1)`},
		{"rho > 1 without within", []string{"erlang", "c", "--rate", "200/h", "--aht", "4m", "--agents", "10"}, "--within"},
		{"rho = 1", c("--agents", "8"), `--agents "8": offered load 8.00 Erlang needs more than 8 agents (ρ = 1.00 ≥ 1)`},
		{"rate not a number", c("--rate", "abc"), `--rate "abc":`},
		{"rate unit", c("--rate", "5/w"), `--rate "5/w":`},
		{"rate zero", c("--rate", "0/h"), `--rate "0/h": must be a positive`},
		{"aht bad", c("--aht", "4"), `--aht "4":`},
		{"aht zero", c("--aht", "0s"), `--aht "0s": the average handle time must be > 0`},
		{"agents word", c("--agents", "ten"), `--agents "ten":`},
		{"agents fraction", c("--agents", "2.5"), `--agents "2.5":`},
		{"agents zero", c("--agents", "0"), `--agents "0": need at least 1 agent`},
		{"within negative", c("--within", "-5s"), `--within "-5s":`},
		{"format csv", c("--format", "csv"), `--format "csv"`},
		{"unknown flag", c("--agnets", "3"), "agnets"},
		{"stray argument", c("extra"), `"extra"`},
		{"missing everything", []string{"erlang", "c"}, "missing --rate, --aht, --agents, --within"},
		{"missing rate", []string{"erlang", "c", "--aht", "4m", "--agents", "10", "--within", "30s"}, "missing --rate"},
		{"a missing patience", a(), "missing --patience"},
		{"a patience zero", a("--patience", "0s"), `--patience "0s": the mean patience must be > 0`},
		{"a patience bad", a("--patience", "soon"), `--patience "soon":`},
		{"a format md", a("--patience", "2m", "--format", "md"), `--format "md"`},
		{"unknown model", []string{"erlang", "b"}, `erlang "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n"); len(lines) != 1 {
				t.Errorf("stderr has %d lines, want 1:\n%s", len(lines), stderr)
			}
			if !strings.HasPrefix(stderr, "omnisim: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.want)
			}
		})
	}
}

func TestErlangHelp(t *testing.T) {
	for _, args := range [][]string{{"erlang", "--help"}, {"erlang", "c", "--help"}, {"erlang", "a", "--help"}, {"erlang"}} {
		code, stdout, stderr := runCLI(args...)
		if code != 0 || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		if !strings.Contains(stdout, "Example:") || !strings.Contains(stdout, "--within 20s") {
			t.Errorf("%v: help without an example:\n%s", args, stdout)
		}
	}
}
