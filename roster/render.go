package roster

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/omnisim/omnisim/reports"
)

// writeMarkdown renders the report as Markdown: the summary, the tours and,
// with a proof, the intervals and what is unmet.
func (rp *Report) writeMarkdown(w io.Writer) error {
	r := rp.Roster
	fmt.Fprintf(w, "# Roster for %s\n\n", rp.Scenario)
	fmt.Fprintf(w, "%s\n\n", rp.summary())
	fmt.Fprintln(w, "| tour | group | days | start | end | breaks | agents |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---:|")
	for _, s := range r.Shifts {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d |\n", s.Tour, s.Group, DaysString(s.Days), fmtClock(s.Start), fmtClock(s.End), breakList(s.Breaks, " "), s.Agents)
	}
	if rp.Checks != nil {
		fmt.Fprint(w, "\n## By interval\n\nrequired / rostered heads per group, simulated service level ± 95 % CI\n\n")
		fmt.Fprintln(w, "| day | start | required | rostered | service level |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|")
		for _, c := range rp.Checks {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %.3f ± %.3f |\n", DayNames[c.Day], fmtClock(c.Start), ints(c.Required), ints(c.Rostered), c.ServiceLevel.Mean, c.ServiceLevel.CI95)
		}
	}
	ms := rp.misses()
	fmt.Fprintf(w, "\n## Unmet (%d)\n\n", len(ms))
	for _, m := range ms {
		fmt.Fprintf(w, "* %s %s %s %s: %s\n", m.Kind, m.Day, m.Start, m.Group, m.Reason)
	}
	return nil
}

func breakList(bs []Span, sep string) string {
	var out []string
	for _, b := range bs {
		out = append(out, spanString(b))
	}
	return strings.Join(out, sep)
}

// summary is the report's first lines: patterns, solver, heads, hours, cost.
func (rp *Report) summary() string {
	r := rp.Roster
	opt := "optimal"
	if !r.Optimal {
		opt = "not proven optimal: " + r.Status
	}
	ratio := math.NaN()
	if r.RequiredAgentHours > 0 {
		ratio = r.AgentHours / r.RequiredAgentHours
	}
	return fmt.Sprintf("%d tour patterns and %d daily shifts offered, solver %s (%s); heads %s (%s); "+
		"agent-hours on the floor %.1f, required %.1f (%+.1f %%), paid %.1f, cost %.2f per week",
		r.Patterns, r.DayShifts, r.Solver, opt, ints(r.Heads), strings.Join(r.Groups, "/"),
		r.AgentHours, r.RequiredAgentHours, 100*(ratio-1), r.PaidHours, r.Cost)
}

// writeHTML renders the report as a standalone page: the summary, a chart of
// required vs rostered heads over the week, with a proof a chart of the
// simulated service level with its CI and the target, then the tables.
func (rp *Report) writeHTML(w io.Writer) error {
	r := rp.Roster
	ivs := rp.intervals()
	var labels []string
	xs := make([]float64, len(ivs))
	req, ros := make([]float64, len(ivs)), make([]float64, len(ivs))
	for i, c := range ivs {
		xs[i] = float64(i)
		labels = append(labels, DayNames[c.Day]+" "+fmtClock(c.Start))
		for g := range r.Groups {
			req[i] += float64(c.Required[g])
			ros[i] += float64(c.Rostered[g])
		}
	}
	heads := &reports.Chart{Title: "Heads on the floor, all groups", XLabel: "interval of the week", YLabel: "agents", XLabels: labels,
		Series: []reports.Series{{Name: "required", X: xs, Y: req, Steps: true, Dashed: true}, {Name: "rostered", X: xs, Y: ros, Steps: true}}}
	svgs := []*reports.Chart{heads}
	if rp.Checks != nil {
		y, lo, hi := make([]float64, len(ivs)), make([]float64, len(ivs)), make([]float64, len(ivs))
		for i, c := range ivs {
			y[i], lo[i], hi[i] = c.ServiceLevel.Mean, c.ServiceLevel.Mean-c.ServiceLevel.CI95, c.ServiceLevel.Mean+c.ServiceLevel.CI95
		}
		svgs = append(svgs, &reports.Chart{Title: "Simulated service level (95 % CI)", XLabel: "interval of the week", YLabel: "service level",
			XLabels: labels, Percent: true, YMin: 0, YMax: 1, Target: rp.TargetSL, TargetName: "target",
			Series: []reports.Series{{Name: "service level", X: xs, Y: y, Lo: lo, Hi: hi}}})
	}
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Roster for %s</title>\n", html.EscapeString(rp.Scenario))
	fmt.Fprintln(w, "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head><body>")
	fmt.Fprintf(w, "<h1>Roster for %s</h1>\n<p>%s</p>\n", html.EscapeString(rp.Scenario), html.EscapeString(rp.summary()))
	for _, c := range svgs {
		svg, err := c.SVG()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "<figure>%s</figure>\n", svg)
	}
	fmt.Fprintln(w, "<h2>Tours</h2>\n<table><tr><th>tour</th><th>group</th><th>days</th><th>start</th><th>end</th><th>breaks</th><th>agents</th></tr>")
	for _, s := range r.Shifts {
		fmt.Fprintf(w, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>\n", html.EscapeString(s.Tour), html.EscapeString(s.Group),
			DaysString(s.Days), fmtClock(s.Start), fmtClock(s.End), breakList(s.Breaks, " "), s.Agents)
	}
	fmt.Fprintln(w, "</table>")
	ms := rp.misses()
	fmt.Fprintf(w, "<h2>Unmet (%d)</h2>\n<ul>\n", len(ms))
	for _, m := range ms {
		fmt.Fprintf(w, "<li>%s %s %s %s: %s</li>\n", m.Kind, m.Day, m.Start, html.EscapeString(m.Group), html.EscapeString(m.Reason))
	}
	fmt.Fprintln(w, "</ul>\n</body></html>")
	return nil
}
