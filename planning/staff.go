package planning

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// Targets are what every interval must meet. ServiceLevel is required; the others
// apply when > 0. Each is decided by the sequential Rule of StaffOptions.
type Targets struct {
	ServiceLevel   float64 // service_level ≥ this
	AbandonRate    float64 // abandon_rate ≤ this
	MaxUtilization float64 // utilization ≤ this
}

// StaffOptions tune Staff.
type StaffOptions struct {
	Targets   Targets
	Shrinkage float64 // share of paid time not available (breaks, training); scheduled heads = agents ÷ (1 − shrinkage)
	Workers   int     // simulation goroutines; ≤ 0: GOMAXPROCS
	// Progress, if not nil, is called after each simulation evaluation with the
	// number done so far.
	Progress func(evaluations int)
	// MaxEvaluations bounds the search (default 200).
	MaxEvaluations int
	// Confidence and Tolerance set the sequential decision of every interval
	// (Rule; defaults 95 % and half a point). MaxReplications bounds the
	// replications of one evaluation (default: Rule's, 4 × the scenario's, at
	// least 32); the scenario's replications are the first look.
	Confidence, Tolerance float64
	MaxReplications       int
	// VerifyReplications is the number of fresh replications the chosen staffing
	// is verified on (default max(20, the scenario's)).
	VerifyReplications int
}

// IntervalStaff is the requirement of one interval of the day.
type IntervalStaff struct {
	// Weekday is "mon"…"sun" when the requirement is per weekday (StaffResult.ByWeekday), "" otherwise.
	Weekday        string
	Start          string
	OfferedPerHour float64        // conversations arriving per hour (simulated mean)
	RoutedPerHour  float64        // reaching routing per hour (simulated mean)
	Agents         []int          // per group: the requirement
	Scheduled      []int          // per group: heads to schedule after shrinkage
	ErlangC        []int          // per group: the Erlang C start
	ServiceLevel   reports.Stat   // with the requirement, whole day simulated
	AbandonRate    reports.Stat   //
	Utilization    reports.Stat   //
	OneLess        []reports.Stat // per group: service level seen with one agent less (NaN mean when not tried)
	Replications   int            // replications the decision on this interval rested on (its last evaluation)
	// Verified is the outcome on the verification's fresh replications: service
	// level and abandon rate (ratio estimators), utilization, and whether the
	// targets hold there (each mean on the right side of its target).
	Verified Verification
	// Fractional is the un-rounded requirement per group: the agents, between
	// the integer requirement and one less, at which the service level (linearly
	// interpolated between the two) reaches the target; Agents where one less
	// was not simulated.
	Fractional []float64
	// Occupancy is the offered load (Erlangs, per group) over the agents
	// required: the share of their capacity the load implies (NaN with none).
	Occupancy []float64
}

// Verification is an interval re-simulated on replications the search never saw.
// Holds: every target's mean is on the right side of it; Confident: every
// target's 95 % CI is.
type Verification struct {
	ServiceLevel, AbandonRate, Utilization reports.Stat
	Holds, Confident                       bool
}

