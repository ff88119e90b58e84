package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/eventlog"
)

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"omnisim"}, args...), &out, &errb); code != 0 {
		t.Fatalf("omnisim %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// run --events writes a valid log whose bytes do not depend on the number of
// workers or on the report being asked for; --events-replication K writes exactly
// replication K's part of it; the report is the same with or without the log.
func TestRunEvents(t *testing.T) {
	dir := t.TempDir()
	all, two := filepath.Join(dir, "all.csv"), filepath.Join(dir, "two.csv")
	plain := runOK(t, "run", "--replications", "3", "--format", "json")
	logged := runOK(t, "run", "--replications", "3", "--format", "json", "--events", all)
	if plain != logged {
		t.Fatal("--events changed the report")
	}
	a, err := os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	want.WriteString(strings.Join(eventlog.Columns, ",") + "\n")
	var b []byte
	for k := 1; k <= 3; k++ {
		runOK(t, "run", "--replications", "3", "--events", two, "--events-replication", strconv.Itoa(k), "--out", os.DevNull)
		if b, err = os.ReadFile(two); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(want.String()[:20])) || len(b) < 1000 {
			t.Fatalf("replication %d: %d bytes", k, len(b))
		}
		want.Write(b[bytes.IndexByte(b, '\n')+1:])
	}
	if want.String() != string(a) {
		t.Fatalf("the log of all replications (%d bytes) is not the logs of each, in order (%d bytes)", len(a), want.Len())
	}
	s := eventlog.NewScanner(eventlog.Options{Strict: true})
	var n int
	count := func(*eventlog.Event) error { n++; return nil }
	if err := s.ReadFile(all, count); err != nil { // replications one after another: one log in time order
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n != len(strings.Split(strings.TrimSpace(string(a)), "\n"))-1 {
		t.Errorf("read %d events back", n)
	}
	var errb bytes.Buffer
	if code := run([]string{"omnisim", "run", "--events-replication", "4", "--events", two, "--replications", "3"}, &bytes.Buffer{}, &errb); code != 2 {
		t.Errorf("--events-replication 4 of 3: exit %d (%s), want 2", code, errb.String())
	}
}
