package roster

import (
	"cmp"
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

// Shift is a row of the roster: Agents agents of one tour working the same
// shift on Days.
type Shift struct {
	Group    string
	Template string
	Tour     string // the tour (see Roster.Tours) the row belongs to
	Days     uint8
	Start    time.Duration // time of day
	End      time.Duration // Start + length (may pass midnight: End > 24h)
	Breaks   []Span        // offsets from midnight of the shift's day
	Agents   int
	Cost     float64 // per week, all its agents
}

// Tour is a week of work that Agents agents share: per weekday the shift
// worked (nil: a rest day).
type Tour struct {
	ID       string // group-NN, in roster order
	Group    string
	Template string
	PartTime bool
	Days     uint8
	Daily    [7]*DayShift
	Agents   int
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
	Tours              []Tour
	Shifts             []Shift
	Heads              []int   // per group
	AgentHours         float64 // Σ rostered × interval, the week
	RequiredAgentHours float64
	PaidHours          float64
	Cost               float64 // Σ agents × shift cost, the week
	Unmet              []Unmet
	Patterns           int // weekly tour patterns offered (bands × working-day sets)
	DayShifts          int // daily shifts offered (starts × break placements), per day
	Columns, Rows      int // of the integer program
	Solver             string
	Status             string
	Optimal            bool
	SolverCPU          time.Duration // the solver's CPU time, all groups (not in reports: it varies run to run)
}

// Model is the covering program of one instance with what maps its columns back.
type Model struct {
	Program      *Program
	Bands        []Band
	shiftCols    []shiftCol // x: agents working band b's shift s on day d
	tourCols     []tourCol  // w: agents of band b working day pattern p
	slack        []slackCol
	req          *Requirement
	groupOf      []int // per band
	heads        []int // per group, -1: no cap
	noCover      [][]bool
	pendingLinks []pendingLink
}

type shiftCol struct{ band, shift, day, col int }
type tourCol struct{ band, pattern, col int }
type slackCol struct{ group, slot int }

// Build writes the covering program for req, the implicit tour-scheduling
// model (Bailey 1985; Jacobs & Bechtold 1993): per band, day and daily shift
// an integer column x (agents working that shift that day), per band and
// working-day pattern an integer column w (agents on that tour), and per band
// and day a row Σ x − Σ_{patterns working that day} w = 0, so that every
// agent working a day has exactly one of the band's shifts. Then per group
// and interval with a requirement Σ x covering it + u ≥ required, with u an
// integer under-coverage column; per group a heads column (Σ w) capped by the
// head count, and the part-time share row when the rule is set.
//
// Unlike one column per fixed weekly pattern (the same start every working
// day), the band lets an agent's start move within the band from day to day
// and the break move within its window, which is what makes five-day tours
// fit a seven-day requirement without rounding each start up to whole agents.
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
		bs, drop, err := s.bands(name, req.Interval)
		if err != nil {
			return nil, err
		}
		if len(bs) == 0 && total > 0 {
			return nil, s.noPatternError(name, drop)
		}
		for range bs {
			m.groupOf = append(m.groupOf, g)
		}
		m.Bands = append(m.Bands, bs...)
	}
	covered := make([][]bool, len(req.Groups))
	for g := range covered {
		covered[g] = make([]bool, week)
	}
	addCol := func(obj, up float64) int {
		p.Obj = append(p.Obj, obj)
		p.Upper = append(p.Upper, up)
		p.Integer = append(p.Integer, true)
		return len(p.Obj) - 1
	}
	for b := range m.Bands {
		bd := &m.Bands[b]
		g := m.groupOf[b]
		for d := 0; d < 7; d++ {
			link := Row{Sense: 'L'}
			for k := range bd.Shifts {
				sl := bd.Shifts[k].slots(d, req.Interval)
				up := 0
				for _, t := range sl {
					covered[g][t] = true
					up = max(up, req.Agents[g][t])
				}
				if up == 0 {
					continue // covers nothing required: never worth an agent
				}
				// No optimal roster puts more agents on a shift than the
				// largest requirement it covers.
				j := addCol(0, float64(up))
				m.shiftCols = append(m.shiftCols, shiftCol{b, k, d, j})
				for _, t := range sl {
					if r, ok := rowOf[rowKey{g, int(t)}]; ok {
						p.Rows[r].Cols = append(p.Rows[r].Cols, j)
						p.Rows[r].Coefs = append(p.Rows[r].Coefs, 1)
					}
				}
				link.Cols = append(link.Cols, j)
				link.Coefs = append(link.Coefs, 1)
			}
			m.linkRow(b, d, link)
		}
	}
	for b := range m.Bands {
		for pi := range m.Bands[b].DayPatterns {
			j := addCol(m.Bands[b].WeeklyCost, -1)
			m.tourCols = append(m.tourCols, tourCol{b, pi, j})
		}
	}
	// The link rows get their w entries now that the w columns exist.
	for i := range m.pendingLinks {
		l := &m.pendingLinks[i]
		for _, tc := range m.tourCols {
			if tc.band == l.band && m.Bands[tc.band].DayPatterns[tc.pattern]&(1<<l.day) != 0 {
				l.row.Cols = append(l.row.Cols, tc.col)
				l.row.Coefs = append(l.row.Coefs, -1)
			}
		}
		if len(l.row.Cols) > 0 {
			p.Rows = append(p.Rows, l.row)
		}
	}
	m.pendingLinks = nil
	m.noCover = make([][]bool, len(req.Groups))
	for g := range req.Groups {
		m.noCover[g] = make([]bool, week)
		for t, n := range req.Agents[g] {
			if n == 0 {
				continue
			}
			m.noCover[g][t] = !covered[g][t]
			// Whole agents short, like the requirement: with every column
			// integer the objective moves in steps of the costs' common
			// divisor, which CBC detects and uses to close the gap.
			j := addCol(penalty*slotHours, float64(n))
			m.slack = append(m.slack, slackCol{g, t})
			r := rowOf[rowKey{g, t}]
			p.Rows[r].Cols = append(p.Rows[r].Cols, j)
			p.Rows[r].Coefs = append(p.Rows[r].Coefs, 1)
		}
	}
	// Per group an integer column for its heads, Σ w − heads = 0, capped by
	// the head count. It changes nothing in the program's solutions but gives
	// the solver a variable to branch on: the LP optimum of a covering program
	// typically needs a fractional number of heads (52.4), and branching on the
	// total proves at once that 53 is the least.
	m.heads = make([]int, len(req.Groups))
	share := s.Rules.PartTimeMaxShare
	for g, name := range req.Groups {
		m.heads[g] = -1
		up := -1.0
		if h, ok := s.Headcount[name]; ok {
			m.heads[g], up = h, float64(h)
		}
		j := addCol(0, up)
		r := Row{Sense: 'E', Cols: []int{j}, Coefs: []float64{-1}}
		pt := Row{Sense: 'L'}
		for _, tc := range m.tourCols {
			if m.groupOf[tc.band] != g {
				continue
			}
			r.Cols = append(r.Cols, tc.col)
			r.Coefs = append(r.Coefs, 1)
			// Part-time heads ≤ share × all heads.
			c := -share
			if m.Bands[tc.band].PartTime {
				c = 1 - share
			}
			pt.Cols = append(pt.Cols, tc.col)
			pt.Coefs = append(pt.Coefs, c)
		}
		p.Rows = append(p.Rows, r)
		if s.Rules.partTimeSet && len(pt.Cols) > 0 {
			p.Rows = append(p.Rows, pt)
		}
	}
	return m, nil
}

