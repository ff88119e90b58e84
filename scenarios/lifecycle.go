package scenarios

import (
	"fmt"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
	"gopkg.in/yaml.v3"
)

// The conversation lifecycle keys of issue 18, parsed here so that the main
// parser (sections.go) only calls in.

// botTurnsKeys are the keys of bot.turns.
var botTurnsKeys = []string{"decay", "give_up", "csat_per_turn"}

// Defaults of bot.turns. The literature gives no single figure; these are the
// assumptions the docs state: the second answer lands half as often as the first,
// a tenth of the customers give up after each unresolved turn, and each extra turn
// costs 0.2 CSAT points (a 1–5 proxy; a failed bot costs 0.7).
const (
	DefaultBotTurnDecay   = 0.5
	DefaultBotGiveUp      = 0.1
	DefaultBotCSATPerTurn = 0.2
)

// BotTurns is bot.turns: resolution turn by turn (sim.BotTurns).
type BotTurns struct {
	Decay       float64 // decay: the chance of turn k+1 relative to turn k, in (0, 1]
	GiveUp      float64 // give_up: a customer's chance to give up after an unresolved turn
	CSATPerTurn float64 // csat_per_turn: CSAT lost per bot turn after the first
}

// botTurns parses bot.turns (an empty mapping or null takes every default).
func (p *parser) botTurns(n *yaml.Node) *BotTurns {
	t := &BotTurns{Decay: DefaultBotTurnDecay, GiveUp: DefaultBotGiveUp, CSATPerTurn: DefaultBotCSATPerTurn}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return t
	}
	f, ok := p.fields(n, "bot.turns", botTurnsKeys...)
	if !ok {
		return t
	}
	if v, ok := f["decay"]; ok {
		if d, good := p.share(v, "bot.turns.decay"); good {
			if d == 0 {
				p.errf(v, "bot.turns.decay", "must be above 0: with 0 no turn after the first resolves (use max_turns: 1)")
			}
			t.Decay = d
		}
	}
	if v, ok := f["give_up"]; ok {
		t.GiveUp, _ = p.share(v, "bot.turns.give_up")
	}
	if v, ok := f["csat_per_turn"]; ok {
		if c, good := p.nonNegative(v, "bot.turns.csat_per_turn"); good {
			if c > 4 {
				p.errf(v, "bot.turns.csat_per_turn", "must be at most 4 (CSAT is on a 1–5 scale), got %s", v.Value)
			}
			t.CSATPerTurn = c
		}
	}
	return t
}

// model is the simulator's form of bot.turns (nil when absent).
func (t *BotTurns) model() *sim.BotTurns {
	if t == nil {
		return nil
	}
	return &sim.BotTurns{Decay: t.Decay, GiveUp: t.GiveUp, CSATPerTurn: t.CSATPerTurn}
}

// silentKeys are the keys of channels.C.silent_abandon.
var silentKeys = []string{"share", "patience"}

// SilentAbandon is channels.C.silent_abandon: customers who leave without saying so
// (sim.SilentAbandon).
type SilentAbandon struct {
	Share    float64   // share: of the channel's customers
	Patience dist.Dist // patience: seconds they wait for an agent before leaving
}

// silentAbandon parses channels.C.silent_abandon at path.
func (p *parser) silentAbandon(n *yaml.Node, path string) *SilentAbandon {
	s := &SilentAbandon{}
	f, ok := p.fields(n, path, silentKeys...)
	if !ok {
		return s
	}
	if v, ok := f["share"]; ok {
		s.Share, _ = p.share(v, join(path, "share"))
	} else {
		p.missing(n, join(path, "share"), "required: the share of the channel's customers who leave without saying so, such as 20%%")
	}
	if v, ok := f["patience"]; ok {
		s.Patience, _ = p.distribution(v, join(path, "patience"), seconds)
	} else {
		p.missing(n, join(path, "patience"), "required: how long they wait for an agent before leaving, such as {dist: exponential, mean: 3m}")
	}
	return s
}

// model is the simulator's form of silent_abandon (nil when absent).
func (s *SilentAbandon) model() *sim.SilentAbandon {
	if s == nil {
		return nil
	}
	return &sim.SilentAbandon{Share: s.Share, Patience: s.Patience}
}

// waitPredictors are the values of routing.wait_predictor, sim.WaitPredictor order.
var waitPredictors = []string{"queue_length", "delay_history"}

// waitPredictor is the simulator's predictor (the default: queue_length).
func (r *Routing) waitPredictor() sim.WaitPredictor {
	for i, n := range waitPredictors {
		if n == r.WaitPredictor {
			return sim.WaitPredictor(i)
		}
	}
	return sim.WaitQueueLength
}

