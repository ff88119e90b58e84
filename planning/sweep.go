package planning

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// Axis is one swept key and its values, in order.
type Axis struct {
	Key    string    `json:"key"`
	Values []float64 `json:"values"`
}

// maxPoints bounds a sweep grid: far more than anyone simulates, small enough that
// a typo (step 0.0001) is an error rather than a run that never ends.
const maxPoints = 100_000

// ParseAxis parses KEY=FROM..TO:STEP (step default 1), KEY=V1,V2,… or KEY=V. Values
// are numbers, durations (30s, 2m: in seconds) or percentages (80%: 0.8). The key
// is checked by Set when the grid is built.
func ParseAxis(s string) (Axis, error) {
	key, spec, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" || spec == "" {
		return Axis{}, fmt.Errorf("--set %q: want KEY=FROM..TO:STEP, KEY=V1,V2 or KEY=V", s)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("--set %s: %s", showKey(key), fmt.Sprintf(format, args...))
	}
	ax := Axis{Key: key}
	if from, rest, isRange := strings.Cut(spec, ".."); isRange {
		to, stepText, hasStep := strings.Cut(rest, ":")
		lo, err := parseValue(from)
		if err != nil {
			return Axis{}, bad("%v", err)
		}
		hi, err := parseValue(to)
		if err != nil {
			return Axis{}, bad("%v", err)
		}
		step := 1.0
		if hasStep {
			if step, err = parseValue(stepText); err != nil {
				return Axis{}, bad("%v", err)
			}
		}
		if !(step > 0) {
			return Axis{}, bad("step must be > 0, got %s", stepText)
		}
		if hi < lo {
			return Axis{}, bad("range %s..%s runs backwards", from, to)
		}
		n := math.Floor((hi-lo)/step+1e-9) + 1
		if n > maxPoints {
			return Axis{}, bad("%g values; at most %d", n, maxPoints)
		}
		for k := 0; k < int(n); k++ {
			ax.Values = append(ax.Values, round12(lo+float64(k)*step))
		}
		return ax, nil
	}
	for _, part := range strings.Split(spec, ",") {
		v, err := parseValue(part)
		if err != nil {
			return Axis{}, bad("%v", err)
		}
		ax.Values = append(ax.Values, v)
	}
	return ax, nil
}

// showKey shows a key in a message as written, or quoted when it holds control
// characters or invalid UTF-8, so that a message stays on one line.
func showKey(key string) string {
	if q := strconv.Quote(key); q != `"`+key+`"` {
		return q
	}
	return key
}

// parseValue reads a number, a Go duration (seconds) or a percentage (share).
func parseValue(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return v, nil
	}
	if strings.HasSuffix(s, "%") {
		return scenarios.ParseShare(s)
	}
	if d, err := scenarios.ParseDuration(s); err == nil {
		return d.Seconds(), nil
	}
	return 0, fmt.Errorf("%q is not a number, a duration (30s) or a percentage (80%%)", s)
}

// round12 rounds to 12 significant digits, so that 0.1+0.2 sweeps to 0.3.
func round12(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return r
}

// Point is one point of a grid: a value per axis.
type Point []float64

// Grid returns every combination of the axes' values, the last axis varying
// fastest.
func Grid(axes []Axis) ([]Point, error) {
	n := 1
	for _, a := range axes {
		if len(a.Values) == 0 {
			return nil, fmt.Errorf("--set %s: no values", a.Key)
		}
		n *= len(a.Values)
		if n > maxPoints {
			return nil, fmt.Errorf("the grid has more than %d points", maxPoints)
		}
	}
	points := make([]Point, n)
	for i := range points {
		p := make(Point, len(axes))
		rest := i
		for a := len(axes) - 1; a >= 0; a-- {
			k := len(axes[a].Values)
			p[a] = axes[a].Values[rest%k]
			rest /= k
		}
		points[i] = p
	}
	return points, nil
}

// Apply returns a copy of s with the point's settings. Set checks each value by
// its own rule (a *KeyError); the changed scenario is then checked as a whole by
// scenarios.Validate, so that settings the loader would refuse together (a
// concurrency below a channel's cost, capacity: status with inactive_after 0) are
// refused with the loader's errors, at the file's positions.
func Apply(s *scenarios.Scenario, axes []Axis, p Point) (*scenarios.Scenario, error) {
	c := Clone(s)
	for a, ax := range axes {
		if err := Set(c, ax.Key, p[a]); err != nil {
			return nil, err
		}
	}
	if err := scenarios.Validate(c); err != nil {
		return nil, err
	}
	return c, nil
}

