package reports

import (
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/sim"
)

// Table is a plain table that every renderer shares: Markdown, CSV and HTML.
// Cells are already formatted for people; CSV, meant for programs, takes Raw when
// set (same shape as Rows, unformatted numbers).
type Table struct {
	Title      string
	Columns    []string
	Rows       [][]string
	Raw        [][]string
	CSVColumns []string // CSV header when it differs from Columns (a mean and a ci95 column per metric)
	// Left is the number of leading columns of text, aligned left (at least the
	// first); the others hold numbers, aligned right.
	Left int
}

func (t *Table) left(i int) bool { return i < max(1, t.Left) }

// WriteMarkdown writes the table as GitHub-flavoured Markdown, with the title as
// a heading when set.
func (t *Table) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	if t.Title != "" {
		b.WriteString("### " + t.Title + "\n\n")
	}
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	b.WriteString("|")
	for _, c := range t.Columns {
		b.WriteString(" " + cell(c) + " |")
	}
	b.WriteString("\n|")
	for i := range t.Columns {
		if t.left(i) {
			b.WriteString("---|")
		} else {
			b.WriteString("--:|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + cell(c) + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCSV writes the table as CSV with a header line (Raw cells when set).
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := t.Columns
	if t.CSVColumns != nil {
		head = t.CSVColumns
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rows := t.Rows
	if t.Raw != nil {
		rows = t.Raw
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (t *Table) cellTag(tag string, i int) string {
	if i > 0 && t.left(i) {
		return "<" + tag + " class=\"text\">"
	}
	return "<" + tag + ">"
}

func (t *Table) html(b *strings.Builder) {
	if t.Title != "" {
		b.WriteString("<h3>" + html.EscapeString(t.Title) + "</h3>\n")
	}
	// A wide table (tune-bot's curve) scrolls inside its box instead of running
	// off the page.
	b.WriteString("<div class=\"table\">\n<table>\n<thead><tr>")
	for i, c := range t.Columns {
		b.WriteString(t.cellTag("th", i) + html.EscapeString(c) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for i, c := range r {
			b.WriteString(t.cellTag("td", i) + html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
}

// Section is part of an HTML page: a heading, a paragraph, charts and tables.
type Section struct {
	Heading string
	Text    string
	Charts  []*Chart
	Tables  []*Table
}

// Page is a self-contained HTML report: one file, inline CSS and SVG charts, no
// script and nothing fetched.
type Page struct {
	Title    string
	Subtitle string
	Sections []Section
}

// WriteHTML renders the page.
func (p *Page) WriteHTML(w io.Writer) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + html.EscapeString(p.Title) + "</title>\n")
	b.WriteString(`<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto; max-width: 1240px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; }
.sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; white-space: nowrap; }
th { background: #f3f5f7; white-space: normal; vertical-align: bottom; }
div.table { max-width: 100%; overflow-x: auto; }
td:first-child, th:first-child, td.text, th.text { text-align: left; }
td.text { white-space: normal; }
tbody tr:nth-child(even) { background: #fafbfc; }
.chart { margin: 0.5em 0 1em; }
.chart svg { max-width: 100%; height: auto; background: #fff; }
</style>
</head>
<body>
`)
	b.WriteString("<h1>" + html.EscapeString(p.Title) + "</h1>\n")
	if p.Subtitle != "" {
		b.WriteString("<p class=\"sub\">" + html.EscapeString(p.Subtitle) + "</p>\n")
	}
	for _, s := range p.Sections {
		if s.Heading != "" {
			b.WriteString("<h2>" + html.EscapeString(s.Heading) + "</h2>\n")
		}
		if s.Text != "" {
			b.WriteString("<p>" + html.EscapeString(s.Text) + "</p>\n")
		}
		for _, c := range s.Charts {
			if c == nil {
				continue
			}
			svg, err := c.SVG()
			if err != nil {
				return err
			}
			b.WriteString("<div class=\"chart\">\n" + svg + "\n</div>\n")
		}
		for _, t := range s.Tables {
			t.html(&b)
		}
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the page's tables as Markdown (charts are left out).
func (p *Page) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# " + p.Title + "\n\n")
	if p.Subtitle != "" {
		b.WriteString(p.Subtitle + "\n\n")
	}
	for _, s := range p.Sections {
		if s.Text == "" && len(s.Tables) == 0 {
			continue // charts only: nothing to show without them
		}
		if s.Heading != "" {
			b.WriteString("## " + s.Heading + "\n\n")
		}
		if s.Text != "" {
			b.WriteString(s.Text + "\n\n")
		}
		for _, t := range s.Tables {
			if err := t.WriteMarkdown(&b); err != nil {
				return err
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Raw formats a number for CSV and JSON-minded readers: full precision, empty
// for undefined.
func Raw(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}

// Format formats a metric's value for people, as the text report does.
func Format(key string, v float64) string { return formatValue(key, v) }

// FormatStat formats "mean ± ci95" for people.
func FormatStat(key string, s Stat) string {
	mean, ci := formatStat(key, s)
	if math.IsNaN(s.CI95) || math.IsNaN(s.Mean) {
		return mean
	}
	return mean + " ± " + ci
}

// label is a metric's human name in this report: the service level says its
// threshold ("service level (within 60s)").
func (r *Report) label(key string) string {
	if key == "service_level" && r.SLAWithin > 0 {
		return "service level (within " + SLADuration(r.SLAWithin) + ")"
	}
	return metrics.Label(key)
}

// TermsTable is the terms of a run as a two-column table (every page starts
// with it).
func (m Meta) TermsTable() *Table {
	t := &Table{Columns: []string{"term", "meaning"}, Left: 2}
	for _, row := range m.TermRows() {
		t.Rows = append(t.Rows, []string{row[0], row[1]})
	}
	return t
}

// summaryKeys are the metrics a page shows: the stable keys plus the additions the
// run has something to say about.
func (r *Report) summaryKeys() []string {
	var keys []string
	for k, key := range metrics.Keys {
		m := r.Metrics[k]
		if k >= metrics.Stable && !(m.Mean != 0 && !math.IsNaN(m.Mean)) {
			continue // additions that say nothing about this run (no bot, no campaigns)
		}
		keys = append(keys, key)
	}
	return keys
}

// intervalCols are the columns of the by-channel and by-interval tables.
var intervalCols = []string{"offered", "handled", "abandon_rate", "service_level", "asa_seconds", "wait_p90_seconds", "first_response_p90_seconds", "utilization"}

// Page builds the report's page: summary, by channel, by queue, by interval, and
// charts of waits, service level and utilization by interval.
func (r *Report) Page() *Page {
	p := &Page{
		Title: "omnisim report: " + r.Scenario,
		Subtitle: fmt.Sprintf("seed %d · %d replications · horizon %s · interval %s · service level within %s · mean ± 95 %% CI half-width",
			r.Seed, r.Replications, sim.ShortDuration(r.Horizon), sim.ShortDuration(r.Interval), SLADuration(r.SLAWithin)),
	}
	p.Sections = append(p.Sections, Section{Heading: "Terms", Tables: []*Table{r.TermsTable()}})
	summary := &Table{Columns: []string{"metric", "key", "mean per replication ± 95 % CI"}, Left: 2}
	for _, key := range r.summaryKeys() {
		summary.Rows = append(summary.Rows, []string{r.label(key), key, FormatStat(key, r.Metric(key))})
	}
	p.Sections = append(p.Sections, Section{Heading: "Whole run", Tables: []*Table{summary}})
	if len(r.Intervals) > 0 {
		p.Sections = append(p.Sections, Section{
			Heading: "By interval of the day",
			Charts:  r.IntervalCharts(),
		})
	}
	scopeTable := func(title, first string, names []string, stats [][]Stat) *Table {
		cols := intervalCols
		if first != "start" {
			// utilization is the agents', by interval: a channel or queue has none
			cols = cols[:len(cols)-1]
		}
		t := &Table{Title: title, Columns: []string{first}}
		for _, k := range cols {
			t.Columns = append(t.Columns, r.label(k))
		}
		for i, n := range names {
			row := []string{n}
			for _, k := range cols {
				row = append(row, formatValue(k, stats[i][metrics.Index(k)].Mean))
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	var tables []*Table
	if len(r.Channels) > 0 {
		tables = append(tables, scopeTable("By channel", "channel", r.Channels, r.ByChannel))
	}
	if len(r.Queues) > 1 {
		tables = append(tables, scopeTable("By queue", "queue", r.Queues, r.ByQueue))
	}
	if g := r.GroupTable(); g != nil {
		tables = append(tables, g)
	}
	if len(r.Intervals) > 0 {
		tables = append(tables, scopeTable("By interval of the day (counts: mean per day)", "start", r.Intervals, r.ByInterval))
	}
	tables = append(tables, r.WeekdayTables()...)
	p.Sections = append(p.Sections, Section{Heading: "Detail", Tables: tables})
	return p
}

// GroupTable is each agent group's utilization and concurrency histogram: the
// share of its online agent-time spent with k capacity units in use, one column
// per k (empty where k is above the group's concurrency), so that every group's
// k = 0 sits in the same column. Nil without groups.
func (r *Report) GroupTable() *Table {
	if len(r.Groups) == 0 {
		return nil
	}
	width := 0
	for _, g := range r.ByGroup {
		width = max(width, len(g.Concurrency))
	}
	t := &Table{Title: "By agent group (share of online agent-time with k capacity units in use)", Columns: []string{"group", "utilization"}}
	for k := 0; k < width; k++ {
		t.Columns = append(t.Columns, fmt.Sprintf("k = %d", k))
	}
	for i, name := range r.Groups {
		g := r.ByGroup[i]
		row := []string{name, formatValue("utilization", g.Utilization.Mean)}
		for k := 0; k < width; k++ {
			cell := ""
			if k < len(g.Concurrency) {
				cell = formatValue("utilization", g.Concurrency[k].Mean)
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// WeekdayTables are the breakdown by weekday and interval of the day, for a
// scenario whose arrivals or staffing differ by weekday: offered (mean per
// day) and service level, one row per interval with traffic, one column per
// weekday the horizon reaches. Nil otherwise.
func (r *Report) WeekdayTables() []*Table {
	if r.ByWeekdayInterval == nil || len(r.Intervals) == 0 {
		return nil
	}
	n := len(r.Intervals)
	var days []int
	for d := range Weekdays {
		for k := 0; k < n; k++ {
			if r.weekdayMeasured(d*n + k) {
				days = append(days, d)
				break
			}
		}
	}
	var out []*Table
	for _, key := range []string{"offered", "service_level"} {
		title := "By weekday and interval: " + metrics.Label(key) + " (mean per day)"
		if key == "service_level" {
			title = "By weekday and interval: " + r.label(key)
		}
		t := &Table{Title: title, Columns: []string{"start"}}
		for _, d := range days {
			t.Columns = append(t.Columns, strings.ToUpper(Weekdays[d][:1])+Weekdays[d][1:])
		}
		ki, off := metrics.Index(key), metrics.Index("offered")
		for k := 0; k < n; k++ {
			row, traffic := []string{r.Intervals[k]}, false
			for _, d := range days {
				s := r.ByWeekdayInterval[d*n+k]
				traffic = traffic || s[off].Mean > 0
				row = append(row, formatValue(key, s[ki].Mean))
			}
			if traffic {
				t.Rows = append(t.Rows, row)
			}
		}
		out = append(out, t)
	}
	return out
}

// IntervalCharts are the charts by interval of the day: waits, service level
// (with its CI band and target), abandon rate, utilization, and the
// utilization heat map by agent group.
func (r *Report) IntervalCharts() []*Chart {
	x := make([]float64, len(r.Intervals))
	for i := range x {
		x[i] = float64(i)
	}
	col := func(key string, f func(Stat) float64) []float64 {
		out := make([]float64, len(r.Intervals))
		k := metrics.Index(key)
		for i := range out {
			out[i] = f(r.ByInterval[i][k])
		}
		return out
	}
	mean := func(s Stat) float64 { return s.Mean }
	lo := func(s Stat) float64 { return s.Mean - s.CI95 }
	hi := func(s Stat) float64 { return s.Mean + s.CI95 }
	target, targetName := 0.0, ""
	if r.SLATarget > 0 {
		target, targetName = r.SLATarget, "target "+pct(r.SLATarget)
	}
	return []*Chart{
		{
			Title: "Waits by interval (95 % CI band)", XLabel: "interval start", YLabel: "seconds", XLabels: r.Intervals,
			Series: []Series{
				{Name: "ASA (mean wait of accepted conversations)", X: x, Y: col("asa_seconds", mean), Lo: col("asa_seconds", lo), Hi: col("asa_seconds", hi)},
				{Name: "wait p90", X: x, Y: col("wait_p90_seconds", mean), Dashed: true},
			},
		},
		{
			Title:  "Service level by interval: accepted within " + SLADuration(r.SLAWithin) + " (95 % CI band)",
			XLabel: "interval start", YLabel: "service level", XLabels: r.Intervals, YMin: 0, YMax: 1.02, Percent: true,
			Target: target, TargetName: targetName,
			Series: []Series{
				{Name: "service level", X: x, Y: col("service_level", mean), Lo: col("service_level", lo), Hi: col("service_level", hi)},
			},
		},
		{
			Title: "Abandon rate by interval (95 % CI band)", XLabel: "interval start", YLabel: "abandoned of routed", XLabels: r.Intervals, Percent: true,
			Series: []Series{
				{Name: "abandon rate", X: x, Y: col("abandon_rate", mean), Lo: col("abandon_rate", lo), Hi: col("abandon_rate", hi)},
			},
		},
		r.utilizationChart(x, col("utilization", mean), col("utilization", lo), col("utilization", hi)),
		r.utilizationHeat(),
	}
}

// utilizationHeat is the utilization of each agent group by interval as a heat
// map: where the day runs hot, and for whom.
func (r *Report) utilizationHeat() *Chart {
	c := &Chart{Title: "Utilization by agent group and interval", XLabel: "interval start", XLabels: r.Intervals}
	for g, name := range r.Groups {
		if g >= len(r.ByGroup) {
			break
		}
		row := make([]float64, len(r.Intervals))
		for i := range row {
			row[i] = math.NaN()
			if i < len(r.ByGroup[g].ByInterval) {
				row[i] = r.ByGroup[g].ByInterval[i].Mean
			}
		}
		c.Heat = append(c.Heat, row)
		c.YLabels = append(c.YLabels, name)
	}
	if len(c.Heat) == 0 {
		return nil
	}
	return c
}

// utilizationChart shows utilization by interval: all agents with its CI band,
// and each agent group's own line when there are several.
func (r *Report) utilizationChart(x, y, lo, hi []float64) *Chart {
	c := &Chart{
		Title: "Utilization by interval and agent group", XLabel: "interval start", YLabel: "capacity in use",
		XLabels: r.Intervals, YMin: 0, YMax: 1.02, Percent: true,
		Series: []Series{{Name: "all agents (95 % CI band)", X: x, Y: y, Lo: lo, Hi: hi}},
	}
	if len(r.ByGroup) < 2 {
		return c
	}
	for g, name := range r.Groups {
		if g >= len(r.ByGroup) {
			break
		}
		gy := make([]float64, len(x))
		for i := range gy {
			gy[i] = math.NaN()
			if i < len(r.ByGroup[g].ByInterval) {
				gy[i] = r.ByGroup[g].ByInterval[i].Mean
			}
		}
		c.Series = append(c.Series, Series{Name: name, X: x, Y: gy, Dashed: true})
	}
	return c
}

// WriteHTML writes the report as one self-contained HTML file.
func (r *Report) WriteHTML(w io.Writer) error { return r.Page().WriteHTML(w) }

// WriteMarkdown writes the report's tables as Markdown.
func (r *Report) WriteMarkdown(w io.Writer) error { return r.Page().WriteMarkdown(w) }

// WriteCSV writes every metric of every scope, one per line:
// scope,metric,mean,ci95 with scope total, channel:NAME, queue:NAME or
// interval:HH:MM (counts: mean per day), weekday:DAY@HH:MM when arrivals or
// staffing differ by weekday (weekdays the horizon reaches), then each agent group as scope
// group:NAME with metrics utilization, concurrency_K (share of online agent-time
// with K units in use) and utilization:HH:MM.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"scope", "metric", "mean", "ci95"}); err != nil {
		return err
	}
	scope := func(name string, stats []Stat) error {
		for k, key := range metrics.Keys {
			if err := cw.Write([]string{name, key, Raw(stats[k].Mean), Raw(stats[k].CI95)}); err != nil {
				return err
			}
		}
		return nil
	}
	if err := scope("total", r.Metrics); err != nil {
		return err
	}
	for i, n := range r.Channels {
		if err := scope("channel:"+n, r.ByChannel[i]); err != nil {
			return err
		}
	}
	for i, n := range r.Queues {
		if err := scope("queue:"+n, r.ByQueue[i]); err != nil {
			return err
		}
	}
	for i, n := range r.Intervals {
		if err := scope("interval:"+n, r.ByInterval[i]); err != nil {
			return err
		}
	}
	for i := range r.ByWeekdayInterval {
		if !r.weekdayMeasured(i) {
			continue
		}
		day, k := i/len(r.Intervals), i%len(r.Intervals)
		if err := scope("weekday:"+Weekdays[day]+"@"+r.Intervals[k], r.ByWeekdayInterval[i]); err != nil {
			return err
		}
	}
	for i, n := range r.Groups {
		g := r.ByGroup[i]
		row := func(metric string, s Stat) error {
			return cw.Write([]string{"group:" + n, metric, Raw(s.Mean), Raw(s.CI95)})
		}
		if err := row("utilization", g.Utilization); err != nil {
			return err
		}
		for k, s := range g.Concurrency {
			if err := row(fmt.Sprintf("concurrency_%d", k), s); err != nil {
				return err
			}
		}
		for k, s := range g.ByInterval {
			if k < len(r.Intervals) {
				if err := row("utilization:"+r.Intervals[k], s); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Write renders the report in format: text, json, md, csv or html.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "json":
		return r.WriteJSON(w)
	case "md":
		return r.WriteMarkdown(w)
	case "csv":
		return r.WriteCSV(w)
	case "html":
		return r.WriteHTML(w)
	case "text", "":
		return r.WriteText(w)
	}
	return fmt.Errorf("unknown format %q", format)
}

// Formats are the report formats every reporting command takes.
var Formats = []string{"text", "json", "csv", "md", "html"}