// reclaim reads routing.reclaim_after and routing.reclaim_presence from the
// routing section's fields f.
func (p *parser) reclaim(f map[string]*yaml.Node, r *Routing) {
	if v, ok := f["wait_predictor"]; ok {
		if m, good := p.name(v, "routing.wait_predictor"); good {
			if contains(waitPredictors, m) {
				r.WaitPredictor = m
			} else {
				p.errf(v, "routing.wait_predictor", "unknown predictor %s%s; predictors: queue_length (default), delay_history", quoteIfOdd(m), didYouMean(m, waitPredictors))
			}
		}
	}
	if v, ok := f["reclaim_after"]; ok {
		r.ReclaimAfter, _ = p.duration(v, "routing.reclaim_after")
	}
	if v, ok := f["reclaim_presence"]; ok {
		if m, good := p.name(v, "routing.reclaim_presence"); good {
			switch {
			case m == "offline":
				p.errf(v, "routing.reclaim_presence", "offline is not allowed: the agent stays logged in with its other conversations; use away or busy")
			case contains(router.PresenceNames(), m):
				r.ReclaimPresence = m
			default:
				p.errf(v, "routing.reclaim_presence", "unknown presence %s%s; presences: online, busy, away", quoteIfOdd(m), didYouMean(m, router.PresenceNames()))
			}
		}
	}
}

// validateLifecycle checks what needs several fields.
func (p *parser) validateLifecycle(s *Scenario, enabled map[string]bool) {
	p.validateRules(s, enabled)
	p.validateNudge(s, enabled)
	r := &s.Routing
	if r.ReclaimAfter > 0 && r.ReclaimAfter < r.PushTimeout {
		p.errf(p.seen["routing.reclaim_after"], "routing.reclaim_after",
			"%v is shorter than push_timeout %v: an agent must have at least the time to accept before work is taken back", r.ReclaimAfter, r.PushTimeout)
	}
}

// reclaimConfig sets the router's no-reply reclaim from the routing section. The
// agent's presence defaults to the push timeout's (away unless timeout_presence says).
func (r *Routing) reclaimConfig(cfg *router.Config) error {
	cfg.ReclaimAfter = r.ReclaimAfter
	cfg.ReclaimPresence = cfg.TimeoutPresence
	if r.ReclaimPresence != "" {
		p, err := router.ParsePresence(r.ReclaimPresence)
		if err != nil {
			return fmt.Errorf("routing.reclaim_presence: %w", err)
		}
		cfg.ReclaimPresence = p
	}
	return nil
}

// ruleKeys are the keys of a routing rule.
var ruleKeys = []string{"channel", "intent", "language", "tier", "queue"}

// Rule is routing.rules[i]: conversations matching every set attribute go to Queue
// (sim.RouteRule).
type Rule struct {
	Channel, Intent, Language, Tier string // "": any
	Queue                           string
}

// rules reads routing.rules from the routing section's fields f.
func (p *parser) rules(f map[string]*yaml.Node, r *Routing) {
	v, ok := f["rules"]
	if !ok {
		return
	}
	items, _ := p.seq(v, "routing.rules")
	for i, it := range items {
		path := index("routing.rules", i)
		g, good := p.fields(it, path, ruleKeys...)
		if !good {
			continue
		}
		var ru Rule
		for _, k := range []struct {
			key string
			to  *string
		}{{"channel", &ru.Channel}, {"intent", &ru.Intent}, {"language", &ru.Language}, {"tier", &ru.Tier}, {"queue", &ru.Queue}} {
			if x, ok := g[k.key]; ok {
				*k.to, _ = p.name(x, join(path, k.key))
			}
		}
		if _, ok := g["queue"]; !ok {
			p.missing(it, join(path, "queue"), "required: the queue the matching conversations go to")
		}
		r.Rules = append(r.Rules, ru)
	}
}

