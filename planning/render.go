package planning

import (
	"encoding/json"
	"fmt"
	"github.com/omnisim/omnisim/sim"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
)

// Currency is the currency of every cost: the channel price catalog's (package
// channels records each table's currency; the built-in tables are in USD), and
// tune-bot's --agent-cost and --bot-cost are taken in it.
const Currency = "USD"

// jsonStat is a Stat in JSON: {"mean": …, "ci95": …}, null when undefined.
type jsonStat struct {
	Mean *float64 `json:"mean"`
	CI95 *float64 `json:"ci95"`
}

func stat(s reports.Stat) jsonStat { return jsonStat{num(s.Mean), num(s.CI95)} }

func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	r := round12(v)
	return &r
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// write dispatches on format for results rendered as a page (text is the
// Markdown tables without charts, which read well in a terminal).
func write(w io.Writer, format string, page func() *reports.Page, tables func() []*reports.Table, asJSON func(io.Writer) error) error {
	switch format {
	case "json":
		return asJSON(w)
	case "html":
		return page().WriteHTML(w)
	case "md":
		return page().WriteMarkdown(w)
	case "csv":
		for i, t := range tables() {
			if i > 0 {
				if _, err := io.WriteString(w, "\n"); err != nil {
					return err
				}
			}
			if err := t.WriteCSV(w); err != nil {
				return err
			}
		}
		return nil
	case "text", "":
		return writeText(w, page())
	}
	return fmt.Errorf("unknown format %q", format)
}

