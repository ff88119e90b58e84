package eventlog

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Format is a file format of the log.
type Format int

// Formats.
const (
	CSV Format = iota
	JSONL
)

// FormatOf returns the format a file name's extension implies: .jsonl, .ndjson
// and .json are JSONL, anything else CSV.
func FormatOf(name string) Format {
	for _, ext := range []string{".jsonl", ".ndjson", ".json"} {
		if len(name) >= len(ext) && name[len(name)-len(ext):] == ext {
			return JSONL
		}
	}
	return CSV
}

// TimeLayout is how the writers write times: RFC 3339, UTC, milliseconds.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Writer writes events as they come, buffered; Close flushes.
type Writer struct {
	format Format
	bw     *bufio.Writer
	cw     *csv.Writer
	row    []string
	buf    []byte
	wrote  bool
}

// NewWriter returns a writer of format f on w.
func NewWriter(w io.Writer, f Format) *Writer {
	bw := bufio.NewWriterSize(w, 64<<10)
	wr := &Writer{format: f, bw: bw, row: make([]string, len(Columns))}
	if f == CSV {
		wr.cw = csv.NewWriter(bw)
	}
	return wr
}

// SkipHeader makes a CSV writer leave out its header row (for a part of a file
// whose header is written elsewhere).
func (w *Writer) SkipHeader() { w.wrote = true }

// Write writes one event.
func (w *Writer) Write(e *Event) error {
	if w.format == CSV {
		if !w.wrote {
			w.wrote = true
			if err := w.cw.Write(Columns); err != nil {
				return err
			}
		}
		conf := ""
		if !math.IsNaN(e.BotConfidence) {
			conf = strconv.FormatFloat(e.BotConfidence, 'g', 6, 64)
		}
		r := w.row
		r[0], r[1], r[2], r[3], r[4], r[5], r[6] = e.ID, e.Conversation, e.Time.UTC().Format(TimeLayout), e.Channel, e.Actor, e.Kind, e.Cause
		r[7], r[8], r[9], r[10], r[11], r[12], r[13] = e.AgentID, e.Queue, e.Intent, e.Language, e.Tier, conf, e.Outcome
		return w.cw.Write(r)
	}
	b := append(w.buf[:0], '{')
	field := func(key, v string) {
		if v == "" {
			return
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(append(strconv.AppendQuote(b, key), ':'), v)
	}
	field("event_id", e.ID)
	field("conversation_id", e.Conversation)
	field("time", e.Time.UTC().Format(TimeLayout))
	field("channel", e.Channel)
	field("actor", e.Actor)
	field("kind", e.Kind)
	field("cause", e.Cause)
	field("agent_id", e.AgentID)
	field("queue", e.Queue)
	field("intent", e.Intent)
	field("language", e.Language)
	field("tier", e.Tier)
	if !math.IsNaN(e.BotConfidence) {
		b = append(b, `,"bot_confidence":`...)
		b = strconv.AppendFloat(b, e.BotConfidence, 'g', 6, 64)
	}
	field("outcome", e.Outcome)
	b = append(b, '}', '\n')
	w.buf = b
	_, err := w.bw.Write(b)
	return err
}

// Close flushes what is buffered (it does not close the underlying writer).
func (w *Writer) Close() error {
	if w.format == CSV {
		if !w.wrote {
			w.wrote = true
			if err := w.cw.Write(Columns); err != nil {
				return err
			}
		}
		w.cw.Flush()
		if err := w.cw.Error(); err != nil {
			return err
		}
	}
	return w.bw.Flush()
}

// ParseTime parses a time column: RFC 3339 with a zone, or epoch milliseconds.
func ParseTime(s string) (time.Time, error) { return ParseTimeIn(s, "", nil) }

// zoneless are the layouts without a zone that exports commonly write (ISO
// with a space or a T, to the minute or beyond; US report style); they need a
// location.
var zoneless = []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04",
	"2006-01-02 15:04", "1/2/2006 3:04 PM", "1/2/2006, 3:04 PM", "1/2/2006 15:04", "1/2/2006 3:04:05 PM"}

// HasZone reports whether a Go time layout carries a zone.
func HasZone(layout string) bool {
	for _, z := range []string{"Z07", "-07", "MST"} {
		if strings.Contains(layout, z) {
			return true
		}
	}
	return false
}

// ErrNoZone is a time without a zone read without a location: a log or export
// written so needs its zone given (--tz); reading stops there, whatever the
// strictness, since every row would be wrong alike.
var ErrNoZone = errors.New("no time zone: give the export's zone (--tz Europe/Berlin)")

// ParseTimeIn parses a time column: with layout (a Go layout; one without a
// zone is read in loc), or else RFC 3339 with a zone, epoch milliseconds, or,
// with loc, one of the common zone-less forms (2024-01-01 08:00:00,
// 1/2/2024 8:00 AM) read in loc. A zone-less time without loc is an error that
// says to give one: a time zone is never guessed.
func ParseTimeIn(s, layout string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time")
	}
	if layout != "" {
		if !HasZone(layout) && loc == nil {
			return time.Time{}, fmt.Errorf("time %q: the layout %q has %w", s, layout, ErrNoZone)
		}
		if loc == nil {
			loc = time.UTC
		}
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("time %q: want the layout %q", s, layout)
		}
		return t, nil
	}
	if s[0] >= '0' && s[0] <= '9' && len(s) <= 16 {
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC(), nil
		}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		return t, nil
	}
	for _, l := range zoneless {
		if t, err := time.ParseInLocation(l, s, orUTC(loc)); err == nil {
			if loc == nil {
				return time.Time{}, fmt.Errorf("time %q has %w", s, ErrNoZone)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 with a zone or epoch milliseconds", s)
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}
