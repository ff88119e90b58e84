package scenarios

import (
	"fmt"

	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// The keys of customers, the bot (and its intents) and agent follow-ups.
var customerSection = section{name: "customers", docPath: "customers.", def: "customers", nullable: true, about: "customer behaviour", keys: []key{
	{name: "messages", schema: ref("distNumber"), read: func(p *parser, v *yaml.Node, path string, t any) {
		c := t.(*Customers)
		c.Messages, c.HasMessages = p.distribution(v, path, count)
	},

		doc: "customer messages per conversation (default {dist: constant, value: 1}); geometric is on 1, 2, 3, …", def: "{dist: constant, value: 1}"},
	{name: "pause", kind: kDistSeconds, field: at(func(c *Customers) any { return &c.Pause }),
		doc: "the time between an agent reply and the customer's next message (default {dist: constant, value: 60s})",
		def: fmt.Sprintf("{dist: constant, value: %ds}", DefaultPauseSeconds)},
	{name: "patience", kind: kDistSeconds, field: at(func(c *Customers) any { return &c.Patience }),
		doc: "customers abandon if no agent accepted them by then; absent: they never abandon", def: "absent: customers never abandon"},
}}

var botSection = section{name: "bot", docPath: "bot.", def: "bot", nullable: true, about: "the bot tier in front of the agents", keys: []key{
	{name: "enabled", kind: kBool, field: at(func(b *Bot) any { return &b.Enabled }), dflt: func() any { return true },
		doc: "whether the bot runs (default true when bot: is present)", def: "true when a bot: section is present (bot.threshold is then required)"},
	{name: "threshold", kind: kShare, field: at(func(b *Bot) any { return &b.Threshold }), sweep: "bot.threshold",
		doc: "the bot hands off when its confidence is below this (required when enabled)"},
	{name: "max_turns", kind: kInt, lo: 1, hi: maxCount, field: at(func(b *Bot) any { return &b.MaxTurns }), sweep: "bot.max_turns",
		dflt: func() any { return DefaultBotMaxTurns },
		doc:  "failed turns before the bot hands off (default 3)"},
	{name: "ask_agent", kind: kShare, field: at(func(b *Bot) any { return &b.AskAgent }), sweep: "bot.ask_agent",
		doc: "the share of customers who ask for a human at once"},
	{name: "latency", kind: kDistSeconds, field: at(func(b *Bot) any { return &b.Latency }),
		doc: "the time of a bot turn (default {dist: constant, value: 2s})", def: "{dist: constant, value: " + sim.ShortDuration(DefaultBotLatency) + "}"},
	{name: "intents", schema: node{"type": "object", "additionalProperties": ref("botIntent")},
		read: func(p *parser, v *yaml.Node, path string, t any) { p.botIntents(v, path, t.(*Bot)) },
		doc:  "the bot's ability per intent; intents without an entry hand off after the first turn"},
	{name: "turns", schema: ref("botTurns"), def: "absent: one resolution draw per conversation",
		doc: "resolve turn by turn: turn k resolves with resolvable × confidence × decay^(k−1), customers may give up between turns, CSAT falls with turns; omit for one resolution draw per conversation",
		read: func(p *parser, v *yaml.Node, path string, t any) {
			t.(*Bot).Turns = &BotTurns{}
			p.mapping(v, path, &botTurnsSection, t.(*Bot).Turns)
		}},
}}

var botIntentSection = section{name: "bot.intents", def: "botIntent", about: "the bot's ability on one intent", keys: []key{
	{name: "resolvable", kind: kShare, field: at(func(b *BotIntent) any { return &b.Resolvable }), sweep: "bot.intents.INTENT.resolvable",
		doc:  "the share of these conversations the bot can resolve; it resolves with probability resolvable × confidence",
		need: "required: the share of these conversations the bot can resolve, such as 0.8"},
	{name: "confidence", kind: kDistPlain, field: at(func(b *BotIntent) any { return &b.Confidence }),
		doc:  "the bot's confidence on [0, 1], such as {dist: beta, alpha: 8, beta: 2}",
		need: "required: the bot's confidence distribution on [0, 1], such as {dist: beta, alpha: 8, beta: 2}"},
}}

var followUpSection = section{name: "follow_up", def: "followUp", about: "agent follow-ups: an outbound message some time after the conversation", keys: []key{
	{name: "probability", kind: kShare, field: at(func(f *FollowUp) any { return &f.Probability }),
		doc: "the share of conversations with a follow-up", need: "required: the share of conversations with a follow-up, such as 0.1"},
	{name: "delay", kind: kDistSeconds, field: at(func(f *FollowUp) any { return &f.Delay }),
		doc:  "the time from the end of the conversation to the follow-up, such as {dist: lognormal, median: 26h, sigma: 0.3}",
		need: "required: the time until the follow-up, such as {dist: lognormal, median: 26h, sigma: 0.3}"},
	{name: "by_intent", schema: node{"type": "object", "additionalProperties": ref("share")},
		read: func(p *parser, v *yaml.Node, path string, t any) { p.byIntent(v, path, t.(*FollowUp)) },
		doc:  "per-intent follow-up probabilities overriding probability, such as {billing: 0.3}"},
}}