type pendingLink struct {
	band, day int
	row       Row
}

func (m *Model) linkRow(b, d int, r Row) {
	m.pendingLinks = append(m.pendingLinks, pendingLink{b, d, r})
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
//
// No constraint links two groups (heads, the part-time share and the rules
// are per group), so each group is its own program, solved in turn with an
// equal share of the time limit: the solver then never branches across
// independent blocks, which made three groups take many times one group's time.
func Solve(ctx context.Context, s *Shifts, req *Requirement, opt Options) (*Roster, error) {
	if opt.Solver == nil {
		opt.Solver = CBC{}
	}
	if len(req.Groups) != len(req.Agents) {
		return nil, fmt.Errorf("requirement: %d groups but %d rows", len(req.Groups), len(req.Agents))
	}
	if len(req.Groups) > 1 && opt.TimeLimit > 0 {
		opt.TimeLimit /= time.Duration(len(req.Groups))
	}
	var out *Roster
	for g := range req.Groups {
		one := &Requirement{Interval: req.Interval, Groups: req.Groups[g : g+1], Agents: req.Agents[g : g+1]}
		m, err := Build(s, one)
		if err != nil {
			return nil, err
		}
		sol, err := solvePortfolio(ctx, opt, m.Program)
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", req.Groups[g], err)
		}
		r, err := m.Roster(sol, opt.Solver.Name())
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", req.Groups[g], err)
		}
		r.SolverCPU = sol.CPU
		if out == nil {
			out = r
			continue
		}
		out.merge(r)
	}
	return out, nil
}

