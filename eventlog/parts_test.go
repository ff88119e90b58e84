package eventlog_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// partsModel is the default scenario cut to four hours and three replications.
func partsModel(t *testing.T) *sim.Model {
	t.Helper()
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	m.Horizon, m.Warmup, m.Replications = 4*time.Hour, 0, 3
	return m
}

// serial is the log of replications reps run one after the other into one writer.
func serial(t *testing.T, m *sim.Model, format eventlog.Format, reps ...int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := eventlog.NewWriter(&buf, format)
	m.Events = func(rep int) sim.EventSink { return eventlog.NewSimSink(m, rep, w) }
	for _, r := range reps {
		if _, err := sim.Run(m, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPartsJoinInReplicationOrder: replications run in parallel give the file
// that running them one after the other gives, and no part is left behind.
func TestPartsJoinInReplicationOrder(t *testing.T) {
	for _, c := range []struct {
		name string
		file string
		only int
		reps []int
	}{
		{"every replication, CSV", "events.csv", -1, []int{0, 1, 2}},
		{"every replication, JSONL", "events.jsonl", -1, []int{0, 1, 2}},
		{"the second only", "events.csv", 1, []int{1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := partsModel(t)
			dir := t.TempDir()
			path := filepath.Join(dir, c.file)
			parts := eventlog.NewParts(path, m, c.only)
			m.Events = parts.Sink
			_, err := sim.RunReplications(m, []int{0, 1, 2}, 3, nil)
			if err := parts.Finish(err); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Count(got, []byte("\n")) < 100 {
				t.Fatalf("a log of %d lines: the run wrote almost nothing", bytes.Count(got, []byte("\n")))
			}
			if want := serial(t, partsModel(t), eventlog.FormatOf(path), c.reps...); !bytes.Equal(got, want) {
				t.Errorf("joined log (%d bytes) differs from the serial one (%d bytes)", len(got), len(want))
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".omnisim-events-*")); len(left) > 0 {
				t.Errorf("parts left behind: %v", left)
			}
		})
	}
}

// TestPartsFailedRun: after a failed run Finish returns its error, writes no log
// and removes the parts.
func TestPartsFailedRun(t *testing.T) {
	m := partsModel(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "events.csv")
	parts := eventlog.NewParts(path, m, -1)
	m.Events = parts.Sink
	if _, err := sim.RunReplications(m, []int{0, 1, 2}, 3, nil); err != nil {
		t.Fatal(err)
	}
	runErr := errors.New("the run failed")
	if err := parts.Finish(runErr); err != runErr {
		t.Errorf("Finish = %v, want the run's error", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left in the directory: %v", entries)
	}
}
