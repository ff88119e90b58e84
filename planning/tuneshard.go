package planning

import (
	"encoding/json"
	"fmt"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/scenarios"
)

// tuneKind is the Kind of tune-bot partials.
const tuneKind = "tune-bot"

// TunePart is a tune-bot shard's share: its points, fully computed (simulation,
// staffing, costs), and what the recommendation and the pages need, which Merge
// decides only once every point is there.
type TunePart struct {
	Scenario     string  `json:"scenario"`
	Seed         uint64  `json:"seed"`
	Replications int     `json:"replications"`
	Objective    string  `json:"objective"`
	MinCSAT      float64 `json:"min_csat"`
	Staffing     string  `json:"staffing"`
	// Total is the number of points of the whole run, over all shards.
	Total  int             `json:"total_points"`
	Points []TunePartPoint `json:"points"`
}

// TunePartPoint is one point of the grid (index Point, max_turns outer,
// thresholds inner) as TuneBot computes it: a TunePoint in the exact codec.
type TunePartPoint struct {
	Point  int             `json:"point"`
	Result json.RawMessage `json:"result"`
}

// TuneBotShard runs shard s's points of TuneBot (point k of the grid goes to shard
// (k mod N)+1, as Select gives out items) and packs them as a partial result that
// Merge combines into the TuneResult of the whole run.
func TuneBotShard(sc *scenarios.Scenario, opt TuneOptions, s Shard, fingerprint string) (*Partial, error) {
	grid, err := tuneGrid(sc, &opt)
	if err != nil {
		return nil, err
	}
	index, points, err := runTune(sc, opt, grid, s.Has)
	if err != nil {
		return nil, err
	}
	part := &TunePart{Scenario: sc.Name, Seed: sc.Seed, Replications: sc.Replications, Objective: opt.Objective,
		MinCSAT: opt.MinCSAT, Staffing: opt.Staffing, Total: len(grid), Points: []TunePartPoint{}}
	for i, pt := range points {
		raw, err := marshalExact(pt)
		if err != nil {
			return nil, fmt.Errorf("threshold %g, max_turns %d: %w", pt.Threshold, pt.MaxTurns, err)
		}
		part.Points = append(part.Points, TunePartPoint{Point: index[i], Result: raw})
	}
	return &Partial{Format: PartialFormat, Kind: tuneKind, Shard: s.String(), Fingerprint: fingerprint, Tune: part}, nil
}

// TuneShardPoints is the number of tune-bot points shard s runs out of total.
func TuneShardPoints(s Shard, total int) int {
	n := 0
	for k := range total {
		if s.Has(k) {
			n++
		}
	}
	return n
}

// check validates a tune-bot partial as read from a file.
func (t *TunePart) check() error {
	if t == nil {
		return fmt.Errorf("incomplete partial result (kind %s without its tune object)", tuneKind)
	}
	switch t.Objective {
	case MinCost, MaxContainment:
	default:
		return fmt.Errorf("tune.objective %q: want %s or %s", t.Objective, MinCost, MaxContainment)
	}
	if t.Total < 1 {
		return fmt.Errorf("tune.total_points %d: want at least 1", t.Total)
	}
	for _, pt := range t.Points {
		if pt.Point < 0 || pt.Point >= t.Total {
			return fmt.Errorf("tune.points: point %d out of range (total_points %d)", pt.Point, t.Total)
		}
	}
	return nil
}

// differs says how two tune-bot partials' runs differ, "" when their headers
// agree (or neither is a tune-bot partial).
func (t *TunePart) differs(u *TunePart) string {
	switch {
	case t == nil && u == nil:
		return ""
	case t == nil || u == nil:
		return "one is not a tune-bot result"
	case t.Scenario != u.Scenario:
		return fmt.Sprintf("scenario %s vs %s", t.Scenario, u.Scenario)
	case t.Seed != u.Seed:
		return fmt.Sprintf("seed %d vs %d", t.Seed, u.Seed)
	case t.Replications != u.Replications:
		return fmt.Sprintf("%d vs %d replications", t.Replications, u.Replications)
	case t.Total != u.Total:
		return fmt.Sprintf("%d vs %d points: different --thresholds or --max-turns", t.Total, u.Total)
	case t.Objective != u.Objective || t.MinCSAT != u.MinCSAT || t.Staffing != u.Staffing:
		return "different --objective, --min-csat or --staffing"
	}
	return ""
}

// mergeTune puts the points of complete, matching tune-bot partials back in grid
// order and makes the recommendation over all of them, as TuneBot does.
func mergeTune(names []string, parts []*Partial) (*Merged, error) {
	h := parts[0].Tune
	from := map[int]string{}
	byIndex := map[int]TunePoint{}
	for k, p := range parts {
		for _, pt := range p.Tune.Points {
			if pt.Point < 0 || pt.Point >= h.Total {
				return nil, fmt.Errorf("%s: point %d out of range (total_points %d)", names[k], pt.Point, h.Total)
			}
			if prev, dup := from[pt.Point]; dup {
				return nil, fmt.Errorf("point %d is in both %s and %s", pt.Point, prev, names[k])
			}
			var tp TunePoint
			if err := unmarshalExact(pt.Result, &tp); err != nil {
				return nil, fmt.Errorf("%s: point %d: %v", names[k], pt.Point, err)
			}
			if tp.Report == nil || len(tp.Report.Metrics) != len(metrics.Keys) {
				return nil, fmt.Errorf("%s: point %d: no report with the %d metrics (written by another omnisim version?)", names[k], pt.Point, len(metrics.Keys))
			}
			from[pt.Point], byIndex[pt.Point] = names[k], tp
		}
	}
	if len(from) != h.Total {
		return nil, fmt.Errorf("the shards hold %d of %d points: the shards are incomplete", len(from), h.Total)
	}
	res := &TuneResult{Scenario: h.Scenario, Seed: h.Seed, Objective: h.Objective, MinCSAT: h.MinCSAT, Staffing: h.Staffing}
	for i := range h.Total {
		res.Points = append(res.Points, byIndex[i])
	}
	res.Best, res.Why = recommend(res.Points, TuneOptions{Objective: h.Objective, MinCSAT: h.MinCSAT})
	return &Merged{Kind: tuneKind, Tune: res}, nil
}