// StaffResult is the staffing requirement for the day.
type StaffResult struct {
	Scenario           string
	Seed               uint64
	Replications       int
	Interval           time.Duration
	Groups             []string
	Targets            Targets
	SLAWithin          time.Duration
	Shrinkage          float64
	Intervals          []IntervalStaff
	AgentHours         float64 // Σ agents × interval length, per day (by weekday: the mean day of the staffed weekdays)
	ScheduledHours     float64 // the same for scheduled heads
	ErlangCAgentHours  float64
	Evaluations        int // whole-day simulations used
	NaiveEvaluations   int // a per-interval linear search from zero: Σ (agents + 1) per interval and group
	Repairs            int // agents added after the whole-day verification
	ServiceLevelDaily  reports.Stat
	Current            [][]float64 // per group and interval: the scenario's own schedule, for comparison
	Met                bool        // every interval meets the targets on the verification's fresh replications
	UnmetIntervals     []string
	VerificationPasses int
	// Rule is the sequential decision the search used; Simulations the
	// replications it ran (each a whole horizon), all evaluations together.
	Rule        Rule
	Simulations int
	// VerifyFrom and VerifyReplications are the fresh replications the final
	// staffing was verified on (indices VerifyFrom…, never used by the search);
	// VerifyRounds the verifications run (a verification that misses adds an
	// agent where it missed and verifies again on new fresh replications);
	// VerifySimulations the replications they ran.
	VerifyFrom, VerifyReplications, VerifyRounds, VerifySimulations int
	// GroupAgentHours is the requirement's agent hours per group and day (by
	// weekday: the mean day).
	GroupAgentHours []float64
	// WeekdayHours are, when staffed by weekday, each staffed weekday's hours.
	WeekdayHours []WeekdayHours
	// Scale is the arrival scale the result was computed at (1 unless a what-if).
	Scale float64
	// ByWeekday says that arrivals or schedules differ by weekday: then the
	// requirement is per weekday × interval, every weekday the measured window
	// reaches searched and verified on its own (Intervals: Monday's first, each
	// with its Weekday), Current is per weekday × interval the same way.
	ByWeekday bool
	// Stalled lists, for the intervals that miss, the groups whose added agents
	// did not bring the interval closer to the targets (see Advice).
	Stalled []Stall
	// Deferred is the requirement of each deferred channel (channels.C.deferred),
	// in addition to the intervals' (which do not include their work).
	Deferred []DeferredStaff
}

// Stall is a group that stalled in an interval that misses the targets.
type Stall struct{ Interval, Group string }

// Advice says, for a result that misses the targets, what to change: which
// groups could not help in which intervals, and what that points to. "" when the
// targets are met.
func (r *StaffResult) Advice() string {
	if r.Met {
		return ""
	}
	byGroup := map[string][]string{}
	var order []string
	for _, s := range r.Stalled {
		if _, ok := byGroup[s.Group]; !ok {
			order = append(order, s.Group)
		}
		byGroup[s.Group] = append(byGroup[s.Group], s.Interval)
	}
	if len(order) == 0 {
		return "the search ran out of its budget of simulations before every interval met the targets; " +
			"the table shows the best staffing found (more --replications narrow the noise, fewer intervals shorten the search)"
	}
	var parts []string
	for _, g := range order {
		at := strings.Join(byGroup[g], ", ")
		if len(byGroup[g]) == len(r.Intervals) && len(r.Intervals) > 1 {
			at = "any interval"
		}
		parts = append(parts, fmt.Sprintf("more agents of %s did not help at %s", g, at))
	}
	return strings.Join(parts, "; ") + ": the conversations that miss there need skills those groups lack, " +
		"or a target that more agents cannot reach (an accept_time longer than sla.within, abandonment set by patience); " +
		"give a group that can take them more agents or the queue's skills (routing.queues[].skills, agents[].skills), or relax the target"
}

// staffer holds the state of one staffing search.
type staffer struct {
	sc          *scenarios.Scenario
	opt         StaffOptions
	rule        Rule
	nInt        int    // cells of the search
	cells       []cell // what each is
	perDay      int    // intervals of the day
	groups      int
	evals       int
	simulations int
	meta        reports.Meta
	cache       map[string]map[int]reports.RepValues
	cacheOrder  []string
}

