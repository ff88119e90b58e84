package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportMergeValidates: report merge checks every partial completely and
// refuses, exit 2, naming the file (issue 13, item 10: an emptied Total or a
// missing ByChannel row merged with exit 0 and changed the numbers). Each case
// edits the decoded JSON of shard 2/2 of a run or a sweep; each merged with exit
// 0 before the fix, except where noted.
func TestReportMergeValidates(t *testing.T) {
	sc := writeScenario(t)
	dir := t.TempDir()
	shard := func(name string, args ...string) string {
		p := filepath.Join(dir, name)
		if code, _, errs := omnisim(t, append(args, "--out", p)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		return p
	}
	r1, r2 := shard("r1.json", "run", sc, "--shard", "1/2"), shard("r2.json", "run", sc, "--shard", "2/2")
	s1 := shard("s1.json", "sweep", sc, "--set", "agents.pool.count=8..9", "-n", "2", "--shard", "1/2")
	s2 := shard("s2.json", "sweep", sc, "--set", "agents.pool.count=8..9", "-n", "2", "--shard", "2/2")
	if code, _, errs := omnisim(t, "report", "merge", r1, r2); code != 0 {
		t.Fatalf("untouched partials: exit %d: %s", code, errs)
	}

	type obj = map[string]any
	rep0 := func(p obj) obj { return p["points"].([]any)[0].(obj)["reps"].([]any)[0].(obj) }
	tests := []struct {
		name   string
		second string // the partial edited: r2 or s2
		edit   func(p obj)
		want   string
	}{
		{"emptied Total", r2, func(p obj) { rep0(p)["Total"] = []any{} }, "replication 1: Total has 0 values, want"},
		{"null Total", r2, func(p obj) { rep0(p)["Total"] = nil }, "Total has 0 values"},
		{"missing ByChannel row", r2, func(p obj) { rep0(p)["ByChannel"] = []any{} }, "ByChannel has 0 rows, want 1 (web)"},
		{"short ByChannel row", r2, func(p obj) {
			row := rep0(p)["ByChannel"].([]any)[0].([]any)
			rep0(p)["ByChannel"].([]any)[0] = row[:3]
		}, "ByChannel[0] has 3 values"},
		{"missing interval", r2, func(p obj) {
			iv := rep0(p)["ByInterval"].([]any)
			rep0(p)["ByInterval"] = iv[1:]
		}, "ByInterval has 23 rows, want 24"},
		{"missing group", r2, func(p obj) { rep0(p)["ByGroup"] = []any{} }, "ByGroup has 0 rows, want 1 (pool)"},
		{"missing key", r2, func(p obj) { delete(rep0(p), "ByQueue") }, "ByQueue: missing"},
		{"string for a number", r2, func(p obj) { rep0(p)["Total"].([]any)[0] = "12" }, `Total: [0]: "12" is not a number`},
		{"replication of the other shard", r2, func(p obj) { rep0(p)["Replication"] = json.Number("0") }, "replication 0 belongs to shard 1/2, not 2/2"},
		{"meta interval", r2, func(p obj) { p["meta"].([]any)[0].(obj)["Interval"] = json.Number("1") }, "interval 1ns: want at least 1m"}, // refused as "different runs" before
		{"no fingerprint", r2, func(p obj) { p["fingerprint"] = "" }, "no fingerprint"},
		{"sweep settings", s2, func(p obj) {
			p["points"].([]any)[0].(obj)["settings"] = []any{json.Number("12")}
		}, "settings [12] are not the grid's"},
		{"sweep point twice", s2, func(p obj) {
			pts := p["points"].([]any)
			p["points"] = append(pts, pts[0])
		}, "is listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile(tt.second)
			if err != nil {
				t.Fatal(err)
			}
			var p obj
			dec := json.NewDecoder(strings.NewReader(string(data)))
			dec.UseNumber()
			if err := dec.Decode(&p); err != nil {
				t.Fatal(err)
			}
			tt.edit(p)
			out, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(t.TempDir(), "bad.json")
			if err := os.WriteFile(bad, out, 0o644); err != nil {
				t.Fatal(err)
			}
			first := r1
			if tt.second == s2 {
				first = s1
			}
			code, stdout, errs := omnisim(t, "report", "merge", first, bad)
			if code != 2 || !strings.Contains(errs, "bad.json: ") || !strings.Contains(errs, tt.want) || stdout != "" {
				t.Errorf("exit %d, stderr %q: want exit 2 naming bad.json and %q", code, errs, tt.want)
			}
		})
	}
}
