package planning

import (
	"os"
	"strconv"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// ScenarioFingerprint identifies the inputs of a run for Merge: the scenario
// file and the files it extends (the embedded default's YAML when it has no
// file), its seed and replications, and options, the settings that change results
// (--set, --interval, …) as the command words them.
func ScenarioFingerprint(sc *scenarios.Scenario, options ...string) string {
	var parts [][]byte
	if sc.File == "" {
		parts = append(parts, scenarios.DefaultYAML())
	} else {
		for _, f := range append([]string{sc.File}, sc.Extends...) {
			b, err := os.ReadFile(f)
			if err != nil {
				b = []byte(f)
			}
			parts = append(parts, b)
		}
	}
	parts = append(parts, []byte(strconv.FormatUint(sc.Seed, 10)), []byte(strconv.Itoa(sc.Replications)))
	for _, o := range options {
		parts = append(parts, []byte(o))
	}
	return Fingerprint(parts...)
}

// RunShard runs shard s of the replications of a plain run of m and returns its
// partial result (kind "run") with fingerprint; progress, when set, is called with
// the replications done and the shard's number of them.
func RunShard(m *sim.Model, s Shard, fingerprint string, progress func(done, total int)) (*Partial, error) {
	plan := &SweepPlan{Points: []Point{nil}, Models: []*sim.Model{m}}
	values, err := plan.runShard(s, progress)
	if err != nil {
		return nil, err
	}
	return NewPartial("run", s, fingerprint, nil, nil, []reports.Meta{reports.MetaOf(m)}, values)
}

// runShard runs the items of shard s, telling progress the shard's total.
func (p *SweepPlan) runShard(s Shard, progress func(done, total int)) ([][]reports.RepValues, error) {
	items := s.Select(p.Items())
	var each func(int)
	if progress != nil {
		each = func(done int) { progress(done, len(items)) }
	}
	return p.Run(items, 0, each)
}

// SweepShard runs shard s of a sweep plan (its replications of every point) and
// returns its partial result (kind "sweep").
func SweepShard(plan *SweepPlan, s Shard, fingerprint string, progress func(done, total int)) (*Partial, error) {
	values, err := plan.runShard(s, progress)
	if err != nil {
		return nil, err
	}
	metas := make([]reports.Meta, len(plan.Models))
	for i, m := range plan.Models {
		metas[i] = reports.MetaOf(m)
	}
	return NewPartial("sweep", s, fingerprint, plan.Axes, plan.Points, metas, values)
}

// ReadPartialFiles reads the partial results of omnisim --shard runs, in order
// (ReadPartial, each named by its file).
func ReadPartialFiles(names []string) ([]*Partial, error) {
	parts := make([]*Partial, len(names))
	for i, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		parts[i], err = ReadPartial(name, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return parts, nil
}