// validateRules checks that rules name enabled channels, known intents, languages
// and tiers, and existing queues, and that every queue can be reached: by a rule,
// as the first queue (by priority) of an enabled channel, or as an overflow or
// transfer target.
func (p *parser) validateRules(s *Scenario, enabled map[string]bool) {
	r := &s.Routing
	if len(r.Rules) == 0 {
		return
	}
	queues := map[string]bool{}
	var names []string
	for _, q := range r.Queues {
		queues[q.Name] = true
		names = append(names, q.Name)
	}
	known := map[string]map[string]int{"intent": {}, "language": {}, "tier": {}}
	for _, a := range s.Arrivals {
		for _, sh := range a.Intents {
			known["intent"][sh.Name] = 1
		}
		for _, sh := range a.Languages {
			known["language"][sh.Name] = 1
		}
		for _, sh := range a.Tiers {
			known["tier"][sh.Name] = 1
		}
	}
	reached := map[string]bool{}
	for i, ru := range r.Rules {
		path := index("routing.rules", i)
		if ru.Channel != "" && !enabled[ru.Channel] {
			p.errf(p.seen[join(path, "channel")], join(path, "channel"), "%s is not an enabled channel", quoteIfOdd(ru.Channel))
		}
		for _, a := range []struct{ attr, v string }{{"intent", ru.Intent}, {"language", ru.Language}, {"tier", ru.Tier}} {
			if _, ok := known[a.attr][a.v]; a.v != "" && !ok && (a.attr != "language" || len(known["language"]) > 0) {
				p.errf(p.seen[join(path, a.attr)], join(path, a.attr), "no arrival stream has %s %s%s", a.attr, quoteIfOdd(a.v), didYouMean(a.v, keysOf(known[a.attr])))
			}
		}
		if ru.Queue == "" {
			continue
		}
		if !queues[ru.Queue] {
			p.errf(p.seen[join(path, "queue")], join(path, "queue"), "no queue named %s%s", quoteIfOdd(ru.Queue), didYouMean(ru.Queue, names))
		}
		reached[ru.Queue] = true
	}
	// The channel's queue: the first by priority (then order) that lists it.
	for ch := range enabled {
		best := -1
		for i, q := range r.Queues {
			if (len(q.Channels) == 0 || contains(q.Channels, ch)) && (best < 0 || q.Priority < r.Queues[best].Priority) {
				best = i
			}
		}
		if best >= 0 {
			reached[r.Queues[best].Name] = true
		}
	}
	for _, q := range r.Queues {
		reached[q.OverflowTo] = true
	}
	for _, t := range r.Transfers {
		reached[t.To] = true
	}
	for i, q := range r.Queues {
		if !reached[q.Name] {
			path := join(index("routing.queues", i), "name")
			p.errf(p.seen[path], path, "no rule routes to queue %s, and it is no channel's first queue: nothing can reach it", quoteIfOdd(q.Name))
		}
	}
}

// simRules maps the rules onto the simulator's (channel and queue indices).
func (r *Routing) simRules(channel, queue map[string]int) []sim.RouteRule {
	var out []sim.RouteRule
	for _, ru := range r.Rules {
		ch := -1
		if ru.Channel != "" {
			ch = channel[ru.Channel]
		}
		out = append(out, sim.RouteRule{Channel: ch, Intent: ru.Intent, Language: ru.Language, Tier: ru.Tier, Queue: queue[ru.Queue]})
	}
	return out
}

// addLifecycleKeyDocs adds the descriptions of this file's keys for the JSON Schema.
func addLifecycleKeyDocs(docs map[string]keyDoc) {
	ref := func(def string) node { return node{"$ref": "#/definitions/" + def} }
	for k, d := range map[string]keyDoc{
		"bot.turns.decay":         {ref("share"), "the chance of each turn relative to the one before, above 0 (default 0.5)"},
		"bot.turns.give_up":       {ref("share"), "the chance a customer gives up and asks for an agent after an unresolved turn (default 0.1)"},
		"bot.turns.csat_per_turn": {node{"type": "number", "minimum": 0, "maximum": 4}, "CSAT points lost per bot turn after the first (default 0.2)"},
		"rules.channel":           {node{"type": "string", "minLength": 1}, "match conversations on this channel"},
		"rules.intent":            {node{"type": "string", "minLength": 1}, "match conversations with this intent"},
		"rules.language":          {node{"type": "string", "minLength": 1}, "match conversations in this language"},
		"rules.tier":              {node{"type": "string", "minLength": 1}, "match conversations of this customer tier"},
		"rules.queue":             {node{"type": "string", "minLength": 1}, "the queue matching conversations go to (required)"},
		"silent_abandon.share":    {ref("share"), "the share of the channel's customers who may leave silently (required)"},
		"silent_abandon.patience": {ref("distSeconds"), "how long they wait for an agent before leaving (required); one whose customers.patience runs out first abandons visibly"},
	} {
		docs[k] = d
	}
}

// lifecycleSchemaDefs adds the definitions of this file's sections.
func lifecycleSchemaDefs(defs node, section func(name string, keys []string, required []string, nullable bool, doc string) node) {
	defs["botTurns"] = section("bot.turns", botTurnsKeys, nil, true, "the bot's turn-by-turn resolution")
	defs["rule"] = section("rules", ruleKeys, []string{"queue"}, false, "a routing rule")
	defs["silentAbandon"] = section("silent_abandon", silentKeys, []string{"share", "patience"}, false, "silent abandonment on the channel")
}
