package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/sim"
	"github.com/urfave/cli/v2"
)

// eventFlags are run's --events and --events-replication.
func eventFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "events", Usage: "write every simulated event to `FILE` in omnisim's event log format " +
			"(CSV, or JSONL for .jsonl; see omnisim fit --help), in replication order"},
		&cli.IntFlag{Name: "events-replication", Usage: "write the events of replication `K` only (counted from 1)"},
	}
}

// eventLog is the event log of a run being written: one file, or one part per
// replication (they run in parallel) joined in replication order at the end.
type eventLog struct {
	path   string
	format eventlog.Format
	only   int // 0-based replication, or -1: all
	model  *sim.Model
	mu     sync.Mutex
	parts  []*os.File
	ws     []*eventlog.Writer
}

// setupEvents sets m.Events from the flags; finish, called after the run with its
// error, writes the file (or, after a failed run, only removes the parts).
// Without --events, both do nothing.
func setupEvents(c *cli.Context, m *sim.Model) (finish func(runErr error) error, err error) {
	nothing := func(error) error { return nil }
	path := c.String("events")
	if path == "" {
		if c.IsSet("events-replication") {
			return nil, badInput(errors.New("--events-replication needs --events FILE"))
		}
		return nothing, nil
	}
	l := &eventLog{path: path, format: eventlog.FormatOf(path), only: -1, model: m}
	if c.IsSet("events-replication") {
		k := c.Int("events-replication")
		if k < 1 || k > m.Replications {
			return nil, badInput(fmt.Errorf("--events-replication: %d is not one of the run's replications 1..%d", k, m.Replications))
		}
		l.only = k - 1
	}
	l.parts = make([]*os.File, m.Replications)
	l.ws = make([]*eventlog.Writer, m.Replications)
	m.Events = l.sink
	return l.finish, nil
}

// sink opens replication rep's part (a temporary file next to the log).
func (l *eventLog) sink(rep int) sim.EventSink {
	if l.only >= 0 && rep != l.only || rep >= len(l.parts) {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(l.path), ".omnisim-events-*")
	if err != nil {
		return errSink{fmt.Errorf("--events: %w", err)}
	}
	w := eventlog.NewWriter(f, l.format)
	w.SkipHeader()
	l.mu.Lock()
	l.parts[rep], l.ws[rep] = f, w
	l.mu.Unlock()
	return eventlog.NewSimSink(l.model, rep, w)
}

// errSink fails the replication with err.
type errSink struct{ err error }

func (s errSink) WriteEvents([]sim.Event) error { return s.err }

// finish joins the parts into the log, in replication order, and removes them.
func (l *eventLog) finish(runErr error) (err error) {
	defer func() {
		for _, f := range l.parts {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}()
	if runErr != nil {
		return runErr
	}
	out, err := os.Create(l.path)
	if err != nil {
		return fmt.Errorf("--events: %w", err)
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("--events: %w", cerr)
		}
	}()
	head := eventlog.NewWriter(out, l.format) // the CSV header
	if err := head.Close(); err != nil {
		return fmt.Errorf("--events: %w", err)
	}
	for i, f := range l.parts {
		if f == nil {
			continue
		}
		if err := l.ws[i].Close(); err != nil {
			return fmt.Errorf("--events: %w", err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("--events: %w", err)
		}
		if _, err := io.Copy(out, f); err != nil {
			return fmt.Errorf("--events: %w", err)
		}
	}
	return nil
}
