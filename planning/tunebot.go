package planning

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// Objectives of TuneBot.
const (
	MinCost        = "min-cost"        // the cheapest point (agents + messages + bot)
	MaxContainment = "max-containment" // the most containment with CSAT ≥ MinCSAT
)

// TuneOptions tune TuneBot.
type TuneOptions struct {
	Thresholds []float64 // bot.threshold values
	MaxTurns   []int     // bot.max_turns values; empty: the scenario's
	Objective  string    // MinCost or MaxContainment
	MinCSAT    float64   // points with a lower CSAT proxy are not recommended (0: no floor)
	// Costs per day: agents by the hour, the bot by conversation it takes.
	AgentHourCost, BotConversationCost float64
	// Staffing: "simulate" runs Staff at every point (agent hours meeting the
	// targets); "erlang" takes the Erlang C start only (fast, rougher).
	Staffing string
	Staff    StaffOptions
	Progress func(points int)
}

// TunePoint is the outcome at one threshold (and max_turns).
type TunePoint struct {
	Threshold float64
	MaxTurns  int
	Report    *reports.Report // with the scenario's own staffing
	// AgentHours needed per day at the targets, and whether they were all met.
	AgentHours float64
	StaffMet   bool
	// Costs per day.
	MessagingCost, BotCost, AgentCost, TotalCost float64
}

// Metric is a whole-run metric of the point.
func (p *TunePoint) Metric(key string) reports.Stat { return p.Report.Metric(key) }

// TuneResult is the threshold curve and the recommendation.
type TuneResult struct {
	Scenario  string
	Seed      uint64
	Objective string
	MinCSAT   float64
	Points    []TunePoint
	Best      int    // index into Points; -1 when no point qualifies
	Why       string // the recommendation in one sentence
	Staffing  string
}

// TuneBot simulates the scenario at every threshold × max_turns, sizes the agents
// each point needs (see Staffing), prices it, and recommends a point for the
// objective. Every point uses the scenario's seed: the same customers.
func TuneBot(sc *scenarios.Scenario, opt TuneOptions) (*TuneResult, error) {
	grid, err := tuneGrid(sc, &opt)
	if err != nil {
		return nil, err
	}
	_, points, err := runTune(sc, opt, grid, func(int) bool { return true })
	if err != nil {
		return nil, err
	}
	res := &TuneResult{Scenario: sc.Name, Seed: sc.Seed, Objective: opt.Objective, MinCSAT: opt.MinCSAT, Points: points, Staffing: opt.Staffing}
	res.Best, res.Why = recommend(res.Points, opt)
	return res, nil
}

// tuneSetting is one point of the tune-bot grid.
type tuneSetting struct {
	threshold float64
	maxTurns  int
}

// tuneGrid checks opt (filling in the default staffing) and lists the points in
// report order, max_turns outer, thresholds inner: the order shards count in.
func tuneGrid(sc *scenarios.Scenario, opt *TuneOptions) ([]tuneSetting, error) {
	if sc.Bot == nil || !sc.Bot.Enabled {
		return nil, fmt.Errorf("the scenario has no enabled bot: section to tune")
	}
	if len(opt.Thresholds) == 0 {
		return nil, fmt.Errorf("no thresholds to try")
	}
	for _, t := range opt.Thresholds {
		if t < 0 || t > 1 {
			return nil, fmt.Errorf("threshold %g: want a share in [0, 1]", t)
		}
	}
	turns := opt.MaxTurns
	if len(turns) == 0 {
		turns = []int{sc.Bot.MaxTurns}
	}
	switch opt.Objective {
	case MinCost, MaxContainment:
	default:
		return nil, fmt.Errorf("objective %q: want %s or %s", opt.Objective, MinCost, MaxContainment)
	}
	switch opt.Staffing {
	case "":
		opt.Staffing = "simulate"
	case "simulate", "erlang":
	default:
		return nil, fmt.Errorf("staffing %q: want simulate or erlang", opt.Staffing)
	}
	var grid []tuneSetting
	for _, mt := range turns {
		for _, th := range opt.Thresholds {
			grid = append(grid, tuneSetting{th, mt})
		}
	}
	return grid, nil
}

// runTune evaluates the points k of grid for which keep(k) holds, in order, and
// returns their indexes with the points. Each point depends only on its settings,
// so a shard's points are exactly those of the whole run.
func runTune(sc *scenarios.Scenario, opt TuneOptions, grid []tuneSetting, keep func(k int) bool) ([]int, []TunePoint, error) {
	var index []int
	var points []TunePoint
	for k, g := range grid {
		if !keep(k) {
			continue
		}
		pt, err := tunePoint(sc, opt, g.threshold, g.maxTurns)
		if err != nil {
			return nil, nil, err
		}
		index, points = append(index, k), append(points, pt)
		if opt.Progress != nil {
			opt.Progress(len(points))
		}
	}
	return index, points, nil
}

