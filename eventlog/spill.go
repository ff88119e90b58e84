package eventlog

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
)

// spillChunk is the records a spillSort holds before it sorts them and spills
// them to a file: its memory is about spillChunk records whatever the input.
// spillFanIn is the most runs merged at once: as many runs of one size are
// merged into one (a run of the next size), which bounds the files open and
// the merge's buffers (spillBuffer each) whatever the input's size.
const (
	spillChunk  = 200_000
	spillFanIn  = 64
	spillBuffer = 32 << 10
)

// spillSort is an external merge sort: records are added in any order, sorted
// chunk at a time and written to temporary files in dir (runs), and read back
// in order by a k-way merge of the runs (container/heap). An input that fits
// in one chunk is sorted in memory and never written. cmp must be a total
// order (no two records equal), so the output does not depend on the chunk
// size. close removes the files, whatever happened.
type spillSort[T any] struct {
	chunk, fanIn int
	dir          string
	cmp          func(a, b *T) int
	enc          func(w *spillWriter, v *T)
	dec          func(r *spillReader, v *T)
	buf          []T
	runs         []spillRun
}

// spillRun is a sorted run in a file; level is its size: fanIn^level chunks.
type spillRun struct {
	f     *os.File
	level int
}

func (s *spillSort[T]) add(v T) error {
	s.buf = append(s.buf, v)
	if len(s.buf) >= s.chunk {
		return s.spill()
	}
	return nil
}

func (s *spillSort[T]) sort() {
	sort.Slice(s.buf, func(i, j int) bool { return s.cmp(&s.buf[i], &s.buf[j]) < 0 })
}

func (s *spillSort[T]) create() (*os.File, *spillWriter, error) {
	f, err := os.CreateTemp(s.dir, "omnisim-sort-*")
	if err != nil {
		return nil, nil, fmt.Errorf("sorting the export: %w", err)
	}
	return f, &spillWriter{w: bufio.NewWriterSize(f, spillBuffer)}, nil
}

// done flushes a run written and rewinds it for reading.
func done(f *os.File, w *spillWriter) error {
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("sorting the export: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("sorting the export: %w", err)
	}
	return nil
}

// spill sorts the records held and writes them as a run; fanIn runs of one
// level are merged into one of the next.
func (s *spillSort[T]) spill() error {
	s.sort()
	f, w, err := s.create()
	if err != nil {
		return err
	}
	s.runs = append(s.runs, spillRun{f: f})
	for i := range s.buf {
		s.enc(w, &s.buf[i])
	}
	clear(s.buf) // the strings the records held
	s.buf = s.buf[:0]
	if err := done(f, w); err != nil {
		return err
	}
	for n := len(s.runs); n >= s.fanIn; n = len(s.runs) {
		tail := s.runs[n-s.fanIn:]
		if tail[0].level != tail[len(tail)-1].level {
			break
		}
		f, w, err := s.create()
		if err != nil {
			return err
		}
		err = s.merge(tail, func(v *T) error { s.enc(w, v); return nil })
		if err == nil {
			err = done(f, w)
		}
		level := tail[0].level + 1
		for _, r := range tail {
			r.f.Close()
			os.Remove(r.f.Name())
		}
		s.runs = append(s.runs[:n-s.fanIn], spillRun{f: f, level: level})
		if err != nil {
			return err
		}
	}
	return nil
}

