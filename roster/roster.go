package roster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Requirement is the agents needed per group and interval of the week.
type Requirement struct {
	Interval time.Duration // divides 24h
	Groups   []string
	Agents   [][]int // [group][interval of the week], 7·24h/Interval long; day 0 Monday
}

// Options tune Solve.
type Options struct {
	Solver Solver // default CBC{}
	SolveOptions
}

// Shift is a row of the roster: Agents agents working the same pattern.
type Shift struct {
	Group    string
	Template string
	Days     uint8
	Start    time.Duration // time of day
	End      time.Duration // Start + length (may pass midnight: End > 24h)
	Breaks   []Span        // offsets from midnight of the shift's day
	Agents   int
	Cost     float64 // per week, all its agents
}

// Span is [Start, End) measured from midnight.
type Span struct{ Start, End time.Duration }

// Unmet is an interval the roster leaves short.
type Unmet struct {
	Group    string
	Day      int // 0 = Monday
	Start    time.Duration
	Required int
	Rostered int
	Reason   string
}

// Roster is the solved week.
type Roster struct {
	Interval           time.Duration
	Groups             []string
	Required           [][]int // [group][interval of the week]
	Rostered           [][]int // agents on the floor (breaks excluded)
	Shifts             []Shift
	AgentHours         float64 // Σ rostered × interval, the week
	RequiredAgentHours float64
	PaidHours          float64
	Cost               float64 // Σ agents × pattern cost, the week
	Unmet              []Unmet
	Patterns           int // patterns offered to the solver
	Solver             string
	Status             string
	Optimal            bool
}

// Model is the covering program of one instance with what maps its columns back.
type Model struct {
	Program  *Program
	Patterns []Pattern // column j < len(Patterns) is pattern j
	slack    []slackCol
	req      *Requirement
	heads    []int // per group, -1: no cap
	noCover  [][]bool
}

type slackCol struct{ group, slot int }

