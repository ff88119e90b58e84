package eventlog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Problem kinds, as counted in Problems.
const (
	BadRow            = "bad_row"             // malformed CSV or JSON, or a missing required field
	BadTime           = "bad_time"            // a time that does not parse
	UnknownActor      = "unknown_actor"       // an actor not in Actors
	UnknownKind       = "unknown_kind"        // a kind not in Kinds
	OutOfOrder        = "out_of_order"        // earlier than the row before it
	NoCustomerMessage = "no_customer_message" // a conversation whose customer never wrote
	DuplicateID       = "duplicate_event_id"  // an event id seen before in its conversation
)

// RowError is a bad row: where, which problem, and why.
type RowError struct {
	Pos     Pos
	Problem string
	Msg     string
}

func (e *RowError) Error() string { return fmt.Sprintf("%s: %s: %s", e.Pos, e.Problem, e.Msg) }

// Reader reads events one at a time from a CSV or JSONL stream; memory does not
// grow with the log.
type Reader struct {
	file   string
	format Format
	opts   ReadOptions
	cr     *csv.Reader
	col    [14]int // index of each of Columns in the CSV header, -1 if absent
	sc     *bufio.Scanner
	line   int
}

// MaxLine is the longest JSONL line read.
const MaxLine = 1 << 20

// ReadOptions say how to read an export that is not in the format's own
// columns and zones.
type ReadOptions struct {
	// Location is the zone of times written without one (nil: such a time is a
	// bad_time that asks for --tz). It overrides the mapping's time_zone.
	Location *time.Location
	// Mapping reads a CSV export's own columns and values (nil: the format's).
	Mapping *Mapping
}

// NewReader returns a reader of format f on r; file names it in positions.
func NewReader(r io.Reader, file string, f Format) (*Reader, error) {
	return NewReaderWith(r, file, f, ReadOptions{})
}

// NewReaderWith is NewReader with options.
func NewReaderWith(r io.Reader, file string, f Format, o ReadOptions) (*Reader, error) {
	if o.Location == nil && o.Mapping != nil {
		o.Location = o.Mapping.Location
	}
	rd := &Reader{file: file, format: f, opts: o}
	if f == JSONL && o.Mapping != nil {
		return nil, fmt.Errorf("%s: a column mapping applies to CSV exports, not JSON Lines", file)
	}
	if f == JSONL {
		rd.sc = bufio.NewScanner(r)
		rd.sc.Buffer(make([]byte, 64<<10), MaxLine)
		return rd, nil
	}
	rd.cr = csv.NewReader(r)
	rd.cr.ReuseRecord = true
	rd.cr.FieldsPerRecord = -1
	head, err := rd.cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file: want a header row (%s)", file, strings.Join(Columns, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	if o.Mapping != nil {
		rd.col, err = o.Mapping.header(file, head)
		if err != nil {
			return nil, err
		}
		return rd, nil
	}
	for i := range rd.col {
		rd.col[i] = -1
	}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		k := -1
		for j, c := range Columns {
			if c == h {
				k = j
			}
		}
		if k < 0 {
			return nil, fmt.Errorf("%s:1: unknown column %q (columns: %s)", file, h, strings.Join(Columns, ", "))
		}
		if rd.col[k] >= 0 {
			return nil, fmt.Errorf("%s:1: column %q twice", file, h)
		}
		rd.col[k] = i
	}
	for _, need := range []int{2, 4, 5} { // time, actor, kind
		if rd.col[need] < 0 {
			return nil, fmt.Errorf("%s:1: missing column %q", file, Columns[need])
		}
	}
	return rd, nil
}

// Next returns the next event and its position. A bad row gives a *RowError (the
// caller may go on reading); the end of the stream gives io.EOF; anything else is
// an error reading the stream.
func (r *Reader) Next() (Event, Pos, error) {
	if r.format == JSONL {
		return r.nextJSON()
	}
	rec, err := r.cr.Read()
	pos := Pos{File: r.file}
	if err == nil {
		pos.Line, _ = r.cr.FieldPos(0)
	} else {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			pos.Line = pe.Line
			// encoding/csv goes on after a bad quote on the next line.
			return Event{}, pos, &RowError{pos, BadRow, pe.Err.Error()}
		}
		return Event{}, pos, err
	}
	if len(rec) == 0 {
		return Event{}, pos, &RowError{pos, BadRow, "empty row"}
	}
	m := r.opts.Mapping
	get := func(k int) string {
		v := ""
		if i := r.col[k]; i >= 0 && i < len(rec) {
			v = rec[i]
		}
		if m != nil {
			v = m.apply(Columns[k], strings.TrimSpace(v))
		}
		return v
	}
	e := Event{ID: get(0), Conversation: get(1), Channel: get(3), Actor: get(4), Kind: get(5), Cause: get(6),
		AgentID: get(7), Queue: get(8), Intent: get(9), Language: get(10), Tier: get(11), Outcome: get(13)}
	return e, pos, r.finish(&e, pos, get(2), get(12))
}

