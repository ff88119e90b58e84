package planning

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/reports"
)

// Shard is shard Index of Count, counted from 1 (--shard 1/4 … 4/4, as Playwright
// and Jest count).
type Shard struct{ Index, Count int }

// Whole is the shard that is the whole run.
var Whole = Shard{1, 1}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// maxShards bounds N in I/N; a Kubernetes Indexed Job allows 100 000 completions.
const maxShards = 100_000

// ParseShard parses "I/N" with 1 ≤ I ≤ N.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard %q: want I/N, such as 1/4 (shards count from 1)", s)
	}
	if cnt < 1 || cnt > maxShards {
		return Shard{}, fmt.Errorf("--shard %s: N must be from 1 to %d", s, maxShards)
	}
	if idx < 1 || idx > cnt {
		return Shard{}, fmt.Errorf("--shard %s: I must be from 1 to %d (shards count from 1)", s, cnt)
	}
	return Shard{idx, cnt}, nil
}

// ShardFromJob reads a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (counted from
// 0) and JOB_COMPLETIONS (the manifest sets it to .spec.completions): shard
// index+1 of completions. ok is false when index is empty (not in such a Job).
func ShardFromJob(index, completions string) (s Shard, ok bool, err error) {
	if index == "" {
		return Shard{}, false, nil
	}
	if completions == "" {
		return Shard{}, true, fmt.Errorf("JOB_COMPLETION_INDEX is %s but JOB_COMPLETIONS is not set: set it to the Job's .spec.completions (see deploy/kubernetes/indexed-job.yaml)", index)
	}
	i, err1 := strconv.Atoi(index)
	n, err2 := strconv.Atoi(completions)
	if err1 != nil || err2 != nil || n < 1 || n > maxShards || i < 0 || i >= n {
		return Shard{}, true, fmt.Errorf("JOB_COMPLETION_INDEX=%s, JOB_COMPLETIONS=%s: want 0 ≤ index < completions", index, completions)
	}
	return Shard{i + 1, n}, true, nil
}

// Select returns the items that belong to the shard: item k goes to shard
// (k mod Count)+1, round robin, so shards differ by at most one item.
func (s Shard) Select(items []Item) []Item {
	var out []Item
	for k, it := range items {
		if s.Has(k) {
			out = append(out, it)
		}
	}
	return out
}

// Has reports whether work item k (counted from 0) belongs to the shard, as
// Select gives them out; tune-bot shards its points with it.
func (s Shard) Has(k int) bool { return k%s.Count == s.Index-1 }

