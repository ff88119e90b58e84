package scenarios

import (
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/router/work"
	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// Routing rules (issue 18): routing.rules, their keywords and the keyword shares
// of the arrival streams that the simulator draws them from. The keys are rows
// of ruleSection (keys_routing.go).

// maxStreamKeywords bounds arrivals[].keywords: the simulator keeps a
// conversation's keywords as bits.
const maxStreamKeywords = sim.MaxKeywords

// Rule is routing.rules[i]: conversations matching every set attribute go to
// Queue, to AgentGroup first, to the bot or past it (sim.RouteRule).
type Rule struct {
	Channel, Intent, Language, Tier string // "": any
	Keywords                        []string
	Queue                           string // "": the channel's (a rule that only sets bot)
	AgentGroup                      string
	FallbackAfter                   time.Duration
	Bot                             *bool
	Line                            int
}

// rule reads routing.rules[i].
func (p *parser) rule(n *yaml.Node, path string) Rule {
	ru := Rule{Line: n.Line}
	p.seen[path] = n
	p.mapping(n, path, &ruleSection, &ru)
	return ru
}

// keywords reads a rule's keywords: a non-empty list of words or phrases.
func (p *parser) keywords(v *yaml.Node, path string) []string {
	list, good := p.seq(v, path)
	if good && len(list) == 0 {
		p.errf(v, path, "must list at least one keyword, such as [refund, cancel]; leave keywords out to match any message")
	}
	var out []string
	for i, it := range list {
		ip := index(path, i)
		p.seen[ip] = it
		if s, good := p.name(it, ip); good {
			if k := work.Keyword(s); k == "" {
				p.errf(it, ip, "%s has no word to match (letters or digits)", quoteIfOdd(s))
			} else {
				out = append(out, k)
			}
		}
	}
	return out
}

// keywordShares reads arrivals[i].keywords: keyword: share, each share on its own
// (a message may contain several keywords).
func (p *parser) keywordShares(v *yaml.Node, path string) []Share {
	es, ok := p.pairs(v, path)
	if !ok {
		return nil
	}
	if len(es) == 0 {
		p.errf(v, path, "must list at least one keyword: share, such as {refund: 10%%}")
	}
	if len(es) > maxStreamKeywords {
		p.errf(v, path, "lists %d keywords; at most %d per arrival stream", len(es), maxStreamKeywords)
		return nil
	}
	var out []Share
	seen := map[string]bool{}
	for _, e := range es {
		sh, good := p.share(e.val, join(path, e.name))
		k := work.Keyword(e.name)
		switch {
		case !good:
		case k == "":
			p.errf(e.key, join(path, e.name), "%s has no word to match (letters or digits)", quoteIfOdd(e.name))
		case seen[k]:
			p.errf(e.key, join(path, e.name), "keyword %s is listed twice (keywords match whatever the case and punctuation)", quoteIfOdd(k))
		default:
			seen[k] = true
			out = append(out, Share{Name: k, Share: sh})
		}
	}
	return out
}

// validateRules checks that rules name enabled channels, known intents,
// languages, tiers and keywords, existing queues and agent groups, that a
// direct rule has its fallback and a bot rule a bot, and that every queue can
// be reached: by a rule, as the first queue (by priority) of an enabled
// channel, or as an overflow or transfer target.
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
	if len(r.Queues) == 0 {
		queues[DefaultQueueName] = true
		names = append(names, DefaultQueueName)
	}
	groups := map[string]int{}
	for _, g := range s.Agents {
		groups[g.Name] = 1
	}
	known := map[string]map[string]int{"intent": {}, "language": {}, "tier": {}, "keyword": {}}
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
		for _, sh := range a.Keywords {
			known["keyword"][sh.Name] = 1
		}
	}
	bot := s.Bot != nil && s.Bot.Enabled
	reached := map[string]bool{}
	for i, ru := range r.Rules {
		path := index("routing.rules", i)
		at := func(key string) (*yaml.Node, string) {
			kp := join(path, key)
			if n := p.seen[kp]; n != nil {
				return n, kp
			}
			return p.seen[path], kp
		}
		if ru.Channel != "" && !enabled[ru.Channel] {
			n, kp := at("channel")
			p.errf(n, kp, "%s is not an enabled channel", quoteIfOdd(ru.Channel))
		}
		for _, a := range []struct{ attr, v string }{{"intent", ru.Intent}, {"language", ru.Language}, {"tier", ru.Tier}} {
			if _, ok := known[a.attr][a.v]; a.v != "" && !ok && (a.attr != "language" || len(known["language"]) > 0) {
				n, kp := at(a.attr)
				p.errf(n, kp, "no arrival stream has %s %s%s", a.attr, quoteIfOdd(a.v), didYouMean(a.v, keysOf(known[a.attr])))
			}
		}
		for j, k := range ru.Keywords {
			if _, ok := known["keyword"][k]; !ok {
				kp := index(join(path, "keywords"), j)
				p.errf(p.seen[kp], kp, "no arrival stream draws keyword %s%s: give the share of first messages that contain it under arrivals[].keywords",
					quoteIfOdd(k), didYouMean(k, keysOf(known["keyword"])))
			}
		}
		_, hasBot := p.seen[join(path, "bot")]
		switch {
		case ru.Queue == "" && ru.AgentGroup != "":
			n, kp := at("queue")
			p.errf(n, kp, "required with agent_group: the queue conversations fall back to after fallback_after")
		case ru.Queue == "" && !hasBot:
			n, kp := at("queue")
			p.errf(n, kp, "required: the queue the matching conversations go to (or bot: to only send them to the bot or past it)")
		case ru.Queue != "" && !queues[ru.Queue]:
			n, kp := at("queue")
			p.errf(n, kp, "no queue named %s%s", quoteIfOdd(ru.Queue), didYouMean(ru.Queue, names))
		case ru.Queue != "":
			reached[ru.Queue] = true
		}
		if ru.AgentGroup != "" {
			if _, ok := groups[ru.AgentGroup]; !ok {
				n, kp := at("agent_group")
				p.errf(n, kp, "no agent group named %s%s", quoteIfOdd(ru.AgentGroup), didYouMean(ru.AgentGroup, keysOf(groups)))
			}
			if ru.FallbackAfter <= 0 {
				if _, given := p.seen[join(path, "fallback_after")]; !given {
					n, kp := at("fallback_after")
					p.errf(n, kp, "required with agent_group: how long conversations wait for the group before they go to queue %s, such as 2m", quoteIfOdd(ru.Queue))
				}
			}
		} else if _, given := p.seen[join(path, "fallback_after")]; given {
			n, kp := at("fallback_after")
			p.errf(n, kp, "has no target: give agent_group, the agents conversations wait for before they fall back to queue")
		}
		if ru.Bot != nil && *ru.Bot && !bot {
			n, kp := at("bot")
			p.errf(n, kp, "true sends conversations to the bot, but the scenario has no enabled bot: section")
		}
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
		_, listed := p.seen[join(index("routing.queues", i), "channels")]
		if !reached[q.Name] && (listed || len(q.Channels) > 0) { // else validateQueuesReceive names it
			path := join(index("routing.queues", i), "name")
			p.errf(p.seen[path], path, "no rule routes to queue %s, and it is no channel's first queue: nothing can reach it", quoteIfOdd(q.Name))
		}
	}
}

// groupSkill is the skill name of agent group g's own skill: the one a rule's
// agent_group routes on (no other agent holds it).
func groupSkill(g string) string { return "agent_group:" + g }

// simRules maps the rules onto the simulator's: channel and queue indices, the
// target group's own skill (skillID) and the bot.
func (r *Routing) simRules(channel, queue, skillID map[string]int) []sim.RouteRule {
	var out []sim.RouteRule
	for _, ru := range r.Rules {
		sr := sim.RouteRule{Channel: -1, Intent: ru.Intent, Language: ru.Language, Tier: ru.Tier, Keywords: ru.Keywords, Queue: -1}
		if ru.Channel != "" {
			sr.Channel = channel[ru.Channel]
		}
		if ru.Queue != "" {
			sr.Queue = queue[ru.Queue]
		}
		if ru.AgentGroup != "" {
			sr.Agents = []router.SkillNeed{{Skill: skillID[groupSkill(ru.AgentGroup)], MinLevel: 1}}
			sr.FallbackAfter = ru.FallbackAfter
		}
		if ru.Bot != nil {
			sr.Bot = work.BotSkip
			if *ru.Bot {
				sr.Bot = work.BotFirst
			}
		}
		out = append(out, sr)
	}
	return out
}