// Staff finds, for every interval of the day, the fewest agents per group that meet
// the targets: Erlang C start, simulation search on all intervals at once, group by
// group, then whole-day verification with repair (see the package doc).
func Staff(sc *scenarios.Scenario, opt StaffOptions) (*StaffResult, error) {
	if opt.MaxEvaluations <= 0 {
		opt.MaxEvaluations = 200
	}
	if !(opt.Targets.ServiceLevel >= 0 && opt.Targets.ServiceLevel <= 1) {
		return nil, fmt.Errorf("service level target %v: want a share in [0, 1]", opt.Targets.ServiceLevel)
	}
	if opt.Shrinkage < 0 || opt.Shrinkage >= 1 {
		return nil, fmt.Errorf("shrinkage %v: want a share in [0, 1)", opt.Shrinkage)
	}
	// Deferred channels are planned as backlog, apart from the interval search.
	deferred, err := planDeferredChannels(sc)
	if err != nil {
		return nil, err
	}
	sc = withoutDeferred(sc)
	base, err := sc.Model()
	if err != nil {
		return nil, err
	}
	if len(deferred) > 0 && !liveWork(sc) {
		return deferredOnly(base, opt, deferred), nil
	}
	rule := Rule{Confidence: opt.Confidence, Tolerance: opt.Tolerance, Initial: base.Replications, Max: opt.MaxReplications}.withDefaults()
	if err := rule.validate(); err != nil {
		return nil, err
	}
	cells := staffCells(base)
	st := &staffer{sc: sc, opt: opt, rule: rule, nInt: len(cells), cells: cells, perDay: int(24 * time.Hour / base.Interval),
		groups: len(base.Groups), cache: map[string]map[int]reports.RepValues{}}
	loads := OfferedLoad(sc, base)
	if base.ByWeekday() {
		week := OfferedLoadByWeekday(sc, base)
		loads = make([]IntervalLoad, len(cells))
		for k, c := range cells {
			loads[k] = week[c.weekday*st.perDay+c.interval]
		}
	}

	// Erlang C start, per group and interval.
	erl := make([][]int, st.groups)
	for g := range erl {
		erl[g] = make([]int, st.nInt)
		for i := range erl[g] {
			erl[g][i] = ErlangAgents(loads[i].Groups[g], base.Groups[g].Concurrency, base.SLAWithin,
				opt.Targets.ServiceLevel, opt.Targets.MaxUtilization)
		}
	}
	plan := make([][]int, st.groups)
	for g := range plan {
		plan[g] = append([]int(nil), erl[g]...)
	}
	oneLess := make([][]reports.Stat, st.groups)
	lessAt := make([][]int, st.groups) // the count oneLess was seen at
	for g := range oneLess {
		oneLess[g] = make([]reports.Stat, st.nInt)
		lessAt[g] = make([]int, st.nInt)
		for i := range oneLess[g] {
			oneLess[g][i] = reports.Stat{Mean: math.NaN(), CI95: math.NaN()}
		}
	}

	// Search group by group; the groups not being searched stay at their current
	// plan, so a later group is sized knowing the earlier ones' minimum. A group
	// that stalls in an interval (more of its agents do not bring the interval
	// closer to the targets: what misses there are conversations it cannot take)
	// stops there, and is searched once more after the others, which may have
	// been what it waited for.
	stalled := make([][]bool, st.groups)
	again := false
	for g := 0; g < st.groups; g++ {
		stalled[g] = make([]bool, st.nInt)
		if err := st.search(plan, g, oneLess[g], lessAt[g], stalled[g]); err != nil {
			return nil, err
		}
		again = again || slices.Contains(stalled[g], true)
	}
	if again {
		for g := 0; g < st.groups; g++ {
			if !slices.Contains(stalled[g], true) {
				continue
			}
			clear(stalled[g])
			if err := st.search(plan, g, oneLess[g], lessAt[g], stalled[g]); err != nil {
				return nil, err
			}
		}
	}

	// Check the day as a whole and repair the intervals that miss.
	res := &StaffResult{}
	repairs := 0
	var ev *evaluation
	for pass := 1; ; pass++ {
		ev, err = st.evaluate(plan, nil)
		if err != nil {
			return nil, err
		}
		res.VerificationPasses = pass
		var misses []int
		for i := 0; i < st.nInt; i++ {
			if ev.verdict[i] != Meets {
				misses = append(misses, i)
			}
		}
		if len(misses) == 0 || st.evals >= opt.MaxEvaluations || pass >= 20 {
			break
		}
		repaired := 0
		for _, i := range misses {
			if g := primaryGroup(loads[i], stalled, i); g >= 0 {
				plan[g][i]++
				repaired++
			}
		}
		if repaired == 0 {
			break
		}
		repairs += repaired
	}

	// Verify on fresh replications; where the verification misses, add an agent
	// and verify again on replications not seen before.
	vrounds := 0
	var verified []Verification
	vn := opt.VerifyReplications
	if vn <= 0 {
		vn = max(20, base.Replications)
	}
	for round := 0; ; round++ {
		verified, err = st.verify(plan, verifyBase+round*vn, vn)
		if err != nil {
			return nil, err
		}
		vrounds++
		var misses []int
		for i, v := range verified {
			if !v.Holds {
				misses = append(misses, i)
			}
		}
		if len(misses) == 0 || round+1 >= maxVerifyRounds {
			break
		}
		repaired := 0
		for _, i := range misses {
			if g := primaryGroup(loads[i], stalled, i); g >= 0 {
				plan[g][i]++
				repaired++
			}
		}
		if repaired == 0 {
			break
		}
		repairs += repaired
	}
	res.VerifyFrom, res.VerifyReplications, res.VerifyRounds = verifyBase+(vrounds-1)*vn, vn, vrounds
	res.VerifySimulations = vrounds * vn
	if vrounds > 1 {
		// The search's last evaluation described a plan that has changed since.
		if ev, err = st.evaluate(plan, nil); err != nil {
			return nil, err
		}
	}
	for i, v := range verified {
		if !v.Holds {
			res.UnmetIntervals = append(res.UnmetIntervals, st.label(ev.rep, i))
		}
	}
	rep := ev.rep

	res.Scenario, res.Seed, res.Replications = base.Name, base.Seed, base.Replications
	res.Interval, res.Targets, res.SLAWithin, res.Shrinkage = base.Interval, opt.Targets, base.SLAWithin, opt.Shrinkage
	for _, grp := range base.Groups {
		res.Groups = append(res.Groups, grp.Name)
	}
	res.Met = len(res.UnmetIntervals) == 0
	for i := range st.cells {
		label := st.label(rep, i)
		if verified[i].Holds {
			continue
		}
		for g := range stalled {
			if stalled[g][i] {
				res.Stalled = append(res.Stalled, Stall{Interval: label, Group: base.Groups[g].Name})
			}
		}
	}
	res.Current = simulatedStaffing(base, cells)
	res.Evaluations, res.Repairs = st.evals, repairs
	res.Rule, res.Simulations = rule, st.simulations-res.VerifySimulations
	res.Scale = 1
	res.ByWeekday = base.ByWeekday()
	res.Deferred = deferred
	res.ServiceLevelDaily = rep.Metric("service_level")
	hours := base.Interval.Hours()
	off, routed := metrics.Index("offered"), metrics.Index("routed")
	res.GroupAgentHours = make([]float64, st.groups)
	days := 1.0 // the hours are per day: by weekday, of the mean staffed weekday
	if res.ByWeekday {
		days = float64(st.nInt / st.perDay)
	}
	for i := 0; i < st.nInt; i++ {
		c := cells[i]
		s := c.stats(rep, st.perDay)
		is := IntervalStaff{
			Weekday:        c.weekdayName(),
			Start:          rep.Intervals[c.interval],
			OfferedPerHour: s[off].Mean / hours, // by interval: means per day
			RoutedPerHour:  s[routed].Mean / hours,
			ServiceLevel:   ev.sl[i].Stat(), AbandonRate: ev.ab[i].Stat(), Utilization: ev.ut[i].Stat(),
			Replications: ev.n, Verified: verified[i],
		}
		for g := 0; g < st.groups; g++ {
			n := plan[g][i]
			heads := int(math.Ceil(float64(n)/(1-opt.Shrinkage) - 1e-9))
			is.Agents = append(is.Agents, n)
			is.Scheduled = append(is.Scheduled, heads)
			is.ErlangC = append(is.ErlangC, erl[g][i])
			less := oneLess[g][i]
			if lessAt[g][i] != n-1 {
				// A repair after the search moved the requirement: one less was not seen.
				less = reports.Stat{Mean: math.NaN(), CI95: math.NaN()}
			}
			is.OneLess = append(is.OneLess, less)
			is.Fractional = append(is.Fractional, fractional(n, is.ServiceLevel.Mean, less.Mean, opt.Targets.ServiceLevel))
			is.Occupancy = append(is.Occupancy, ratioOrNaN(loads[i].Groups[g].Erlangs(), float64(n*max(1, base.Groups[g].Concurrency))))
			res.AgentHours += float64(n) * hours / days
			res.GroupAgentHours[g] += float64(n) * hours / days
			res.ScheduledHours += float64(heads) * hours / days
			res.ErlangCAgentHours += float64(erl[g][i]) * hours / days
			res.NaiveEvaluations += n + 1
			if res.ByWeekday {
				if len(res.WeekdayHours) == 0 || res.WeekdayHours[len(res.WeekdayHours)-1].Weekday != is.Weekday {
					res.WeekdayHours = append(res.WeekdayHours, WeekdayHours{Weekday: is.Weekday})
				}
				wh := &res.WeekdayHours[len(res.WeekdayHours)-1]
				wh.AgentHours += float64(n) * hours
				wh.ScheduledHours += float64(heads) * hours
				wh.ErlangCHours += float64(erl[g][i]) * hours
			}
		}
		res.Intervals = append(res.Intervals, is)
	}
	return res, nil
}

