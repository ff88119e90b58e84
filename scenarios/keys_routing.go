package scenarios

import (
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// Value sets the routing keys accept that are the format's own (the routing models,
// capacity models and presences are the router's).
var (
	secondaryAttrs    = []string{"tier"}
	routingAttributes = []string{"language", "intent"}
)

// The keys of routing, of a queue (routing.queues[i]) and of a transfer rule.
var routingSection = section{name: "routing", docPath: "routing.", keys: []key{
	{name: "model", kind: kEnum, enum: oneOf(router.ModelNames, "routing model", "models"), field: at(func(r *Routing) any { return &r.Model }),
		dflt: func() any { return DefaultRoutingModel },
		doc:  "who gets the next conversation (default least_active)"},
	{name: "capacity", kind: kEnum, field: at(func(r *Routing) any { return &r.Capacity }),
		dflt: func() any { return DefaultCapacityModel },
		enum: &enumSource{values: router.CapacityNames, unknown: func(v string, vals []string) string {
			return "unknown capacity model " + quoteIfOdd(v) + didYouMean(v, vals) +
				"; models: tab (units held until the conversation ends), status (an inactive conversation frees its units)"
		}},
		doc: "tab: units held until the conversation ends (default); status: an inactive conversation frees them"},
	{name: "inactive_after", kind: kDuration, field: at(func(r *Routing) any { return &r.InactiveAfter }), sweep: "routing.inactive_after",
		doc: "customer silence after which a conversation is inactive (needed by capacity: status)"},
	{name: "end_inactive_after", kind: kPositive, field: at(func(r *Routing) any { return &r.EndInactiveAfter }),
		dflt: func() any { return DefaultEndInactiveAfter },
		doc:  "an inactive conversation ends after this (default 24h)"},
	// Customer inactivity, read by p.nudge (nudge.go).
	{name: "nudge", schema: ref("nudge"), def: "absent: no nudge; present: reply 0, at once; close_after 0 (none)",
		doc: "after inactive_after of customer silence, a reminder on the conversation's channel (priced and templated by the channel's window rules), then an auto-close after close_after more"},
	{name: "bot_inactive_after", kind: kDuration, field: at(func(r *Routing) any { return &r.BotInactiveAfter }),
		doc: "the bot closes a conversation it still owns after this customer silence between its turns (0: never)"},
	{name: "sticky_for", kind: kDuration, field: at(func(r *Routing) any { return &r.StickyFor }), sweep: "routing.sticky_for",
		doc: "a returning customer prefers the same agent for this long"},
	{name: "push_timeout", kind: kDuration, field: at(func(r *Routing) any { return &r.PushTimeout }), sweep: "routing.push_timeout",
		doc: "an offer not accepted within this is re-routed (0: agents accept at once)"},
	{name: "queues", schema: nonEmptyList(ref("queue")), doc: "routing queues (default: one queue for every channel, without skills)",
		def: `one queue named "` + DefaultQueueName + `" taking every enabled channel, routing without skills`},
	{name: "preferred_timeout", kind: kDuration, field: at(func(r *Routing) any { return &r.PreferredTimeout }),
		doc: "how long a resumed conversation waits for its previous agent (default 30s)", def: sim.ShortDuration(router.DefaultPreferredTimeout)},
	{name: "timeout_presence", kind: kEnum, enum: oneOf(router.PresenceNames, "presence", "presences"),
		field: at(func(r *Routing) any { return &r.TimeoutPresence }),
		doc:   "where an agent who lets an offer time out goes (default away)", def: router.Away.String()},
	{name: "decline", kind: kShare, field: at(func(r *Routing) any { return &r.Decline }), sweep: "routing.decline",
		doc: "the probability that an agent declines an offer (push routing)"},
	{name: "accept_time", kind: kDistSeconds, field: at(func(r *Routing) any { return &r.AcceptTime }),
		doc: "the time until an agent accepts an offer (absent: at once)", def: "absent: at once"},
	{name: "offline_requeue", kind: kBool, field: at(func(r *Routing) any { return &r.OfflineRequeue }),
		doc: "agents going offline hand their conversations back (default: true under tab, false under status)", def: "true under tab, false under status"},
	{name: "transfers", schema: listOf(ref("transfer")), read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Routing).Transfers = items(p, v, path, p.transfer)
	},
		doc: "agents transfer a share of an intent's conversations to another queue"},
	// Read together by p.reclaim and p.rules (lifecycle.go).
	{name: "reclaim_after", schema: ref("duration"), def: "0: no reclaim; routing.reclaim_presence: timeout_presence's",
		doc: "an agent who has not replied within this to a conversation it accepted (or to the customer's next message) loses it back to routing, age kept (0: never; at least push_timeout)"},
	{name: "reclaim_presence", schema: node{"type": "string", "enum": []string{"online", "busy", "away"}},
		doc: "where an agent who loses work for no reply goes (default: timeout_presence's, away)"},
	{name: "rules", schema: node{"type": "array", "items": ref("rule")},
		doc: "ordered routing rules: a conversation goes to the queue of the first rule whose channel, intent, language and tier (each optional) it matches, else to its channel's queue"},
	{name: "wait_predictor", schema: node{"type": "string", "enum": waitPredictors},
		doc: "the expected-wait predictor the report scores (wait_prediction_*): queue_length (Ibrahim & Whitt, the default) or delay_history (the last accepted wait)"},
}}

