package eventlog

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Source says how to read a command's LOGS (omnisim fit, backtest, tune-bot
// --logs): the event log format, a CSV export through a column mapping, or a
// Salesforce export; errors name the flags (--strict, --columns, --salesforce,
// --tz).
type Source struct {
	Strict     bool   // a bad row is an error
	Columns    string // the column mapping file of CSV exports ("": none)
	Salesforce bool   // the paths are a Salesforce export's CSV files
	TZ         string // the zone of times written without one (IANA name; "": none)
}

// Logs reads the logs a Source describes.
type Logs struct {
	opts       Options
	salesforce bool
	// Zone is the zone of the intervals of the day: --tz, else the column
	// mapping's time_zone, else nil (UTC).
	Zone *time.Location
}

// Open checks the source and loads its mapping.
func (s Source) Open() (*Logs, error) {
	l := &Logs{opts: Options{Strict: s.Strict}, salesforce: s.Salesforce}
	if s.TZ != "" {
		loc, err := time.LoadLocation(s.TZ)
		if err != nil || s.TZ == "Local" {
			return nil, fmt.Errorf("--tz %q: want an IANA zone name such as Europe/Berlin or UTC", s.TZ)
		}
		l.opts.Location, l.Zone = loc, loc
	}
	if s.Columns != "" {
		if s.Salesforce {
			return nil, errors.New("--columns and --salesforce: give one")
		}
		m, err := LoadMapping(s.Columns)
		if err != nil {
			return nil, fmt.Errorf("--columns: %w", err)
		}
		l.opts.Mapping = m
		if l.Zone == nil {
			l.Zone = m.Location
		}
	}
	return l, nil
}

// Scan reads the logs in order (a Salesforce export's files together), calling
// f on each good event, and returns the scanner with its problems.
func (l *Logs) Scan(paths []string, f func(*Event)) (*Scanner, error) {
	s := NewScanner(l.opts)
	each := func(e *Event) error { f(e); return nil }
	if l.salesforce {
		if err := s.ReadSalesforce(paths, each); err != nil {
			return s, err
		}
	} else {
		for _, path := range paths {
			if err := s.ReadFile(path, each); err != nil {
				return s, err
			}
		}
	}
	if err := s.Close(); err != nil {
		return s, err
	}
	return s, nil
}

// Read is Scan that shows the bad rows skipped, if any, on w.
func (l *Logs) Read(paths []string, f func(*Event), w io.Writer) error {
	s, err := l.Scan(paths, f)
	if err != nil {
		return err
	}
	if n := s.Problems.Total(); n > 0 {
		fmt.Fprintf(w, "event logs: %d bad rows skipped\n%s", n, s.Problems.String())
	}
	return nil
}
