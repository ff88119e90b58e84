package scenarios

import (
	"fmt"
	"sort"
	"strings"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
	"gopkg.in/yaml.v3"
)

// validate runs the checks that need more than one field, each reported at the node of
// the field to change. Values that failed to parse are zero and are skipped here: their
// own error is already recorded.
func (p *parser) validate(s *Scenario) {
	enabled := map[string]bool{}
	for _, c := range s.Channels {
		enabled[c.Name] = true
	}
	enabledList := strings.Join(enabledNames(s), ", ")
	notEnabled := func(n *yaml.Node, path, ch string) {
		if ch == "" || enabled[ch] {
			return
		}
		if len(s.Channels) == 0 {
			p.errf(n, path, "%s is not enabled under channels:", ch)
			return
		}
		p.errf(n, path, "%s is not enabled under channels: (enabled: %s)", ch, enabledList)
	}

	if v, ok := p.seen["arrivals"]; ok && v.Kind == yaml.SequenceNode && len(s.Arrivals) == 0 {
		p.errf(v, "arrivals", "must list at least one arrival stream, such as [{channel: web, rate: 60/h}]")
	}
	for i, a := range s.Arrivals {
		path := join(index("arrivals", i), "channel")
		notEnabled(p.seen[path], path, a.Channel)
	}
	for i, o := range s.Outbound {
		path := join(index("outbound", i), "channel")
		notEnabled(p.seen[path], path, o.Channel)
		// A template category the channel does not have (only WhatsApp has
		// template categories in the catalog).
		if ch, err := channels.Default().Lookup(o.Channel); err == nil && o.Category != "" {
			if err := ch.CheckCategory(o.Category); err != nil {
				cpath := join(index("outbound", i), "category")
				p.errf(p.seen[cpath], cpath, "%v", err)
			}
		}
	}

	// Agent groups: at least one, names unique.
	if v, ok := p.seen["agents"]; ok && v.Kind == yaml.SequenceNode && len(s.Agents) == 0 {
		p.errf(v, "agents", "must list at least one agent group")
	}
	firstAgent := map[string]int{}
	for i, g := range s.Agents {
		if g.Name == "" {
			continue
		}
		path := join(index("agents", i), "name")
		if j, dup := firstAgent[g.Name]; dup {
			p.errf(p.seen[path], path, "agent group %s is already defined at agents[%d]; names must be unique", quoteIfOdd(g.Name), j)
			continue
		}
		firstAgent[g.Name] = i
	}

	// A conversation must fit an agent: a channel's cost above every group's
	// concurrency means no agent could ever take it.
	maxConc := 0
	for _, g := range s.Agents {
		maxConc = max(maxConc, g.Concurrency)
	}
	for _, c := range s.Channels {
		path := join(join("channels", c.Name), "cost")
		if maxConc > 0 && c.Cost > float64(maxConc) {
			p.errf(p.seen[path], path, "a %s conversation costs %g capacity units, more than any agent group's concurrency (at most %d): no agent could take it",
				c.Name, c.Cost, maxConc)
		}
	}

	p.validateBot(s)
	p.validateLifecycle(s, enabled)
	p.validateRouting(s, enabled, notEnabled)
	p.validateAssertions(s, enabled)
	p.validateMessaging(s, enabled)
	p.validatePrices(s)
}

func (p *parser) validateBot(s *Scenario) {
	b := s.Bot
	if b == nil || !b.Enabled {
		return
	}
	if _, ok := p.seen["bot.threshold"]; !ok {
		p.errf(p.seen["bot"], "bot.threshold", "required when the bot is enabled: the confidence below which it hands off, such as 0.7")
	}
}

