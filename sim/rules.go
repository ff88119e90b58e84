package sim

import (
	"fmt"
	"math/bits"

	"github.com/omnisim/omnisim/router/work"
)

// RouteRule is a routing rule: work.Rule, shared with omnisim serve.
type RouteRule = work.Rule

// MaxKeywords bounds Arrival.Keywords: a conversation keeps the keywords its
// first message contains as the bits of a byte, and the rule tables grow with
// 2^keywords.
const MaxKeywords = 8

// RuleQueue returns the queue the first matching rule (Model.Rules) sends a
// conversation with these attributes (and no keyword) to, or -1 when no rule
// matches or it keeps the channel's queue.
func (m *Model) RuleQueue(channel int, intent, language, tier string) int {
	return work.RuleQueue(m.Rules, channel, intent, language, tier)
}

func (a *Arrival) validateKeywords() error {
	switch {
	case len(a.Keywords) > MaxKeywords:
		return fmt.Errorf("%d keywords; at most %d", len(a.Keywords), MaxKeywords)
	case len(a.KeywordShares) != len(a.Keywords):
		return fmt.Errorf("%d keywords, %d shares", len(a.Keywords), len(a.KeywordShares))
	}
	for i, p := range a.KeywordShares {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("%s: share %v is not in [0, 1]", a.Keywords[i], p)
		}
	}
	return nil
}

func (m *Model) validateRules() error {
	for i, ru := range m.Rules {
		if ru.Queue >= 0 && len(m.Routing.Queues) > 0 && ru.Queue >= len(m.Routing.Queues) || ru.Queue < -1 {
			return fmt.Errorf("rules[%d]: queue %d out of range", i, ru.Queue)
		}
		if len(ru.Agents) > 0 && (ru.FallbackAfter <= 0 || ru.Queue < 0) {
			return fmt.Errorf("rules[%d]: direct routing needs a fallback time and queue", i)
		}
	}
	return nil
}

// drawKeywords draws which of its stream's keywords a conversation's first
// message contains, each with its share, from the conversation's seeds (s1, s2)
// by a stream of its own: the conversation's other draws are those of a
// scenario without keywords (common random numbers).
func drawKeywords(s1, s2 uint64, shares []float64) uint8 {
	x := splitmix64(s1 ^ bits.RotateLeft64(s2, 17) ^ 0x6b6579776f726473) // "keywords"
	var mask uint8
	for i, p := range shares {
		x = splitmix64(x)
		if float64(x>>11)*0x1p-53 < p {
			mask |= 1 << i
		}
	}
	return mask
}

// ruleTables precomputes, per attribute stream, the rule (1 + its index, 0:
// none) of every (intent, language, tier, keywords) combination, so that a
// conversation's rule costs an index, not string comparisons.
func (r *replication) ruleTables(all []Arrival) {
	if len(r.m.Rules) == 0 {
		return
	}
	for _, a := range all {
		ni, nl, nt, nk := len(a.Intents.Names), len(a.Languages.Names), max(len(a.Tiers.Names), 1), 1<<len(a.Keywords)
		tab := make([]int16, ni*nl*nt*nk)
		for i, in := range a.Intents.Names {
			for l, lang := range a.Languages.Names {
				for k := 0; k < nt; k++ {
					tier := ""
					if k < len(a.Tiers.Names) {
						tier = a.Tiers.Names[k]
					}
					for mask := 0; mask < nk; mask++ {
						has := func(kw string) bool {
							for j, name := range a.Keywords {
								if mask&(1<<j) != 0 && name == kw {
									return true
								}
							}
							return false
						}
						tab[((i*nl+l)*nt+k)*nk+mask] = int16(1 + work.Match(r.m.Rules, a.Channel, in, lang, tier, has))
					}
				}
			}
		}
		r.ruleQ = append(r.ruleQ, tab)
	}
}

// applyRule finds a new conversation's rule, its attributes drawn, and moves it
// to the queue the rule names, and its tallies with it.
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
	nl, nt, nk := len(arr.Languages.Names), max(len(arr.Tiers.Names), 1), 1<<len(arr.Keywords)
	c.rule = r.ruleQ[a][((int(c.intent)*nl+int(c.language))*nt+int(c.tier))*nk+int(c.keywords)]
	if c.rule == 0 {
		return
	}
	q := int16(r.m.Rules[c.rule-1].Queue)
	if q < 0 || q == c.queue {
		return
	}
	c.queue = q
	if c.tally != nil {
		c.tally = r.cell(int(c.channel), int(c.queue), int(c.interval))
	}
}

// viaBot reports whether a new conversation goes to the bot first: when the
// model has a bot, as its channel says, unless its rule says otherwise.
func (r *replication) viaBot(c *conversation) bool {
	if r.m.Bot == nil {
		return false
	}
	def := !r.m.Channels[c.channel].SkipBot
	if c.rule == 0 {
		return def
	}
	return r.m.Rules[c.rule-1].ViaBot(def)
}

// enqueueDirect puts conversation c, whose rule routes to an agent group
// first, into routing: the group's agents until the rule's fallback, then its
// queue.
func (r *replication) enqueueDirect(id int32, c *conversation, now Time) {
	d, _ := r.m.Rules[c.rule-1].Direct(int(c.queue))
	r.router.EnqueueDirect(int64(now), id, r.work(c, int(c.queue)), d)
}