// maxVerifyRounds bounds the verify-and-repair loop on fresh replications.
const maxVerifyRounds = 3

// verify simulates plan on n fresh replications from index from and says, per
// interval, whether the targets hold there: each mean (ratio estimators for the
// shares) on the right side of its target.
func (st *staffer) verify(plan [][]int, from, n int) ([]Verification, error) {
	idx := make([]int, n)
	for k := range idx {
		idx[k] = from + k
	}
	reps, err := st.run(plan, idx)
	if err != nil {
		return nil, err
	}
	t := st.opt.Targets
	out := make([]Verification, st.nInt)
	for i := range out {
		sl, ab, ut := st.estimates(reps, i)
		holds := math.IsNaN(sl.Mean) || sl.Mean >= t.ServiceLevel
		if t.AbandonRate > 0 && !math.IsNaN(ab.Mean) && ab.Mean > t.AbandonRate {
			holds = false
		}
		if t.MaxUtilization > 0 && !math.IsNaN(ut.Mean) && ut.Mean > t.MaxUtilization {
			holds = false
		}
		v := Verification{ServiceLevel: sl.Stat(), AbandonRate: ab.Stat(), Utilization: ut.Stat(), Holds: holds}
		v.Confident = holds && confident(v.ServiceLevel, t.ServiceLevel, true) &&
			(t.AbandonRate <= 0 || confident(v.AbandonRate, t.AbandonRate, false)) &&
			(t.MaxUtilization <= 0 || confident(v.Utilization, t.MaxUtilization, false))
		out[i] = v
	}
	return out, nil
}