// cbcAlternate are the CBC options of the second try: no cutting planes,
// heuristics on. On these covering programs they find the optimum at once
// where the defaults stall at a few agents above it (the bench's 15-agent
// group: 31 agents after 10 s, 29, the LP bound, in 1 s) — and stall where
// the defaults do not, hence a portfolio of the two.
var cbcAlternate = []string{"-cuts", "off", "-heur", "on"}

// solvePortfolio runs the solver on p; when CBC with its defaults stops
// before proving its roster within the gap, a second CBC run with
// cbcAlternate gets the same time again, and the better solution is kept
// (the first on a tie). Without a time limit, the first run is the answer.
func solvePortfolio(ctx context.Context, opt Options, p *Program) (*Solution, error) {
	so := opt.SolveOptions
	if so.TimeLimit > 0 {
		so.TimeLimit /= 2
	}
	sol, err := opt.Solver.Solve(ctx, p, so)
	if errors.Is(err, ErrNoSolver) {
		return nil, err
	}
	cbc, ok := opt.Solver.(CBC)
	if !ok || err == nil && sol.Optimal || so.TimeLimit <= 0 || len(cbc.Extra) > 0 {
		return sol, err
	}
	// The first run stopped on time, with a roster or without one.
	cbc.Extra = cbcAlternate
	alt, altErr := cbc.Solve(ctx, p, so)
	switch {
	case altErr != nil && err != nil:
		return nil, err
	case altErr != nil:
		return sol, nil // the first roster stands
	case err != nil || alt.Objective < sol.Objective-1e-9:
		if sol != nil {
			alt.CPU += sol.CPU
		}
		return alt, nil
	}
	sol.CPU += alt.CPU
	return sol, nil
}

// merge appends another group's roster.
func (r *Roster) merge(o *Roster) {
	r.Groups = append(r.Groups, o.Groups...)
	r.Required = append(r.Required, o.Required...)
	r.Rostered = append(r.Rostered, o.Rostered...)
	r.Tours = append(r.Tours, o.Tours...)
	r.Shifts = append(r.Shifts, o.Shifts...)
	r.Heads = append(r.Heads, o.Heads...)
	r.AgentHours += o.AgentHours
	r.RequiredAgentHours += o.RequiredAgentHours
	r.PaidHours += o.PaidHours
	r.Cost += o.Cost
	r.Unmet = append(r.Unmet, o.Unmet...)
	r.Patterns += o.Patterns
	r.DayShifts += o.DayShifts
	r.Columns += o.Columns
	r.Rows += o.Rows
	r.SolverCPU += o.SolverCPU
	if r.Optimal && !o.Optimal {
		r.Status = o.Status
	}
	r.Optimal = r.Optimal && o.Optimal
}