// Fingerprint hashes the inputs that decide a run's results (the scenario file and
// the files it extends, the options that change it), so that Merge can refuse
// partials of different runs.
func Fingerprint(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// PartialFormat identifies partial result files.
const PartialFormat = "omnisim-partial/1"

// Partial is what one shard writes. Kind "run" (one point, no axes) and "sweep"
// hold the replication values (reports.RepValues) of the shard's items with the
// metadata (reports.Meta, per point) to rebuild the reports; kind "tune-bot" holds
// whole points instead (Tune), since a point's staff search cannot be split.
type Partial struct {
	Format      string            `json:"format"`
	Kind        string            `json:"kind"`
	Shard       string            `json:"shard"` // "I/N"
	Fingerprint string            `json:"fingerprint"`
	Axes        []Axis            `json:"axes,omitempty"`
	Meta        []json.RawMessage `json:"meta,omitempty"` // per point
	Points      []PartPoint       `json:"points,omitempty"`
	Tune        *TunePart         `json:"tune,omitempty"`
}

// PartPoint is one point's share of replications in a partial.
type PartPoint struct {
	Point    int               `json:"point"`
	Settings []float64         `json:"settings,omitempty"` // the point's value per axis
	Reps     []json.RawMessage `json:"reps"`               // reports.RepValues
}

// NewPartial packs a shard's results: metas[i] and values[i] per point (values of
// points without items in this shard are empty).
func NewPartial(kind string, shard Shard, fingerprint string, axes []Axis, points []Point, metas []reports.Meta, values [][]reports.RepValues) (*Partial, error) {
	p := &Partial{Format: PartialFormat, Kind: kind, Shard: shard.String(), Fingerprint: fingerprint, Axes: axes}
	for i, m := range metas {
		raw, err := marshalExact(m)
		if err != nil {
			return nil, err
		}
		p.Meta = append(p.Meta, raw)
		if len(values[i]) == 0 {
			continue
		}
		pp := PartPoint{Point: i}
		if i < len(points) {
			pp.Settings = points[i]
		}
		for _, v := range values[i] {
			raw, err := marshalExact(v)
			if err != nil {
				return nil, err
			}
			pp.Reps = append(pp.Reps, raw)
		}
		p.Points = append(p.Points, pp)
	}
	return p, nil
}

// WriteJSON writes the partial as one line of JSON.
func (p *Partial) WriteJSON(w io.Writer) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadPartial reads a partial result written by WriteJSON; name is for messages.
func ReadPartial(name string, r io.Reader) (*Partial, error) {
	var p Partial
	if err := json.NewDecoder(r).Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: not a partial result (%v); write one with --shard I/N", name, err)
	}
	if p.Format != PartialFormat {
		return nil, fmt.Errorf("%s: not a partial result (format %q, want %q); write one with --shard I/N", name, p.Format, PartialFormat)
	}
	if _, err := ParseShard(p.Shard); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	switch p.Kind {
	case "run", "sweep":
		if len(p.Meta) == 0 {
			return nil, fmt.Errorf("%s: incomplete partial result", name)
		}
	case tuneKind:
		if err := p.Tune.check(); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
	default:
		return nil, fmt.Errorf("%s: incomplete partial result (kind %q)", name, p.Kind)
	}
	for _, pt := range p.Points {
		if pt.Point < 0 || pt.Point >= len(p.Meta) {
			return nil, fmt.Errorf("%s: point %d out of range", name, pt.Point)
		}
	}
	return &p, nil
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// Merged is the outcome of Merge: the run's report (Kind "run"), the sweep's
// result (Kind "sweep") or the threshold curve (Kind "tune-bot").
type Merged struct {
	Kind   string
	Report *reports.Report
	Sweep  *SweepResult
	Tune   *TuneResult
}

// Merge checks that the partials come from the same run (kind, fingerprint,
// metadata), that every shard 1..N is there exactly once and that every
// replication of every point is present once, and rebuilds the result a single run
// would have produced. names label the partials in messages.
func Merge(names []string, parts []*Partial) (*Merged, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no partial results to merge")
	}
	first := parts[0]
	n := mustShard(first.Shard).Count
	from := make([]string, n+1)
	for k, p := range parts {
		s := mustShard(p.Shard)
		switch {
		case p.Kind != first.Kind:
			return nil, fmt.Errorf("%s is a %s result but %s is a %s result: merge shards of one command", names[k], p.Kind, names[0], first.Kind)
		case !sameRun(first, p):
			return nil, fmt.Errorf("%s and %s come from different runs (%s): merge shards of the same scenario, seed and options",
				names[0], names[k], differs(first, p))
		case s.Count != n:
			return nil, fmt.Errorf("%s is shard %s but %s is shard %s: all shards must be of the same N", names[k], p.Shard, names[0], first.Shard)
		case from[s.Index] != "":
			return nil, fmt.Errorf("shard %s is given twice (%s and %s)", p.Shard, from[s.Index], names[k])
		}
		from[s.Index] = names[k]
	}
	var missing []string
	for i := 1; i <= n; i++ {
		if from[i] == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing shard %s of %d (got %d file(s))", strings.Join(missing, ", "), n, len(parts))
	}
	if first.Kind == tuneKind {
		return mergeTune(names, parts)
	}

	metas := make([]reports.Meta, len(first.Meta))
	for i, raw := range first.Meta {
		if err := unmarshalExact(raw, &metas[i]); err != nil {
			return nil, fmt.Errorf("%s: meta: %v", names[0], err)
		}
	}
	values := make([][]reports.RepValues, len(metas))
	seen := make([]map[int]string, len(metas))
	points := make([]Point, len(metas))
	for k, p := range parts {
		for _, pt := range p.Points {
			if seen[pt.Point] == nil {
				seen[pt.Point] = map[int]string{}
			}
			points[pt.Point] = pt.Settings
			for _, raw := range pt.Reps {
				var r reports.RepValues
				if err := unmarshalExact(raw, &r); err != nil {
					return nil, fmt.Errorf("%s: point %d: %v", names[k], pt.Point, err)
				}
				if r.Replication < 0 || r.Replication >= metas[pt.Point].Replications {
					return nil, fmt.Errorf("%s: replication %d out of range", names[k], r.Replication)
				}
				if prev, dup := seen[pt.Point][r.Replication]; dup {
					return nil, fmt.Errorf("replication %d of point %d is in both %s and %s", r.Replication, pt.Point, prev, names[k])
				}
				seen[pt.Point][r.Replication] = names[k]
				values[pt.Point] = append(values[pt.Point], r)
			}
		}
	}
	for i, m := range metas {
		if len(values[i]) != m.Replications {
			return nil, fmt.Errorf("point %d has %d of %d replications: the shards are incomplete", i, len(values[i]), m.Replications)
		}
	}
	if first.Kind == "run" {
		return &Merged{Kind: "run", Report: reports.Build(metas[0], values[0])}, nil
	}
	res := &SweepResult{Scenario: metas[0].Scenario, Seed: metas[0].Seed, Axes: first.Axes}
	for i := range metas {
		res.Points = append(res.Points, points[i])
		res.Reports = append(res.Reports, reports.Build(metas[i], values[i]))
	}
	return &Merged{Kind: "sweep", Sweep: res}, nil
}

