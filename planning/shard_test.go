package planning

import (
	"bytes"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

// shardParts runs plan in n shards and returns their partials, through JSON.
func shardParts(t *testing.T, kind string, plan *SweepPlan, n int, fp string) ([]string, []*Partial) {
	t.Helper()
	var names []string
	var parts []*Partial
	for i := 1; i <= n; i++ {
		s := Shard{i, n}
		var p *Partial
		var err error
		calls, total := 0, 0
		progress := func(done, n int) { calls, total = done, n }
		if kind == "run" {
			p, err = RunShard(plan.Models[0], s, fp, progress)
		} else {
			p, err = SweepShard(plan, s, fp, progress)
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := len(s.Select(plan.Items())); calls != want || total != want {
			t.Errorf("shard %s: progress ended at %d/%d, want %d/%d", s, calls, total, want, want)
		}
		var b bytes.Buffer
		if err := p.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		back, err := ReadPartial(s.String(), &b)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, "part"+s.String())
		parts = append(parts, back)
	}
	return names, parts
}

// TestMergeFourShardsEqualsSingleRun: a run split in 4 shards (round robin over
// replications) and merged gives the same JSON report, byte for byte.
func TestMergeFourShardsEqualsSingleRun(t *testing.T) {
	sc := small(t)
	sc.Replications = 6 // not a multiple of 4: shards of 2, 2, 1, 1
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	rep, err := reports.Simulate(m, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJSON(&whole); err != nil {
		t.Fatal(err)
	}
	plan := &SweepPlan{Points: []Point{nil}, Models: []*sim.Model{m}}
	names, parts := shardParts(t, "run", plan, 4, "fp")
	merged, err := Merge(names, parts)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := merged.Report.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), whole.Bytes()) {
		t.Errorf("merged report differs from the single run:\n%s\nwant\n%s", head(got.String()), head(whole.String()))
	}
	// Any order of files gives the same report.
	names[0], names[3] = names[3], names[0]
	parts[0], parts[3] = parts[3], parts[0]
	again, err := Merge(names, parts)
	if err != nil {
		t.Fatal(err)
	}
	got.Reset()
	again.Report.WriteJSON(&got)
	if !bytes.Equal(got.Bytes(), whole.Bytes()) {
		t.Error("merge depends on the order of the files")
	}
}

func head(s string) string {
	if len(s) > 400 {
		return s[:400]
	}
	return s
}

func TestMergeSweepShards(t *testing.T) {
	sc := small(t)
	sc.Replications = 3
	axes := []Axis{{Key: "agents.tier1.count", Values: []float64{3, 5}}}
	plan, err := PlanSweep(sc, axes)
	if err != nil {
		t.Fatal(err)
	}
	values, err := plan.Run(plan.Items(), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	SweepView{SweepResult: plan.Summarize(values)}.WriteJSON(&want)
	// 5 shards for 6 items: more shards than points still splits the work.
	names, parts := shardParts(t, "sweep", plan, 5, "fp")
	merged, err := Merge(names, parts)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	SweepView{SweepResult: merged.Sweep}.WriteJSON(&got)
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("merged sweep differs:\n%s\nwant\n%s", head(got.String()), head(want.String()))
	}
}

func TestMergeRefuses(t *testing.T) {
	sc := small(t)
	sc.Replications = 3
	m, _ := sc.Model()
	plan := &SweepPlan{Points: []Point{nil}, Models: []*sim.Model{m}}
	names, parts := shardParts(t, "run", plan, 3, "fp")

	sc2 := small(t)
	sc2.Replications, sc2.Seed = 3, 99
	m2, _ := sc2.Model()
	_, other := shardParts(t, "run", &SweepPlan{Points: []Point{nil}, Models: []*sim.Model{m2}}, 3, "fp2")

	tests := []struct {
		name  string
		names []string
		parts []*Partial
		want  string
	}{
		{"missing", names[:2], parts[:2], "missing shard 3/3"},
		{"duplicate", []string{"a", "b", "c", "d"}, []*Partial{parts[0], parts[1], parts[2], parts[1]}, "shard 2/3 is given twice (b and d)"},
		{"other seed", []string{"a", "b", "c"}, []*Partial{parts[0], other[1], parts[2]}, "different runs (seed 11 vs 99)"},
		{"nothing", nil, nil, "no partial results"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.names, tt.parts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Merge: %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := ReadPartial("x.json", strings.NewReader(`{"scenario": "a report"}`)); err == nil || !strings.Contains(err.Error(), "not a partial result") {
		t.Errorf("ReadPartial of a report: %v", err)
	}
}

func TestShardParsing(t *testing.T) {
	if s, err := ParseShard("3/20"); err != nil || s != (Shard{3, 20}) {
		t.Errorf("ParseShard(3/20) = %v, %v", s, err)
	}
	for _, bad := range []string{"0/4", "5/4", "1/0", "a/b", "2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, ok, err := ShardFromJob("0", "20"); !ok || err != nil || s != (Shard{1, 20}) {
		t.Errorf("JOB_COMPLETION_INDEX=0 of 20: %v %v %v", s, ok, err)
	}
	if _, ok, _ := ShardFromJob("", ""); ok {
		t.Error("no Indexed Job environment: want a whole run")
	}
	if _, _, err := ShardFromJob("3", ""); err == nil || !strings.Contains(err.Error(), "JOB_COMPLETIONS") {
		t.Errorf("index without completions: %v", err)
	}
	items := make([]Item, 10)
	for i := range items {
		items[i] = Item{Replication: i}
	}
	got := Shard{2, 4}.Select(items)
	if len(got) != 3 || got[0].Replication != 1 || got[1].Replication != 5 || got[2].Replication != 9 {
		t.Errorf("shard 2/4 of 10: %v, want replications 1, 5, 9", got)
	}
}