// each hands the records to fn in order (once: the records are gone after).
func (s *spillSort[T]) each(fn func(*T) error) error {
	if len(s.runs) == 0 {
		s.sort()
		for i := range s.buf {
			if err := fn(&s.buf[i]); err != nil {
				return err
			}
		}
		s.buf = nil
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.buf = nil
	return s.merge(s.runs, fn)
}

// merge hands the records of runs to fn in order.
func (s *spillSort[T]) merge(runs []spillRun, fn func(*T) error) error {
	m := &spillMerge[T]{cmp: s.cmp}
	for i, r := range runs {
		c := &spillCursor[T]{r: &spillReader{r: bufio.NewReaderSize(r.f, spillBuffer)}, run: i}
		if c.next(s.dec) {
			m.cs = append(m.cs, c)
		} else if c.r.err != nil {
			return c.r.err
		}
	}
	heap.Init(m)
	for len(m.cs) > 0 {
		c := m.cs[0]
		if err := fn(&c.v); err != nil {
			return err
		}
		if c.next(s.dec) {
			heap.Fix(m, 0)
		} else {
			if c.r.err != nil {
				return c.r.err
			}
			heap.Pop(m)
		}
	}
	return nil
}

// close removes the runs.
func (s *spillSort[T]) close() error {
	var errs []error
	for _, r := range s.runs {
		errs = append(errs, r.f.Close(), os.Remove(r.f.Name()))
	}
	s.runs, s.buf = nil, nil
	return errors.Join(errs...)
}

// spillCursor is a run being merged: its next record.
type spillCursor[T any] struct {
	r   *spillReader
	v   T
	run int
}

func (c *spillCursor[T]) next(dec func(*spillReader, *T)) bool {
	var zero T
	c.v = zero
	if _, err := c.r.r.Peek(1); err != nil {
		if err != io.EOF {
			c.r.err = err
		}
		return false
	}
	dec(c.r, &c.v)
	return c.r.err == nil
}

// spillMerge is a heap of the runs' next records (container/heap).
type spillMerge[T any] struct {
	cs  []*spillCursor[T]
	cmp func(a, b *T) int
}

func (m *spillMerge[T]) Len() int { return len(m.cs) }
func (m *spillMerge[T]) Less(i, j int) bool {
	if c := m.cmp(&m.cs[i].v, &m.cs[j].v); c != 0 {
		return c < 0
	}
	return m.cs[i].run < m.cs[j].run
}
func (m *spillMerge[T]) Swap(i, j int) { m.cs[i], m.cs[j] = m.cs[j], m.cs[i] }
func (m *spillMerge[T]) Push(x any)    { m.cs = append(m.cs, x.(*spillCursor[T])) }
func (m *spillMerge[T]) Pop() any {
	c := m.cs[len(m.cs)-1]
	m.cs = m.cs[:len(m.cs)-1]
	return c
}

// spillWriter writes a run's records: varints and length-prefixed strings.
type spillWriter struct {
	w   *bufio.Writer
	tmp [binary.MaxVarintLen64]byte
}

func (w *spillWriter) int(v int64) { w.w.Write(w.tmp[:binary.PutVarint(w.tmp[:], v)]) }
func (w *spillWriter) str(s string) {
	w.w.Write(w.tmp[:binary.PutUvarint(w.tmp[:], uint64(len(s)))])
	w.w.WriteString(s)
}
func (w *spillWriter) float(f float64) {
	w.w.Write(binary.LittleEndian.AppendUint64(w.tmp[:0], math.Float64bits(f)))
}

// spillReader reads what spillWriter wrote; its first error sticks (a run
// cut short is an error, not the end of the run).
type spillReader struct {
	r      *bufio.Reader
	err    error
	b      []byte
	intern map[string]string
}

func (r *spillReader) fail(err error) {
	if r.err == nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		r.err = fmt.Errorf("sorting the export: reading back a run: %w", err)
	}
}

func (r *spillReader) int() int64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(r.r)
	if err != nil {
		r.fail(err)
	}
	return v
}

func (r *spillReader) bytes() []byte {
	if r.err != nil {
		return nil
	}
	n, err := binary.ReadUvarint(r.r)
	if err != nil {
		r.fail(err)
		return nil
	}
	if n > 1<<30 {
		r.fail(errors.New("string too long"))
		return nil
	}
	r.b = slices.Grow(r.b[:0], int(n))[:n]
	if _, err := io.ReadFull(r.r, r.b); err != nil {
		r.fail(err)
		return nil
	}
	return r.b
}

func (r *spillReader) str() string { return string(r.bytes()) }

// name is str for a field of few values (channel, kind, actor, queue, agent):
// one string each, not one a record.
func (r *spillReader) name() string {
	b := r.bytes()
	if len(b) == 0 {
		return ""
	}
	if s, ok := r.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if r.intern == nil {
		r.intern = map[string]string{}
	}
	if len(r.intern) < 4096 {
		r.intern[s] = s
	}
	return s
}

func (r *spillReader) float() float64 {
	if r.err != nil {
		return 0
	}
	var b [8]byte
	if _, err := io.ReadFull(r.r, b[:]); err != nil {
		r.fail(err)
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
}
