package sim

import "github.com/omnisim/omnisim/router/work"

// RouteRule is a routing rule: work.Rule, shared with omnisim serve.
type RouteRule = work.Rule

// RuleQueue returns the queue the first matching rule (Model.Rules) sends a
// conversation with these attributes to, or -1 when no rule matches.
func (m *Model) RuleQueue(channel int, intent, language, tier string) int {
	return work.RuleQueue(m.Rules, channel, intent, language, tier)
}

// ruleTables precomputes, per attribute stream, the rule queue of every
// (intent, language, tier) combination, so that a conversation's rule costs an
// index, not string comparisons.
func (r *replication) ruleTables(all []Arrival) {
	if len(r.m.Rules) == 0 {
		return
	}
	for _, a := range all {
		ni, nl, nt := len(a.Intents.Names), len(a.Languages.Names), max(len(a.Tiers.Names), 1)
		tab := make([]int16, ni*nl*nt)
		for i, in := range a.Intents.Names {
			for l, lang := range a.Languages.Names {
				for k := 0; k < nt; k++ {
					tier := ""
					if k < len(a.Tiers.Names) {
						tier = a.Tiers.Names[k]
					}
					tab[(i*nl+l)*nt+k] = int16(r.m.RuleQueue(a.Channel, in, lang, tier))
				}
			}
		}
		r.ruleQ = append(r.ruleQ, tab)
	}
}

// applyRule moves a new conversation, its attributes drawn, to the queue its rule
// names, and its tallies with it.
func (r *replication) applyRule(c *conversation) {
	if r.ruleQ == nil {
		return
	}
	a := r.attr(c)
	var arr *Arrival
	if c.arrival >= 0 {
		arr = &r.m.Arrivals[c.arrival]
	} else {
		arr = &r.campaignArr[-1-int(c.arrival)]
	}
	nl, nt := len(arr.Languages.Names), max(len(arr.Tiers.Names), 1)
	q := r.ruleQ[a][(int(c.intent)*nl+int(c.language))*nt+int(c.tier)]
	if q < 0 || q == c.queue {
		return
	}
	c.queue = q
	if c.tally != nil {
		c.tally = r.cell(int(c.channel), int(c.queue), int(c.interval))
	}
}
