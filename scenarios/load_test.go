package scenarios

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/invalid/*.golden from the current messages")

// TestValidFiles loads every file under testdata/valid: each must load without error.
func TestValidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no files in testdata/valid")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := Load(f)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if s.Version != 1 || s.Horizon <= 0 || len(s.Channels) == 0 || len(s.Arrivals) == 0 || len(s.Agents) == 0 || len(s.Routing.Queues) == 0 {
				t.Errorf("loaded scenario misses required parts: %+v", s)
			}
		})
	}
}

// TestInvalidFiles compares the messages for each malformed file with its .golden file
// (go test -run TestInvalidFiles -update rewrites them).
func TestInvalidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) < 20 {
		t.Fatalf("want at least 20 malformed files, have %d", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(f, data)
			var list *ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse = %v, want an *ErrorList", err)
			}
			for _, e := range list.Errors {
				if e.Line < 1 || e.Column < 1 {
					t.Errorf("error without position: %v", e)
				}
			}
			// File names relative to testdata/invalid, so that the golden files do not
			// depend on where the tests run.
			got := strings.ReplaceAll(err.Error(), filepath.Dir(f)+string(filepath.Separator), "") + "\n"
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("messages differ from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}
