package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/reports/*.json from the current reports")

// TestReportGoldens pins the JSON report of the default scenario, of every
// example, of the loader's valid test files (every key of the format: push offers,
// status capacity, skills, overflow, transfers, bot, campaigns) and of the scenarios
// in testdata/scenarios (the other routing models), byte for byte: a change to the simulator, the router or the statistics
// that moves any number shows here, which is what lets hot paths be rewritten for
// speed with confidence. After an intended change, `go test ./cmd/omnisim -run
// TestReportGoldens -update` rewrites the files; review their diff.
//
// Only on amd64: other architectures may fuse a multiply and an add (FMA) and
// round the last bit of a float differently.
func TestReportGoldens(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("goldens are taken on amd64 (float rounding may differ elsewhere)")
	}
	files := []string{""}
	for _, dir := range []string{"../../scenarios/examples", "../../scenarios/testdata/valid", "testdata/scenarios"} {
		m, err := filepath.Glob(dir + "/*.yaml")
		if err != nil || len(m) == 0 {
			t.Fatalf("no scenarios in %s: %v", dir, err)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		name := "default"
		args := []string{"omnisim", "run", "--format", "json"}
		if f != "" {
			name = strings.TrimSuffix(filepath.Base(f), ".yaml")
			if filepath.Base(filepath.Dir(f)) == "valid" {
				name = "valid-" + name
			}
			// Some golden scenarios extend a base elsewhere in the repository.
			args = append(args, "--base-dir", "../..", f)
		}
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(args, &out, &errb); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			golden := filepath.Join("testdata", "reports", name+".json")
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run TestReportGoldens -update creates it)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("report differs from %s at byte %d:\n%s", golden, firstDiff(out.Bytes(), want), diffContext(out.Bytes(), want))
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// diffContext shows the lines around the first difference, got then want.
func diffContext(got, want []byte) string {
	i := firstDiff(got, want)
	line := func(s []byte) string {
		lo := bytes.LastIndexByte(s[:min(i, len(s))], '\n') + 1
		hi := len(s)
		if k := bytes.IndexByte(s[min(i, len(s)):], '\n'); k >= 0 {
			hi = min(i, len(s)) + k
		}
		return string(s[lo:hi])
	}
	return "got:  " + line(got) + "\nwant: " + line(want)
}
