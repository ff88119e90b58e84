package main

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// progress prints "what: done/total" on stderr, rewriting one line, when stderr is a
// terminal; otherwise it stays silent so that logs and pipes get no clutter.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	what  string
	total int
	shown bool
}

func newProgress(w io.Writer, what string, total int) *progress {
	p := &progress{what: what, total: total}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		p.w = w
	}
	return p
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) set(done int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r%s: %d/%d", p.what, done, p.total)
	p.shown = true
}

// setOf is set for a caller that learns the total as it goes.
func (p *progress) setOf(done, total int) {
	p.mu.Lock()
	p.total = total
	p.mu.Unlock()
	p.set(done)
}

func (p *progress) done() {
	if p.w != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
