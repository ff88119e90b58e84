package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/internal/junitschema"
	"github.com/omnisim/omnisim/scenarios"
)

// checkCLI runs `omnisim check ARGS...` in process.
func checkCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"omnisim", "check"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// A small scenario: 8 simulated hours, 3 replications, a few milliseconds to run.
const checkScenarioYAML = `version: 1
name: %s
horizon: 8h
replications: 3
channels: {web: {}, sms: {}}
arrivals: [{channel: web, rate: 60/h}, {channel: sms, rate: 10/h}]
agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]
assert:
`

func scenarioWith(name string, asserts ...string) string {
	s := strings.Replace(checkScenarioYAML, "%s", name, 1)
	for _, a := range asserts {
		s += "  - " + a + "\n"
	}
	return s
}

var checkFiles3 = map[string]string{
	"a_pass.yaml": scenarioWith("passing", "service_level >= 50%", "web.offered > 0", "abandon_rate == 0"),
	"b_fail.yaml": scenarioWith("failing", "service_level >= 50%", "offered < 1", "sms.asa_seconds <= 1h strict"),
	"c_bad.yaml":  "version: 1\nhorizon: 8h\nchannels: {web: {}}\narrivals: [{channel: web, rate: 60/h, intnets: {a: 1}}]\n",
}

func TestCheckExitCodes(t *testing.T) {
	dir := writeFiles(t, checkFiles3)
	pass, fail, bad := filepath.Join(dir, "a_pass.yaml"), filepath.Join(dir, "b_fail.yaml"), filepath.Join(dir, "c_bad.yaml")
	cases := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings
		stderr     []string
		noStderrAt bool
	}{
		{"all pass", []string{pass}, 0,
			[]string{"passing service_level >= 50%", "pass", "3 assertions in 1 scenario: 3 passed, 0 failed"}, nil, true},
		{"an assertion fails", []string{fail}, 1,
			[]string{"failing offered < 1", "FAIL want < 1", "3 assertions in 1 scenario: 2 passed, 1 failed"},
			[]string{"omnisim: 1 of 3 assertions failed (failing)\n"}, false},
		{"invalid file", []string{bad}, 2,
			[]string{"ERROR"},
			[]string{bad + ":4:39: arrivals[0].intnets: unknown key (did you mean intents?)", "omnisim: 1 of 1 scenario files invalid"}, false},
		{"directory: invalid wins, valid ones still run", []string{dir}, 2,
			[]string{"passing", "failing", "c_bad.yaml", "6 assertions in 3 scenarios: 5 passed, 1 failed, 1 scenario invalid"},
			[]string{"intnets", "omnisim: 1 of 3 scenario files invalid; 1 of 6 assertions failed (failing)"}, false},
		{"missing path", []string{filepath.Join(dir, "nope.yaml")}, 2, nil, []string{"nope.yaml", "invalid"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := checkCLI(c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout, stderr)
			}
			for _, s := range c.stdout {
				if !strings.Contains(squeeze(stdout), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range c.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if c.noStderrAt && stderr != "" {
				t.Errorf("stderr not empty: %q", stderr)
			}
			if strings.Contains(stdout+stderr, "panic") || strings.Contains(stdout+stderr, "goroutine ") {
				t.Errorf("stack trace:\n%s%s", stdout, stderr)
			}
		})
	}
}

// squeeze collapses runs of spaces, so that tests do not depend on column widths.
func squeeze(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

func TestCheckUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"--format", "xml", "x.yaml"}, {"--parallel", "0", "x.yaml"}, {"--bogus", "x.yaml"}} {
		code, _, stderr := checkCLI(args...)
		if code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("check %v: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
	}
}