func (p *parser) validateRouting(s *Scenario, enabled map[string]bool, notEnabled func(*yaml.Node, string, string)) {
	r := s.Routing
	if r.Capacity == router.Status.String() && r.InactiveAfter <= 0 {
		n := p.seen["routing.inactive_after"]
		if n == nil {
			n = p.seen["routing.capacity"]
		}
		p.errf(n, "routing.inactive_after", "capacity: status frees an inactive conversation's capacity, so it needs inactive_after > 0, such as 10m")
	}

	_, explicit := p.seen["routing.queues"]
	queueOf := map[string]int{} // channel → first queue that takes it
	queueNames := map[string]int{}
	for i, q := range r.Queues {
		path := index("routing.queues", i)
		if q.Name != "" {
			if j, dup := queueNames[q.Name]; dup {
				np := join(path, "name")
				p.errf(p.seen[np], np, "queue %s is already defined at routing.queues[%d]; names must be unique", quoteIfOdd(q.Name), j)
			} else {
				queueNames[q.Name] = i
			}
		}
		cp := join(path, "channels")
		items := p.items(cp)
		for _, ch := range q.Channels {
			if !explicit {
				break
			}
			n, ip := items(ch)
			if !enabled[ch] {
				notEnabled(n, ip, ch)
				continue
			}
			if j, taken := queueOf[ch]; taken && j != i && len(r.Rules) == 0 { // with rules, the first is the channel's fallback
				p.errf(n, ip, "%s is already routed by queue %s (routing.queues[%d]); a channel belongs to one queue", ch, quoteIfOdd(r.Queues[j].Name), j)
				continue
			}
			queueOf[ch] = i
		}
	}
	// Queue references: overflow targets and transfer targets must be queues.
	for i, q := range r.Queues {
		if q.OverflowTo == "" {
			continue
		}
		path := join(index("routing.queues", i), "overflow_to")
		if _, ok := queueNames[q.OverflowTo]; !ok {
			p.errf(p.seen[path], path, "no queue named %s%s", quoteIfOdd(q.OverflowTo), didYouMean(q.OverflowTo, keysOf(queueNames)))
		} else if q.OverflowTo == q.Name {
			p.errf(p.seen[path], path, "a queue cannot overflow to itself")
		}
	}
	for i, t := range r.Transfers {
		path := join(index("routing.transfers", i), "to")
		if _, ok := queueNames[t.To]; !ok && t.To != "" {
			p.errf(p.seen[path], path, "no queue named %s%s", quoteIfOdd(t.To), didYouMean(t.To, keysOf(queueNames)))
		}
	}
	if explicit {
		p.validateQueuesReceive(r)
		// Every conversation needs a queue: inbound arrivals and the replies to outbound.
		for i, a := range s.Arrivals {
			path := join(index("arrivals", i), "channel")
			if _, ok := queueOf[a.Channel]; !ok && enabled[a.Channel] {
				p.errf(p.seen[path], path, "no queue under routing.queues takes %s; add it to a queue's channels", a.Channel)
			}
		}
		for i, o := range s.Outbound {
			path := join(index("outbound", i), "channel")
			if _, ok := queueOf[o.Channel]; !ok && enabled[o.Channel] && o.ReplyProbability > 0 {
				p.errf(p.seen[path], path, "no queue under routing.queues takes %s, where replies to this campaign arrive; add it to a queue's channels", o.Channel)
			}
		}
	}

	// A queue that requires a skill no agent has at min_level would hold its
	// conversations forever: required skills, unlike additional ones, are never dropped.
	// Precomputed maps keep this linear in the file's size, however many queues,
	// arrivals and agents a (hostile) file lists.
	best := map[string]int{} // skill → highest level of any agent group
	for _, g := range s.Agents {
		for _, sk := range g.Skills {
			if l, ok := best[sk.Name]; !ok || sk.Level > l {
				best[sk.Name] = sk.Level
			}
		}
	}
	type origin struct{ name, from string }
	offered := map[string]map[string][]origin{} // attribute → channel → values, first arrival wins
	for _, attr := range routingAttributes {
		offered[attr] = map[string][]origin{}
	}
	seenValue := map[[3]string]bool{}
	for j, a := range s.Arrivals {
		for _, attr := range routingAttributes {
			list, key := a.Languages, "languages"
			if attr == "intent" {
				list, key = a.Intents, "intents"
			}
			for _, sh := range list {
				k := [3]string{attr, a.Channel, sh.Name}
				if sh.Share > 0 && !seenValue[k] {
					seenValue[k] = true
					offered[attr][a.Channel] = append(offered[attr][a.Channel], origin{sh.Name, join(index("arrivals", j), key)})
				}
			}
		}
	}
	for i, q := range r.Queues {
		for _, attr := range q.Skills {
			sp := join(index("routing.queues", i), "skills")
			n, ip := p.itemNode(sp, attr)
			done := map[string]bool{}
			for _, ch := range q.Channels {
				for _, o := range offered[attr][ch] {
					if done[o.name] {
						continue
					}
					done[o.name] = true
					if l, ok := best[o.name]; !ok || l < q.MinLevel {
						p.errf(n, ip, "queue %s routes on %s, but no agent group has skill %s at level ≥ %d (%s %s come from %s)",
							quoteIfOdd(q.Name), attr, quoteIfOdd(o.name), q.MinLevel, attrNoun(attr), quoteIfOdd(o.name), o.from)
					}
				}
			}
		}
	}
}

