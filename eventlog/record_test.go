package eventlog_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/sim"
)

func TestRecord(t *testing.T) {
	m := partsModel(t)
	for _, tt := range []struct{ path, rep, want string }{
		{"", "1", "--events-replication needs --events FILE"},
		{"e.csv", "0", "--events-replication: 0 is not one of the run's replications 1..3"},
		{"e.csv", "4", "--events-replication: 4 is not one of the run's replications 1..3"},
	} {
		if _, err := eventlog.Record(m, tt.path, tt.rep); err == nil || err.Error() != tt.want {
			t.Errorf("Record(%q, %q): %v, want %q", tt.path, tt.rep, err, tt.want)
		}
	}
	finish, err := eventlog.Record(m, "", "")
	if boom := errors.New("boom"); err != nil || finish(boom) != boom || m.Events != nil {
		t.Fatalf("without --events: %v; finish must pass the run's error through, m.Events stays nil", err)
	}
	path := filepath.Join(t.TempDir(), "events.csv")
	if finish, err = eventlog.Record(m, path, "2"); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Run(m, 1); err != nil {
		t.Fatal(err)
	}
	if err := finish(nil); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := serial(t, partsModel(t), eventlog.CSV, 1); !bytes.Equal(got, want) {
		t.Errorf("--events-replication 2 wrote %d bytes, want replication 2's log alone (%d bytes): %.200q", len(got), len(want), strings.SplitN(string(got), "\n", 3))
	}
}
