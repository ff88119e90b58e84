package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/omnisim/omnisim/sim"
)

// With bot.turns the simulator plays the rule sim.Bot.Containment states: the
// simulated containment agrees with it within the run's CI (plus the Monte Carlo
// error of the estimate), max_turns 1 … 4 give clearly different containment
// (more turns, more contained), and CSAT falls with turns where nobody waits
// (50 agents at concurrency 2 for 120 conversations an hour).
func TestBotTurnsInSimulation(t *testing.T) {
	var prev, prevCSAT float64
	for _, turns := range []int{1, 2, 3, 4} {
		m := botModel(t, 0.7)
		m.Bot.MaxTurns = turns
		m.Bot.Turns = &sim.BotTurns{Decay: 0.6, GiveUp: 0.15, CSATPerTurn: 0.3}
		rep := runReport(t, m)
		got := rep.Metric("bot_containment")
		want := m.Bot.Containment("general", rand.New(rand.NewPCG(3, 4)), 200_000)
		tol := got.CI95 + 4*math.Sqrt(want*(1-want)/200_000)
		t.Logf("max_turns %d: containment %.4f ± %.4f (rule %.4f), failed %.4f, max turns %.4f, csat %.3f",
			turns, got.Mean, got.CI95, want, rep.Metric("bot_failed_share").Mean, rep.Metric("escalated_max_turns").Mean, rep.Metric("csat").Mean)
		if math.Abs(got.Mean-want) > tol {
			t.Errorf("max_turns %d: containment %.4f ± %.4f, rule says %.4f", turns, got.Mean, got.CI95, want)
		}
		// Shares by cause: contained + low confidence + max turns + gave up = 1.
		gaveUp := 1 - got.Mean - rep.Metric("escalated_asked").Mean - rep.Metric("escalated_low_confidence").Mean - rep.Metric("escalated_max_turns").Mean
		if turns == 1 && math.Abs(gaveUp) > 1e-9 {
			t.Errorf("one turn: %v gave up", gaveUp)
		}
		if turns > 1 && !(gaveUp > 0) {
			t.Errorf("max_turns %d: nobody gave up", turns)
		}
		csat := rep.Metric("csat")
		if turns > 1 {
			if !(got.Mean-got.CI95 > prev) {
				t.Errorf("max_turns %d: containment %.4f ± %.4f not above %.4f", turns, got.Mean, got.CI95, prev)
			}
			if !(csat.Mean+csat.CI95 < prevCSAT) {
				t.Errorf("max_turns %d: csat %.3f ± %.3f not below %.3f", turns, csat.Mean, csat.CI95, prevCSAT)
			}
		}
		prev, prevCSAT = got.Mean, csat.Mean
	}
}
