package eventlog

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// ProblemKinds lists the problems in the order reports show them.
var ProblemKinds = []string{BadRow, BadTime, UnknownActor, UnknownKind, OutOfOrder, NoCustomerMessage, DuplicateID}

// Problems counts the bad rows of a log and keeps the first few.
type Problems struct {
	Rows   int64            // rows read (good and bad)
	Counts map[string]int64 // by problem kind
	First  []*RowError      // the first Keep problems, in file order
	Keep   int
}

// Total returns the number of problems.
func (p *Problems) Total() int64 {
	var n int64
	for _, c := range p.Counts {
		n += c
	}
	return n
}

func (p *Problems) add(e *RowError) {
	if p.Counts == nil {
		p.Counts = map[string]int64{}
	}
	p.Counts[e.Problem]++
	if len(p.First) < p.Keep {
		p.First = append(p.First, e)
	}
}

// String lists the counts and the first problems, one a line.
func (p *Problems) String() string {
	var b strings.Builder
	for _, k := range ProblemKinds {
		if n := p.Counts[k]; n > 0 {
			fmt.Fprintf(&b, "%d %s\n", n, k)
		}
	}
	for _, e := range p.First {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	return b.String()
}

// Options control a scan.
type Options struct {
	Strict bool // the first problem is an error
	Keep   int  // problems to keep with their position (default 5)
	// TempDir is where ReadSalesforce sorts an export too large for memory
	// (its temporary files, removed when it returns; "": os.TempDir()).
	TempDir string
	ReadOptions
}

// convCheck is what the checker remembers of a conversation that has not ended.
type convCheck struct {
	first    Pos
	customer bool
	ids      []string
}

// Checker checks rows across a log: order, conversations and event ids. It keeps
// state only for conversations that have not ended.
type Checker struct {
	last  time.Time
	open  map[string]*convCheck
	order []string // conversation ids in first-seen order, for a deterministic Close
}

// NewChecker returns an empty checker.
func NewChecker() *Checker { return &Checker{open: map[string]*convCheck{}} }

// Check checks one parsed row; a problem means the row is to be skipped, except
// NoCustomerMessage, which is reported on the row that ends its conversation.
func (c *Checker) Check(e *Event, pos Pos) *RowError {
	if !c.last.IsZero() && e.Time.Before(c.last) {
		return &RowError{pos, OutOfOrder, fmt.Sprintf("time %s is before the row before it (%s)",
			e.Time.UTC().Format(TimeLayout), c.last.UTC().Format(TimeLayout))}
	}
	c.last = e.Time
	if e.IsPresence() {
		return nil
	}
	cv := c.open[e.Conversation]
	if cv == nil {
		cv = &convCheck{first: pos}
		c.open[e.Conversation] = cv
		c.order = append(c.order, e.Conversation)
	}
	if e.ID != "" {
		for _, id := range cv.ids {
			if id == e.ID {
				return &RowError{pos, DuplicateID, fmt.Sprintf("event_id %q seen before in conversation %q", e.ID, e.Conversation)}
			}
		}
		cv.ids = append(cv.ids, e.ID)
	}
	if e.Actor == Customer && e.Kind == Message {
		cv.customer = true
	}
	if e.Ends() {
		delete(c.open, e.Conversation)
		if !cv.customer {
			return &RowError{cv.first, NoCustomerMessage, fmt.Sprintf("conversation %q has no customer message", e.Conversation)}
		}
	}
	if len(c.order) > 4*len(c.open)+1024 { // forget ended conversations' ids
		kept := c.order[:0]
		for _, id := range c.order {
			if c.open[id] != nil {
				kept = append(kept, id)
			}
		}
		c.order = kept
	}
	return nil
}

// Close reports the conversations still open at the end of the log that have no
// customer message, in the order they started.
func (c *Checker) Close() []*RowError {
	var out []*RowError
	seen := map[string]bool{}
	for _, id := range c.order {
		if cv := c.open[id]; cv != nil && !seen[id] && !cv.customer {
			seen[id] = true
			out = append(out, &RowError{cv.first, NoCustomerMessage, fmt.Sprintf("conversation %q has no customer message", id)})
		}
	}
	return out
}

// Scanner reads logs, checks them and hands each good row to a function.
type Scanner struct {
	opts     Options
	check    *Checker
	Problems Problems
	sfChunk  int // records ReadSalesforce sorts in memory at a time (0: spillChunk); tests set it small
	sfFanIn  int // runs it merges at once (0: spillFanIn)
}

// NewScanner returns a scanner; several streams scanned in turn form one log.
func NewScanner(opts Options) *Scanner {
	if opts.Keep <= 0 {
		opts.Keep = 5
	}
	return &Scanner{opts: opts, check: NewChecker(), Problems: Problems{Keep: opts.Keep}}
}

// ErrStrict wraps the first problem of a strict scan.
var ErrStrict = errors.New("bad event log row")

func (s *Scanner) problem(e *RowError) error {
	s.Problems.add(e)
	if s.opts.Strict {
		return fmt.Errorf("%w: %s", ErrStrict, e)
	}
	return nil
}

// Read scans one stream. fn gets every good row (the *Event is valid during the
// call only: copy it to keep it); its error stops the scan.
//
// The stream is parsed on a second goroutine, a batch of rows at a time, while
// this one checks the rows and calls fn in file order: on two cores reading a
// log costs the larger of the two halves, not their sum. Memory is bounded by
// the batches in flight (readAhead × batchRows rows).
func (s *Scanner) Read(r io.Reader, file string, f Format, fn func(*Event) error) error {
	rd, err := NewReaderWith(r, file, f, s.opts.ReadOptions)
	if err != nil {
		return err
	}
	batches := make(chan *batch, readAhead)
	free := make(chan *batch, readAhead+2)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(batches)
		for {
			var b *batch
			select {
			case b = <-free:
				b.rows = b.rows[:0]
			default:
				b = &batch{rows: make([]row, 0, batchRows)}
			}
			for len(b.rows) < batchRows {
				var x row
				x.e, x.pos, x.err = rd.Next()
				b.rows = append(b.rows, x)
				if x.err != nil && !isRowError(x.err) {
					break // io.EOF or a stream error ends the stream
				}
			}
			select {
			case batches <- b:
			case <-stop:
				return
			}
			if last := b.rows[len(b.rows)-1].err; last != nil && !isRowError(last) {
				return
			}
		}
	}()
	finish := func(err error) error {
		close(stop)
		for range batches { // let the parser see stop or end
		}
		<-done
		return err
	}
	for b := range batches {
		for i := range b.rows {
			x := &b.rows[i]
			if err := s.row(x, fn); err != nil {
				if err == io.EOF {
					err = nil
				}
				return finish(err)
			}
		}
		select {
		case free <- b:
		default:
		}
	}
	return finish(nil)
}

