package reports

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/omnisim/omnisim/sim"
)

// Terms are what a report's numbers mean: what was simulated (horizon after the
// warm-up, interval, replications) and how service level is defined. Every
// format states them: text and Markdown in a header, HTML in a table at the top,
// JSON in a top-level "terms" object.

// Days is the horizon in days (a whole-run count covers that many).
func (m Meta) Days() float64 { return m.Horizon.Hours() / 24 }

func pluralF(n float64, one string) string {
	s := strconvG(n) + " " + one
	if n != 1 {
		s += "s"
	}
	return s
}

func strconvG(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// SLADuration writes an SLA threshold as planners quote it: "60 s", "20 s",
// "5m" from two minutes up.
func SLADuration(d time.Duration) string {
	if d < 2*time.Minute && d%time.Second == 0 {
		return fmt.Sprintf("%d s", int(d.Seconds()))
	}
	return sim.ShortDuration(d)
}

// SLADefinition is the service level spelled out: "accepted by an agent within
// 60 s of entering routing ÷ routed, abandoned included; target 80 %".
func (m Meta) SLADefinition() string {
	s := fmt.Sprintf("accepted by an agent within %s of entering routing ÷ routed, abandoned included", SLADuration(m.SLAWithin))
	if m.SLATarget > 0 {
		s += "; target " + pct(m.SLATarget)
	}
	return s
}

func pct(v float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", 100*v), "0"), ".") + " %"
}

// TermRows are the report's terms as (term, meaning) pairs, in the order every
// format prints them.
func (m Meta) TermRows() [][2]string {
	warm := "no warm-up (measured from an empty contact center)"
	if m.Warmup > 0 {
		warm = "after a warm-up of " + sim.ShortDuration(m.Warmup) + " (left out of every statistic)"
	} else if slices.ContainsFunc(m.Extra, func(r [2]string) bool { return r[0] == "initial backlog" }) {
		warm = "no warm-up (measured from the initial backlog below)"
	}
	return append([][2]string{
		{"horizon", fmt.Sprintf("%s (%s), %s", sim.ShortDuration(m.Horizon), pluralF(m.Days(), "day"), warm)},
		{"interval", sim.ShortDuration(m.Interval) + " (by interval of the day: counts and costs are means per day)"},
		{"replications", fmt.Sprintf("%d (mean across replications ± 95 %% CI half-width; whole-run counts are totals over the horizon)", m.Replications)},
		{"service level", m.SLADefinition()},
		{"first response p90", "first customer message → first agent reply: bot time (with the customer's pauses between bot turns) + wait + reply time"},
	}, m.Extra...)
}

// writeTermsJSON writes the "terms" object of the JSON report (stable keys,
// DESIGN.md's report keys and package documentation).
func (m Meta) writeTermsJSON(b *bytes.Buffer) {
	b.WriteString(`{"horizon_seconds": ` + number(m.Horizon.Seconds()))
	b.WriteString(`, "warmup_seconds": ` + number(m.Warmup.Seconds()))
	b.WriteString(`, "interval_seconds": ` + number(m.Interval.Seconds()))
	b.WriteString(`, "days": ` + number(m.Days()))
	b.WriteString(`, "sla_within_seconds": ` + number(m.SLAWithin.Seconds()))
	b.WriteString(`, "sla_target": ` + number(m.SLATarget))
	b.WriteString(`, "metrics": "mean per replication over the horizon"`)
	b.WriteString(`, "by_interval": "mean per day"}`)
}
