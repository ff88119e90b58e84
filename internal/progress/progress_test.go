package progress

import (
	"bytes"
	"os"
	"testing"
)

func TestSilentUnlessTerminal(t *testing.T) {
	var buf bytes.Buffer
	p := New(&buf, "replications", 4)
	p.Set(1)
	p.SetOf(2, 5)
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("a buffer is no terminal, got %q", buf.String())
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	New(f, "x", 1).Set(1)
	if st, _ := f.Stat(); st.Size() != 0 {
		t.Errorf("a regular file is no terminal, got %d bytes", st.Size())
	}
}

func TestLineRewritten(t *testing.T) {
	var buf bytes.Buffer
	p := &Bar{w: &buf, what: "points", total: 3}
	p.Done() // nothing shown yet: nothing to clear
	p.Set(1)
	p.SetOf(2, 6)
	p.Done()
	if want := "\rpoints: 1/3\rpoints: 2/6\r\033[K"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