const (
	batchRows = 1024 // rows parsed a batch
	readAhead = 4    // batches parsed ahead of the checks
)

type row struct {
	e   Event
	pos Pos
	err error
}

type batch struct{ rows []row }

func isRowError(err error) bool {
	var re *RowError
	return errors.As(err, &re)
}

// row checks one parsed row and hands it to fn; io.EOF: the stream ended.
func (s *Scanner) row(x *row, fn func(*Event) error) error {
	if x.err != nil {
		var re *RowError
		if !errors.As(x.err, &re) {
			return x.err
		}
		s.Problems.Rows++
		return s.problem(re)
	}
	s.Problems.Rows++
	if re := s.check.Check(&x.e, x.pos); re != nil {
		if err := s.problem(re); err != nil {
			return err
		}
		if re.Problem != NoCustomerMessage {
			return nil
		}
	}
	return fn(&x.e)
}

// ReadFile scans one file, in the format its name implies.
func (s *Scanner) ReadFile(path string, fn func(*Event) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.Read(f, path, FormatOf(path), fn)
}

// Close ends the log: conversations still open without a customer message are
// counted. It returns the strict error, if any.
func (s *Scanner) Close() error {
	for _, re := range s.check.Close() {
		if err := s.problem(re); err != nil {
			return err
		}
	}
	return nil
}
