package metrics

import "strings"

// Keys are the metric keys of the JSON report, in report order.
var Keys = []string{
	"offered", "bot_contained", "handled", "abandoned", "abandon_rate", "p_wait",
	"asa_seconds", "abandon_wait_seconds", "wait_p50_seconds", "wait_p90_seconds",
	"service_level", "first_response_p90_seconds", "utilization", "bot_containment",
	"templates_required", "cost",
	// additions
	"routed", "unserved", "waiting_mean",
	"escalated_asked", "escalated_low_confidence", "escalated_max_turns", "bot_failed_share", "bot_seconds",
	"csat",
	"blocked", "throughput_delayed", "follow_ups", "opted_out", "outbound_sent", "outbound_replied",
	"cost_marketing", "cost_utility", "cost_authentication", "cost_service", "cost_inbound",
	"resume_wait_seconds", "resumed", "sticky_hit_rate", "requeues", "transfers", "dropped_skill_share",
	"push_timeouts", "declines", "returns",
	// conversation lifecycle (issue 18)
	"silent_abandon_rate", "silent_abandon_agent_seconds", "reclaimed",
	"wait_prediction_mae_seconds", "wait_prediction_rmse_seconds",
}

// Stable is the number of DESIGN.md's stable keys at the start of Keys.
const Stable = 16

var shares = map[string]bool{
	"abandon_rate": true, "p_wait": true, "service_level": true, "utilization": true, "bot_containment": true,
	"escalated_asked": true, "escalated_low_confidence": true, "escalated_max_turns": true, "bot_failed_share": true,
	"sticky_hit_rate": true, "dropped_skill_share": true,
	"silent_abandon_rate": true,
}

// IsShare reports whether key is a share in [0, 1] (a percentage makes sense for it).
func IsShare(key string) bool { return shares[key] }

// IsSeconds reports whether key is a time in seconds (a duration makes sense for it).
func IsSeconds(key string) bool { return strings.HasSuffix(key, "_seconds") }

// Index returns the position of key in Keys, or -1.
func Index(key string) int {
	for i, k := range Keys {
		if k == key {
			return i
		}
	}
	return -1
}
