package metrics

import (
	"math"

	"github.com/omnisim/omnisim/sim"
)

// A Kind says what sort of number a metric is: how it is printed, whether an
// assertion may compare it with a duration or a percentage, and whether it sums
// over the days of a run.
type Kind uint8

const (
	// Count is a number of conversations or messages: a sum over the scope's
	// conversations, so it grows with the horizon (by interval: a mean per day).
	Count Kind = iota
	// Money is a cost in the catalog's currency: additive, like a count.
	Money
	// Share is a ratio in [0, 1], printed as a percentage.
	Share
	// Seconds is a time (a mean or a percentile), in seconds.
	Seconds
	// Average is a mean level that is neither a share nor a time (conversations
	// waiting, the CSAT score): not summed over days.
	Average
)

// A Metric is one row of the report: its JSON key, its human label and unit, its
// kind, and how one replication's tally of one scope gives its value (NaN when
// its denominator is empty). Adding a metric is a row here plus the count it
// reads in sim.Tally.
type Metric struct {
	Key   string
	Label string // human name in text, Markdown and HTML, without its unit
	Unit  string // printed after the label in parentheses ("s", "USD"); "" for none
	Kind  Kind
	Value func(t *sim.Tally) float64
}

// div is a/b, NaN when b is 0.
func div(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// ratio is a/b of two counts, NaN when b is 0.
func ratio(a, b int64) float64 { return div(float64(a), float64(b)) }

// quantileSeconds is the q-quantile of h in seconds (h holds milliseconds); NaN when empty.
func quantileSeconds(h *sim.Hist, q float64) float64 { return h.Quantile(q) / 1000 }

// Table is every metric, in report order: the first Stable rows are DESIGN.md's
// stable keys (public format), the rest are additions.
var Table = []Metric{
	{"offered", "offered conversations", "", Count, func(t *sim.Tally) float64 { return float64(t.Offered) }},
	{"bot_contained", "contained by the bot", "", Count, func(t *sim.Tally) float64 { return float64(t.BotContained) }},
	{"handled", "accepted by an agent", "", Count, func(t *sim.Tally) float64 { return float64(t.Handled) }},
	{"abandoned", "abandoned", "", Count, func(t *sim.Tally) float64 { return float64(t.Abandoned) }},
	{"abandon_rate", "abandon rate", "", Share, func(t *sim.Tally) float64 { return ratio(t.Abandoned, t.Routed) }},
	{"p_wait", "P(wait > 0)", "", Share, func(t *sim.Tally) float64 { return ratio(t.Waited, t.Routed) }},
	{"asa_seconds", "ASA", "s", Seconds, func(t *sim.Tally) float64 { return div(t.WaitSeconds, float64(t.Handled)) }},
	{"abandon_wait_seconds", "time to abandon", "s", Seconds, func(t *sim.Tally) float64 { return div(t.AbandonWaitSeconds, float64(t.Abandoned)) }},
	{"wait_p50_seconds", "wait p50", "s", Seconds, func(t *sim.Tally) float64 { return quantileSeconds(&t.Wait, 0.5) }},
	{"wait_p90_seconds", "wait p90", "s", Seconds, func(t *sim.Tally) float64 { return quantileSeconds(&t.Wait, 0.9) }},
	{"service_level", "service level", "", Share, func(t *sim.Tally) float64 { return ratio(t.WithinSLA, t.Routed) }},
	{"first_response_p90_seconds", "first response p90", "s", Seconds, func(t *sim.Tally) float64 { return quantileSeconds(&t.FirstResponse, 0.9) }},
	{"utilization", "utilization", "", Share, func(t *sim.Tally) float64 { return div(t.BusyUnitSeconds, t.CapacityUnitSeconds) }},
	{"bot_containment", "bot containment", "", Share, func(t *sim.Tally) float64 { return ratio(t.BotContained, t.BotEntered) }},
	{"templates_required", "templates required", "", Count, func(t *sim.Tally) float64 { return float64(t.TemplatesRequired) }},
	{"cost", "messaging cost", "USD", Money, func(t *sim.Tally) float64 { return t.Cost }},
	// additions
	{"routed", "routed to agents", "", Count, func(t *sim.Tally) float64 { return float64(t.Routed) }},
	{"unserved", "still waiting at the end", "", Count, func(t *sim.Tally) float64 { return float64(t.Unserved) }},
	{"waiting_mean", "mean conversations waiting", "", Average, func(t *sim.Tally) float64 { return div(t.WaitingSeconds, t.MeasuredSeconds) }},
	{"escalated_asked", "bot hand-off: asked for an agent", "", Share, func(t *sim.Tally) float64 { return ratio(t.BotAsked, t.BotEntered) }},
	{"escalated_low_confidence", "bot hand-off: low confidence", "", Share, func(t *sim.Tally) float64 { return ratio(t.BotLowConfidence, t.BotEntered) }},
	{"escalated_max_turns", "bot hand-off: max turns", "", Share, func(t *sim.Tally) float64 { return ratio(t.BotMaxTurns, t.BotEntered) }},
	// The failed-attempt share: of the conversations the bot tried to resolve
	// (confidence at or above the threshold: contained, or handed off after
	// max_turns), those it failed. escalated_max_turns is the same count over all
	// that entered the bot.
	// A customer who gives up between turns (bot.turns.give_up) was tried and failed too.
	{"bot_failed_share", "bot tried and failed", "", Share, func(t *sim.Tally) float64 {
		return ratio(t.BotMaxTurns+t.BotGaveUp, t.BotContained+t.BotMaxTurns+t.BotGaveUp)
	}},
	{"bot_seconds", "time in bot before hand-off", "s", Seconds, func(t *sim.Tally) float64 {
		return div(t.BotSeconds, float64(t.BotAsked+t.BotLowConfidence+t.BotMaxTurns+t.BotGaveUp))
	}},
	{"csat", "CSAT proxy", "1–5", Average, func(t *sim.Tally) float64 { return div(t.CSATSum, float64(t.CSATCount)) }},
	{"blocked", "outbound blocked", "", Count, func(t *sim.Tally) float64 { return float64(t.Blocked) }},
	{"throughput_delayed", "held by throughput limit", "", Count, func(t *sim.Tally) float64 { return float64(t.ThroughputDelayed) }},
	{"follow_ups", "agent follow-ups", "", Count, func(t *sim.Tally) float64 { return float64(t.FollowUps) }},
	{"opted_out", "opted out (STOP)", "", Count, func(t *sim.Tally) float64 { return float64(t.OptedOut) }},
	{"outbound_sent", "campaign messages sent", "", Count, func(t *sim.Tally) float64 { return float64(t.OutboundSent) }},
	{"outbound_replied", "campaign replies", "", Count, func(t *sim.Tally) float64 { return float64(t.OutboundReplied) }},
	// The categories split cost, whose label names the currency.
	{"cost_marketing", "cost: marketing templates", "", Money, func(t *sim.Tally) float64 { return t.CostBy[0] }},
	{"cost_utility", "cost: utility templates", "", Money, func(t *sim.Tally) float64 { return t.CostBy[1] }},
	{"cost_authentication", "cost: authentication templates", "", Money, func(t *sim.Tally) float64 { return t.CostBy[2] }},
	{"cost_service", "cost: service messages", "", Money, func(t *sim.Tally) float64 { return t.CostBy[3] }},
	{"cost_inbound", "cost: inbound messages", "", Money, func(t *sim.Tally) float64 { return t.CostBy[4] }},
	{"resume_wait_seconds", "resume wait, returning customer", "s", Seconds, func(t *sim.Tally) float64 { return div(t.ResumeWaitSeconds, float64(t.ResumeRouted)) }},
	{"resumed", "resumed after inactivity", "", Count, func(t *sim.Tally) float64 { return float64(t.ResumeRouted) }},
	{"sticky_hit_rate", "resumed to the same agent", "", Share, func(t *sim.Tally) float64 { return ratio(t.StickyHits, t.ResumeRouted) }},
	{"requeues", "handed back at logoff", "", Count, func(t *sim.Tally) float64 { return float64(t.Requeues) }},
	{"transfers", "transferred", "", Count, func(t *sim.Tally) float64 { return float64(t.Transfers) }},
	{"dropped_skill_share", "routed after dropping skills", "", Share, func(t *sim.Tally) float64 { return ratio(t.DroppedSkills, t.Handled) }},
	{"push_timeouts", "offers timed out", "", Count, func(t *sim.Tally) float64 { return float64(t.PushTimeouts) }},
	{"declines", "offers declined", "", Count, func(t *sim.Tally) float64 { return float64(t.Declines) }},
	{"returns", "came back after the end (new)", "", Count, func(t *sim.Tally) float64 { return float64(t.Returns) }},
	// Messaging service levels (undefined without their sla: target): on-time
	// responses ÷ what needed one; a response still owed when the run stops is
	// late (in the denominator, never in the numerator), as an abandoned
	// conversation is for service_level.
	{"first_response_service_level", "first response on time", "", Share, func(t *sim.Tally) float64 { return ratio(t.FirstResponseWithin, t.FirstResponseDue) }},
	{"next_response_service_level", "next response on time", "", Share, func(t *sim.Tally) float64 { return ratio(t.NextResponseWithin, t.NextResponseOwed) }},
	{"next_response_seconds", "next response, mean", "s", Seconds, func(t *sim.Tally) float64 { return div(t.NextResponseSeconds, float64(t.NextResponded)) }},
	{"next_responses", "customer messages needing a next response", "", Count, func(t *sim.Tally) float64 { return float64(t.NextResponseDue) }},
	{"resolution_service_level", "resolved on time", "", Share, func(t *sim.Tally) float64 { return ratio(t.ResolvedWithin, t.ResolutionDue) }},
	{"resolution_seconds", "resolution time, mean", "s", Seconds, func(t *sim.Tally) float64 { return div(t.ResolutionSeconds, float64(t.Resolved)) }},
	// Conversation lifecycle: silent abandonment, no-reply reclaim, wait prediction.
	{"silent_abandon_rate", "left silently, agent accepted anyway", "", Share, func(t *sim.Tally) float64 { return ratio(t.SilentAbandoned, t.Routed) }},
	{"silent_abandon_agent_seconds", "agent time per silent abandoner", "s", Seconds, func(t *sim.Tally) float64 {
		return div(t.SilentAgentSeconds, float64(t.SilentAbandoned))
	}},
	{"reclaimed", "taken back for no reply", "", Count, func(t *sim.Tally) float64 { return float64(t.Reclaimed) }},
	{"wait_prediction_mae_seconds", "predicted wait: mean abs. error", "s", Seconds, func(t *sim.Tally) float64 { return div(t.WaitPredAbsSeconds, float64(t.WaitPredN)) }},
	{"wait_prediction_rmse_seconds", "predicted wait: RMSE", "s", Seconds, func(t *sim.Tally) float64 { return math.Sqrt(div(t.WaitPredSqSeconds, float64(t.WaitPredN))) }},
	// Announcements of the predicted wait or position (routing.announce).
	{"announcements", "wait announcements sent", "", Count, func(t *sim.Tally) float64 { return float64(t.Announcements) }},
	{"announce_balked", "left at once on the announced wait", "", Count, func(t *sim.Tally) float64 { return float64(t.Balked) }},
	{"outbound_opted_out", "not sent: customer opted out", "", Count, func(t *sim.Tally) float64 { return float64(t.OptOutBlocked) }},
	// Customer inactivity: nudges to silent customers, their replies, and the
	// conversations closed for silence (with an agent; still with the bot).
	{"nudges", "nudges to silent customers", "", Count, func(t *sim.Tally) float64 { return float64(t.Nudges) }},
	{"nudge_replies", "nudged customers who wrote again", "", Count, func(t *sim.Tally) float64 { return float64(t.NudgeReplies) }},
	{"auto_closed", "closed for customer silence", "", Count, func(t *sim.Tally) float64 { return float64(t.AutoClosed) }},
	{"bot_auto_closed", "closed by the bot for silence", "", Count, func(t *sim.Tally) float64 { return float64(t.BotAutoClosed) }},
}

// Stable is the number of DESIGN.md's stable keys at the start of Table.
const Stable = 16

// Keys are the metric keys of the JSON report, in report order (Table's keys).
var Keys = keys()

func keys() []string {
	out := make([]string, len(Table))
	for i, m := range Table {
		out[i] = m.Key
	}
	return out
}

// Index returns the position of key in Table and Keys, or -1.
func Index(key string) int {
	for i, m := range Table {
		if m.Key == key {
			return i
		}
	}
	return -1
}

// kind is key's kind; ok is false for an unknown key.
func kind(key string) (k Kind, ok bool) {
	if i := Index(key); i >= 0 {
		return Table[i].Kind, true
	}
	return 0, false
}

// IsShare reports whether key is a share in [0, 1] (a percentage makes sense for it).
func IsShare(key string) bool { k, ok := kind(key); return ok && k == Share }

// IsSeconds reports whether key is a time in seconds (a duration makes sense for it).
func IsSeconds(key string) bool { k, ok := kind(key); return ok && k == Seconds }

// IsMoney reports whether key is a cost.
func IsMoney(key string) bool { k, ok := kind(key); return ok && k == Money }

// IsCount reports whether key counts conversations or messages.
func IsCount(key string) bool { k, ok := kind(key); return ok && k == Count }

// IsAdditive reports whether key is a count or a cost: a sum over the conversations
// of a scope, which grows with the horizon (a ratio, percentile or time average
// does not). By interval of the day, additive metrics are means per day.
func IsAdditive(key string) bool { return IsCount(key) || IsMoney(key) }

// Label is key's human name with its unit ("ASA (s)"); an unknown key is its own
// label.
func Label(key string) string {
	i := Index(key)
	if i < 0 {
		return key
	}
	if m := Table[i]; m.Unit != "" {
		return m.Label + " (" + m.Unit + ")"
	}
	return Table[i].Label
}

// Values computes every metric of one scope of one replication, in Table order.
// Undefined values (empty denominators) are NaN. It runs once per replication and
// scope, not per event.
func Values(t *sim.Tally) []float64 {
	out := make([]float64, len(Table))
	for i, m := range Table {
		out[i] = m.Value(t)
	}
	return out
}
