package work

// Rule is one routing rule (issue 18; Omni-Channel Flow's "Route Work" to a
// queue, and the seed's "routing rules can match conversation language, customer
// tier, or specific keywords"): a conversation whose attributes match every set
// field goes to Queue instead of its channel's queue. Rules are tried in order and
// the first match wins; with none, the channel's queue (router.Engine.QueueFor).
// The simulator and omnisim serve both route by RuleQueue.
type Rule struct {
	Channel  int    // channel index; -1: any
	Intent   string // "": any
	Language string // "": any
	Tier     string // "": any
	Queue    int    // router queue index
}

// RuleQueue returns the queue the first of rules that matches a conversation with
// these attributes sends it to, or -1 when none matches.
func RuleQueue(rules []Rule, channel int, intent, language, tier string) int {
	for i := range rules {
		ru := &rules[i]
		if (ru.Channel < 0 || ru.Channel == channel) && (ru.Intent == "" || ru.Intent == intent) &&
			(ru.Language == "" || ru.Language == language) && (ru.Tier == "" || ru.Tier == tier) {
			return ru.Queue
		}
	}
	return -1
}
