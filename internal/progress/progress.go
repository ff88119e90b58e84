// Package progress shows how far a long command has come on a terminal:
// "what: done/total" on one line of stderr, rewritten, and nothing at all when
// stderr is a file or a pipe.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// Bar prints "what: done/total" on stderr, rewriting one line, when stderr is a
// terminal; otherwise it stays silent so that logs and pipes get no clutter.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	what  string
	total int
	shown bool
}

// New is the bar of what on w, out of total (0: not known yet, see SetOf).
func New(w io.Writer, what string, total int) *Bar {
	p := &Bar{what: what, total: total}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		p.w = w
	}
	return p
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Set shows done of the total.
func (p *Bar) Set(done int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r%s: %d/%d", p.what, done, p.total)
	p.shown = true
}

// SetOf is Set for a caller that learns the total as it goes.
func (p *Bar) SetOf(done, total int) {
	p.mu.Lock()
	p.total = total
	p.mu.Unlock()
	p.Set(done)
}

// Done clears the line.
func (p *Bar) Done() {
	if p.w != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