// tunePoint simulates one threshold and max_turns, sizes its agents and prices it.
func tunePoint(sc *scenarios.Scenario, opt TuneOptions, th float64, mt int) (TunePoint, error) {
	c := Clone(sc)
	c.Bot.Threshold, c.Bot.MaxTurns = th, mt
	m, err := c.Model()
	if err != nil {
		return TunePoint{}, fmt.Errorf("threshold %g, max_turns %d: %w", th, mt, err)
	}
	rep, err := reports.Simulate(m, opt.Staff.Workers, nil)
	if err != nil {
		return TunePoint{}, err
	}
	pt := TunePoint{Threshold: th, MaxTurns: mt, Report: rep}
	days := math.Max(m.Horizon.Hours()/24, 1e-9)
	if opt.Staffing == "erlang" {
		pt.AgentHours, pt.StaffMet = erlangHours(c, opt.Staff.Targets)
	} else {
		s, err := Staff(c, opt.Staff)
		if err != nil {
			return TunePoint{}, fmt.Errorf("threshold %g, max_turns %d: %w", th, mt, err)
		}
		pt.AgentHours, pt.StaffMet = s.AgentHours, s.Met
	}
	pt.MessagingCost = rep.Metric("cost").Mean / days
	pt.BotCost = rep.Metric("offered").Mean / days * opt.BotConversationCost
	pt.AgentCost = pt.AgentHours * opt.AgentHourCost
	pt.TotalCost = pt.MessagingCost + pt.BotCost + pt.AgentCost
	return pt, nil
}

// erlangHours is the Erlang C start's agent hours per day.
func erlangHours(sc *scenarios.Scenario, t Targets) (float64, bool) {
	m, err := sc.Model()
	if err != nil {
		return math.NaN(), false
	}
	hours := 0.0
	for _, l := range OfferedLoad(sc, m) {
		for g, gl := range l.Groups {
			hours += float64(ErlangAgents(gl, m.Groups[g].Concurrency, m.SLAWithin, t.ServiceLevel, t.MaxUtilization)) * m.Interval.Hours()
		}
	}
	return hours, true
}

// recommend picks the point for the objective among those that qualify (targets
// met by the staffing, CSAT proxy at or above the floor).
func recommend(points []TunePoint, opt TuneOptions) (int, string) {
	best := -1
	for i := range points {
		p := &points[i]
		csat := p.Metric("csat").Mean
		if !p.StaffMet || (opt.MinCSAT > 0 && !(csat >= opt.MinCSAT)) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := &points[best]
		switch opt.Objective {
		case MinCost:
			if p.TotalCost < b.TotalCost {
				best = i
			}
		case MaxContainment:
			pc, bc := p.Metric("bot_containment").Mean, b.Metric("bot_containment").Mean
			if pc > bc || (pc == bc && p.TotalCost < b.TotalCost) {
				best = i
			}
		}
	}
	if best < 0 {
		if opt.MinCSAT > 0 {
			return -1, fmt.Sprintf("no threshold keeps the CSAT proxy at %.2f or more with the targets met", opt.MinCSAT)
		}
		return -1, "no threshold meets the targets"
	}
	p := &points[best]
	floor := ""
	if opt.MinCSAT > 0 {
		floor = fmt.Sprintf(" among points with CSAT proxy ≥ %.2f", opt.MinCSAT)
	}
	switch opt.Objective {
	case MinCost:
		return best, fmt.Sprintf("threshold %g (max_turns %d): lowest cost%s, %s %.0f per day (agents %.0f h), containment %.1f%%, CSAT %.2f",
			p.Threshold, p.MaxTurns, floor, Currency, p.TotalCost, p.AgentHours, 100*p.Metric("bot_containment").Mean, p.Metric("csat").Mean)
	default:
		return best, fmt.Sprintf("threshold %g (max_turns %d): highest containment%s, %.1f%%, CSAT %.2f, cost %s %.0f per day",
			p.Threshold, p.MaxTurns, floor, 100*p.Metric("bot_containment").Mean, p.Metric("csat").Mean, Currency, p.TotalCost)
	}
}

// DefaultThresholds is the threshold grid tune-bot tries without --thresholds.
func DefaultThresholds() []float64 {
	var out []float64
	for k := 0; k <= 10; k++ {
		out = append(out, round12(float64(k)/10))
	}
	return out
}

// Key is a canonical text of the options that change tune-bot's results (not
// Progress or Workers, which do not), for the fingerprint that keeps shards of
// different runs from being merged.
func (o TuneOptions) Key() string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	var b strings.Builder
	b.WriteString("thresholds=")
	for _, t := range o.Thresholds {
		b.WriteString(g(t) + ",")
	}
	b.WriteString(" max_turns=")
	for _, t := range o.MaxTurns {
		b.WriteString(strconv.Itoa(t) + ",")
	}
	staffing := o.Staffing
	if staffing == "" {
		staffing = "simulate"
	}
	t := o.Staff.Targets
	fmt.Fprintf(&b, " objective=%s min_csat=%s agent_cost=%s bot_cost=%s staffing=%s service_level=%s abandon_rate=%s max_utilization=%s shrinkage=%s max_evaluations=%d",
		o.Objective, g(o.MinCSAT), g(o.AgentHourCost), g(o.BotConversationCost), staffing,
		g(t.ServiceLevel), g(t.AbandonRate), g(t.MaxUtilization), g(o.Staff.Shrinkage), o.Staff.MaxEvaluations)
	// The decision options, when set (a key of defaults stays what it was).
	if s := o.Staff; s.Confidence != 0 || s.Tolerance != 0 || s.MaxReplications != 0 || s.VerifyReplications != 0 {
		fmt.Fprintf(&b, " confidence=%s tolerance=%s max_replications=%d verify_replications=%d",
			g(s.Confidence), g(s.Tolerance), s.MaxReplications, s.VerifyReplications)
	}
	return b.String()
}
