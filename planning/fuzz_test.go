package planning

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseShard: --shard parses into 1 ≤ I ≤ N ≤ maxShards or fails; what parses
// prints back as itself.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"1/4", "4/4", " 2/3 ", "0/3", "3/2", "1/100000", "1/100001", "-1/2", "1/-2", "1/", "/", "a/b", "1/2/3", "+1/2", "01/02", "1/0x10", "9223372036854775807/9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			return
		}
		if sh.Index < 1 || sh.Index > sh.Count || sh.Count > maxShards {
			t.Fatalf("ParseShard(%q) = %v", s, sh)
		}
		again, err := ParseShard(sh.String())
		if err != nil || again != sh {
			t.Fatalf("ParseShard(%q) = %v, but its String %q parses as %v, %v", s, sh, sh.String(), again, err)
		}
		// The shards of N split any work list: every item in exactly one.
		if sh.Count <= 16 {
			items := make([]Item, 37)
			n := 0
			for i := 1; i <= sh.Count; i++ {
				n += len(Shard{i, sh.Count}.Select(items))
			}
			if n != len(items) {
				t.Fatalf("shards of %d hold %d of %d items", sh.Count, n, len(items))
			}
		}
	})
}

// FuzzParseAxis: --set KEY=… never panics, yields at most maxPoints finite values,
// and a grid of it can be built.
func FuzzParseAxis(f *testing.F) {
	for _, s := range []string{"agents.tier1.count=6..14:2", "bot.threshold=0.5..0.8:0.1", "arrivals.scale=0.8,1,1.2", "sla.within=30s..2m:30s",
		"sla.target=70%..90%:5%", "x=1", "x=", "=1", "x=1..0", "x=0..1:0", "x=0..1:-1", "x=0..1e9:1e-9", "x=1e300..1e308:1e300", "x=NaN", "x=Inf..Inf",
		"x=1..2:", "x=..", "x=1,,2", "x=9223372036854775807..9223372036854775807", "x=-1e308..1e308:1e-308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ax, err := ParseAxis(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if ax.Key == "" || len(ax.Values) == 0 || len(ax.Values) > maxPoints {
			t.Fatalf("ParseAxis(%q): key %q, %d values", s, ax.Key, len(ax.Values))
		}
		for _, v := range ax.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseAxis(%q): value %v", s, v)
			}
		}
		if _, err := Grid([]Axis{ax}); err != nil {
			t.Fatalf("ParseAxis(%q) parsed, but Grid: %v", s, err)
		}
	})
}

// FuzzReadPartial: a partial result file, whatever it holds, is read and merged
// (alone, or with the files of the other shards) without a panic: a file that
// reads is complete enough that merging it builds a report or refuses cleanly.
func FuzzReadPartial(f *testing.F) {
	files, _ := filepath.Glob("testdata/partials/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format":"omnisim-partial/1","kind":"run","shard":"1/1","fingerprint":"x","meta":[{}]}`))
	f.Add([]byte(`{"format":"omnisim-partial/1","kind":"tune-bot","shard":"1/1","fingerprint":"x","tune":{"objective":"min-cost","total_points":1,"points":[{"point":0,"result":{}}]}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPartial("p.json", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "p.json: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		m, err := Merge([]string{"p.json"}, []*Partial{p})
		if err == nil && m.Report == nil && m.Sweep == nil && m.Tune == nil {
			t.Fatal("merged into nothing")
		}
		if m != nil && m.Report != nil {
			var b bytes.Buffer
			if err := m.Report.Write(&b, "json"); err != nil {
				t.Fatalf("merged report does not render: %v", err)
			}
		}
	})
}

// FuzzParseTolerance: --tolerance never panics, and what it accepts is a share in
// (0, 1) that its points form reads back.
func FuzzParseTolerance(f *testing.F) {
	for _, s := range []string{"0.5pp", "0.5 pp", "1%", "0.005", "2 points", "pp", "0", "-1pp", "100pp", "NaN", "Inf%", "1e-300", " 0.1 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseTolerance(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if !(v > 0 && v < 1) {
			t.Fatalf("ParseTolerance(%q) = %v, want a share in (0, 1)", s, v)
		}
		back, err := ParseTolerance(strconv.FormatFloat(100*v, 'g', -1, 64) + "pp")
		if err != nil || math.Abs(back-v) > 1e-12*v {
			t.Fatalf("ParseTolerance(%q) = %v; its points read back as %v, %v", s, v, back, err)
		}
	})
}
