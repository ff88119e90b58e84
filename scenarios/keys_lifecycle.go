package scenarios

// The keys of the conversation lifecycle sections (issue 18): bot.turns, a
// channel's silent_abandon (routing rules: keys_routing.go); lifecycle.go
// has their types and what needs the whole file.

// bot.turns.* are planning.Set's own keys (setBotTurns), not sweep keys here.
var botTurnsSection = section{name: "bot.turns", docPath: "bot.turns.", def: "botTurns", nullable: true, about: "the bot's turn-by-turn resolution", keys: []key{
	{name: "decay", kind: kShare, field: at(func(t *BotTurns) any { return &t.Decay }), dflt: func() any { return DefaultBotTurnDecay },
		check: func(v any, _ string) string {
			if v.(float64) == 0 {
				return "must be above 0: with 0 no turn after the first resolves (use max_turns: 1)"
			}
			return ""
		},
		doc: "the chance of each turn relative to the one before, above 0 (default 0.5)"},
	{name: "give_up", kind: kShare, field: at(func(t *BotTurns) any { return &t.GiveUp }), dflt: func() any { return DefaultBotGiveUp },
		doc: "the chance a customer gives up and asks for an agent after an unresolved turn (default 0.1)"},
	{name: "csat_per_turn", kind: kNonNegative, schema: node{"type": "number", "minimum": 0, "maximum": 4},
		field: at(func(t *BotTurns) any { return &t.CSATPerTurn }), dflt: func() any { return DefaultBotCSATPerTurn },
		check: func(v any, got string) string {
			if v.(float64) > 4 {
				return "must be at most 4 (CSAT is on a 1–5 scale), got " + got
			}
			return ""
		},
		doc: "CSAT points lost per bot turn after the first (default 0.2)"},
}}

var silentSection = section{name: "silent_abandon", def: "silentAbandon", about: "silent abandonment on the channel", keys: []key{
	{name: "share", kind: kShare, field: at(func(s *SilentAbandon) any { return &s.Share }),
		doc:  "the share of the channel's customers who may leave silently (required)",
		need: "required: the share of the channel's customers who leave without saying so, such as 20%"},
	{name: "patience", kind: kDistSeconds, field: at(func(s *SilentAbandon) any { return &s.Patience }),
		doc:  "how long they wait for an agent before leaving (required); one whose customers.patience runs out first abandons visibly",
		need: "required: how long they wait for an agent before leaving, such as {dist: exponential, mean: 3m}"},
}}
