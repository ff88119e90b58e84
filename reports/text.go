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
	"offered":                    "offered conversations",
	"bot_contained":              "contained by the bot",
	"handled":                    "accepted by an agent",
	"abandoned":                  "abandoned",
	"abandon_rate":               "abandon rate",
	"p_wait":                     "P(wait > 0)",
	"asa_seconds":                "ASA (s)",
	"abandon_wait_seconds":       "time to abandon (s)",
	"wait_p50_seconds":           "wait p50 (s)",
	"wait_p90_seconds":           "wait p90 (s)",
	"service_level":              "service level",
	"first_response_p90_seconds": "first response p90 (s)",
	"utilization":                "utilization",
	"bot_containment":            "bot containment",
	"templates_required":         "templates required",
	"cost":                       "messaging cost (USD)",
	"routed":                     "routed to agents",
	"unserved":                   "still waiting at the end",
	"waiting_mean":               "mean conversations waiting",
	"escalated_asked":            "bot hand-off: asked for an agent",
	"escalated_low_confidence":   "bot hand-off: low confidence",
	"escalated_max_turns":        "bot hand-off: max turns",
	"bot_failed_share":           "bot tried and failed",
	"bot_seconds":                "time in bot before hand-off (s)",
	"csat":                       "CSAT proxy (1–5)",
	"blocked":                    "outbound blocked",
	"throughput_delayed":         "held by throughput limit",
	"follow_ups":                 "agent follow-ups",
	"opted_out":                  "opted out (STOP)",
	"outbound_sent":              "campaign messages sent",
	"outbound_replied":           "campaign replies",
	"cost_marketing":             "cost: marketing templates",
	"cost_utility":               "cost: utility templates",
	"cost_authentication":        "cost: authentication templates",
	"cost_service":               "cost: service messages",
	"cost_inbound":               "cost: inbound messages",
	"resume_wait_seconds":        "resume wait, returning customer (s)",
	"resumed":                    "resumed after inactivity",
	"sticky_hit_rate":            "resumed to the same agent",
	"requeues":                   "handed back at logoff",
	"transfers":                  "transferred",
	"dropped_skill_share":        "routed after dropping skills",
	"push_timeouts":              "offers timed out",
	"declines":                   "offers declined",
	"returns":                    "came back after the end (new)",
}

// WriteText writes the report as aligned tables: the whole run, then by channel and
// by interval of the day (intervals without traffic are left out).
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s   seed %d   %d replications   (mean ± 95%% CI half-width)\n\n", r.Scenario, r.Seed, r.Replications)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	for k, key := range Keys {
		m := r.Metrics[k]
		if k >= stableKeys && !(m.Mean != 0 && !math.IsNaN(m.Mean)) {
			continue // additions that say nothing about this run (no bot, no campaigns)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", metricLabels[key], formatValue(key, m.Mean), "± "+formatValue(key, m.CI95))
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
	if len(r.Groups) > 0 {
		b.WriteString("\nby agent group (time-weighted share of online agent-time with k units in use)\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "group\tutilization\tconcurrency 0, 1, 2, …\t\n")
		for i, name := range r.Groups {
			g := r.ByGroup[i]
			cells := make([]string, len(g.Concurrency))
			for k, c := range g.Concurrency {
				cells[k] = formatValue("utilization", c.Mean)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", name, formatValue("utilization", g.Utilization.Mean), strings.Join(cells, " "))
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
		b.WriteString("\nby interval of the day\n")
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

func formatValue(key string, v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case metrics.IsShare(key):
		return fmt.Sprintf("%.1f%%", 100*v)
	case key == "cost" || strings.HasPrefix(key, "cost_"):
		return fmt.Sprintf("%.2f", v)
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}