// writeText prints a page's text and tables as aligned columns.
func writeText(w io.Writer, p *reports.Page) error {
	var b strings.Builder
	b.WriteString(p.Title + "\n")
	if p.Subtitle != "" {
		b.WriteString(p.Subtitle + "\n")
	}
	for _, s := range p.Sections {
		if s.Heading != "" {
			b.WriteString("\n" + s.Heading + "\n")
		}
		if s.Text != "" {
			b.WriteString(s.Text + "\n")
		}
		for _, t := range s.Tables {
			if t.Title != "" {
				b.WriteString("\n" + t.Title + "\n")
			}
			widths := make([]int, len(t.Columns))
			for i, c := range t.Columns {
				widths[i] = len([]rune(c))
			}
			for _, r := range t.Rows {
				for i, c := range r {
					if i < len(widths) {
						widths[i] = max(widths[i], len([]rune(c)))
					}
				}
			}
			line := func(cells []string) {
				for i, c := range cells {
					pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
					if i == 0 {
						b.WriteString(c + pad)
					} else {
						b.WriteString("  " + pad + c)
					}
				}
				b.WriteString("\n")
			}
			line(t.Columns)
			for _, r := range t.Rows {
				line(r)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// DefaultSweepMetrics are the columns of a sweep table.
var DefaultSweepMetrics = []string{"service_level", "asa_seconds", "wait_p90_seconds", "abandon_rate", "utilization", "bot_containment", "csat", "cost"}

// SweepView renders a sweep result with the chosen metrics.
type SweepView struct {
	*SweepResult
	Metrics []string
}

// Write renders the sweep in format: text, json, csv, md or html.
func (v SweepView) Write(w io.Writer, format string) error {
	return write(w, format, v.Page, func() []*reports.Table { return []*reports.Table{v.Table()} }, v.WriteJSON)
}

func (v SweepView) metrics() []string {
	if len(v.Metrics) > 0 {
		return v.Metrics
	}
	return DefaultSweepMetrics
}

// Table has one row per point: the settings, then each metric's mean ± CI (CSV:
// mean and ci95 columns).
func (v SweepView) Table() *reports.Table {
	t := &reports.Table{}
	for _, a := range v.Axes {
		t.Columns = append(t.Columns, a.Key)
	}
	head := append([]string(nil), t.Columns...)
	for _, k := range v.metrics() {
		t.Columns = append(t.Columns, metrics.Label(k))
		head = append(head, k, k+"_ci95")
	}
	for i, p := range v.Points {
		var row, raw []string
		for a := range v.Axes {
			s := strconv.FormatFloat(p[a], 'g', -1, 64)
			row, raw = append(row, s), append(raw, s)
		}
		for _, k := range v.metrics() {
			s := v.Reports[i].Metric(k)
			row = append(row, reports.FormatStat(k, s))
			raw = append(raw, reports.Raw(s.Mean), reports.Raw(s.CI95))
		}
		t.Rows, t.Raw = append(t.Rows, row), append(t.Raw, raw)
	}
	t.CSVColumns = head // CSV: a mean and a ci95 column per metric
	return t
}

// WriteJSON writes {"scenario", "seed", "axes", "points": [{"settings": {KEY: v},
// "metrics": {KEY: {"mean", "ci95"}}}]} with every metric key.
func (v SweepView) WriteJSON(w io.Writer) error {
	type point struct {
		Settings map[string]float64  `json:"settings"`
		Metrics  map[string]jsonStat `json:"metrics"`
	}
	out := struct {
		Scenario string  `json:"scenario"`
		Seed     uint64  `json:"seed"`
		Axes     []Axis  `json:"axes"`
		Points   []point `json:"points"`
	}{Scenario: v.Scenario, Seed: v.Seed, Axes: v.Axes}
	for i, p := range v.Points {
		pt := point{Settings: map[string]float64{}, Metrics: map[string]jsonStat{}}
		for a, ax := range v.Axes {
			pt.Settings[ax.Key] = p[a]
		}
		for _, k := range metrics.Keys {
			pt.Metrics[k] = stat(v.Reports[i].Metric(k))
		}
		out.Points = append(out.Points, pt)
	}
	return writeJSON(w, out)
}

// Page is the sweep's HTML page: a chart per metric against the first axis (a line
// per combination of the other axes, at most six) and the table.
func (v SweepView) Page() *reports.Page {
	p := &reports.Page{
		Title:    "omnisim sweep: " + v.Scenario,
		Subtitle: fmt.Sprintf("seed %d · %d points · common random numbers (every point sees the same customers) · mean per replication ± 95 %% CI half-width", v.Seed, len(v.Points)),
	}
	if len(v.Reports) > 0 && v.Reports[0] != nil {
		p.Sections = append(p.Sections, reports.Section{Heading: "Terms", Tables: []*reports.Table{v.Reports[0].TermsTable()}})
	}
	var charts []*reports.Chart
	if len(v.Axes) > 0 {
		for _, k := range v.metrics() {
			ch := &reports.Chart{Title: capitalize(metrics.Label(k)) + " by " + v.Axes[0].Key + " (95 % CI band)", XLabel: v.Axes[0].Key,
				YLabel: metrics.Label(k), Percent: metrics.IsShare(k)}
			series := map[string]*reports.Series{}
			var order []string
			for i, pt := range v.Points {
				var rest []string
				for a := 1; a < len(v.Axes); a++ {
					rest = append(rest, v.Axes[a].Key+"="+strconv.FormatFloat(pt[a], 'g', -1, 64))
				}
				name := strings.Join(rest, " ")
				s, ok := series[name]
				if !ok {
					if len(order) >= 6 {
						continue
					}
					s = &reports.Series{Name: name}
					series[name] = s
					order = append(order, name)
				}
				st := v.Reports[i].Metric(k)
				s.X = append(s.X, pt[0])
				s.Y = append(s.Y, st.Mean)
				s.Lo = append(s.Lo, st.Mean-st.CI95)
				s.Hi = append(s.Hi, st.Mean+st.CI95)
			}
			for _, name := range order {
				ch.Series = append(ch.Series, *series[name])
			}
			charts = append(charts, ch)
		}
	}
	p.Sections = append(p.Sections,
		reports.Section{Heading: "Metrics by setting", Charts: charts},
		reports.Section{Heading: "Table", Tables: []*reports.Table{v.Table()}},
	)
	return p
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Write renders the staffing requirement in format: text, json, csv, md or html.
func (r *StaffResult) Write(w io.Writer, format string) error {
	return write(w, format, r.Page, r.tables, r.WriteJSON)
}

// tables are the result's tables: by interval, then the deferred channels' if any.
func (r *StaffResult) tables() []*reports.Table {
	out := []*reports.Table{r.Table()}
	if len(r.Deferred) > 0 {
		out = append(out, r.DeferredTable())
	}
	return out
}

// DeferredTable has one row per deferred channel: its workload, the head
// count that clears it within the deadline, the fluid minimum and the
// work-conservation bound.
func (r *StaffResult) DeferredTable() *reports.Table {
	t := &reports.Table{Title: "Deferred work: backlog cleared within its deadline",
		Columns: []string{"channel", "group", "within", "max occupancy", "items/day", "backlog", "work/item", "agents", "fluid", "bound", "occupancy", "longest", "agent hours/day"},
		CSVColumns: []string{"channel", "group", "within_seconds", "max_occupancy", "items_per_day", "initial", "work_seconds", "agents", "fluid_agents",
			"bound_agents", "occupancy", "longest_seconds", "agent_hours"}}
	for _, d := range r.Deferred {
		t.Rows = append(t.Rows, []string{d.Channel, d.Group, sim.ShortDuration(d.Within), reports.Format("utilization", d.MaxOccupancy),
			fmt.Sprintf("%.1f", d.ItemsPerDay), fmt.Sprintf("%.0f", d.Initial), sim.ShortDuration(d.Work.Round(time.Second)), strconv.Itoa(d.Plan.Agents),
			fmt.Sprintf("%.2f", d.Plan.Fluid), fmt.Sprintf("%.2f", d.Bound), reports.Format("utilization", d.Plan.Occupancy),
			sim.ShortDuration(d.Plan.Longest.Round(time.Minute)), fmt.Sprintf("%.1f", d.AgentHours)})
		t.Raw = append(t.Raw, []string{d.Channel, d.Group, reports.Raw(d.Within.Seconds()), reports.Raw(d.MaxOccupancy), reports.Raw(d.ItemsPerDay),
			reports.Raw(d.Initial), reports.Raw(d.Work.Seconds()), strconv.Itoa(d.Plan.Agents), reports.Raw(d.Plan.Fluid), reports.Raw(d.Bound),
			reports.Raw(d.Plan.Occupancy), reports.Raw(d.Plan.Longest.Seconds()), reports.Raw(d.AgentHours)})
	}
	return t
}

// Table has one row per interval: load, requirement per group (and scheduled
// heads with shrinkage), Erlang C, and the simulated outcome. Staffed by
// weekday, a row per weekday and interval, the weekday first.
func (r *StaffResult) Table() *reports.Table {
	t := &reports.Table{Columns: []string{"start", "offered/h", "routed/h"}}
	csv := []string{"start", "offered_per_hour", "routed_per_hour"}
	if r.ByWeekday {
		t.Columns, csv = append([]string{"weekday"}, t.Columns...), append([]string{"weekday"}, csv...)
	}
	for _, g := range r.Groups {
		t.Columns = append(t.Columns, g+" agents")
		csv = append(csv, "agents_"+g)
	}
	if r.Shrinkage > 0 {
		for _, g := range r.Groups {
			t.Columns = append(t.Columns, g+" scheduled")
			csv = append(csv, "scheduled_"+g)
		}
	}
	t.Columns = append(t.Columns, "fractional", "Erlang C agents", "occupancy", "service level ± 95 % CI", "abandon rate", "utilization",
		"reps", "verified service level", "holds")
	csv = append(csv, "fractional_agents", "erlang_c_agents", "occupancy", "service_level", "service_level_ci95", "abandon_rate", "utilization",
		"replications", "verified_service_level", "verified_service_level_ci95", "holds")
	for _, is := range r.Intervals {
		row := []string{is.Start, fmt.Sprintf("%.1f", is.OfferedPerHour), fmt.Sprintf("%.1f", is.RoutedPerHour)}
		raw := []string{is.Start, reports.Raw(is.OfferedPerHour), reports.Raw(is.RoutedPerHour)}
		if r.ByWeekday {
			row, raw = append([]string{is.Weekday}, row...), append([]string{is.Weekday}, raw...)
		}
		for _, n := range is.Agents {
			row, raw = append(row, strconv.Itoa(n)), append(raw, strconv.Itoa(n))
		}
		if r.Shrinkage > 0 {
			for _, n := range is.Scheduled {
				row, raw = append(row, strconv.Itoa(n)), append(raw, strconv.Itoa(n))
			}
		}
		erl := sum(is.ErlangC)
		frac, occ := is.fractionalTotal(), is.occupancyTotal()
		holds := "no"
		switch {
		case is.Verified.Confident:
			holds = "yes"
		case is.Verified.Holds:
			holds = "mean" // the mean meets the target, the CI reaches below it
		}
		row = append(row, fmt.Sprintf("%.1f", frac), strconv.Itoa(erl), reports.Format("utilization", occ), reports.FormatStat("service_level", is.ServiceLevel),
			reports.Format("abandon_rate", is.AbandonRate.Mean), reports.Format("utilization", is.Utilization.Mean),
			strconv.Itoa(is.Replications), reports.FormatStat("service_level", is.Verified.ServiceLevel), holds)
		raw = append(raw, reports.Raw(frac), strconv.Itoa(erl), reports.Raw(occ), reports.Raw(is.ServiceLevel.Mean), reports.Raw(is.ServiceLevel.CI95),
			reports.Raw(is.AbandonRate.Mean), reports.Raw(is.Utilization.Mean),
			strconv.Itoa(is.Replications), reports.Raw(is.Verified.ServiceLevel.Mean), reports.Raw(is.Verified.ServiceLevel.CI95), holds)
		t.Rows, t.Raw = append(t.Rows, row), append(t.Raw, raw)
	}
	t.CSVColumns = csv
	return t
}

// fractionalTotal is the un-rounded requirement over all groups.
func (is *IntervalStaff) fractionalTotal() float64 {
	f := 0.0
	for _, x := range is.Fractional {
		f += x
	}
	return f
}

// occupancyTotal is the offered load of every group over all agents required
// (each group's Erlangs are its occupancy × agents × concurrency).
func (is *IntervalStaff) occupancyTotal() float64 {
	load, agents := 0.0, 0.0
	for g, o := range is.Occupancy {
		if !math.IsNaN(o) {
			load += o * float64(is.Agents[g])
			agents += float64(is.Agents[g])
		}
	}
	if agents == 0 {
		return math.NaN()
	}
	return load / agents
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// WriteJSON writes DESIGN.md's staffing object: {"intervals": [{"start",
// "offered_per_hour", "agents": {GROUP: N}, "erlang_c_agents", "service_level":
// {"mean", "ci95"}, …}], "agent_hours", …}.
func (r *StaffResult) WriteJSON(w io.Writer) error {
	type interval struct {
		Weekday        string              `json:"weekday,omitempty"`
		Start          string              `json:"start"`
		OfferedPerHour *float64            `json:"offered_per_hour"`
		RoutedPerHour  *float64            `json:"routed_per_hour"`
		Agents         map[string]int      `json:"agents"`
		Scheduled      map[string]int      `json:"scheduled,omitempty"`
		ErlangCAgents  int                 `json:"erlang_c_agents"`
		ErlangC        map[string]int      `json:"erlang_c"`
		ServiceLevel   jsonStat            `json:"service_level"`
		AbandonRate    jsonStat            `json:"abandon_rate"`
		Utilization    jsonStat            `json:"utilization"`
		Fractional     map[string]*float64 `json:"fractional_agents"`
		Occupancy      map[string]*float64 `json:"occupancy"`
		Replications   int                 `json:"replications"`
		Verified       struct {
			ServiceLevel jsonStat `json:"service_level"`
			AbandonRate  jsonStat `json:"abandon_rate"`
			Utilization  jsonStat `json:"utilization"`
			Holds        bool     `json:"holds"`
			Confident    bool     `json:"confident"`
		} `json:"verified"`
	}
	type decision struct {
		Confidence      float64 `json:"confidence"`
		Tolerance       float64 `json:"tolerance"`
		Initial         int     `json:"initial_replications"`
		Max             int     `json:"max_replications"`
		LookConfidence  float64 `json:"look_confidence"`
		Simulations     int     `json:"simulations"`
		VerifyFrom      int     `json:"verify_first_replication"`
		VerifyReps      int     `json:"verify_replications"`
		VerifyRounds    int     `json:"verify_rounds"`
		VerifySimulated int     `json:"verify_simulations"`
	}
	out := struct {
		Scenario          string             `json:"scenario"`
		Seed              uint64             `json:"seed"`
		Replications      int                `json:"replications"`
		IntervalMinutes   float64            `json:"interval_minutes"`
		Targets           map[string]any     `json:"targets"`
		Shrinkage         float64            `json:"shrinkage"`
		Intervals         []interval         `json:"intervals"`
		AgentHours        float64            `json:"agent_hours"`
		ScheduledHours    float64            `json:"scheduled_agent_hours"`
		ErlangCAgentHours float64            `json:"erlang_c_agent_hours"`
		ServiceLevel      jsonStat           `json:"service_level"`
		Met               bool               `json:"met"`
		Unmet             []string           `json:"unmet_intervals"`
		Evaluations       int                `json:"evaluations"`
		NaiveEvaluations  int                `json:"naive_evaluations"`
		Repairs           int                `json:"repairs"`
		Decision          decision           `json:"decision"`
		GroupAgentHours   map[string]float64 `json:"agent_hours_by_group"`
		Scale             float64            `json:"arrivals_scale"`
		ByWeekday         bool               `json:"differs_by_weekday"`
		WeekdayHours      map[string]float64 `json:"agent_hours_by_weekday,omitempty"`
		WeekdaySchedHours map[string]float64 `json:"scheduled_agent_hours_by_weekday,omitempty"`
		WeekdayErlang     map[string]float64 `json:"erlang_c_agent_hours_by_weekday,omitempty"`
		Deferred          []deferredJSON     `json:"deferred,omitempty"`
	}{
		Scenario: r.Scenario, Seed: r.Seed, Replications: r.Replications, IntervalMinutes: r.Interval.Minutes(),
		Targets:   map[string]any{"service_level": r.Targets.ServiceLevel, "within_seconds": r.SLAWithin.Seconds()},
		Shrinkage: r.Shrinkage, AgentHours: round12(r.AgentHours), ScheduledHours: round12(r.ScheduledHours),
		ErlangCAgentHours: round12(r.ErlangCAgentHours), ServiceLevel: stat(r.ServiceLevelDaily), Met: r.Met,
		Unmet: append([]string{}, r.UnmetIntervals...), Evaluations: r.Evaluations, NaiveEvaluations: r.NaiveEvaluations, Repairs: r.Repairs,
		Decision: decision{Confidence: r.Rule.Confidence, Tolerance: r.Rule.Tolerance, Initial: r.Rule.Initial, Max: r.Rule.Max,
			LookConfidence: round12(r.Rule.LookConfidence()), Simulations: r.Simulations, VerifyFrom: r.VerifyFrom,
			VerifyReps: r.VerifyReplications, VerifyRounds: r.VerifyRounds, VerifySimulated: r.VerifySimulations},
		GroupAgentHours: map[string]float64{}, Scale: r.Scale, ByWeekday: r.ByWeekday,
	}
	for g, name := range r.Groups {
		if g < len(r.GroupAgentHours) {
			out.GroupAgentHours[name] = round12(r.GroupAgentHours[g])
		}
	}
	if r.Targets.AbandonRate > 0 {
		out.Targets["abandon_rate"] = r.Targets.AbandonRate
	}
	if r.Targets.MaxUtilization > 0 {
		out.Targets["utilization"] = r.Targets.MaxUtilization
	}
	if len(r.WeekdayHours) > 0 {
		out.WeekdayHours, out.WeekdaySchedHours, out.WeekdayErlang = map[string]float64{}, map[string]float64{}, map[string]float64{}
		for _, wh := range r.WeekdayHours {
			out.WeekdayHours[wh.Weekday] = round12(wh.AgentHours)
			out.WeekdaySchedHours[wh.Weekday] = round12(wh.ScheduledHours)
			out.WeekdayErlang[wh.Weekday] = round12(wh.ErlangCHours)
		}
	}
	for _, d := range r.Deferred {
		out.Deferred = append(out.Deferred, deferredJSON{Channel: d.Channel, Group: d.Group, Within: d.Within.Seconds(), MaxOccupancy: d.MaxOccupancy,
			ItemsPerDay: round12(d.ItemsPerDay), Initial: d.Initial, AgeSeconds: d.Age.Seconds(), Work: round12(d.Work.Seconds()),
			PeriodHours: d.Period.Hours(), Present: round12(d.Present), Agents: d.Plan.Agents, Fluid: round12(d.Plan.Fluid), Bound: round12(d.Bound),
			Occupancy: num(d.Plan.Occupancy), Longest: round12(d.Plan.Longest.Seconds()), AgentHours: round12(d.AgentHours)})
	}
	for _, is := range r.Intervals {
		iv := interval{
			Weekday: is.Weekday, Start: is.Start, OfferedPerHour: num(is.OfferedPerHour), RoutedPerHour: num(is.RoutedPerHour),
			Agents: map[string]int{}, ErlangC: map[string]int{}, ErlangCAgents: sum(is.ErlangC),
			ServiceLevel: stat(is.ServiceLevel), AbandonRate: stat(is.AbandonRate), Utilization: stat(is.Utilization),
			Fractional: map[string]*float64{}, Occupancy: map[string]*float64{}, Replications: is.Replications,
		}
		iv.Verified.ServiceLevel, iv.Verified.AbandonRate = stat(is.Verified.ServiceLevel), stat(is.Verified.AbandonRate)
		iv.Verified.Utilization, iv.Verified.Holds, iv.Verified.Confident = stat(is.Verified.Utilization), is.Verified.Holds, is.Verified.Confident
		for g, name := range r.Groups {
			iv.Agents[name] = is.Agents[g]
			iv.ErlangC[name] = is.ErlangC[g]
			if g < len(is.Fractional) {
				iv.Fractional[name], iv.Occupancy[name] = num(round12(is.Fractional[g])), num(is.Occupancy[g])
			}
		}
		if r.Shrinkage > 0 {
			iv.Scheduled = map[string]int{}
			for g, name := range r.Groups {
				iv.Scheduled[name] = is.Scheduled[g]
			}
		}
		out.Intervals = append(out.Intervals, iv)
	}
	return writeJSON(w, out)
}

// deferredJSON is a deferred channel's requirement in staff's JSON.
type deferredJSON struct {
	Channel      string   `json:"channel"`
	Group        string   `json:"group"`
	Within       float64  `json:"within_seconds"`
	MaxOccupancy float64  `json:"max_occupancy"`
	ItemsPerDay  float64  `json:"items_per_day"`
	Initial      float64  `json:"initial"`
	AgeSeconds   float64  `json:"initial_age_seconds"`
	Work         float64  `json:"work_seconds"`
	PeriodHours  float64  `json:"period_hours"`
	Present      float64  `json:"present_share"`
	Agents       int      `json:"agents"`
	Fluid        float64  `json:"fluid_agents"`
	Bound        float64  `json:"bound_agents"`
	Occupancy    *float64 `json:"occupancy"`
	Longest      float64  `json:"longest_seconds"`
	AgentHours   float64  `json:"agent_hours"`
}

// Page is the staffing page: requirement vs Erlang C (and the scenario's own
// schedule when given), service level by interval, and the table.
func (r *StaffResult) Page() *reports.Page {
	p := &reports.Page{
		Title: "omnisim staff: " + r.Scenario,
		Subtitle: fmt.Sprintf("seed %d · interval %v · target service level %.0f %% of routed conversations accepted within %v · "+
			"each decision sequential at %s confidence, tolerance %s points, %d to %d replications · "+
			"%d whole-day evaluations, %d replications simulated (a per-interval linear search would take %d evaluations) · "+
			"verified on %d fresh replications",
			r.Seed, sim.ShortDuration(r.Interval), 100*r.Targets.ServiceLevel, reports.SLADuration(r.SLAWithin),
			percent(r.Rule.Confidence), strconv.FormatFloat(100*r.Rule.Tolerance, 'g', 3, 64), r.Rule.Initial, r.Rule.Max,
			r.Evaluations, r.Simulations, r.NaiveEvaluations, r.VerifyReplications),
	}
	labels := make([]string, len(r.Intervals))
	x := make([]float64, len(r.Intervals))
	for i, is := range r.Intervals {
		labels[i], x[i] = is.Start, float64(i)
		if is.Weekday != "" {
			labels[i] = is.Weekday + " " + is.Start
		}
	}
	staffing := &reports.Chart{Title: "Agents required by interval, against today's schedule and Erlang C", XLabel: "interval start", YLabel: "agents", XLabels: labels}
	for g, name := range r.Groups {
		req := make([]float64, len(x))
		for i, is := range r.Intervals {
			req[i] = float64(is.Agents[g])
		}
		staffing.Series = append(staffing.Series, reports.Series{Name: name + " required", X: x, Y: req, Steps: true})
		if g < len(r.Current) {
			staffing.Series = append(staffing.Series, reports.Series{Name: name + " scheduled now", X: x, Y: r.Current[g], Steps: true, Dashed: true})
		}
	}
	erl := make([]float64, len(x))
	for i, is := range r.Intervals {
		erl[i] = float64(sum(is.ErlangC))
	}
	staffing.Series = append(staffing.Series, reports.Series{Name: "Erlang C (all groups)", X: x, Y: erl, Steps: true, Dashed: true})
	sl := &reports.Chart{Title: fmt.Sprintf("Service level with the requirement: accepted within %s (95 %% CI band)", reports.SLADuration(r.SLAWithin)),
		XLabel: "interval start", YLabel: "share of routed conversations", XLabels: labels, Percent: true,
		YMin: 0, YMax: 1.02, Target: r.Targets.ServiceLevel, TargetName: fmt.Sprintf("target %.0f %%", 100*r.Targets.ServiceLevel)}
	y, lo, hi, ut := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
	for i, is := range r.Intervals {
		y[i], lo[i], hi[i] = is.ServiceLevel.Mean, is.ServiceLevel.Mean-is.ServiceLevel.CI95, is.ServiceLevel.Mean+is.ServiceLevel.CI95
		ut[i] = is.Utilization.Mean
	}
	sl.Series = []reports.Series{{Name: "service level", X: x, Y: y, Lo: lo, Hi: hi}, {Name: "utilization (capacity in use)", X: x, Y: ut, Dashed: true}}
	verified := fmt.Sprintf("on %d fresh replications (%d…%d) the search never saw", r.VerifyReplications, r.VerifyFrom, r.VerifyFrom+r.VerifyReplications-1)
	met := "every interval meets the targets " + verified
	unsure := 0
	for _, is := range r.Intervals {
		if is.Verified.Holds && !is.Verified.Confident {
			unsure++
		}
	}
	if unsure > 0 {
		met += fmt.Sprintf(" (%d by the mean, their 95 %% CI reaching below a target: holds \"mean\")", unsure)
	}
	if !r.Met {
		met = "intervals missing the targets (in the search or " + verified + "): " + strings.Join(r.UnmetIntervals, ", ")
	}
	summary := fmt.Sprintf("%.1f agent hours per day (Erlang C start: %.1f)", r.AgentHours, r.ErlangCAgentHours)
	if len(r.Groups) > 1 {
		var parts []string
		for g, name := range r.Groups {
			if g < len(r.GroupAgentHours) {
				parts = append(parts, fmt.Sprintf("%s %.1f", name, r.GroupAgentHours[g]))
			}
		}
		summary += " — " + strings.Join(parts, ", ")
	}
	if len(r.WeekdayHours) > 0 {
		var parts []string
		for _, wh := range r.WeekdayHours {
			parts = append(parts, fmt.Sprintf("%s %.1f", wh.Weekday, wh.AgentHours))
		}
		summary = strings.Replace(summary, "agent hours per day", "agent hours per day on average", 1)
		met += "; arrivals or schedules differ by weekday, so each weekday is staffed, searched and verified on its own " +
			"(agent hours " + strings.Join(parts, ", ") + ")"
	}
	if r.Scale != 1 && r.Scale != 0 {
		summary = fmt.Sprintf("with every arrival rate × %g: ", r.Scale) + summary
	}
	if r.Shrinkage > 0 {
		summary += fmt.Sprintf("; %.1f scheduled hours with %.0f%% shrinkage", r.ScheduledHours, 100*r.Shrinkage)
	}
	p.Sections = []reports.Section{
		{Heading: "Requirement", Text: summary + "; " + met + ".", Charts: []*reports.Chart{staffing, sl}},
		{Heading: "By interval", Tables: []*reports.Table{r.Table()}},
	}
	if len(r.Deferred) > 0 {
		var parts []string
		for _, d := range r.Deferred {
			parts = append(parts, fmt.Sprintf("%s: %d %s agents clear its backlog and arrivals within %s at most %s occupancy (fluid minimum %.2f, work-conservation bound %.2f; longest %s)",
				d.Channel, d.Plan.Agents, d.Group, sim.ShortDuration(d.Within), reports.Format("utilization", d.MaxOccupancy), d.Plan.Fluid, d.Bound,
				sim.ShortDuration(d.Plan.Longest.Round(time.Minute))))
		}
		p.Sections = append(p.Sections, reports.Section{Heading: "Deferred work",
			Text: "Planned as backlog cleared within its deadline, not as an interval service level, and on top of the intervals' requirement: " +
				strings.Join(parts, "; ") + ".",
			Tables: []*reports.Table{r.DeferredTable()}})
	}
	return p
}

// Write renders the bot threshold curve in format: text, json, csv, md or html.
func (r *TuneResult) Write(w io.Writer, format string) error {
	return write(w, format, r.Page, func() []*reports.Table { return []*reports.Table{r.Table()} }, r.WriteJSON)
}

// tuneMetrics are the curve's metrics, from the simulation at each point.
var tuneMetrics = []string{"bot_containment", "escalated_asked", "escalated_low_confidence", "escalated_max_turns", "bot_failed_share", "csat", "service_level"}

// Table has one row per point.
func (r *TuneResult) Table() *reports.Table {
	t := &reports.Table{Columns: []string{"bot threshold", "max turns"}}
	csv := []string{"threshold", "max_turns"}
	for _, k := range tuneMetrics {
		t.Columns = append(t.Columns, metrics.Label(k))
		csv = append(csv, k, k+"_ci95")
	}
	t.Columns = append(t.Columns, "agent hours per day", "cost per day ("+Currency+")")
	csv = append(csv, "agent_hours", "messaging_cost", "bot_cost", "agent_cost", "cost_per_day", "recommended")
	for i := range r.Points {
		p := &r.Points[i]
		th, mt := strconv.FormatFloat(p.Threshold, 'g', -1, 64), strconv.Itoa(p.MaxTurns)
		row, raw := []string{th, mt}, []string{th, mt}
		if i == r.Best {
			row[0] += " ◀ recommended"
		}
		for _, k := range tuneMetrics {
			s := p.Metric(k)
			row = append(row, reports.FormatStat(k, s))
			raw = append(raw, reports.Raw(s.Mean), reports.Raw(s.CI95))
		}
		hours := fmt.Sprintf("%.1f", p.AgentHours)
		if !p.StaffMet {
			hours += " (unmet)"
		}
		row = append(row, hours, fmt.Sprintf("%.2f", p.TotalCost))
		raw = append(raw, reports.Raw(p.AgentHours), reports.Raw(p.MessagingCost), reports.Raw(p.BotCost), reports.Raw(p.AgentCost),
			reports.Raw(p.TotalCost), strconv.FormatBool(i == r.Best))
		t.Rows, t.Raw = append(t.Rows, row), append(t.Raw, raw)
	}
	t.CSVColumns = csv
	return t
}

// WriteJSON writes {"scenario", "seed", "objective", "currency", "points": [{"threshold",
// "max_turns", "metrics": {…}, "agent_hours", "cost": {…}}], "recommended": {…}}.
func (r *TuneResult) WriteJSON(w io.Writer) error {
	type point struct {
		Threshold  float64             `json:"threshold"`
		MaxTurns   int                 `json:"max_turns"`
		Metrics    map[string]jsonStat `json:"metrics"`
		AgentHours *float64            `json:"agent_hours"`
		StaffMet   bool                `json:"targets_met"`
		Cost       map[string]*float64 `json:"cost_per_day"`
	}
	out := struct {
		Scenario    string  `json:"scenario"`
		Seed        uint64  `json:"seed"`
		Objective   string  `json:"objective"`
		MinCSAT     float64 `json:"min_csat,omitempty"`
		Staffing    string  `json:"staffing"`
		Currency    string  `json:"currency"` // of every cost
		Points      []point `json:"points"`
		Recommended *point  `json:"recommended"`
		Why         string  `json:"why"`
	}{Scenario: r.Scenario, Seed: r.Seed, Objective: r.Objective, MinCSAT: r.MinCSAT, Staffing: r.Staffing, Currency: Currency, Why: r.Why}
	for i := range r.Points {
		p := &r.Points[i]
		pt := point{Threshold: p.Threshold, MaxTurns: p.MaxTurns, Metrics: map[string]jsonStat{}, AgentHours: num(p.AgentHours), StaffMet: p.StaffMet,
			Cost: map[string]*float64{"messaging": num(p.MessagingCost), "bot": num(p.BotCost), "agents": num(p.AgentCost), "total": num(p.TotalCost)}}
		for _, k := range tuneMetrics {
			pt.Metrics[k] = stat(p.Metric(k))
		}
		pt.Metrics["cost"] = stat(p.Metric("cost"))
		out.Points = append(out.Points, pt)
	}
	if r.Best >= 0 {
		out.Recommended = &out.Points[r.Best]
	}
	return writeJSON(w, out)
}

// Page is the tune-bot page: the threshold curve (shares, then agent hours and
// cost) and the table.
func (r *TuneResult) Page() *reports.Page {
	p := &reports.Page{
		Title:    "omnisim tune-bot: " + r.Scenario,
		Subtitle: fmt.Sprintf("seed %d · objective %s · staffing by %s", r.Seed, r.Objective, r.Staffing),
	}
	byTurns := map[int][]int{}
	var turns []int
	for i, pt := range r.Points {
		if _, ok := byTurns[pt.MaxTurns]; !ok {
			turns = append(turns, pt.MaxTurns)
		}
		byTurns[pt.MaxTurns] = append(byTurns[pt.MaxTurns], i)
	}
	best := -1.0
	if r.Best >= 0 {
		best = r.Points[r.Best].Threshold
	}
	rec := ""
	if r.Best >= 0 {
		rec = fmt.Sprintf("recommended: threshold %g", best)
	}
	shares := &reports.Chart{Title: "Bot threshold curve: what the bot does with the conversations it takes", XLabel: "bot threshold (hand off below this confidence)",
		YLabel: "share of bot conversations", YMin: 0, YMax: 1.02, Percent: true}
	hours := &reports.Chart{Title: "Agent hours per day to meet the targets", XLabel: "bot threshold (hand off below this confidence)", YLabel: "agent hours per day"}
	cost := &reports.Chart{Title: "Cost per day (" + Currency + "): agents, messages and bot", XLabel: "bot threshold (hand off below this confidence)", YLabel: Currency + " per day"}
	csat := &reports.Chart{Title: "CSAT proxy (1–5)", XLabel: "bot threshold (hand off below this confidence)", YLabel: "CSAT proxy (1–5)", YMin: 1, YMax: 5,
		Target: r.MinCSAT, TargetName: "CSAT floor"}
	for _, mt := range turns {
		suffix := ""
		if len(turns) > 1 {
			suffix = fmt.Sprintf(" (max_turns %d)", mt)
		}
		var x []float64
		ys := map[string][]float64{}
		for _, i := range byTurns[mt] {
			pt := &r.Points[i]
			x = append(x, pt.Threshold)
			for _, k := range []string{"bot_containment", "escalated_low_confidence", "escalated_max_turns", "csat"} {
				ys[k] = append(ys[k], pt.Metric(k).Mean)
			}
			ys["hours"] = append(ys["hours"], pt.AgentHours)
			ys["cost"] = append(ys["cost"], pt.TotalCost)
			ys["agents"] = append(ys["agents"], pt.AgentCost)
			ys["messages"] = append(ys["messages"], pt.MessagingCost+pt.BotCost)
			if i == r.Best {
				shares.Marks = append(shares.Marks, reports.Mark{X: pt.Threshold, Y: pt.Metric("bot_containment").Mean, Label: rec})
				hours.Marks = append(hours.Marks, reports.Mark{X: pt.Threshold, Y: pt.AgentHours, Label: rec})
				cost.Marks = append(cost.Marks, reports.Mark{X: pt.Threshold, Y: pt.TotalCost, Label: rec})
				csat.Marks = append(csat.Marks, reports.Mark{X: pt.Threshold, Y: pt.Metric("csat").Mean, Label: rec})
			}
		}
		shares.Series = append(shares.Series,
			reports.Series{Name: "contained" + suffix, X: x, Y: ys["bot_containment"]},
			reports.Series{Name: "hand-off: low confidence" + suffix, X: x, Y: ys["escalated_low_confidence"], Dashed: true},
			reports.Series{Name: "hand-off: max turns (tried and failed)" + suffix, X: x, Y: ys["escalated_max_turns"], Dashed: true})
		hours.Series = append(hours.Series, reports.Series{Name: "agent hours" + suffix, X: x, Y: ys["hours"]})
		cost.Series = append(cost.Series,
			reports.Series{Name: "total" + suffix, X: x, Y: ys["cost"]},
			reports.Series{Name: "agents" + suffix, X: x, Y: ys["agents"], Dashed: true},
			reports.Series{Name: "messages and bot" + suffix, X: x, Y: ys["messages"], Dashed: true})
		csat.Series = append(csat.Series, reports.Series{Name: "CSAT proxy" + suffix, X: x, Y: ys["csat"]})
	}
	p.Sections = []reports.Section{
		{Heading: "Recommendation", Text: r.Why, Charts: []*reports.Chart{shares, hours, cost, csat}},
		{Heading: "Curve", Tables: []*reports.Table{r.Table()}},
	}
	return p
}

// percent formats a share as a percentage, without trailing zeros (95 %, 99.5 %).
func percent(x float64) string { return strconv.FormatFloat(100*x, 'g', 4, 64) + " %" }