// Build writes the covering program for req: one integer column per pattern,
// one integer under-coverage column per (group, interval) with a
// requirement, a ≥ row per such interval and per group a heads column and row.
func Build(s *Shifts, req *Requirement) (*Model, error) {
	if req.Interval <= 0 || Day%req.Interval != 0 {
		return nil, fmt.Errorf("interval %s: must divide 24h", req.Interval)
	}
	week := int(Week / req.Interval)
	if len(req.Agents) != len(req.Groups) {
		return nil, fmt.Errorf("requirement: %d groups but %d rows", len(req.Groups), len(req.Agents))
	}
	m := &Model{Program: &Program{}, req: req}
	maxCost := 0.0
	for _, t := range s.Templates {
		maxCost = max(maxCost, t.CostPerHour)
	}
	penalty := s.UnderCoverPenalty
	if penalty <= 0 {
		penalty = 100 * math.Max(maxCost, 1)
	}
	slotHours := req.Interval.Hours()
	type rowKey struct{ g, t int }
	rowOf := map[rowKey]int{}
	p := m.Program
	for g, name := range req.Groups {
		if len(req.Agents[g]) != week {
			return nil, fmt.Errorf("requirement: group %s has %d intervals, want %d (a week of %s)", name, len(req.Agents[g]), week, req.Interval)
		}
		total := 0
		for t, n := range req.Agents[g] {
			if n < 0 {
				return nil, fmt.Errorf("requirement: group %s interval %d: %d agents", name, t, n)
			}
			total += n
			if n > 0 {
				rowOf[rowKey{g, t}] = len(p.Rows)
				p.Rows = append(p.Rows, Row{Sense: 'G', RHS: float64(n)})
			}
		}
		ps, drop, err := s.patterns(name, req.Interval)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 && total > 0 {
			return nil, s.noPatternError(name, drop)
		}
		m.Patterns = append(m.Patterns, ps...)
	}
	groupOf := map[string]int{}
	for g, name := range req.Groups {
		groupOf[name] = g
	}
	covered := make([][]bool, len(req.Groups))
	for g := range covered {
		covered[g] = make([]bool, week)
	}
	for j := range m.Patterns {
		pt := &m.Patterns[j]
		g := groupOf[pt.Group]
		up := 0
		for _, t := range pt.slots {
			covered[g][t] = true
			up = max(up, req.Agents[g][t])
			if r, ok := rowOf[rowKey{g, int(t)}]; ok {
				p.Rows[r].Cols = append(p.Rows[r].Cols, j)
				p.Rows[r].Coefs = append(p.Rows[r].Coefs, 1)
			}
		}
		// No optimal roster puts more agents on a pattern than the largest
		// requirement it covers: a valid bound that also tightens the program.
		p.Obj = append(p.Obj, pt.Cost)
		p.Upper = append(p.Upper, float64(up))
		p.Integer = append(p.Integer, true)
	}
	m.noCover = make([][]bool, len(req.Groups))
	for g := range req.Groups {
		m.noCover[g] = make([]bool, week)
		for t, n := range req.Agents[g] {
			if n == 0 {
				continue
			}
			m.noCover[g][t] = !covered[g][t]
			j := len(p.Obj)
			m.slack = append(m.slack, slackCol{g, t})
			r := rowOf[rowKey{g, t}]
			p.Rows[r].Cols = append(p.Rows[r].Cols, j)
			p.Rows[r].Coefs = append(p.Rows[r].Coefs, 1)
			p.Obj = append(p.Obj, penalty*slotHours)
			p.Upper = append(p.Upper, float64(n))
			// Whole agents short, like the requirement: with every column
			// integer the objective moves in steps of the costs' common
			// divisor, which CBC detects and uses to close the gap (the LP
			// bound of these programs is fractional but within one step).
			p.Integer = append(p.Integer, true)
		}
	}
	// Per group an integer column for its heads, Σ x_p − heads = 0, capped by
	// the head count. It changes nothing in the program's solutions but gives
	// the solver a variable to branch on: the LP optimum of a covering program
	// typically needs a fractional number of heads (52.4), and branching on the
	// total proves at once that 53 is the least, where branching on patterns
	// would wander through thousands of symmetric nodes.
	m.heads = make([]int, len(req.Groups))
	for g, name := range req.Groups {
		m.heads[g] = -1
		j := len(p.Obj)
		up := -1.0
		if h, ok := s.Headcount[name]; ok {
			m.heads[g], up = h, float64(h)
		}
		p.Obj = append(p.Obj, 0)
		p.Upper = append(p.Upper, up)
		p.Integer = append(p.Integer, true)
		r := Row{Sense: 'E', Cols: []int{j}, Coefs: []float64{-1}}
		for k := range m.Patterns {
			if m.Patterns[k].Group == name {
				r.Cols = append(r.Cols, k)
				r.Coefs = append(r.Coefs, 1)
			}
		}
		p.Rows = append(p.Rows, r)
	}
	return m, nil
}

func (s *Shifts) noPatternError(group string, drop dropped) error {
	var why []string
	keys := make([]string, 0, len(drop))
	for k := range drop {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		at := ""
		if a := s.Rules.at[k]; a != "" {
			at = a + ": "
		}
		why = append(why, fmt.Sprintf("%srules.%s removed %d", at, k, drop[k]))
	}
	if len(why) == 0 {
		if s.file != "" {
			return fmt.Errorf("%s: templates: group %s: %w (no template names the group)", s.file, group, errNoPattern)
		}
		return fmt.Errorf("group %s: %w (no template names the group)", group, errNoPattern)
	}
	return fmt.Errorf("group %s: %w: %s", group, errNoPattern, strings.Join(why, "; "))
}