func attrNoun(attr string) string {
	if attr == "intent" {
		return "conversations with intent"
	}
	return "conversations in"
}

// items indexes the list at path by value, for itemNode-like lookups in a loop.
func (p *parser) items(path string) func(v string) (*yaml.Node, string) {
	n := p.seen[path]
	at := map[string]int{}
	if n != nil {
		for i := len(n.Content) - 1; i >= 0; i-- {
			if it := n.Content[i]; it.Kind == yaml.ScalarNode {
				at[it.Value] = i
			}
		}
	}
	return func(v string) (*yaml.Node, string) {
		if i, ok := at[v]; ok {
			return n.Content[i], index(path, i)
		}
		if n == nil {
			return p.root, path
		}
		return n, path
	}
}

// itemNode finds the item of the list at path whose value is v, and its path, for
// messages; it falls back to the list itself.
func (p *parser) itemNode(path, v string) (*yaml.Node, string) {
	n := p.seen[path]
	if n == nil {
		return p.root, path
	}
	for i, it := range n.Content {
		if it.Kind == yaml.ScalarNode && it.Value == v {
			return it, index(path, i)
		}
	}
	return n, path
}

func (p *parser) validateAssertions(s *Scenario, enabled map[string]bool) {
	queues := map[string]bool{}
	var names []string
	for _, q := range s.Routing.Queues {
		queues[q.Name] = true
		names = append(names, q.Name)
	}
	sort.Strings(names)
	for i, a := range s.Assert {
		n := p.assertNodes[i]
		path := index("assert", p.assertIndex[i])
		switch {
		case a.Scope == "":
		case strings.HasPrefix(a.Scope, "queue:"):
			q := strings.TrimPrefix(a.Scope, "queue:")
			if !queues[q] {
				p.errf(n, path, "no queue named %s (queues: %s)", quoteIfOdd(q), strings.Join(names, ", "))
			}
		default:
			if known, why := lookupChannel(a.Scope); !known {
				p.errf(n, path, "scope %s: %s", quoteIfOdd(a.Scope), why)
			} else if !enabled[a.Scope] {
				p.errf(n, path, "%s is not enabled under channels:", a.Scope)
			}
		}
	}
}

// keysOf returns the keys of m, sorted.
func keysOf(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// validateQueuesReceive refuses a queue that can receive nothing: no channels
// (only the first queue without channels takes the channels no queue lists), and
// no overflow_to, transfer or routing rule naming it. Its metrics would be zeros and its queue:
// assertions measure nothing; the author almost always forgot its channels. An
// error, not a warning: no valid file (examples, tests) has one, and zeros that
// pass a check are worse than a stop.
func (p *parser) validateQueuesReceive(r Routing) {
	target := map[string]bool{}
	for _, q := range r.Queues {
		if q.OverflowTo != "" && q.OverflowTo != q.Name {
			target[q.OverflowTo] = true
		}
	}
	for _, t := range r.Transfers {
		target[t.To] = true
	}
	for _, ru := range r.Rules {
		target[ru.Queue] = true // a routing rule reaches it
	}
	catchAll := -1
	for i := range r.Queues {
		if _, listed := p.seen[join(index("routing.queues", i), "channels")]; !listed && catchAll < 0 {
			catchAll = i
		}
	}
	for i, q := range r.Queues {
		path := index("routing.queues", i)
		cp := join(path, "channels")
		if _, listed := p.seen[cp]; len(q.Channels) > 0 || target[q.Name] || listed {
			continue // an empty channels: list has its own error
		}
		n := p.seen[join(path, "name")]
		if n == nil {
			n = p.seen[path]
		}
		why := "every enabled channel is listed by another queue"
		if catchAll != i {
			why = fmt.Sprintf("only the first queue without channels (%s) takes the unlisted ones", quoteIfOdd(r.Queues[catchAll].Name))
		}
		p.errf(n, cp, "queue %s can receive no conversation: it lists no channels, %s, and no overflow_to, routing.transfers or routing.rules names it; give it channels: or remove it",
			quoteIfOdd(q.Name), why)
	}
}