// SweepPlan is a sweep ready to run: the grid and a model per point.
type SweepPlan struct {
	Axes   []Axis
	Points []Point
	Models []*sim.Model
}

// PlanSweep builds the model of every grid point, so that a bad key or value is
// reported before any simulation runs.
func PlanSweep(s *scenarios.Scenario, axes []Axis) (*SweepPlan, error) {
	seen := map[string]bool{}
	for _, a := range axes {
		if seen[a.Key] {
			return nil, &KeyError{Key: a.Key, Reason: "set twice"}
		}
		seen[a.Key] = true
	}
	points, err := Grid(axes)
	if err != nil {
		return nil, err
	}
	plan := &SweepPlan{Axes: axes, Points: points}
	for _, p := range points {
		c, err := Apply(s, axes, p)
		var ke *KeyError
		if errors.As(err, &ke) {
			return nil, err
		} else if err != nil {
			return nil, fmt.Errorf("at %s: %w", plan.Label(p), err)
		}
		m, err := c.Model()
		if err != nil {
			return nil, fmt.Errorf("at %s: %w", plan.Label(p), err)
		}
		plan.Models = append(plan.Models, m)
	}
	// Every point's values are kept until the table is built: the points together
	// get the memory one run may keep.
	var bytes int64
	reps := 0
	for _, m := range plan.Models {
		bytes += int64(m.Replications) * m.ResultBytes()
		reps += m.Replications
	}
	if bytes > sim.MaxResultBytes {
		return nil, fmt.Errorf("%d points × replications (%d simulations in all) keep about %d MiB of results; at most %d MiB: use fewer points or replications",
			len(points), reps, bytes>>20, sim.MaxResultBytes>>20)
	}
	return plan, nil
}

// Label names a point: "agents.tier1.count=8 bot.threshold=0.6".
func (p *SweepPlan) Label(pt Point) string {
	parts := make([]string, len(p.Axes))
	for a, ax := range p.Axes {
		parts[a] = ax.Key + "=" + strconv.FormatFloat(pt[a], 'g', -1, 64)
	}
	return strings.Join(parts, " ")
}

// Items lists the plan's work items, (point, replication) pairs in order.
func (p *SweepPlan) Items() []Item {
	var items []Item
	for i, m := range p.Models {
		for r := 0; r < m.Replications; r++ {
			items = append(items, Item{Point: i, Replication: r})
		}
	}
	return items
}

// Item is one unit of work: one replication of one sweep point.
type Item struct{ Point, Replication int }

// Run simulates the given items (all of them: p.Items()) with up to workers
// goroutines and returns each point's replication values; points without an item
// get none. progress, if not nil, is called with the number of items done.
func (p *SweepPlan) Run(items []Item, workers int, progress func(done int)) ([][]reports.RepValues, error) {
	byPoint := make([][]int, len(p.Points))
	for _, it := range items {
		byPoint[it.Point] = append(byPoint[it.Point], it.Replication)
	}
	out := make([][]reports.RepValues, len(p.Points))
	done := 0
	for i, reps := range byPoint {
		if len(reps) == 0 {
			continue
		}
		base := done
		vals := make([]reports.RepValues, len(reps))
		err := sim.RunEach(p.Models[i], reps, workers, func(k int, r *sim.Result) { vals[k] = reports.FromResult(r) }, func(n int) {
			if progress != nil {
				progress(base + n)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("at %s: %w", p.Label(p.Points[i]), err)
		}
		done += len(reps)
		out[i] = vals
	}
	return out, nil
}

// SweepResult is a finished sweep: a report per point.
type SweepResult struct {
	Scenario string
	Seed     uint64
	Axes     []Axis
	Points   []Point
	Reports  []*reports.Report
}

// Summarize builds the sweep's result from each point's replication values.
func (p *SweepPlan) Summarize(values [][]reports.RepValues) *SweepResult {
	res := &SweepResult{Axes: p.Axes, Points: p.Points}
	for i, m := range p.Models {
		if i == 0 {
			res.Scenario, res.Seed = m.Name, m.Seed
		}
		res.Reports = append(res.Reports, reports.Build(reports.MetaOf(m), values[i]))
	}
	return res
}
