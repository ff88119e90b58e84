package eventlog

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
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
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time")
	}
	if s[0] >= '0' && s[0] <= '9' && len(s) <= 16 {
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC(), nil
		}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: want RFC 3339 with a zone or epoch milliseconds", s)
	}
	return t, nil
}
