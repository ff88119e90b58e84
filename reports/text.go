package reports

import (
	"fmt"
	"github.com/omnisim/omnisim/metrics"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// metricLabels are the human names and units of the metrics in text output.
var metricLabels = map[string]string{
	"offered":                      "offered conversations",
	"bot_contained":                "contained by the bot",
	"handled":                      "accepted by an agent",
	"abandoned":                    "abandoned",
	"abandon_rate":                 "abandon rate",
	"p_wait":                       "P(wait > 0)",
	"asa_seconds":                  "ASA (s)",
	"abandon_wait_seconds":         "time to abandon (s)",
	"wait_p50_seconds":             "wait p50 (s)",
	"wait_p90_seconds":             "wait p90 (s)",
	"service_level":                "service level",
	"first_response_p90_seconds":   "first response p90 (s)",
	"utilization":                  "utilization",
	"bot_containment":              "bot containment",
	"templates_required":           "templates required",
	"cost":                         "messaging cost (USD)",
	"routed":                       "routed to agents",
	"unserved":                     "still waiting at the end",
	"waiting_mean":                 "mean conversations waiting",
	"escalated_asked":              "bot hand-off: asked for an agent",
	"escalated_low_confidence":     "bot hand-off: low confidence",
	"escalated_max_turns":          "bot hand-off: max turns",
	"bot_failed_share":             "bot tried and failed",
	"bot_seconds":                  "time in bot before hand-off (s)",
	"csat":                         "CSAT proxy (1–5)",
	"blocked":                      "outbound blocked",
	"throughput_delayed":           "held by throughput limit",
	"follow_ups":                   "agent follow-ups",
	"opted_out":                    "opted out (STOP)",
	"outbound_sent":                "campaign messages sent",
	"outbound_replied":             "campaign replies",
	"cost_marketing":               "cost: marketing templates",
	"cost_utility":                 "cost: utility templates",
	"cost_authentication":          "cost: authentication templates",
	"cost_service":                 "cost: service messages",
	"cost_inbound":                 "cost: inbound messages",
	"resume_wait_seconds":          "resume wait, returning customer (s)",
	"resumed":                      "resumed after inactivity",
	"sticky_hit_rate":              "resumed to the same agent",
	"requeues":                     "handed back at logoff",
	"transfers":                    "transferred",
	"dropped_skill_share":          "routed after dropping skills",
	"push_timeouts":                "offers timed out",
	"declines":                     "offers declined",
	"returns":                      "came back after the end (new)",
	"silent_abandon_rate":          "left silently, agent accepted anyway",
	"silent_abandon_agent_seconds": "agent time per silent abandoner (s)",
	"reclaimed":                    "taken back for no reply",
	"wait_prediction_mae_seconds":  "predicted wait: mean abs. error (s)",
	"wait_prediction_rmse_seconds": "predicted wait: RMSE (s)",
}

// WriteText writes the report as aligned tables: the whole run, then by channel and
// by interval of the day (intervals without traffic are left out).
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s   seed %d\n", r.Scenario, r.Seed)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, row := range r.TermRows() {
		fmt.Fprintf(tw, "  %s\t%s\n", row[0], row[1])
	}
	tw.Flush()
	b.WriteString("\nwhole run (mean per replication ± 95% CI half-width)\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	for k, key := range Keys {
		m := r.Metrics[k]
		if k >= stableKeys && !(m.Mean != 0 && !math.IsNaN(m.Mean)) {
			continue // additions that say nothing about this run (no bot, no campaigns)
		}
		mean, ci := formatStat(key, m)
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", r.label(key), mean, "± "+ci)
	}
	tw.Flush()

	cols := []string{"offered", "handled", "abandon_rate", "service_level", "asa_seconds", "wait_p90_seconds", "first_response_p90_seconds"}
	head := []string{"offered", "handled", "abandon %", "SL", "ASA s", "wait p90 s", "1st resp p90 s"}
	if len(r.Channels) > 0 {
		b.WriteString("\nby channel\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "channel\t%s\t\n", strings.Join(head, "\t"))
		for i, name := range r.Channels {
			fmt.Fprintf(tw, "%s\t%s\t\n", name, r.row(r.ByChannel[i], cols))
		}
		tw.Flush()
	}
	if g := r.GroupTable(); g != nil {
		b.WriteString("\nby agent group (share of online agent-time with k capacity units in use)\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\t\n", strings.Join(g.Columns, "\t"))
		for _, row := range g.Rows {
			fmt.Fprintf(tw, "%s\t\n", strings.Join(row, "\t"))
		}
		tw.Flush()
	}
	if len(r.Queues) > 1 {
		b.WriteString("\nby queue\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "queue\t%s\t\n", strings.Join(head, "\t"))
		for i, name := range r.Queues {
			fmt.Fprintf(tw, "%s\t%s\t\n", name, r.row(r.ByQueue[i], cols))
		}
		tw.Flush()
	}
	if len(r.Intervals) > 0 {
		b.WriteString("\nby interval of the day (counts: mean per day)\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "start\t%s\tutilization\t\n", strings.Join(head, "\t"))
		u := KeyIndex("utilization")
		for i, label := range r.Intervals {
			s := r.ByInterval[i]
			if !(s[0].Mean > 0) && !(s[u].Mean > 0) {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", label, r.row(s, cols), formatValue("utilization", s[u].Mean))
		}
		tw.Flush()
	}
	for _, t := range r.WeekdayTables() {
		b.WriteString("\n" + strings.ToLower(t.Title[:1]) + t.Title[1:] + "\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\t\n", strings.Join(t.Columns, "\t"))
		for _, row := range t.Rows {
			fmt.Fprintf(tw, "%s\t\n", strings.Join(row, "\t"))
		}
		tw.Flush()
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) row(s []Stat, cols []string) string {
	cells := make([]string, len(cols))
	for i, key := range cols {
		cells[i] = formatValue(key, s[KeyIndex(key)].Mean)
	}
	return strings.Join(cells, "\t")
}

// How numbers are printed for people (text, Markdown, HTML; JSON and CSV keep
// full precision):
//
//   - a value alone has three significant digits, never fewer than its integer
//     part (20.9, 139, 3077, 6.13, 0.462); a count is a mean per replication (or
//     per day, by interval), so it may be fractional, and it is printed like any
//     other value;
//   - shares are percentages with one decimal (85.1%), costs have two decimals;
//   - a mean with its confidence interval has the decimals of the interval's two
//     significant digits, both the same (369 ± 43, 20.9 ± 3.7, 6.13 ± 0.31,
//     85.1% ± 1.5%), so the mean never shows fewer digits than its CI nor more
//     than the CI makes meaningful; costs keep at least two decimals.
func formatValue(key string, v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case metrics.IsShare(key):
		return fmt.Sprintf("%.1f%%", 100*v)
	case isCost(key):
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.*f", sigDecimals(v, 3), v)
	}
}

// sigDecimals is the number of decimals that shows v with n significant digits
// (none below its integer part, at most 3).
func sigDecimals(v float64, n int) int {
	if v == 0 || math.IsInf(v, 0) {
		return 0
	}
	d := n - 1 - int(math.Floor(math.Log10(math.Abs(v))))
	return max(0, min(3, d))
}

// formatStat formats a mean and its CI half-width with the same decimals, driven
// by the CI (two significant digits of it); see formatValue.
func formatStat(key string, s Stat) (mean, ci string) {
	if math.IsNaN(s.Mean) {
		return "–", "–"
	}
	if math.IsNaN(s.CI95) {
		return formatValue(key, s.Mean), "–"
	}
	scale, unit := 1.0, ""
	if metrics.IsShare(key) {
		scale, unit = 100, "%"
	}
	m, c := scale*s.Mean, scale*s.CI95
	d := 0
	if c > 0 {
		d = sigDecimals(c, 2)
	} else if unit == "" {
		d = sigDecimals(m, 3)
	} else {
		d = 1
	}
	if isCost(key) {
		d = max(d, 2)
	}
	return fmt.Sprintf("%.*f%s", d, m, unit), fmt.Sprintf("%.*f%s", d, c, unit)
}
