package planning

import (
	"fmt"

	"github.com/omnisim/omnisim/scenarios"
)

// setBotTurns returns a copy of t (the defaults of bot.turns when nil: setting one
// of its keys turns turn-by-turn resolution on) with key set to v. The copy keeps
// Set from writing into a scenario that Clone shares the section with.
func setBotTurns(t *scenarios.BotTurns, key string, v float64) (*scenarios.BotTurns, error) {
	c := scenarios.BotTurns{Decay: scenarios.DefaultBotTurnDecay, GiveUp: scenarios.DefaultBotGiveUp, CSATPerTurn: scenarios.DefaultBotCSATPerTurn}
	if t != nil {
		c = *t
	}
	bad := func(want string) (*scenarios.BotTurns, error) {
		return t, &KeyError{Key: key, Reason: fmt.Sprintf("want %s, got %g", want, v)}
	}
	switch key {
	case "bot.turns.decay":
		if !(v > 0 && v <= 1) {
			return bad("a share in (0, 1]")
		}
		c.Decay = v
	case "bot.turns.give_up":
		if !(v >= 0 && v <= 1) {
			return bad("a share in [0, 1]")
		}
		c.GiveUp = v
	default: // bot.turns.csat_per_turn
		if !(v >= 0 && v <= 4) {
			return bad("CSAT points in [0, 4]")
		}
		c.CSATPerTurn = v
	}
	return &c, nil
}
