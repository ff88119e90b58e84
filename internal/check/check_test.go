package check

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/reports"
)

// scenario is a small scenario (8 simulated hours, 3 replications) with asserts.
func scenario(name string, asserts ...string) string {
	s := "version: 1\nname: " + name + "\nhorizon: 8h\nreplications: 3\nchannels: {web: {}}\n" +
		"arrivals: [{channel: web, rate: 60/h}]\n" +
		"agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]\n"
	if len(asserts) > 0 {
		s += "assert:\n"
		for _, a := range asserts {
			s += "  - " + a + "\n"
		}
	}
	return s
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

func TestFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"b.yaml": "", "a.yml": "", "notes.txt": "", "sub/c.YAML": "",
		"testdata/x.yaml": "", ".git/y.yaml": "", "_drafts/z.yaml": "", "sub/testdata/w.yaml": "",
		"fixtures/testdata/only.yaml": "",
	})
	cases := []struct {
		name  string
		args  []string
		files []string
		bad   []string // substrings of the errors, in order
	}{
		{"walk skips testdata, . and _", []string{dir}, []string{"a.yml", "b.yaml", "sub/c.YAML"}, nil},
		{"a named skipped directory is searched", []string{filepath.Join(dir, "testdata")}, []string{"testdata/x.yaml"}, nil},
		{"a file whatever its extension", []string{filepath.Join(dir, "notes.txt")}, []string{"notes.txt"}, nil},
		{"missing path", []string{filepath.Join(dir, "nope.yaml"), filepath.Join(dir, "a.yml")}, []string{"a.yml"}, []string{"nope.yaml"}},
		{"directory without scenarios", []string{filepath.Join(dir, "fixtures")}, nil, []string{"no *.yaml or *.yml files"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files, bad := Files(c.args)
			var got []string
			for _, f := range files {
				rel, _ := filepath.Rel(dir, f)
				got = append(got, filepath.ToSlash(rel))
			}
			if strings.Join(got, "|") != strings.Join(c.files, "|") {
				t.Errorf("files %q, want %q", got, c.files)
			}
			if len(bad) != len(c.bad) {
				t.Fatalf("bad %v, want %d", bad, len(c.bad))
			}
			for i, b := range bad {
				if !strings.Contains(b.Error(), c.bad[i]) {
					t.Errorf("bad[%d] = %q, want it to say %q", i, b.Error(), c.bad[i])
				}
			}
		})
	}
}

// TestRun: one suite per file in file order, invalid files reported with every
// error and counted, and the same suites whatever the parallelism.
func TestRun(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml": scenario("passing", "service_level >= 50%", "offered > 0"),
		"b.yaml": scenario("failing", "offered < 1"),
		"c.yaml": "version: 1\nhorizon: nope\n",
		"d.yaml": scenario("no asserts"),
	})
	var first []reports.Suite
	for _, parallel := range []int{1, 4} {
		var stderr bytes.Buffer
		calls := 0
		res := Run([]string{dir}, Options{Parallel: parallel, Progress: func(done, total int) {
			calls++
			if total != 2 || done != calls {
				t.Errorf("progress %d/%d at call %d, want n/2", done, total, calls)
			}
		}}, &stderr)
		if len(res.Suites) != 4 || calls != 2 {
			t.Fatalf("%d suites, %d progress calls; want 4, 2", len(res.Suites), calls)
		}
		if !strings.Contains(stderr.String(), "c.yaml:2") || len(res.Suites[2].Errors) == 0 {
			t.Errorf("invalid file: stderr %q, suite %+v", stderr.String(), res.Suites[2])
		}
		if len(res.Suites[3].Verdicts) != 0 || len(res.RunErrors) != 0 {
			t.Errorf("a scenario without asserts is listed, not run: %+v, run errors %v", res.Suites[3], res.RunErrors)
		}
		a, b := res.Suites[0], res.Suites[1]
		if len(a.Verdicts) != 2 || !a.Verdicts[0].Pass || !a.Verdicts[1].Pass || len(b.Verdicts) != 1 || b.Verdicts[0].Pass {
			t.Errorf("verdicts: %+v / %+v", a.Verdicts, b.Verdicts)
		}
		if first == nil {
			first = res.Suites
			continue
		}
		for i := range first {
			for j := range first[i].Verdicts {
				if first[i].Verdicts[j].Measured() != res.Suites[i].Verdicts[j].Measured() {
					t.Errorf("suite %d verdict %d differs between parallel 1 and %d", i, j, parallel)
				}
			}
		}
	}
}

// TestScenarioRecovers: a panic while simulating (here a nil scenario) is that
// scenario's error, not the end of the check.
func TestScenarioRecovers(t *testing.T) {
	v, err := Scenario(nil)
	if err == nil || v != nil || !strings.Contains(err.Error(), "internal error while simulating") {
		t.Errorf("got %v, %v; want an internal error", v, err)
	}
}

func TestSummarize(t *testing.T) {
	pass := reports.Verdict{Pass: true}
	fail := reports.Verdict{}
	suite := func(name string, vs ...reports.Verdict) reports.Suite {
		return reports.Suite{Scenario: name, Verdicts: vs}
	}
	cases := []struct {
		name            string
		suites          []reports.Suite
		invalid, failed bool
		msg             string
	}{
		{"all pass", []reports.Suite{suite("a", pass, pass)}, false, false, "0 of 2 assertions failed"},
		{"one fails", []reports.Suite{suite("a", pass), suite("b", fail, fail)}, false, true, "2 of 3 assertions failed (b)"},
		{"invalid wins", []reports.Suite{{File: "x.yaml", Errors: []string{"bad"}}, suite("b", fail)}, true, true,
			"1 of 2 scenario files invalid; 1 of 1 assertions failed (b)"},
		{"at most five names", []reports.Suite{suite("a", fail), suite("b", fail), suite("c", fail), suite("d", fail), suite("e", fail), suite("f", fail)},
			false, true, "6 of 6 assertions failed (a, b, c, d, e, …)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Summarize(c.suites)
			if o.Invalid != c.invalid || o.Failed != c.failed || o.Message != c.msg {
				t.Errorf("got %+v, want invalid %v failed %v %q", o, c.invalid, c.failed, c.msg)
			}
		})
	}
}

func TestParallelism(t *testing.T) {
	if n, err := Parallelism(0, false); err != nil || n != runtime.GOMAXPROCS(0) {
		t.Errorf("not given: %d, %v; want GOMAXPROCS", n, err)
	}
	if n, err := Parallelism(3, true); err != nil || n != 3 {
		t.Errorf("--parallel 3: %d, %v", n, err)
	}
	if _, err := Parallelism(0, true); err == nil || err.Error() != "--parallel: must be ≥ 1 (got 0)" {
		t.Errorf("--parallel 0: %v", err)
	}
}