var queueSection = section{name: "queues", docPath: "routing.queues[].", keys: []key{
	{name: "name", kind: kName, field: at(func(q *Queue) any { return &q.Name }),
		doc: "the queue's name, unique; assert on it with queue:NAME.", need: "required: a name for the queue, such as support"},
	{name: "channels", schema: nonEmptyList(node{"type": "string", "enum": channelNames()}),
		doc: "the channels it takes (default every enabled channel); a channel belongs to one queue", def: "every enabled channel"},
	{name: "priority", kind: kInt, lo: 0, hi: maxCount, schema: ref("count"), field: at(func(q *Queue) any { return &q.Priority }),
		dflt: func() any { return DefaultQueuePriority },
		doc:  "routing priority, lower first (default 1)"},
	{name: "skills", schema: listOf(node{"type": "string", "enum": routingAttributes}), doc: "conversation attributes routed on as required skills"},
	{name: "additional_skills", schema: listOf(node{"type": "string", "enum": routingAttributes}),
		doc: "attributes routed on as additional skills, dropped after drop_additional_after"},
	{name: "drop_additional_after", kind: kDuration, field: at(func(q *Queue) any { return &q.DropAdditionalAfter }),
		doc: "when additional skills are dropped if no agent has them"},
	{name: "min_level", kind: kInt, lo: 0, hi: router.MaxLevel, field: at(func(q *Queue) any { return &q.MinLevel }),
		dflt: func() any { return DefaultMinLevel },
		doc:  "the lowest skill level that counts (default 1)"},
	{name: "secondary", kind: kEnum, field: at(func(q *Queue) any { return &q.Secondary }),
		enum: &enumSource{values: func() []string { return secondaryAttrs }, unknown: func(v string, _ []string) string {
			return "unknown secondary priority attribute " + quoteIfOdd(v) + "; a queue orders by tier (the arrivals' tiers, first listed first)"
		}},
		doc: "secondary priority inside the queue: tier orders by the arrivals' tiers, first listed first"},
	{name: "aging", kind: kDuration, field: at(func(q *Queue) any { return &q.Aging }),
		doc: "a waiting conversation's priority improves by 1 per this much wait"},
	{name: "overflow_to", kind: kName, field: at(func(q *Queue) any { return &q.OverflowTo }),
		doc: "the queue a conversation moves to after overflow_after"},
	{name: "overflow_after", kind: kPositive, field: at(func(q *Queue) any { return &q.OverflowAfter }),
		doc: "the wait after which a conversation overflows to overflow_to"},
}}

var transferSection = section{name: "transfers", keys: []key{
	{name: "intent", kind: kName, field: at(func(t *Transfer) any { return &t.Intent }),
		doc: "the intent whose conversations agents transfer, such as technical", need: "required: the intent whose conversations agents transfer, such as technical"},
	{name: "probability", kind: kShare, field: at(func(t *Transfer) any { return &t.Probability }),
		doc: "the share of those conversations transferred", need: "required: the share of those conversations transferred, such as 0.2"},
	{name: "to", kind: kName, field: at(func(t *Transfer) any { return &t.To }),
		doc: "the queue they go to", need: "required: the queue they go to"},
}}
