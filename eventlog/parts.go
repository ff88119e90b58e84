package eventlog

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/omnisim/omnisim/sim"
)

// Parts writes the event log of a simulated run whose replications run in
// parallel: each replication writes a temporary part next to the log, and Finish
// joins them in replication order, so the file is the same whatever the
// scheduling. Set a model's Events to Sink.
type Parts struct {
	path   string
	format Format
	only   int // 0-based replication, or -1: all
	model  *sim.Model
	mu     sync.Mutex
	files  []*os.File
	ws     []*Writer
}

// NewParts returns the parts of the log at path (its format from its name:
// FormatOf) of a run of m; only is the replication to keep (0-based), or -1 for
// every one.
func NewParts(path string, m *sim.Model, only int) *Parts {
	return &Parts{path: path, format: FormatOf(path), only: only, model: m,
		files: make([]*os.File, m.Replications), ws: make([]*Writer, m.Replications)}
}

// Sink opens replication rep's part, or returns nil for a replication the log
// leaves out. A part that cannot be created fails its replication.
func (p *Parts) Sink(rep int) sim.EventSink {
	if p.only >= 0 && rep != p.only || rep >= len(p.files) {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(p.path), ".omnisim-events-*")
	if err != nil {
		return errSink{fmt.Errorf("event log: %w", err)}
	}
	w := NewWriter(f, p.format)
	w.SkipHeader()
	p.mu.Lock()
	p.files[rep], p.ws[rep] = f, w
	p.mu.Unlock()
	return NewSimSink(p.model, rep, w)
}

// errSink fails the replication with err.
type errSink struct{ err error }

func (s errSink) WriteEvents([]sim.Event) error { return s.err }

// Finish joins the parts into the log, in replication order, and removes them.
// After a failed run (runErr not nil) it only removes them, and returns runErr.
func (p *Parts) Finish(runErr error) (err error) {
	defer func() {
		for _, f := range p.files {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}()
	if runErr != nil {
		return runErr
	}
	out, err := os.Create(p.path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	head := NewWriter(out, p.format) // the CSV header
	if err := head.Close(); err != nil {
		return err
	}
	for i, f := range p.files {
		if f == nil {
			continue
		}
		if err := p.ws[i].Close(); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.Copy(out, f); err != nil {
			return err
		}
	}
	return nil
}

// Record sets m.Events for omnisim run --events FILE [--events-replication K]
// (path "" without --events; replication "" without --events-replication).
// finish, called after the run with its error, writes the file (or, after a
// failed run, only removes the parts); without --events it returns the run's
// error as it is.
func Record(m *sim.Model, path, replication string) (finish func(runErr error) error, err error) {
	if path == "" {
		if replication != "" {
			return nil, errors.New("--events-replication needs --events FILE")
		}
		return func(runErr error) error { return runErr }, nil
	}
	only := -1
	if replication != "" {
		k, err := strconv.Atoi(replication)
		if err != nil || k < 1 || k > m.Replications {
			return nil, fmt.Errorf("--events-replication: %s is not one of the run's replications 1..%d", replication, m.Replications)
		}
		only = k - 1
	}
	parts := NewParts(path, m, only)
	m.Events = parts.Sink
	return func(runErr error) error {
		if err := parts.Finish(runErr); err != nil && runErr == nil {
			return fmt.Errorf("--events: %w", err)
		}
		return runErr
	}, nil
}
