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
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
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

	// Set by decode (ReadPartial, Merge): the metadata and, per entry of Points,
	// the replication values, checked.
	metas   []reports.Meta
	decoded [][]reports.RepValues
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
	lr := &io.LimitedReader{R: r, N: maxPartialBytes + 1}
	if err := json.NewDecoder(lr).Decode(&p); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("%s: larger than %d MiB: not a partial result", name, maxPartialBytes>>20)
		}
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
		if p.Fingerprint == "" {
			return nil, fmt.Errorf("%s: no fingerprint: not written by omnisim --shard", name)
		}
		// Point k of the grid is shard (k mod N)+1's, as TuneBotShard gives them out.
		shard := mustShard(p.Shard)
		for _, pt := range p.Tune.Points {
			if !shard.Has(pt.Point) {
				return nil, fmt.Errorf("%s: tune.points: point %d belongs to shard %d/%d, not %s", name, pt.Point, pt.Point%shard.Count+1, shard.Count, p.Shard)
			}
		}
	default:
		return nil, fmt.Errorf("%s: incomplete partial result (kind %q)", name, p.Kind)
	}
	if p.Kind != tuneKind {
		if err := p.decode(); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
	}
	return &p, nil
}

// maxPartialBytes bounds a partial file: the results a run may keep
// (sim.MaxResultBytes) written as JSON, with room.
const maxPartialBytes = 4 * sim.MaxResultBytes

// decode decodes and checks the metadata and every replication of a run or
// sweep partial — structure, every key and row, types, shard membership — so that
// Merge never builds a report from a partial that was cut, edited or written by
// something else: such a partial silently changed merged numbers.
func (p *Partial) decode() error {
	if p.decoded != nil {
		return nil
	}
	if p.Fingerprint == "" {
		return fmt.Errorf("no fingerprint: not written by omnisim --shard")
	}
	shard, err := ParseShard(p.Shard)
	if err != nil {
		return err
	}
	metas := make([]reports.Meta, len(p.Meta))
	for i, raw := range p.Meta {
		if err := unmarshalExact(raw, &metas[i]); err != nil {
			return fmt.Errorf("meta[%d]: %v", i, err)
		}
		if err := checkMeta(metas[i]); err != nil {
			return fmt.Errorf("meta[%d]: %v", i, err)
		}
	}
	var grid []Point
	switch p.Kind {
	case "run":
		if len(metas) != 1 || len(p.Axes) != 0 {
			return fmt.Errorf("a run partial has one meta and no axes (got %d and %d)", len(metas), len(p.Axes))
		}
	case "sweep":
		if len(p.Axes) == 0 {
			return fmt.Errorf("a sweep partial without axes")
		}
		if grid, err = Grid(p.Axes); err != nil {
			return fmt.Errorf("axes: %v", err)
		}
		if len(grid) != len(metas) {
			return fmt.Errorf("%d metas for a grid of %d points", len(metas), len(grid))
		}
	}
	// Work item k of the whole run is (point, replication) in point order, as
	// SweepPlan.Items lists them; the shard must hold only its own items.
	offset := make([]int, len(metas)+1)
	for i, m := range metas {
		offset[i+1] = offset[i] + m.Replications
	}
	p.decoded = make([][]reports.RepValues, len(p.Points))
	seenPoint := map[int]bool{}
	for j, pt := range p.Points {
		if pt.Point < 0 || pt.Point >= len(metas) {
			return fmt.Errorf("point %d out of range", pt.Point)
		}
		if seenPoint[pt.Point] {
			return fmt.Errorf("point %d is listed twice", pt.Point)
		}
		seenPoint[pt.Point] = true
		switch {
		case grid == nil && len(pt.Settings) != 0:
			return fmt.Errorf("point %d: a run partial has no settings", pt.Point)
		case grid != nil && !slices.Equal(pt.Settings, grid[pt.Point]):
			return fmt.Errorf("point %d: settings %v are not the grid's %v", pt.Point, pt.Settings, grid[pt.Point])
		}
		if len(pt.Reps) == 0 {
			return fmt.Errorf("point %d: no replications", pt.Point)
		}
		m := metas[pt.Point]
		for _, raw := range pt.Reps {
			var r reports.RepValues
			if err := unmarshalExact(raw, &r); err != nil {
				return fmt.Errorf("point %d: %v", pt.Point, err)
			}
			if r.Replication < 0 || r.Replication >= m.Replications {
				return fmt.Errorf("point %d: replication %d out of range (%d replications)", pt.Point, r.Replication, m.Replications)
			}
			if k := offset[pt.Point] + r.Replication; !shard.Has(k) {
				return fmt.Errorf("point %d: replication %d belongs to shard %d/%d, not %s", pt.Point, r.Replication, k%shard.Count+1, shard.Count, p.Shard)
			}
			if err := checkRep(&r, m); err != nil {
				return fmt.Errorf("point %d, replication %d: %v", pt.Point, r.Replication, err)
			}
			p.decoded[j] = append(p.decoded[j], r)
		}
	}
	p.metas = metas
	return nil
}