// Roster reads a solution of the model back into a roster: per band the
// agents of each tour column, and per day the band's shifts that day handed
// to its working agents in order (earliest start first), so that an agent's
// start moves as little as the band's shifts allow.
func (m *Model) Roster(sol *Solution, solver string) (*Roster, error) {
	req := m.req
	week := int(Week / req.Interval)
	perDay := int(Day / req.Interval)
	r := &Roster{
		Interval: req.Interval, Groups: slices.Clone(req.Groups),
		Columns: len(m.Program.Obj), Rows: len(m.Program.Rows),
		Solver: solver, Status: sol.Status, Optimal: sol.Optimal, Heads: make([]int, len(req.Groups)),
	}
	for _, bd := range m.Bands {
		r.Patterns += len(bd.DayPatterns)
		r.DayShifts += len(bd.Shifts)
	}
	if len(sol.Values) != len(m.Program.Obj) {
		return nil, errors.New("solution: column count differs from the program")
	}
	whole := func(j int) (int, error) {
		v := sol.Values[j]
		n := int(math.Round(v))
		if math.Abs(v-float64(n)) > 1e-4 || n < 0 {
			return 0, fmt.Errorf("solution: column %d = %v, not a whole number of agents", j+1, v)
		}
		return n, nil
	}
	for g := range req.Groups {
		r.Required = append(r.Required, slices.Clone(req.Agents[g]))
		r.Rostered = append(r.Rostered, make([]int, week))
	}
	// Per band and day, the shifts worked (shift indexes, repeated per agent).
	worked := make([][7][]int, len(m.Bands))
	for _, sc := range m.shiftCols {
		n, err := whole(sc.col)
		if err != nil {
			return nil, err
		}
		for range n {
			worked[sc.band][sc.day] = append(worked[sc.band][sc.day], sc.shift)
		}
	}
	agents := make([][]uint8, len(m.Bands)) // per band, each agent's working days
	for _, tc := range m.tourCols {
		n, err := whole(tc.col)
		if err != nil {
			return nil, err
		}
		for range n {
			agents[tc.band] = append(agents[tc.band], m.Bands[tc.band].DayPatterns[tc.pattern])
		}
	}
	for b := range m.Bands {
		for d := 0; d < 7; d++ {
			for _, sh := range worked[b][d] {
				for _, t := range m.Bands[b].Shifts[sh].slots(d, req.Interval) {
					r.Rostered[m.groupOf[b]][t]++
				}
			}
		}
	}
	// A band-day may have more agents working than shifts in the solution
	// (its row is Σ x ≤ Σ w: the agent is paid either way). Each such agent
	// gets the band's shift that covers the most requirement still short, then
	// the most in all (ties: the earliest), which only adds coverage.
	for b := range m.Bands {
		bd := &m.Bands[b]
		g := m.groupOf[b]
		for d := 0; d < 7; d++ {
			n := 0
			for _, days := range agents[b] {
				if days&(1<<d) != 0 {
					n++
				}
			}
			for len(worked[b][d]) < n {
				best, bestShort, bestReq := 0, -1, -1
				for k := range bd.Shifts {
					short, need := 0, 0
					for _, t := range bd.Shifts[k].slots(d, req.Interval) {
						short += max(0, req.Agents[g][t]-r.Rostered[g][t])
						need += req.Agents[g][t]
					}
					if short > bestShort || short == bestShort && need > bestReq {
						best, bestShort, bestReq = k, short, need
					}
				}
				worked[b][d] = append(worked[b][d], best)
				for _, t := range bd.Shifts[best].slots(d, req.Interval) {
					r.Rostered[g][t]++
				}
			}
		}
	}
	for b := range m.Bands {
		bd := &m.Bands[b]
		g := m.groupOf[b]
		r.Heads[g] += len(agents[b])
		// Agents with the same days next to each other, so that a tour's
		// agents share their shifts.
		slices.Sort(agents[b])
		daily := make([][7]int, len(agents[b]))
		for d := 0; d < 7; d++ {
			ws := worked[b][d]
			slices.SortFunc(ws, func(x, y int) int { return cmpShift(&bd.Shifts[x], &bd.Shifts[y]) })
			k := 0
			for a, days := range agents[b] {
				daily[a][d] = -1
				if days&(1<<d) == 0 {
					continue
				}
				if k == len(ws) {
					return nil, fmt.Errorf("solution: band %s %s-%s day %s: fewer shifts than agents", bd.Group, fmtClock(bd.Lo), fmtClock(bd.Hi), DayNames[d])
				}
				daily[a][d] = ws[k]
				k++
			}
			if k != len(ws) {
				return nil, fmt.Errorf("solution: band %s %s-%s day %s: more shifts than agents", bd.Group, fmtClock(bd.Lo), fmtClock(bd.Hi), DayNames[d])
			}
			for _, sh := range ws {
				r.Cost += bd.Shifts[sh].Cost
				r.PaidHours += bd.Shifts[sh].PaidHours
			}
		}
		// Identical agents make one tour.
		for a := 0; a < len(agents[b]); {
			e := a + 1
			for e < len(agents[b]) && agents[b][e] == agents[b][a] && daily[e] == daily[a] {
				e++
			}
			tr := Tour{Group: bd.Group, Template: bd.Template, PartTime: bd.PartTime, Days: agents[b][a], Agents: e - a}
			for d, k := range daily[a] {
				if k >= 0 {
					tr.Daily[d] = &bd.Shifts[k]
				}
			}
			r.Tours = append(r.Tours, tr)
			a = e
		}
	}
	sort.SliceStable(r.Tours, func(a, b int) bool {
		x, y := &r.Tours[a], &r.Tours[b]
		if x.Group != y.Group {
			return slices.Index(req.Groups, x.Group) < slices.Index(req.Groups, y.Group)
		}
		if c := cmpShift(x.first(), y.first()); c != 0 {
			return c < 0
		}
		return x.Days < y.Days
	})
	n := map[string]int{}
	for i := range r.Tours {
		tr := &r.Tours[i]
		n[tr.Group]++
		tr.ID = fmt.Sprintf("%s-%02d", tr.Group, n[tr.Group])
		r.Shifts = append(r.Shifts, tr.rows()...)
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
				case m.heads[g] >= 0 && r.Heads[g] >= m.heads[g]:
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
	return r, nil
}

// cmpShift orders shifts by start, then length, then break offsets.
func cmpShift(a, b *DayShift) int {
	if a == nil || b == nil {
		switch {
		case a == b:
			return 0
		case a == nil:
			return 1
		}
		return -1
	}
	if a.Start != b.Start {
		return cmp.Compare(a.Start, b.Start)
	}
	if a.Length != b.Length {
		return cmp.Compare(a.Length, b.Length)
	}
	return slices.Compare(a.Breaks, b.Breaks)
}

// first is the tour's shift on its first working day of the week.
func (t *Tour) first() *DayShift {
	for _, s := range t.Daily {
		if s != nil {
			return s
		}
	}
	return nil
}

// rows are the tour as roster rows: the days with the same shift together.
func (t *Tour) rows() []Shift {
	var out []Shift
	var done uint8
	for d, s := range t.Daily {
		if s == nil || done&(1<<d) != 0 {
			continue
		}
		row := Shift{Group: t.Group, Template: t.Template, Tour: t.ID, Start: s.Start, End: s.Start + s.Length, Agents: t.Agents}
		for e := d; e < 7; e++ {
			if o := t.Daily[e]; o != nil && cmpShift(o, s) == 0 {
				row.Days |= 1 << e
				row.Cost += o.Cost * float64(t.Agents)
			}
		}
		done |= row.Days
		row.Breaks = s.breakSpans()
		out = append(out, row)
	}
	return out
}
