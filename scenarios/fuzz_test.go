package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the loader. Whatever they hold, Parse must not
// panic and must return either a scenario or an *ErrorList whose every entry has a
// position and fits on one line. The seed corpus (testdata/fuzz/FuzzParse) holds the
// valid and invalid testdata files; TestFuzzCorpusCurrent keeps it in step.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err == nil {
			if s == nil {
				t.Fatal("Parse returned neither a scenario nor an error")
			}
			if s.Version != FormatVersion || s.Horizon <= 0 || len(s.Channels) == 0 || len(s.Agents) == 0 || len(s.Routing.Queues) == 0 {
				t.Fatalf("valid scenario misses required parts: %+v", s)
			}
			return
		}
		if s != nil {
			t.Fatalf("Parse returned a scenario and an error: %v", err)
		}
		var list *ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("Parse error is %T, want *ErrorList: %v", err, err)
		}
		if len(list.Errors) == 0 {
			t.Fatal("empty ErrorList")
		}
		for _, e := range list.Errors {
			if e.Line < 1 || e.Column < 1 {
				t.Fatalf("error without a position: %q", e.Error())
			}
			if strings.ContainsAny(e.Error(), "\n\r") {
				t.Fatalf("error spans lines: %q", e.Error())
			}
		}
		if len(list.Errors) > maxErrors+1 {
			t.Fatalf("%d errors, want at most %d", len(list.Errors), maxErrors+1)
		}
	})
}

// TestFuzzCorpusCurrent checks that the seed corpus holds every testdata scenario as it
// is now; go test -run TestFuzzCorpusCurrent -update rewrites it.
func TestFuzzCorpusCurrent(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	invalid, _ := filepath.Glob("testdata/invalid/*.yaml")
	files = append(files, invalid...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		entry := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		name := filepath.Join("testdata", "fuzz", "FuzzParse", filepath.Base(filepath.Dir(f))+"_"+strings.TrimSuffix(filepath.Base(f), ".yaml"))
		if *update {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(entry), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil || string(got) != entry {
			t.Errorf("seed corpus entry %s is missing or stale (go test -run TestFuzzCorpusCurrent -update)", name)
		}
	}
}
