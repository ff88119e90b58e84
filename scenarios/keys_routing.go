package scenarios

import (
	"slices"
	"strings"

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

// reclaimPresences are the presences routing.reclaim_presence takes: the router's
// but offline (the agent stays logged in with its other conversations).
func reclaimPresences() []string {
	return slices.DeleteFunc(router.PresenceNames(), func(p string) bool { return p == router.Offline.String() })
}

// The keys of routing, of a queue (routing.queues[i]) and of a transfer rule.
var routingSection = section{name: "routing", docPath: "routing.", def: "routing", nullable: true, about: "Omni-Channel style routing", keys: []key{
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
	// Customer inactivity (nudge.go).
	{name: "nudge", schema: ref("nudge"), def: "absent: no nudge; present: reply 0, at once; close_after 0 (none)",
		read: func(p *parser, v *yaml.Node, path string, t any) {
			nu := &Nudge{}
			t.(*Routing).Nudge = nu
			if v.Kind != yaml.ScalarNode || v.Tag != "!!null" {
				p.mapping(v, path, &nudgeSection, nu)
			}
		},
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
	{name: "reclaim_after", kind: kDuration, field: at(func(r *Routing) any { return &r.ReclaimAfter }),
		def: "0: no reclaim; routing.reclaim_presence: timeout_presence's",
		doc: "an agent who has not replied within this to a conversation it accepted (or to the customer's next message) loses it back to routing, age kept (0: never; at least push_timeout)"},
	{name: "reclaim_presence", kind: kEnum, field: at(func(r *Routing) any { return &r.ReclaimPresence }),
		enum: &enumSource{values: reclaimPresences, unknown: func(v string, vals []string) string {
			if v == router.Offline.String() {
				return "offline is not allowed: the agent stays logged in with its other conversations; use away or busy"
			}
			return "unknown presence " + quoteIfOdd(v) + didYouMean(v, router.PresenceNames()) + "; presences: " + strings.Join(vals, ", ")
		}},
		doc: "where an agent who loses work for no reply goes (default: timeout_presence's, away)"},
	{name: "rules", schema: listOf(ref("rule")), read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Routing).Rules = items(p, v, path, p.rule)
	},
		doc: "ordered routing rules: a conversation goes where the first rule whose channel, intent, language, tier and keywords (each optional) it matches says (a queue, an agent group first, the bot or not), else its channel's way"},
	{name: "wait_predictor", kind: kEnum, field: at(func(r *Routing) any { return &r.WaitPredictor }),
		enum: &enumSource{values: func() []string { return waitPredictors }, unknown: func(v string, vals []string) string {
			return "unknown predictor " + quoteIfOdd(v) + didYouMean(v, vals) + "; predictors: queue_length (default), delay_history"
		}},
		doc: "the expected-wait predictor the report scores (wait_prediction_*): queue_length (Ibrahim & Whitt, the default) or delay_history (the last accepted wait)"},
	{name: "announce", schema: ref("announce"), read: func(p *parser, v *yaml.Node, path string, t any) { t.(*Routing).Announce = p.announce(v, path) },
		doc: "tell a customer whose first routing finds no agent with room the predicted wait (wait_predictor's) and/or position, as a system message priced and window-checked like any outbound message (announcements); balk: customers told a wait beyond their patience leave at once"},
}}

// The keys of routing.nudge (nudge.go). A null or empty nudge: one that nobody
// answers and that closes nothing.
var nudgeSection = section{name: "nudge", docPath: "routing.nudge.", def: "nudge", nullable: true,
	about: "a reminder to a customer silent for inactive_after, then an auto-close", keys: []key{
		{name: "channels", schema: nonEmptyList(node{"type": "string", "enum": channelNames()}),
			read: func(p *parser, v *yaml.Node, path string, t any) { t.(*Nudge).Channels = p.nudgeChannels(v, path) },
			doc:  "the channels whose silent customers are nudged (default every enabled channel); each must be able to send the nudge after inactive_after"},
		{name: "reply", kind: kShare, field: at(func(n *Nudge) any { return &n.Reply }),
			doc: "the share of nudged customers the nudge brings back (default 0)"},
		{name: "reply_delay", kind: kDistSeconds, field: at(func(n *Nudge) any { return &n.ReplyDelay }),
			doc: "the time from the nudge to their reply (absent: at once)"},
		{name: "close_after", kind: kDuration, field: at(func(n *Nudge) any { return &n.CloseAfter }),
			doc: "silence after the nudge that auto-closes the conversation (default 0: none; end_inactive_after still ends it)"},
	}}