// checkMeta checks a point's metadata as a run would have written it.
func checkMeta(m reports.Meta) error {
	switch {
	case m.Replications < 1 || m.Replications > sim.MaxReplications:
		return fmt.Errorf("replications %d: want 1 to %d", m.Replications, sim.MaxReplications)
	case m.Interval < sim.MinInterval || (24*time.Hour)%m.Interval != 0:
		return fmt.Errorf("interval %v: want at least 1m, dividing 24h", m.Interval)
	case len(m.Channels) == 0 || len(m.Queues) == 0 || len(m.Groups) == 0:
		return fmt.Errorf("want at least one channel, queue and agent group (got %d, %d, %d)", len(m.Channels), len(m.Queues), len(m.Groups))
	case len(m.Channels) > sim.MaxItems || len(m.Queues) > sim.MaxItems || len(m.Groups) > sim.MaxItems:
		return fmt.Errorf("more than %d channels, queues or agent groups", sim.MaxItems)
	}
	return nil
}

// checkRep checks that a replication's values have every row the metadata
// implies, each with a value per metric.
func checkRep(r *reports.RepValues, m reports.Meta) error {
	nKeys := len(metrics.Keys)
	nInt := int(24 * time.Hour / m.Interval)
	row := func(what string, v []float64) error {
		if len(v) != nKeys {
			return fmt.Errorf("%s has %d values, want %d (one per metric)", what, len(v), nKeys)
		}
		return nil
	}
	rows := func(what string, vs [][]float64, want int, names []string) error {
		if len(vs) != want {
			if names != nil {
				return fmt.Errorf("%s has %d rows, want %d (%s)", what, len(vs), want, strings.Join(names, ", "))
			}
			return fmt.Errorf("%s has %d rows, want %d", what, len(vs), want)
		}
		for i, v := range vs {
			if err := row(fmt.Sprintf("%s[%d]", what, i), v); err != nil {
				return err
			}
		}
		return nil
	}
	if err := row("Total", r.Total); err != nil {
		return err
	}
	if err := rows("ByChannel", r.ByChannel, len(m.Channels), m.Channels); err != nil {
		return err
	}
	if err := rows("ByInterval", r.ByInterval, nInt, nil); err != nil {
		return err
	}
	if err := rows("ByQueue", r.ByQueue, len(m.Queues), m.Queues); err != nil {
		return err
	}
	if len(r.ByGroup) != len(m.Groups) {
		return fmt.Errorf("ByGroup has %d rows, want %d (%s)", len(r.ByGroup), len(m.Groups), strings.Join(m.Groups, ", "))
	}
	for g, gv := range r.ByGroup {
		if len(gv.ByInterval) != nInt {
			return fmt.Errorf("ByGroup[%d].ByInterval has %d values, want %d", g, len(gv.ByInterval), nInt)
		}
		if len(gv.Concurrency) < 2 || len(gv.Concurrency) > sim.MaxConcurrency+1 {
			return fmt.Errorf("ByGroup[%d].Concurrency has %d values, want 2 to %d (capacity + 1)", g, len(gv.Concurrency), sim.MaxConcurrency+1)
		}
	}
	return nil
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

	for k, p := range parts {
		if err := p.decode(); err != nil {
			return nil, fmt.Errorf("%s: %v", names[k], err)
		}
	}
	metas := first.metas
	values := make([][]reports.RepValues, len(metas))
	seen := make([]map[int]string, len(metas))
	points := make([]Point, len(metas))
	for k, p := range parts {
		for j, pt := range p.Points {
			if seen[pt.Point] == nil {
				seen[pt.Point] = map[int]string{}
			}
			points[pt.Point] = pt.Settings
			for _, r := range p.decoded[j] {
				if prev, dup := seen[pt.Point][r.Replication]; dup {
					return nil, fmt.Errorf("replication %d of point %d is in both %s and %s", r.Replication, pt.Point, prev, names[k])
				}
				// Every replication of a group has the group's capacity + 1 shares.
				if len(values[pt.Point]) > 0 {
					ref := values[pt.Point][0]
					for g := range r.ByGroup {
						if len(r.ByGroup[g].Concurrency) != len(ref.ByGroup[g].Concurrency) {
							return nil, fmt.Errorf("%s: point %d, replication %d: ByGroup[%d].Concurrency has %d values, but replication %d (%s) has %d",
								names[k], pt.Point, r.Replication, g, len(r.ByGroup[g].Concurrency), ref.Replication, seen[pt.Point][ref.Replication], len(ref.ByGroup[g].Concurrency))
						}
					}
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

// ShardOf is the shard a command runs: --shard (flag, "" when not given), else
// the Indexed Job's JOB_COMPLETION_INDEX and JOB_COMPLETIONS (ShardFromJob).
// sharded is false for a whole run.
func ShardOf(flag, jobIndex, jobCompletions string) (s Shard, sharded bool, err error) {
	if flag != "" {
		s, err := ParseShard(flag)
		return s, err == nil, err
	}
	s, sharded, err = ShardFromJob(jobIndex, jobCompletions)
	if err != nil {
		return s, false, err
	}
	return s, sharded, nil
}

// CheckShardFormat refuses a format other than json for shard s (formatGiven:
// --format was given): a shard writes a partial result (JSON), which omnisim
// report merge renders in any format.
func CheckShardFormat(s Shard, format string, formatGiven bool) error {
	if formatGiven && format != "json" {
		return fmt.Errorf("--shard %s writes a partial result (JSON), not %s: merge the shards with omnisim report merge --format %s", s, format, format)
	}
	return nil
}
