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
	"reclaimed": true,
}

// IsAdditive reports whether key is a count or a cost: a sum over the conversations
// of a scope, which grows with the horizon (a ratio, percentile or time average
// does not).
func IsAdditive(key string) bool { return additive[key] }

// IsCount reports whether key counts conversations or messages (an additive metric
// that is not a cost).
func IsCount(key string) bool { return additive[key] && !isCost(key) }

func isCost(key string) bool { return key == "cost" || strings.HasPrefix(key, "cost_") }

// A computed is one metric: its JSON key and how one replication's tally gives
// its value. Undefined values (empty denominators) are NaN.
type computed struct {
	key   string
	value func(t *sim.Tally) float64
}

// div is a/b, NaN when b is 0.
func div(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// quantileSeconds is the q-quantile of h in seconds (h holds milliseconds); NaN when empty.
func quantileSeconds(h *sim.Hist, q float64) float64 { return h.Quantile(q) / 1000 }

// table lists every metric in Keys order (TestTableIsKeys checks the order).
var table = []computed{
	{"offered", func(t *sim.Tally) float64 { return float64(t.Offered) }},
	{"bot_contained", func(t *sim.Tally) float64 { return float64(t.BotContained) }},
	{"handled", func(t *sim.Tally) float64 { return float64(t.Handled) }},
	{"abandoned", func(t *sim.Tally) float64 { return float64(t.Abandoned) }},
	{"abandon_rate", func(t *sim.Tally) float64 { return div(float64(t.Abandoned), float64(t.Routed)) }},
	{"p_wait", func(t *sim.Tally) float64 { return div(float64(t.Waited), float64(t.Routed)) }},
	{"asa_seconds", func(t *sim.Tally) float64 { return div(t.WaitSeconds, float64(t.Handled)) }},
	{"abandon_wait_seconds", func(t *sim.Tally) float64 { return div(t.AbandonWaitSeconds, float64(t.Abandoned)) }},
	{"wait_p50_seconds", func(t *sim.Tally) float64 { return quantileSeconds(&t.Wait, 0.5) }},
	{"wait_p90_seconds", func(t *sim.Tally) float64 { return quantileSeconds(&t.Wait, 0.9) }},
	{"service_level", func(t *sim.Tally) float64 { return div(float64(t.WithinSLA), float64(t.Routed)) }},
	{"first_response_p90_seconds", func(t *sim.Tally) float64 { return quantileSeconds(&t.FirstResponse, 0.9) }},
	{"utilization", func(t *sim.Tally) float64 { return div(t.BusyUnitSeconds, t.CapacityUnitSeconds) }},
	{"bot_containment", func(t *sim.Tally) float64 { return div(float64(t.BotContained), float64(t.BotEntered)) }},
	{"templates_required", func(t *sim.Tally) float64 { return float64(t.TemplatesRequired) }},
	{"cost", func(t *sim.Tally) float64 { return t.Cost }},
	{"routed", func(t *sim.Tally) float64 { return float64(t.Routed) }},
	{"unserved", func(t *sim.Tally) float64 { return float64(t.Unserved) }},
	{"waiting_mean", func(t *sim.Tally) float64 { return div(t.WaitingSeconds, t.MeasuredSeconds) }},
	{"escalated_asked", func(t *sim.Tally) float64 { return div(float64(t.BotAsked), float64(t.BotEntered)) }},
	{"escalated_low_confidence", func(t *sim.Tally) float64 { return div(float64(t.BotLowConfidence), float64(t.BotEntered)) }},
	{"escalated_max_turns", func(t *sim.Tally) float64 { return div(float64(t.BotMaxTurns), float64(t.BotEntered)) }},
	{"bot_failed_share", func(t *sim.Tally) float64 { return div(float64(t.BotMaxTurns+t.BotGaveUp), float64(t.BotEntered)) }},
	{"bot_seconds", func(t *sim.Tally) float64 {
		return div(t.BotSeconds, float64(t.BotAsked+t.BotLowConfidence+t.BotMaxTurns+t.BotGaveUp))
	}},
	{"csat", func(t *sim.Tally) float64 { return div(t.CSATSum, float64(t.CSATCount)) }},
	{"blocked", func(t *sim.Tally) float64 { return float64(t.Blocked) }},
	{"throughput_delayed", func(t *sim.Tally) float64 { return float64(t.ThroughputDelayed) }},
	{"follow_ups", func(t *sim.Tally) float64 { return float64(t.FollowUps) }},
	{"opted_out", func(t *sim.Tally) float64 { return float64(t.OptedOut) }},
	{"outbound_sent", func(t *sim.Tally) float64 { return float64(t.OutboundSent) }},
	{"outbound_replied", func(t *sim.Tally) float64 { return float64(t.OutboundReplied) }},
	{"cost_marketing", func(t *sim.Tally) float64 { return t.CostBy[0] }},
	{"cost_utility", func(t *sim.Tally) float64 { return t.CostBy[1] }},
	{"cost_authentication", func(t *sim.Tally) float64 { return t.CostBy[2] }},
	{"cost_service", func(t *sim.Tally) float64 { return t.CostBy[3] }},
	{"cost_inbound", func(t *sim.Tally) float64 { return t.CostBy[4] }},
	{"resume_wait_seconds", func(t *sim.Tally) float64 { return div(t.ResumeWaitSeconds, float64(t.ResumeRouted)) }},
	{"resumed", func(t *sim.Tally) float64 { return float64(t.ResumeRouted) }},
	{"sticky_hit_rate", func(t *sim.Tally) float64 { return div(float64(t.StickyHits), float64(t.ResumeRouted)) }},
	{"requeues", func(t *sim.Tally) float64 { return float64(t.Requeues) }},
	{"transfers", func(t *sim.Tally) float64 { return float64(t.Transfers) }},
	{"dropped_skill_share", func(t *sim.Tally) float64 { return div(float64(t.DroppedSkills), float64(t.Handled)) }},
	{"push_timeouts", func(t *sim.Tally) float64 { return float64(t.PushTimeouts) }},
	{"declines", func(t *sim.Tally) float64 { return float64(t.Declines) }},
	{"returns", func(t *sim.Tally) float64 { return float64(t.Returns) }},
	{"silent_abandon_rate", func(t *sim.Tally) float64 { return div(float64(t.SilentAbandoned), float64(t.Routed)) }},
	{"silent_abandon_agent_seconds", func(t *sim.Tally) float64 { return div(t.SilentAgentSeconds, float64(t.SilentAbandoned)) }},
	{"reclaimed", func(t *sim.Tally) float64 { return float64(t.Reclaimed) }},
	{"wait_prediction_mae_seconds", func(t *sim.Tally) float64 { return div(t.WaitPredAbsSeconds, float64(t.WaitPredN)) }},
	{"wait_prediction_rmse_seconds", func(t *sim.Tally) float64 { return math.Sqrt(div(t.WaitPredSqSeconds, float64(t.WaitPredN))) }},
}

// Values computes every metric of one scope of one replication, in Keys order.
// Undefined values (empty denominators) are NaN. It runs once per replication and
// scope, not per event.
func Values(t *sim.Tally) []float64 {
	out := make([]float64, len(table))
	for i, m := range table {
		out[i] = m.value(t)
	}
	return out
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
