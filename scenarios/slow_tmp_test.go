package scenarios

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSlowTmp(t *testing.T) {
	dir := os.Getenv("FZ")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.SplitN(string(b), "\n", 3)
		s := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
		data, err := strconv.Unquote(s)
		if err != nil {
			continue
		}
		t0 := time.Now()
		Parse("x", []byte(data))
		if d := time.Since(t0); d > 5*time.Millisecond {
			t.Logf("%s: %v (%d bytes)", f, d, len(data))
		}
	}
}