// The keys of routing.announce (announce.go).
var announceSection = section{name: "announce", docPath: "routing.announce.", def: "announce", nullable: true,
	about: "what a customer whose first routing finds no agent with room is told: the predicted wait and/or position", keys: []key{
		{name: "wait", kind: kBool, field: at(func(a *Announce) any { return &a.Wait }), dflt: func() any { return true },
			doc: "announce the predicted wait (default true)"},
		{name: "position", kind: kBool, field: at(func(a *Announce) any { return &a.Position }),
			doc: "announce the position in line (default false)", def: "false"},
		{name: "balk", kind: kShare, field: at(func(a *Announce) any { return &a.Balk }),
			doc: "the share of customers told a wait longer than their patience who leave at once (Armony, Shimkin & Whitt 2009; default 0: the announcement changes no one's patience)", def: "0"},
	}}

var queueSection = section{name: "queues", docPath: "routing.queues[].", def: "queue", about: "a routing queue", keys: []key{
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

var transferSection = section{name: "transfers", def: "transfer", about: "a transfer rule: agents move a share of an intent's conversations to another queue", keys: []key{
	{name: "intent", kind: kName, field: at(func(t *Transfer) any { return &t.Intent }),
		doc: "the intent whose conversations agents transfer, such as technical", need: "required: the intent whose conversations agents transfer, such as technical"},
	{name: "probability", kind: kShare, field: at(func(t *Transfer) any { return &t.Probability }),
		doc: "the chance that the agent transfers such a conversation at each of its replies on the first routing after which the customer has more to say (a draw per reply, not a share of conversations)", need: "required: the chance of a transfer at each agent reply, such as 0.2"},
	{name: "to", kind: kName, field: at(func(t *Transfer) any { return &t.To }),
		doc: "the queue they go to", need: "required: the queue they go to"},
}}

// The keys of a routing rule (routing.rules[i]; routing_rules.go).
var ruleSection = section{name: "rules", docPath: "routing.rules[].", def: "rule", about: "a routing rule: where conversations matching every attribute it sets go",
	anyOf: [][]string{{"queue"}, {"bot"}}, keys: []key{
		{name: "channel", kind: kName, field: at(func(r *Rule) any { return &r.Channel }), doc: "match conversations on this channel"},
		{name: "intent", kind: kName, field: at(func(r *Rule) any { return &r.Intent }), doc: "match conversations with this intent"},
		{name: "language", kind: kName, field: at(func(r *Rule) any { return &r.Language }), doc: "match conversations in this language"},
		{name: "tier", kind: kName, field: at(func(r *Rule) any { return &r.Tier }), doc: "match conversations of this customer tier"},
		{name: "keywords", schema: nonEmptyList(node{"type": "string", "minLength": 1}),
			read: func(p *parser, v *yaml.Node, path string, t any) { t.(*Rule).Keywords = p.keywords(v, path) },
			doc:  "match conversations whose first customer message contains any of these words or phrases (whole words, any case); the simulator draws them with arrivals[].keywords"},
		{name: "queue", kind: kName, field: at(func(r *Rule) any { return &r.Queue }),
			doc: "the queue matching conversations go to (required unless the rule only sets bot; with agent_group, the queue they fall back to)"},
		{name: "agent_group", kind: kName, field: at(func(r *Rule) any { return &r.AgentGroup }),
			doc: "direct routing: the agents of this group take matching conversations first, whatever their skills, until fallback_after (needs queue and fallback_after)"},
		{name: "fallback_after", kind: kPositive, field: at(func(r *Rule) any { return &r.FallbackAfter }),
			doc: "how long a conversation waits for agent_group before it goes to queue, to any of its agents"},
		{name: "bot", kind: kBool, field: at(func(r *Rule) any { return &r.Bot }),
			doc: "true: matching conversations go to the bot first, even on a channel whose bot is false; false: they skip the bot (default: the channel's)"},
	}}
