package planning

import (
	"fmt"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/scenarios"
)

// tune-bot --max-turns 1..4: with bot.turns (resolution turn by turn) the rows
// differ — containment rises with max_turns and the CSAT proxy of the contained
// falls with the turns they take — while without it (one resolution draw per
// conversation) max_turns changes no share at all, which is what issue 18 set out
// to fix. Same customers at every point (common random numbers), so the order is
// not noise; max_turns 4 against 1 must also be apart by their CIs.
func TestTuneBotMaxTurnsRowsDiffer(t *testing.T) {
	opt := TuneOptions{
		Thresholds: []float64{0.6}, MaxTurns: []int{1, 2, 3, 4}, Objective: MaxContainment, MinCSAT: 1,
		AgentHourCost: 30, BotConversationCost: 0.05, Staffing: "erlang",
		Staff: StaffOptions{Targets: Targets{ServiceLevel: 0.8}},
	}
	turned := small(t)
	turned.Bot.Turns = &scenarios.BotTurns{Decay: 0.8, GiveUp: 0.1, CSATPerTurn: 0.3}
	res, err := TuneBot(turned, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 4 {
		t.Fatalf("%d points, want 4", len(res.Points))
	}
	for i := 1; i < 4; i++ {
		prev, cur := res.Points[i-1].Metric("bot_containment"), res.Points[i].Metric("bot_containment")
		t.Logf("max_turns %d: containment %.4f ± %.4f, failed %.4f, csat %.3f", res.Points[i].MaxTurns, cur.Mean, cur.CI95,
			res.Points[i].Metric("bot_failed_share").Mean, res.Points[i].Metric("csat").Mean)
		if !(cur.Mean > prev.Mean) {
			t.Errorf("max_turns %d: containment %.4f ± %.4f not above max_turns %d's %.4f ± %.4f",
				res.Points[i].MaxTurns, cur.Mean, cur.CI95, res.Points[i-1].MaxTurns, prev.Mean, prev.CI95)
		}
		if res.Points[i].Metric("bot_seconds") == res.Points[i-1].Metric("bot_seconds") {
			t.Errorf("max_turns %d: same bot_seconds as max_turns %d", res.Points[i].MaxTurns, res.Points[i-1].MaxTurns)
		}
	}
	if one, four := res.Points[0].Metric("bot_containment"), res.Points[3].Metric("bot_containment"); !(four.Mean-four.CI95 > one.Mean+one.CI95) {
		t.Errorf("containment %.4f ± %.4f at max_turns 4, %.4f ± %.4f at 1: want clearly higher", four.Mean, four.CI95, one.Mean, one.CI95)
	}
	classic, err := TuneBot(small(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 4; i++ {
		for _, k := range []string{"bot_containment", "bot_failed_share", "escalated_low_confidence"} {
			if a, b := classic.Points[i].Metric(k).Mean, classic.Points[0].Metric(k).Mean; a != b {
				t.Errorf("classic bot, %s: max_turns %d gives %v, max_turns 1 %v; want equal (one draw per conversation)", k, classic.Points[i].MaxTurns, a, b)
			}
		}
	}
}

// --set bot.turns.KEY turns resolution by turns on (defaults for the other keys),
// writes a copy (the base scenario keeps its section), and refuses values out of
// range with the key named.
func TestSetBotTurns(t *testing.T) {
	tests := []struct {
		key  string
		v    float64
		want scenarios.BotTurns
		bad  bool
	}{
		{"bot.turns.decay", 0.7, scenarios.BotTurns{Decay: 0.7, GiveUp: scenarios.DefaultBotGiveUp, CSATPerTurn: scenarios.DefaultBotCSATPerTurn}, false},
		{"bot.turns.give_up", 0, scenarios.BotTurns{Decay: scenarios.DefaultBotTurnDecay, CSATPerTurn: scenarios.DefaultBotCSATPerTurn}, false},
		{"bot.turns.csat_per_turn", 0.5, scenarios.BotTurns{Decay: scenarios.DefaultBotTurnDecay, GiveUp: scenarios.DefaultBotGiveUp, CSATPerTurn: 0.5}, false},
		{"bot.turns.decay", 0, scenarios.BotTurns{}, true},
		{"bot.turns.give_up", 1.5, scenarios.BotTurns{}, true},
		{"bot.turns.csat_per_turn", 5, scenarios.BotTurns{}, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s=%g", tt.key, tt.v), func(t *testing.T) {
			base := small(t)
			c := Clone(base)
			err := Set(c, tt.key, tt.v)
			if tt.bad {
				if err == nil || !strings.Contains(err.Error(), tt.key) {
					t.Fatalf("Set = %v, want an error naming %s", err, tt.key)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Bot.Turns == nil || *c.Bot.Turns != tt.want {
				t.Errorf("bot.turns = %+v, want %+v", c.Bot.Turns, tt.want)
			}
			if base.Bot.Turns != nil {
				t.Errorf("the base scenario changed: %+v", base.Bot.Turns)
			}
		})
	}
}