// jsonEvent is a JSONL line; time and bot_confidence take a string or a number.
type jsonEvent struct {
	ID            string          `json:"event_id"`
	Conversation  string          `json:"conversation_id"`
	Time          json.RawMessage `json:"time"`
	Channel       string          `json:"channel"`
	Actor         string          `json:"actor"`
	Kind          string          `json:"kind"`
	Cause         string          `json:"cause"`
	AgentID       string          `json:"agent_id"`
	Queue         string          `json:"queue"`
	Intent        string          `json:"intent"`
	Language      string          `json:"language"`
	Tier          string          `json:"tier"`
	BotConfidence json.RawMessage `json:"bot_confidence"`
	Outcome       string          `json:"outcome"`
}

func (r *Reader) nextJSON() (Event, Pos, error) {
	for r.sc.Scan() {
		r.line++
		pos := Pos{r.file, r.line}
		b := bytes.TrimSpace(r.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var j jsonEvent
		d := json.NewDecoder(bytes.NewReader(b))
		d.DisallowUnknownFields()
		if err := d.Decode(&j); err != nil {
			return Event{}, pos, &RowError{pos, BadRow, err.Error()}
		}
		if d.More() {
			return Event{}, pos, &RowError{pos, BadRow, "more than one JSON value on the line"}
		}
		e := Event{ID: j.ID, Conversation: j.Conversation, Channel: j.Channel, Actor: j.Actor, Kind: j.Kind, Cause: j.Cause,
			AgentID: j.AgentID, Queue: j.Queue, Intent: j.Intent, Language: j.Language, Tier: j.Tier, Outcome: j.Outcome}
		return e, pos, r.finish(&e, pos, unquote(j.Time), unquote(j.BotConfidence))
	}
	pos := Pos{r.file, r.line + 1}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return Event{}, pos, fmt.Errorf("%s: line longer than %d bytes", pos, MaxLine)
		}
		return Event{}, pos, err
	}
	return Event{}, pos, io.EOF
}

// unquote returns a JSON string's contents, or a number's text.
func unquote(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// finish parses the time and confidence and checks the row on its own.
func (r *Reader) finish(e *Event, pos Pos, t, conf string) error {
	e.BotConfidence = NoConfidence
	var err error
	layout := ""
	if r.opts.Mapping != nil {
		layout = r.opts.Mapping.TimeLayout
	}
	if e.Time, err = ParseTimeIn(strings.TrimSpace(t), layout, r.opts.Location); err != nil {
		if errors.Is(err, ErrNoZone) {
			return fmt.Errorf("%s: %w", pos, err)
		}
		return &RowError{pos, BadTime, err.Error()}
	}
	if !known(Actors, e.Actor) {
		return &RowError{pos, UnknownActor, fmt.Sprintf("actor %q (want %s)", e.Actor, strings.Join(Actors, ", "))}
	}
	if !known(Kinds, e.Kind) {
		return &RowError{pos, UnknownKind, fmt.Sprintf("kind %q (want %s)", e.Kind, strings.Join(Kinds, ", "))}
	}
	if conf != "" {
		c, err := strconv.ParseFloat(strings.TrimSpace(conf), 64)
		if err != nil || !(c >= 0 && c <= 1) {
			return &RowError{pos, BadRow, fmt.Sprintf("bot_confidence %q: want a number in [0, 1]", conf)}
		}
		e.BotConfidence = c
	}
	if e.IsPresence() {
		if e.AgentID == "" {
			return &RowError{pos, BadRow, e.Kind + " without agent_id"}
		}
	} else if e.Conversation == "" {
		return &RowError{pos, BadRow, e.Kind + " without conversation_id"}
	}
	return nil
}
