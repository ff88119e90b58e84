package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// validateCLI runs `omnisim validate ARGS...` in process.
func validateCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"omnisim", "validate"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const validScenario = `version: 1
horizon: 8h
channels: {web: {}}
arrivals: [{channel: web, rate: 60/h}]
agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]
`

func TestValidateValidFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{"ok.yaml": validScenario})
	f := filepath.Join(dir, "ok.yaml")
	code, stdout, stderr := validateCLI(f)
	if code != 0 || stdout != "ok "+f+"\n" || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0, \"ok %s\", nothing", code, stdout, stderr, f)
	}
}

// TestValidateUnknownKey is the contract case (../shared/contract/unknown_key.yaml):
// exit 2 and the file:line of the offending key.
func TestValidateUnknownKey(t *testing.T) {
	dir := writeFiles(t, map[string]string{"unknown_key.yaml": `version: 1
name: contract-unknown-key
horizon: 10h
channels:
  web: {}
arrivals:
  - channel: web
    rate: 10/h
    intnets: {a: 1}
agents:
  - name: pool
    count: 2
    response_time: {dist: exponential, mean: 2m}
`})
	f := filepath.Join(dir, "unknown_key.yaml")
	code, stdout, stderr := validateCLI(f)
	want := f + ":9:5: arrivals[0].intnets: unknown key (did you mean intents?)\n" +
		"omnisim: 1 of 1 scenario file is invalid\n"
	if code != 2 || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2, stderr:\n%s", code, stdout, stderr, want)
	}
}

// TestValidateDirectory checks the recursive walk (yaml and yml, sorted, other files
// ignored), that every error of every file is printed, and the summary.
func TestValidateDirectory(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"b.yaml":          validScenario,
		"a/nested.yml":    validScenario,
		"a/bad.yaml":      "version: 1\nhorizon: -1h\nchannels: {web: {}}\narrivals: [{channel: web, rate: 1/h, intnets: {}}]\nagents: [{name: x, count: 1, response_time: {dist: constant, value: 1s}}]\n",
		"c/future.yaml":   "version: 2\n",
		"c/notes.txt":     "not a scenario",
		"c/deeper/x.yaml": validScenario,
	})
	code, stdout, stderr := validateCLI(dir)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	wantOut := "ok " + filepath.Join(dir, "a/nested.yml") + "\n" +
		"ok " + filepath.Join(dir, "b.yaml") + "\n" +
		"ok " + filepath.Join(dir, "c/deeper/x.yaml") + "\n"
	if stdout != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, wantOut)
	}
	bad := filepath.Join(dir, "a/bad.yaml")
	wantErr := bad + ":2:10: horizon: must be > 0 (got -1h)\n" +
		bad + ":4:38: arrivals[0].intnets: unknown key (did you mean intents?)\n" +
		filepath.Join(dir, "c/future.yaml") + ":1:10: version: version 2 is newer than this omnisim understands (1); upgrade omnisim\n" +
		"omnisim: 2 of 5 scenario files are invalid\n"
	if stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
	}
}

func TestValidateUsage(t *testing.T) {
	code, _, stderr := validateCLI()
	if code != 2 || !strings.Contains(stderr, "usage: omnisim validate PATH...") {
		t.Errorf("no arguments: exit %d, stderr %q; want exit 2 and the usage", code, stderr)
	}
	dir := writeFiles(t, map[string]string{"ok.yaml": validScenario, "empty/readme.md": "x"})
	code, stdout, stderr := validateCLI(filepath.Join(dir, "missing.yaml"), filepath.Join(dir, "empty"), filepath.Join(dir, "ok.yaml"))
	if code != 2 || !strings.Contains(stdout, "ok ") {
		t.Errorf("exit %d, stdout %q; want 2 and the valid file still checked", code, stdout)
	}
	for _, want := range []string{"missing.yaml: no such file", "no *.yaml or *.yml files", "omnisim: 2 of 3 scenario files are invalid"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
		t.Errorf("stderr shows a stack trace: %s", stderr)
	}
}

// positioned matches a first line FILE:LINE:COL: (the file may be a base the scenario
// extends).
var positioned = regexp.MustCompile(`^[^\n]+\.ya?ml:\d+:\d+: `)

// TestValidateTestdata runs the command over the loader's own testdata: every valid
// file passes, every invalid one fails with at least one positioned error.
func TestValidateTestdata(t *testing.T) {
	code, stdout, _ := validateCLI("../../scenarios/testdata/valid")
	if code != 0 || strings.Count(stdout, "ok ") < 3 {
		t.Errorf("testdata/valid: exit %d, stdout %q", code, stdout)
	}
	invalid, _ := filepath.Glob("../../scenarios/testdata/invalid/*.yaml")
	for _, f := range invalid {
		code, stdout, stderr := validateCLI(f)
		if code != 2 || stdout != "" || !positioned.MatchString(stderr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", f, code, stdout, stderr)
		}
	}
}
