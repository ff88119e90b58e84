package metrics

import (
	"math"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/sim"
)

func TestTableKeys(t *testing.T) {
	seen, labels := map[string]bool{}, map[string]string{}
	for i, m := range Table {
		if other, ok := labels[Label(m.Key)]; ok {
			t.Errorf("%s and %s are both labelled %q", other, m.Key, Label(m.Key))
		}
		labels[Label(m.Key)] = m.Key
		if seen[m.Key] {
			t.Errorf("duplicate key %s", m.Key)
		}
		seen[m.Key] = true
		if Index(m.Key) != i || Keys[i] != m.Key {
			t.Errorf("Index(%s) = %d, Keys[%d] = %s; want %d, %s", m.Key, Index(m.Key), i, Keys[i], i, m.Key)
		}
		if m.Label == "" || m.Value == nil {
			t.Errorf("%s: no label or no value", m.Key)
		}
	}
	if len(Keys) != len(Table) {
		t.Errorf("%d keys for %d rows", len(Keys), len(Table))
	}
	if Index("nope") != -1 || IsShare("nope") || IsSeconds("nope") || IsAdditive("nope") {
		t.Error("an unknown key has an index or a kind")
	}
}

// TestStableKeysFirst pins DESIGN.md's sixteen stable keys, in their order.
func TestStableKeysFirst(t *testing.T) {
	stable := []string{"offered", "bot_contained", "handled", "abandoned", "abandon_rate", "p_wait", "asa_seconds",
		"abandon_wait_seconds", "wait_p50_seconds", "wait_p90_seconds", "service_level", "first_response_p90_seconds",
		"utilization", "bot_containment", "templates_required", "cost"}
	if Stable != len(stable) {
		t.Fatalf("Stable = %d, want %d", Stable, len(stable))
	}
	for i, k := range stable {
		if Keys[i] != k {
			t.Fatalf("Keys[%d] = %s, want %s", i, Keys[i], k)
		}
	}
}

// TestKinds: the key names and the kinds agree (times end in _seconds and say
// "s"; costs start with cost), and only counts and costs are additive.
func TestKinds(t *testing.T) {
	for _, m := range Table {
		if got := strings.HasSuffix(m.Key, "_seconds"); got != (m.Kind == Seconds) {
			t.Errorf("%s: kind %d, but the _seconds suffix says %v", m.Key, m.Kind, got)
		}
		if m.Kind == Seconds && m.Unit != "s" {
			t.Errorf("%s: a time with unit %q", m.Key, m.Unit)
		}
		if got := m.Key == "cost" || strings.HasPrefix(m.Key, "cost_"); got != (m.Kind == Money) {
			t.Errorf("%s: kind %d, but its name says cost %v", m.Key, m.Kind, got)
		}
		if IsAdditive(m.Key) != (m.Kind == Count || m.Kind == Money) {
			t.Errorf("%s: additive %v for kind %d", m.Key, IsAdditive(m.Key), m.Kind)
		}
	}
	cases := []struct {
		key                          string
		share, seconds, count, money bool
	}{
		{"service_level", true, false, false, false},
		{"asa_seconds", false, true, false, false},
		{"offered", false, false, true, false},
		{"cost_inbound", false, false, false, true},
		{"csat", false, false, false, false},
		{"waiting_mean", false, false, false, false},
	}
	for _, c := range cases {
		if IsShare(c.key) != c.share || IsSeconds(c.key) != c.seconds || IsCount(c.key) != c.count || IsMoney(c.key) != c.money {
			t.Errorf("%s: share %v seconds %v count %v money %v", c.key, IsShare(c.key), IsSeconds(c.key), IsCount(c.key), IsMoney(c.key))
		}
	}
}

func TestLabel(t *testing.T) {
	for key, want := range map[string]string{
		"asa_seconds": "ASA (s)", "cost": "messaging cost (USD)", "csat": "CSAT proxy (1–5)",
		"service_level": "service level", "cost_inbound": "cost: inbound messages", "nope": "nope",
	} {
		if got := Label(key); got != want {
			t.Errorf("Label(%s) = %q, want %q", key, got, want)
		}
	}
}

func TestValuesDefinitions(t *testing.T) {
	var tl sim.Tally
	tl.Offered, tl.Routed, tl.Handled, tl.Abandoned, tl.Waited, tl.WithinSLA = 100, 90, 80, 10, 30, 70
	tl.WaitSeconds, tl.AbandonWaitSeconds = 800, 300
	tl.BusyUnitSeconds, tl.CapacityUnitSeconds = 30, 40
	tl.BotEntered, tl.BotContained = 20, 10
	v := Values(&tl)
	if len(v) != len(Keys) {
		t.Fatalf("%d values for %d keys", len(v), len(Keys))
	}
	want := map[string]float64{
		"offered":              100,
		"abandon_rate":         10.0 / 90, // of routed
		"p_wait":               30.0 / 90, // abandoned included
		"asa_seconds":          10,        // accepted only
		"abandon_wait_seconds": 30,
		"service_level":        70.0 / 90, // abandoned in the denominator
		"utilization":          0.75,
		"bot_containment":      0.5,
	}
	for k, w := range want {
		if got := v[Index(k)]; math.Abs(got-w) > 1e-12 {
			t.Errorf("%s = %v, want %v", k, got, w)
		}
	}
	if !math.IsNaN(v[Index("wait_p90_seconds")]) {
		t.Error("percentile without a histogram should be undefined")
	}
	empty := Values(&sim.Tally{})
	for i, m := range Table {
		defined := !math.IsNaN(empty[i])
		if m.Kind == Count || m.Kind == Money {
			if empty[i] != 0 {
				t.Errorf("empty scope: %s = %v, want 0", m.Key, empty[i])
			}
		} else if defined {
			t.Errorf("empty scope: %s = %v, want undefined (NaN)", m.Key, empty[i])
		}
	}
}

// TestBotShares: the hand-off causes and containment are shares of the
// conversations that entered the bot (they sum to 1); bot_failed_share is the
// failed-attempt share, of those the bot tried to resolve (contained or handed off
// after max_turns: issue 4's "failed-attempt share (tried and failed)").
func TestBotShares(t *testing.T) {
	tl := sim.Tally{BotEntered: 100, BotContained: 50, BotAsked: 10, BotLowConfidence: 15, BotMaxTurns: 25}
	v := Values(&tl)
	want := map[string]float64{
		"bot_containment":          0.5,
		"escalated_asked":          0.1,
		"escalated_low_confidence": 0.15,
		"escalated_max_turns":      0.25,
		"bot_failed_share":         25.0 / 75,
	}
	for k, w := range want {
		if got := v[Index(k)]; math.Abs(got-w) > 1e-12 {
			t.Errorf("%s = %v, want %v", k, got, w)
		}
	}
	if got := Values(&sim.Tally{BotEntered: 5, BotAsked: 5})[Index("bot_failed_share")]; !math.IsNaN(got) {
		t.Errorf("no attempt: bot_failed_share = %v, want undefined", got)
	}
}
