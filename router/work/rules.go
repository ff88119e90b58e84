package work

import (
	"strings"
	"time"
	"unicode"

	"github.com/omnisim/omnisim/router"
)

// Rule is one routing rule (issue 18; Omni-Channel Flow's "Route Work" to a
// queue, an agent or the bot, and the seed's "routing rules can match
// conversation language, customer tier, or specific keywords"): a conversation
// whose attributes match every set field goes where the rule says instead of
// its channel's way. Rules are tried in order and the first match wins; with
// none, the channel's queue (router.Engine.QueueFor) and the channel's bot
// setting. The simulator and omnisim serve both route by Match.
type Rule struct {
	Channel  int    // channel index; -1: any
	Intent   string // "": any
	Language string // "": any
	Tier     string // "": any
	// Keywords: any of these words (or phrases of words), as Keyword normalizes
	// them, in the conversation's first customer message; empty: any message.
	Keywords []string
	Queue    int // router queue index; -1: the channel's queue
	Bot      BotRoute
	// Agents, when set, is a skill only the target agent group's agents hold:
	// the conversation goes to them first, and after FallbackAfter to Queue
	// (Direct, router.Engine.EnqueueDirect).
	Agents        []router.SkillNeed
	FallbackAfter time.Duration
}

// Direct returns the direct routing of a conversation the rule matched, and
// false for a rule without Agents. queue is the conversation's queue (Queue,
// or the channel's).
func (ru *Rule) Direct(queue int) (router.Direct, bool) {
	if ru == nil || len(ru.Agents) == 0 {
		return router.Direct{}, false
	}
	return router.Direct{Agents: ru.Agents, FallbackAfter: ru.FallbackAfter, Queue: queue}, true
}

// BotRoute is what a rule does with the bot tier.
type BotRoute uint8

// A rule leaves the bot to the channel (BotDefault), sends the conversation to
// the bot first (BotFirst, even on a channel that skips it), or skips it
// (BotSkip).
const (
	BotDefault BotRoute = iota
	BotFirst
	BotSkip
)

// ViaBot reports whether a conversation matched by rule (nil: none) goes to the
// bot first, when its channel's default is def.
func (ru *Rule) ViaBot(def bool) bool {
	if ru == nil {
		return def
	}
	switch ru.Bot {
	case BotFirst:
		return true
	case BotSkip:
		return false
	}
	return def
}

// Match returns the index of the first of rules that matches a conversation
// with these attributes, or -1 when none does. has reports whether the
// conversation's first message contains a keyword (as Keyword normalizes it);
// nil: it contains none.
func Match(rules []Rule, channel int, intent, language, tier string, has func(keyword string) bool) int {
	for i := range rules {
		ru := &rules[i]
		if (ru.Channel < 0 || ru.Channel == channel) && (ru.Intent == "" || ru.Intent == intent) &&
			(ru.Language == "" || ru.Language == language) && (ru.Tier == "" || ru.Tier == tier) && ru.hasKeyword(has) {
			return i
		}
	}
	return -1
}

func (ru *Rule) hasKeyword(has func(string) bool) bool {
	if len(ru.Keywords) == 0 {
		return true
	}
	if has == nil {
		return false
	}
	for _, k := range ru.Keywords {
		if has(k) {
			return true
		}
	}
	return false
}

// RuleQueue returns the queue the first of rules that matches a conversation with
// these attributes (and no keyword) sends it to, or -1 when none matches or it
// keeps the channel's queue.
func RuleQueue(rules []Rule, channel int, intent, language, tier string) int {
	if i := Match(rules, channel, intent, language, tier, nil); i >= 0 {
		return rules[i].Queue
	}
	return -1
}

// Keyword normalizes a keyword for matching: its words (runs of letters and
// digits) in lower case, separated by one space; "" when it has none.
func Keyword(s string) string { return strings.Join(words(s), " ") }

// words splits text into its words, lower case.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TextHas returns the keyword test of a message's text for Match: whether
// the keyword's words occur in it consecutively, as whole words, whatever the
// case and the punctuation between them ("Refund!" has "refund", "refunds"
// does not; "cancel my order" has "my order").
func TextHas(text string) func(keyword string) bool {
	ws := words(text)
	return func(keyword string) bool {
		kw := strings.Fields(keyword)
		if len(kw) == 0 {
			return false
		}
	next:
		for i := 0; i+len(kw) <= len(ws); i++ {
			for j, k := range kw {
				if ws[i+j] != k {
					continue next
				}
			}
			return true
		}
		return false
	}
}