// confident reports whether s's whole 95 % CI is on the right side of target
// (≥ with atLeast, ≤ otherwise); an undefined s (no conversations) is.
func confident(s reports.Stat, target float64, atLeast bool) bool {
	if math.IsNaN(s.Mean) {
		return true
	}
	if math.IsNaN(s.CI95) {
		return false
	}
	if atLeast {
		return s.Mean-s.CI95 >= target
	}
	return s.Mean+s.CI95 <= target
}

// fractional is the un-rounded requirement: with n agents the service level is
// at, with n−1 at less, the agents where the line between the two crosses
// target; n when less is unknown or not below target.
func fractional(n int, at, less, target float64) float64 {
	if n == 0 || math.IsNaN(at) || math.IsNaN(less) || less >= target || at <= less {
		return float64(n)
	}
	f := float64(n-1) + (target-less)/(at-less)
	return math.Min(float64(n), math.Max(float64(n-1), f))
}

func ratioOrNaN(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// primaryGroup is the group to add an agent to when interval i misses: the one
// with the most offered load there among those that did not stall in it (the
// first of them when none has any load); -1 when every group stalled there, as
// more agents of any group do not help.
func primaryGroup(l IntervalLoad, stalled [][]bool, i int) int {
	best, bestLoad := -1, -1.0
	for g, gl := range l.Groups {
		if g < len(stalled) && stalled[g][i] {
			continue
		}
		if e := gl.Erlangs(); e > bestLoad {
			best, bestLoad = g, e
		}
	}
	return best
}

// search finds group g's minimum in every interval, all intervals at once: each
// interval gallops from its current value (down while it passes, up while it
// fails, the step doubling) until it has a passing count with a failing one just
// below it (or zero), then bisects. Every step is one whole-day simulation.
//
// Galloping up stops where group g stalls: a step up that removes less than
// minGain of the interval's shortfall (shortfall: how far service level, abandon
// rate and utilization are from their targets) shows that what misses there is
// not g's to serve (a queue whose skills only another group has). The interval
// keeps the count before that step and stalled[i] says so.
func (st *staffer) search(plan [][]int, g int, oneLess []reports.Stat, lessAt []int, stalled []bool) error {
	const unknown = -1
	lo := make([]int, st.nInt)        // largest count seen failing
	hi := make([]int, st.nInt)        // smallest count seen passing
	short := make([]float64, st.nInt) // shortfall at lo
	step := make([]int, st.nInt)
	done := make([]bool, st.nInt)
	x := plan[g]
	for i := range lo {
		lo[i], hi[i], step[i] = unknown, unknown, 1
	}
	for {
		ev, err := st.evaluate(plan, notDone(done))
		if err != nil {
			return err
		}
		open := 0
		for i := 0; i < st.nInt; i++ {
			if done[i] {
				continue
			}
			if ev.verdict[i] == Meets {
				hi[i] = x[i]
			} else {
				sf := st.shortfall(ev, i)
				// short[i] == 0: the last step's interval missed with nothing to
				// gain (its bound already met): no step can remove a shortfall.
				if hi[i] == unknown && lo[i] != unknown && x[i] > lo[i] && (sf > (1-minGain)*short[i] || short[i] == 0) {
					// Stalled: keep the count before this step.
					x[i], done[i], stalled[i] = lo[i], true, true
					continue
				}
				lo[i], short[i] = x[i], sf
				oneLess[i], lessAt[i] = ev.sl[i].Stat(), x[i] // the service level at the largest failing count
			}
			switch {
			case hi[i] == 0:
				done[i], x[i] = true, 0
			case hi[i] != unknown && lo[i] != unknown && hi[i]-lo[i] <= 1:
				done[i], x[i] = true, hi[i]
			case hi[i] == unknown:
				x[i] = lo[i] + step[i]
				step[i] *= 2
			case lo[i] == unknown:
				x[i] = max(0, hi[i]-step[i])
				step[i] *= 2
			default:
				x[i] = (lo[i] + hi[i]) / 2
			}
			if !done[i] {
				open++
			}
			if x[i] > maxAgentsPerInterval {
				// A bound that stalling should keep unreachable: stop as if stalled.
				x[i], done[i], stalled[i] = lo[i], true, true
				open--
			}
		}
		if open == 0 {
			return nil
		}
		if st.evals >= st.opt.MaxEvaluations {
			// Out of budget: keep the passing counts found so far.
			for i := range x {
				if !done[i] && hi[i] != unknown {
					x[i] = hi[i]
				}
			}
			return nil
		}
	}
}

// maxAgentsPerInterval bounds the search.
const maxAgentsPerInterval = 100_000

// minGain is the share of an interval's shortfall a step up must remove for the
// group to count as helping there. A group that is the constraint removes far
// more with a step (steps double); a stalled group removes only the noise of
// routing to more agents.
const minGain = 0.1

// shortfall is how far interval i is from the targets, measured at the far end of
// each metric's 95 % interval: the service level's lower bound below its target
// plus the abandon rate's and utilization's upper bounds above their caps (0 when
// every bound is met). At the bound, not the mean: an interval whose mean meets
// but whose interval straddles the target misses (Undecided counts as a miss), and
// a step that helps it narrows the straddle, while a step of a group that cannot
// serve it leaves the bound where it was (stalled).
func (st *staffer) shortfall(ev *evaluation, i int) float64 {
	t := st.opt.Targets
	hw := func(e reports.Estimate) float64 {
		if h := e.HalfWidth(0.95); !math.IsNaN(h) {
			return h
		}
		return 0
	}
	sum := 0.0
	if e := ev.sl[i]; !math.IsNaN(e.Mean) {
		sum += math.Max(0, t.ServiceLevel-(e.Mean-hw(e)))
	}
	if e := ev.ab[i]; t.AbandonRate > 0 && !math.IsNaN(e.Mean) {
		sum += math.Max(0, e.Mean+hw(e)-t.AbandonRate)
	}
	if e := ev.ut[i]; t.MaxUtilization > 0 && !math.IsNaN(e.Mean) {
		sum += math.Max(0, e.Mean+hw(e)-t.MaxUtilization)
	}
	return sum
}

// notDone is the intervals still open in a search.
func notDone(done []bool) []bool {
	out := make([]bool, len(done))
	for i, d := range done {
		out[i] = !d
	}
	return out
}

// WithStaffing returns a copy of s whose agent groups follow plan: plan[g][i]
// agents of group g from the start of interval i of every day.
func WithStaffing(s *scenarios.Scenario, plan [][]int) *scenarios.Scenario {
	return withSchedules(s, len(plan), func(g int, interval time.Duration) []scenarios.ScheduleEntry {
		return appendChanges(make([]scenarios.ScheduleEntry, 0, len(plan[g])), plan[g], interval, 0)
	})
}

// withSchedules returns a copy of s whose first groups agent groups follow
// schedule(g, interval), the head count in place of their count; interval is
// s's (30 minutes if unset).
func withSchedules(s *scenarios.Scenario, groups int, schedule func(g int, interval time.Duration) []scenarios.ScheduleEntry) *scenarios.Scenario {
	c := Clone(s)
	interval := s.Interval
	if interval == 0 {
		interval = 30 * time.Minute
	}
	for g := range c.Agents {
		if g >= groups {
			break
		}
		c.Agents[g].Count, c.Agents[g].Schedule = 0, schedule(g, interval)
	}
	return c
}

// appendChanges appends to sched the entries of one day's head counts, counts[i]
// from the start of interval i, where the count changes, on days (0: every day).
func appendChanges(sched []scenarios.ScheduleEntry, counts []int, interval time.Duration, days scenarios.Days) []scenarios.ScheduleEntry {
	for i, n := range counts {
		if i > 0 && n == counts[i-1] {
			continue
		}
		sched = append(sched, scenarios.ScheduleEntry{At: time.Duration(i) * interval, Count: n, Days: days})
	}
	return sched
}

// simulatedStaffing is SimulatedStaffing per cell: by weekday, the mean over the
// interval on the weekday's first measured day.
func simulatedStaffing(m *sim.Model, cells []cell) [][]float64 {
	if len(cells) == 0 || cells[0].weekday < 0 {
		return SimulatedStaffing(m)
	}
	out := make([][]float64, len(m.Groups))
	for g, grp := range m.Groups {
		out[g] = make([]float64, len(cells))
		for k, c := range cells {
			day := firstDayOf(m, c.weekday)
			out[g][k] = meanRate(grp.Staff, c.interval, m.Interval, day, day)
		}
	}
	return out
}

// SimulatedStaffing returns, per group and interval of the day, the head count a
// model schedules (the mean over the interval on the first measured day).
func SimulatedStaffing(m *sim.Model) [][]float64 {
	nInt := int(24 * time.Hour / m.Interval)
	day := int(m.Warmup / (24 * time.Hour))
	out := make([][]float64, len(m.Groups))
	for g, grp := range m.Groups {
		out[g] = make([]float64, nInt)
		for i := range out[g] {
			out[g][i] = meanRate(grp.Staff, i, m.Interval, day, day)
		}
	}
	return out
}