func mustShard(s string) Shard {
	sh, _ := ParseShard(s)
	return sh
}

// sameRun reports whether two partials of one kind come from the same run.
func sameRun(a, b *Partial) bool {
	return a.Fingerprint == b.Fingerprint &&
		slices.EqualFunc(a.Meta, b.Meta, func(x, y json.RawMessage) bool { return bytes.Equal(x, y) }) &&
		sameAxes(a.Axes, b.Axes) && a.Tune.differs(b.Tune) == ""
}

func sameAxes(a, b []Axis) bool {
	return slices.EqualFunc(a, b, func(x, y Axis) bool { return x.Key == y.Key && slices.Equal(x.Values, y.Values) })
}

// differs says what tells two partials apart, for the merge error.
func differs(a, b *Partial) string {
	if d := a.Tune.differs(b.Tune); d != "" {
		return d
	}
	if len(a.Meta) == 0 || len(b.Meta) == 0 {
		return "the scenario files or options differ"
	}
	var ma, mb reports.Meta
	_ = unmarshalExact(a.Meta[0], &ma)
	_ = unmarshalExact(b.Meta[0], &mb)
	switch {
	case ma.Scenario != mb.Scenario:
		return fmt.Sprintf("scenario %s vs %s", ma.Scenario, mb.Scenario)
	case ma.Seed != mb.Seed:
		return fmt.Sprintf("seed %d vs %d", ma.Seed, mb.Seed)
	case ma.Replications != mb.Replications:
		return fmt.Sprintf("%d vs %d replications", ma.Replications, mb.Replications)
	case !sameAxes(a.Axes, b.Axes) || len(a.Meta) != len(b.Meta):
		return "different --set grids"
	default:
		return "the scenario files or options differ"
	}
}
