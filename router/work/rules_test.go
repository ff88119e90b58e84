package work

import "testing"

// Rules are tried in order, every set field must match, the first match wins,
// and no match is -1 (the channel's queue).
func TestRuleQueue(t *testing.T) {
	rules := []Rule{
		{Channel: 0, Intent: "billing", Tier: "vip", Queue: 3},
		{Channel: -1, Intent: "billing", Queue: 1},
		{Channel: 1, Language: "es", Queue: 2},
	}
	tests := []struct {
		name                   string
		channel                int
		intent, language, tier string
		want                   int
	}{
		{"all fields of the first", 0, "billing", "en", "vip", 3},
		{"first needs the tier: the second", 0, "billing", "en", "standard", 1},
		{"any channel", 2, "billing", "en", "", 1},
		{"language on its channel", 1, "order_status", "es", "", 2},
		{"language on another channel", 0, "order_status", "es", "", -1},
		{"billing before language", 1, "billing", "es", "", 1},
		{"nothing matches", 1, "technical", "en", "", -1},
	}
	for _, tt := range tests {
		if got := RuleQueue(rules, tt.channel, tt.intent, tt.language, tt.tier); got != tt.want {
			t.Errorf("%s: RuleQueue = %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := RuleQueue(nil, 0, "billing", "en", "vip"); got != -1 {
		t.Errorf("no rules: %d", got)
	}
}

// Keyword rules match whole words of the first message, whatever the case and
// punctuation, any of the rule's keywords; other fields must match too.
func TestMatchKeywords(t *testing.T) {
	rules := []Rule{
		{Channel: 0, Intent: "billing", Keywords: []string{Keyword("Refund"), Keyword("money  back")}, Queue: 2},
		{Channel: -1, Keywords: []string{"cancel"}, Queue: 1, Bot: BotSkip},
		{Channel: -1, Queue: 0},
	}
	tests := []struct {
		name    string
		channel int
		intent  string
		text    string
		want    int
	}{
		{"keyword, any case, punctuation", 0, "billing", "I want a REFUND!", 0},
		{"a phrase across punctuation", 0, "billing", "money, back please", 0},
		{"phrase words apart do not match", 0, "billing", "money is not back", 2},
		{"a longer word is not the word", 0, "billing", "refunds", 2},
		{"keyword but another intent: the next rule", 0, "technical", "refund, or cancel", 1},
		{"keyword on any channel", 3, "technical", "Cancel.", 1},
		{"no keyword: the catch-all", 0, "billing", "hello", 2},
		{"empty text", 0, "billing", "", 2},
	}
	for _, tt := range tests {
		if got := Match(rules, tt.channel, tt.intent, "en", "", TextHas(tt.text)); got != tt.want {
			t.Errorf("%s: Match = %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := Match(rules, 0, "billing", "en", "", nil); got != 2 {
		t.Errorf("no text: Match = %d, want the catch-all", got)
	}
	if Keyword("  Money-Back!  ") != "money back" || Keyword("?!") != "" {
		t.Errorf("Keyword: %q, %q", Keyword("  Money-Back!  "), Keyword("?!"))
	}
}

func TestViaBot(t *testing.T) {
	var none *Rule
	for _, tt := range []struct {
		ru        *Rule
		def, want bool
	}{
		{none, true, true}, {none, false, false},
		{&Rule{Bot: BotDefault}, false, false}, {&Rule{Bot: BotDefault}, true, true},
		{&Rule{Bot: BotFirst}, false, true}, {&Rule{Bot: BotSkip}, true, false},
	} {
		if got := tt.ru.ViaBot(tt.def); got != tt.want {
			t.Errorf("%+v.ViaBot(%v) = %v", tt.ru, tt.def, got)
		}
	}
}