// TestCheckJUnit writes the JUnit report, validates it against the common JUnit
// schema and checks what it says.
func TestCheckJUnit(t *testing.T) {
	dir := writeFiles(t, checkFiles3)
	out := filepath.Join(t.TempDir(), "check.xml")
	if code, _, stderr := checkCLI(dir, "--junit", out); code != 2 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := junitschema.Validate(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(doc.Suites) != 3 || *doc.Tests != "7" || *doc.Failures != "1" || *doc.Errors != "1" {
		t.Fatalf("suites %d, tests %s, failures %s, errors %s; want 3, 7 (6 assertions and one load error), 1, 1\n%s",
			len(doc.Suites), *doc.Tests, *doc.Failures, *doc.Errors, data)
	}
	names := []string{*doc.Suites[0].Name, *doc.Suites[1].Name, *doc.Suites[2].Name}
	if !strings.HasSuffix(names[0], "/a_pass.yaml") || !strings.HasSuffix(names[1], "/b_fail.yaml") || !strings.HasSuffix(names[2], "/c_bad.yaml") {
		t.Errorf("suites %v, want the files' paths in file order", names)
	}
	failing := doc.Suites[1]
	var failure *junitschema.Problem
	for _, c := range failing.Cases {
		if !strings.HasSuffix(*c.Classname, ".b_fail") {
			t.Errorf("classname %q, want the file's path with dots", *c.Classname)
		}
		if len(c.Failures) > 0 {
			if *c.Name != "offered < 1" {
				t.Errorf("failed case %q, want offered < 1", *c.Name)
			}
			failure = &c.Failures[0]
		}
	}
	if failure == nil || !strings.HasPrefix(*failure.Message, "offered = ") || !strings.Contains(*failure.Message, "want < 1") {
		t.Errorf("failure message must carry the measured value: %+v", failure)
	}
	if bad := doc.Suites[2]; len(bad.Cases) != 1 || len(bad.Cases[0].Errors) != 1 || !strings.Contains(bad.Cases[0].Errors[0].Text, "intnets") {
		t.Errorf("invalid file's suite: %+v", bad)
	}
}

// TestCheckDeterministic: two runs, one scenario at a time or several, give the same
// bytes on stdout, stderr and in the JUnit file.
func TestCheckDeterministic(t *testing.T) {
	dir := writeFiles(t, checkFiles3)
	tmp := t.TempDir()
	var outs, errs []string
	var junits [][]byte
	for i, parallel := range []string{"1", "4", "4"} {
		j := filepath.Join(tmp, "j"+parallel+string(rune('a'+i))+".xml")
		_, stdout, stderr := checkCLI(dir, "--junit", j, "--parallel", parallel)
		data, err := os.ReadFile(j)
		if err != nil {
			t.Fatal(err)
		}
		outs, errs, junits = append(outs, stdout), append(errs, stderr), append(junits, data)
	}
	for i := 1; i < len(outs); i++ {
		if outs[i] != outs[0] || errs[i] != errs[0] || !bytes.Equal(junits[i], junits[0]) {
			t.Errorf("run %d differs from run 0:\n%s\n---\n%s\n%s\n---\n%s", i, outs[0], outs[i], junits[0], junits[i])
		}
	}
}

func TestCheckJSON(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": checkFiles3["a_pass.yaml"], "b.yaml": checkFiles3["b_fail.yaml"]})
	code, stdout, stderr := checkCLI(dir, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []struct {
		Scenario, File, Assertion, Metric, Scope string
		Mean, CI95                               *float64
		Pass                                     bool
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("not a JSON list: %v\n%s", err, stdout)
	}
	if len(rows) != 6 || rows[0].Scenario != "passing" || rows[0].Assertion != "service_level >= 50%" || rows[0].Mean == nil || !rows[0].Pass {
		t.Fatalf("rows: %+v", rows)
	}
	if rows[4].Assertion != "offered < 1" || rows[4].Pass || rows[1].Scope != "web" || rows[1].Metric != "offered" {
		t.Errorf("rows: %+v", rows)
	}
}

func TestCheckQuickSaysSo(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": checkFiles3["a_pass.yaml"]})
	code, stdout, stderr := checkCLI(dir, "--quick")
	if code != 0 || !strings.HasPrefix(stdout, "quick mode: 0 of 1 scenarios scaled down") {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "q.xml")
	checkCLI(dir, "--quick", "--junit", out)
	data, _ := os.ReadFile(out)
	if !bytes.Contains(data, []byte(`<property name="quick" value="true">`)) {
		t.Errorf("JUnit does not record quick mode:\n%s", data)
	}
}

// TestCheckExamplesQuick is the CI run of the example library (make test): every
// example's assertions pass in quick mode.
func TestCheckExamplesQuick(t *testing.T) {
	examples := filepath.Join("..", "..", "scenarios", "examples")
	start := time.Now()
	code, stdout, stderr := checkCLI(examples, "--quick")
	took := time.Since(start)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("check --quick scenarios/examples: %v on %d CPUs", took, runtime.GOMAXPROCS(0))
	for _, e := range scenarios.Examples() {
		if e.Name != scenarios.DefaultExample && !strings.Contains(stdout, "\n"+e.Name+" ") {
			t.Errorf("example %s not in the table:\n%s", e.Name, stdout)
		}
	}
	if strings.Contains(stdout, "FAIL") || !strings.Contains(stdout, " 0 failed") {
		t.Errorf("failures:\n%s", stdout)
	}
}

// TestCheckDefaultScenarioQuick keeps the embedded default's own assertions passing.
func TestCheckDefaultScenarioQuick(t *testing.T) {
	path := filepath.Join(t.TempDir(), "default.yaml")
	if err := os.WriteFile(path, scenarios.DefaultYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := checkCLI(path, "--quick"); code != 0 {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestScenariosCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"omnisim", "scenarios", "list"}, &out, &errb); code != 0 {
		t.Fatalf("list: exit %d: %s", code, errb.String())
	}
	for _, e := range scenarios.Examples() {
		if !strings.Contains(out.String(), e.Name+"  ") || !strings.Contains(out.String(), e.Description) {
			t.Errorf("list lacks %s: %q\n%s", e.Name, e.Description, out.String())
		}
	}

	out.Reset()
	if code := run([]string{"omnisim", "scenarios", "show", "bank-weekend"}, &out, &errb); code != 0 {
		t.Fatalf("show: exit %d: %s", code, errb.String())
	}
	ex, _ := scenarios.FindExample("bank-weekend")
	if !bytes.Equal(out.Bytes(), ex.YAML) {
		t.Error("show does not print the example as written")
	}

	out.Reset()
	if code := run([]string{"omnisim", "scenarios", "schema"}, &out, &errb); code != 0 || !bytes.Equal(out.Bytes(), scenarios.JSONSchema()) {
		t.Errorf("schema: exit %d, or output differs from scenarios.JSONSchema()", code)
	}

	for _, args := range [][]string{{"show"}, {"show", "nope"}, {"list", "x"}, {"frobnicate"}} {
		errb.Reset()
		code := run(append([]string{"omnisim", "scenarios"}, args...), &out, &errb)
		if code != 2 || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("scenarios %v: exit %d, stderr %q; want 2 and one line", args, code, errb.String())
		}
	}
}