// Solve builds and solves the covering program and reads the roster back.
func Solve(ctx context.Context, s *Shifts, req *Requirement, opt Options) (*Roster, error) {
	m, err := Build(s, req)
	if err != nil {
		return nil, err
	}
	if opt.Solver == nil {
		opt.Solver = CBC{}
	}
	sol, err := opt.Solver.Solve(ctx, m.Program, opt.SolveOptions)
	if err != nil {
		return nil, err
	}
	return m.Roster(sol, opt.Solver.Name())
}

// Roster reads a solution of the model back into a roster.
func (m *Model) Roster(sol *Solution, solver string) (*Roster, error) {
	req := m.req
	week := int(Week / req.Interval)
	perDay := int(Day / req.Interval)
	r := &Roster{
		Interval: req.Interval, Groups: slices.Clone(req.Groups), Patterns: len(m.Patterns),
		Solver: solver, Status: sol.Status, Optimal: sol.Optimal,
	}
	if len(sol.Values) != len(m.Program.Obj) {
		return nil, errors.New("solution: column count differs from the program")
	}
	groupOf := map[string]int{}
	for g, name := range req.Groups {
		groupOf[name] = g
		r.Required = append(r.Required, slices.Clone(req.Agents[g]))
		r.Rostered = append(r.Rostered, make([]int, week))
	}
	used := make([]int, len(req.Groups))
	for j := range m.Patterns {
		v := sol.Values[j]
		n := int(math.Round(v))
		if math.Abs(v-float64(n)) > 1e-4 || n < 0 {
			return nil, fmt.Errorf("solution: pattern column %d = %v, not a whole number of agents", j+1, v)
		}
		if n == 0 {
			continue
		}
		pt := &m.Patterns[j]
		g := groupOf[pt.Group]
		used[g] += n
		for _, t := range pt.slots {
			r.Rostered[g][t] += n
		}
		sh := Shift{Group: pt.Group, Template: pt.Template, Days: pt.Days, Start: pt.Start, End: pt.Start + pt.Length, Agents: n, Cost: pt.Cost * float64(n)}
		for b, at := range pt.Breaks {
			sh.Breaks = append(sh.Breaks, Span{pt.Start + at, pt.Start + at + pt.BreakLens[b]})
		}
		r.Shifts = append(r.Shifts, sh)
		r.Cost += sh.Cost
		r.PaidHours += pt.PaidHours * float64(n)
	}
	h := req.Interval.Hours()
	for g := range req.Groups {
		for t := 0; t < week; t++ {
			r.AgentHours += float64(r.Rostered[g][t]) * h
			r.RequiredAgentHours += float64(req.Agents[g][t]) * h
			if short := req.Agents[g][t] - r.Rostered[g][t]; short > 0 {
				u := Unmet{Group: req.Groups[g], Day: t / perDay, Start: time.Duration(t%perDay) * req.Interval,
					Required: req.Agents[g][t], Rostered: r.Rostered[g][t]}
				switch {
				case m.noCover[g][t]:
					u.Reason = "no shift pattern covers this interval (starts, lengths or breaks leave it out)"
				case m.heads[g] >= 0 && used[g] >= m.heads[g]:
					u.Reason = fmt.Sprintf("headcount %d of %s all rostered", m.heads[g], req.Groups[g])
				case !sol.Optimal:
					u.Reason = "the solver stopped (time limit or gap) before covering it"
				default:
					u.Reason = "covering it costs more than the under-coverage penalty"
				}
				r.Unmet = append(r.Unmet, u)
			}
		}
	}
	sort.SliceStable(r.Shifts, func(a, b int) bool {
		x, y := r.Shifts[a], r.Shifts[b]
		if x.Group != y.Group {
			return groupOf[x.Group] < groupOf[y.Group]
		}
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.Days != y.Days {
			return x.Days < y.Days
		}
		return slices.Compare(breakStarts(x), breakStarts(y)) < 0
	})
	return r, nil
}

func breakStarts(s Shift) []time.Duration {
	out := make([]time.Duration, len(s.Breaks))
	for i, b := range s.Breaks {
		out[i] = b.Start
	}
	return out
}
