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
