package reports

import (
	"math"
	"strings"

	"github.com/omnisim/omnisim/metrics"

	"github.com/omnisim/omnisim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// Keys are the metric keys of the JSON report, in report order (package metrics
// holds the list; the first metrics.Stable are DESIGN.md's stable keys).
var Keys = metrics.Keys

// stableKeys is the number of DESIGN.md's stable keys at the start of Keys.
const stableKeys = metrics.Stable

// KeyIndex returns the position of key in Keys, or -1.
func KeyIndex(key string) int { return metrics.Index(key) }

// additive are the metrics that sum over time: counts of conversations and
// messages, and costs. By interval of the day they are means per day.
var additive = map[string]bool{
	"offered": true, "bot_contained": true, "handled": true, "abandoned": true,
	"templates_required": true, "cost": true, "routed": true, "unserved": true,
	"blocked": true, "throughput_delayed": true, "follow_ups": true, "opted_out": true,
	"outbound_sent": true, "outbound_replied": true,
	"cost_marketing": true, "cost_utility": true, "cost_authentication": true, "cost_service": true, "cost_inbound": true,
	"resumed": true, "requeues": true, "transfers": true, "push_timeouts": true, "declines": true, "returns": true,
}

// IsAdditive reports whether key is a count or a cost: a sum over the conversations
// of a scope, which grows with the horizon (a ratio, percentile or time average
// does not).
func IsAdditive(key string) bool { return additive[key] }

// IsCount reports whether key counts conversations or messages (an additive metric
// that is not a cost).
func IsCount(key string) bool { return additive[key] && !isCost(key) }

func isCost(key string) bool { return key == "cost" || strings.HasPrefix(key, "cost_") }

// Values computes every metric of one scope of one replication, in Keys order.
// Undefined values (empty denominators) are NaN.
func Values(t *sim.Tally) []float64 {
	nan := math.NaN()
	div := func(a, b float64) float64 {
		if b == 0 {
			return nan
		}
		return a / b
	}
	pct := func(h *sim.Hist, q float64) float64 {
		return h.Quantile(q) / 1000 // ms → s; NaN when empty
	}
	routed := float64(t.Routed)
	entered := float64(t.BotEntered)
	escalated := float64(t.BotAsked + t.BotLowConfidence + t.BotMaxTurns)
	return []float64{
		float64(t.Offered),
		float64(t.BotContained),
		float64(t.Handled),
		float64(t.Abandoned),
		div(float64(t.Abandoned), routed),
		div(float64(t.Waited), routed),
		div(t.WaitSeconds, float64(t.Handled)),
		div(t.AbandonWaitSeconds, float64(t.Abandoned)),
		pct(&t.Wait, 0.5),
		pct(&t.Wait, 0.9),
		div(float64(t.WithinSLA), routed),
		pct(&t.FirstResponse, 0.9),
		div(t.BusyUnitSeconds, t.CapacityUnitSeconds),
		div(float64(t.BotContained), float64(t.BotEntered)),
		float64(t.TemplatesRequired),
		t.Cost,
		routed,
		float64(t.Unserved),
		div(t.WaitingSeconds, t.MeasuredSeconds),
		div(float64(t.BotAsked), entered),
		div(float64(t.BotLowConfidence), entered),
		div(float64(t.BotMaxTurns), entered),
		div(float64(t.BotMaxTurns), entered),
		div(t.BotSeconds, escalated),
		div(t.CSATSum, float64(t.CSATCount)),
		float64(t.Blocked),
		float64(t.ThroughputDelayed),
		float64(t.FollowUps),
		float64(t.OptedOut),
		float64(t.OutboundSent),
		float64(t.OutboundReplied),
		t.CostBy[0], t.CostBy[1], t.CostBy[2], t.CostBy[3], t.CostBy[4],
		div(t.ResumeWaitSeconds, float64(t.ResumeRouted)),
		float64(t.ResumeRouted),
		div(float64(t.StickyHits), float64(t.ResumeRouted)),
		float64(t.Requeues),
		float64(t.Transfers),
		div(float64(t.DroppedSkills), float64(t.Handled)),
		float64(t.PushTimeouts),
		float64(t.Declines),
		float64(t.Returns),
	}
}

// Stat is a metric across replications: mean and 95 % CI half-width over the
// replications where it is defined (N of them). Mean is NaN when N = 0 and CI95 is
// NaN when N < 2.
type Stat struct {
	Mean, CI95 float64
	N          int
}

// Summarize returns the mean and Student-t 95 % half-width of xs, skipping NaNs.
func Summarize(xs []float64) Stat {
	n, sum := 0, 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return Stat{Mean: math.NaN(), CI95: math.NaN()}
	}
	mean := sum / float64(n)
	if n < 2 {
		return Stat{Mean: mean, CI95: math.NaN(), N: n}
	}
	ss := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	sd := math.Sqrt(ss / float64(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	return Stat{Mean: mean, CI95: t * sd / math.Sqrt(float64(n)), N: n}
}
