package planning

import (
	"fmt"
	"math"
	"strings"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

// evaluation is one staffing plan simulated over the whole day, replications
// added look by look until every interval asked about is decided.
type evaluation struct {
	rep     *reports.Report
	n       int       // replications used
	verdict []Verdict // per interval; Undecided for intervals not asked about
	// Per interval: service level and abandon rate as ratio estimates, utilization
	// as a mean of the replications' values.
	sl, ab, ut []reports.Estimate
}

// verifyBase is the first replication index of the verification: the search
// never reaches it (sim.MaxReplications bounds a run), so verification sees
// customers the search never saw.
const verifyBase = 1_000_000

// planKey identifies a plan in the cache.
func planKey(plan [][]int) string {
	var b strings.Builder
	for _, g := range plan {
		fmt.Fprint(&b, g, ";")
	}
	return b.String()
}

// run simulates replications idx of plan, from the cache where it can. The
// results depend only on (plan, index): common random numbers.
func (st *staffer) run(plan [][]int, idx []int) ([]reports.RepValues, error) {
	m, err := withCellStaffing(st.sc, st.cells, st.perDay, plan).Model()
	if err != nil {
		return nil, err
	}
	st.meta = reports.MetaOf(m)
	key := planKey(plan)
	cached := st.cache[key]
	out := make([]reports.RepValues, len(idx))
	var todo []int
	var at []int
	for j, k := range idx {
		if v, ok := cached[k]; ok {
			out[j] = v
		} else {
			todo, at = append(todo, k), append(at, j)
		}
	}
	if len(todo) > 0 {
		err := sim.RunEach(m, todo, st.opt.Workers, func(i int, r *sim.Result) { out[at[i]] = reports.FromResult(r) }, nil)
		if err != nil {
			return nil, err
		}
		st.simulations += len(todo)
		if cached == nil {
			if len(st.cacheOrder) >= cachePlans {
				delete(st.cache, st.cacheOrder[0])
				st.cacheOrder = st.cacheOrder[1:]
			}
			cached = map[int]reports.RepValues{}
			st.cache[key], st.cacheOrder = cached, append(st.cacheOrder, key)
		}
		for j, k := range todo {
			cached[k] = out[at[j]]
		}
	}
	return out, nil
}

// cachePlans is how many plans' replications the search keeps: the plan being
// refined look by look, and the one the verification re-evaluates.
const cachePlans = 4

// evaluate simulates the whole day with plan[g][i] agents of group g in interval
// i, adding replications look by look (st.rule) until every interval with
// open[i] is decided (nil: every interval). Each call counts as one evaluation.
func (st *staffer) evaluate(plan [][]int, open []bool) (*evaluation, error) {
	looks := st.rule.Looks()
	var ev *evaluation
	for li, n := range looks {
		idx := make([]int, n)
		for k := range idx {
			idx[k] = k
		}
		reps, err := st.run(plan, idx)
		if err != nil {
			return nil, err
		}
		ev = st.judge(reps, open, li == len(looks)-1)
		undecided := false
		for i, v := range ev.verdict {
			if (open == nil || open[i]) && v == Undecided {
				undecided = true
			}
		}
		if !undecided {
			break
		}
	}
	st.evals++
	if st.opt.Progress != nil {
		st.opt.Progress(st.evals)
	}
	return ev, nil
}

// judge summarizes reps and decides the intervals with open[i] (nil: all).
func (st *staffer) judge(reps []reports.RepValues, open []bool, last bool) *evaluation {
	meta := st.meta
	meta.Replications = len(reps)
	ev := &evaluation{rep: reports.Build(meta, append([]reports.RepValues(nil), reps...)), n: len(reps)}
	ev.verdict = make([]Verdict, st.nInt)
	for i := 0; i < st.nInt; i++ {
		sl, ab, ut := st.estimates(reps, i)
		ev.sl, ev.ab, ev.ut = append(ev.sl, sl), append(ev.ab, ab), append(ev.ut, ut)
		if open != nil && !open[i] {
			continue
		}
		ev.verdict[i] = st.decide(sl, ab, ut, last)
	}
	return ev
}

// decide applies the rule to each target of one interval.
func (st *staffer) decide(sl, ab, ut reports.Estimate, last bool) Verdict {
	t := st.opt.Targets
	vs := []Verdict{st.rule.Judge(sl, t.ServiceLevel, true, last)}
	if t.AbandonRate > 0 {
		vs = append(vs, st.rule.Judge(ab, t.AbandonRate, false, last))
	}
	if t.MaxUtilization > 0 {
		vs = append(vs, st.rule.Judge(ut, t.MaxUtilization, false, last))
	}
	return combine(vs...)
}

// label names cell i: its interval's start, with its weekday when by weekday.
func (st *staffer) label(rep *reports.Report, i int) string {
	c := st.cell(i)
	return c.label(rep.Intervals[c.interval])
}

// estimates are cell i's decision metrics over reps: service level and abandon
// rate as ratio estimators over the routed conversations, utilization as the
// mean of the replications' values.
func (st *staffer) estimates(reps []reports.RepValues, i int) (sl, ab, ut reports.Estimate) {
	return cellEstimates(reps, st.cell(i), st.perDay)
}

// cell is cell i of the search (a staffer without cells: interval i of the day).
func (st *staffer) cell(i int) cell {
	if i < len(st.cells) {
		return st.cells[i]
	}
	return cell{-1, i}
}

// intervalEstimates are estimates of interval i of the day, every day together.
func intervalEstimates(reps []reports.RepValues, i int) (sl, ab, ut reports.Estimate) {
	return cellEstimates(reps, cell{-1, i}, 0)
}

// cellEstimates are estimates of cell c (perDay intervals a day).
func cellEstimates(reps []reports.RepValues, c cell, perDay int) (sl, ab, ut reports.Estimate) {
	kSL, kAb, kUt, kRouted := metrics.Index("service_level"), metrics.Index("abandon_rate"),
		metrics.Index("utilization"), metrics.Index("routed")
	slNum, abNum, den, uts := make([]float64, len(reps)), make([]float64, len(reps)), make([]float64, len(reps)), make([]float64, len(reps))
	for r := range reps {
		v := c.values(&reps[r], perDay)
		routed := v[kRouted]
		den[r] = routed
		slNum[r], abNum[r] = times(v[kSL], routed), times(v[kAb], routed)
		uts[r] = v[kUt]
	}
	return reports.RatioEstimate(slNum, den), reports.RatioEstimate(abNum, den), reports.MeanEstimate(uts)
}

// times is share × n, 0 when the share is undefined (n = 0).
func times(share, n float64) float64 {
	if math.IsNaN(share) {
		return 0
	}
	return share * n
}
