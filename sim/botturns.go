package sim

import "math/rand/v2"

// BotTurns makes the bot resolve turn by turn (issue 18): without it the bot
// draws one resolution for the whole conversation (the classic form, which
// is the one-turn case of this one). With it, a conversation whose confidence c
// is at least the threshold is resolved at turn k = 1 … MaxTurns with chance
//
//	p_k = Resolvable · c · Decay^(k−1)
//
// (the bot's best answer comes first; each rephrasing is less likely to land),
// and after each unresolved turn but the last the customer gives up with
// probability GiveUp and asks for an agent (a failed bot). The customer's
// satisfaction falls by CSATPerTurn for every bot turn after the first, for a
// contained conversation as for a failed one, so more turns buy containment at
// a price in CSAT and waiting in the bot: the threshold × max_turns curve has
// an interior optimum.
//
// Containment for one conversation is then
//
//	Σ_{k=1..T} p_k · Π_{j<k} (1 − p_j)(1 − GiveUp)
//
// which is 1 − Π_{k≤T}(1 − p_k) when nobody gives up (BotTurns.contained,
// tested against the turn-by-turn draw in botturns_test.go).
type BotTurns struct {
	Decay       float64 // in (0, 1]: the chance of turn k+1 relative to turn k
	GiveUp      float64 // in [0, 1]: a customer's chance to give up after an unresolved turn
	CSATPerTurn float64 // ≥ 0: CSAT lost per bot turn after the first
}

// contained is the closed-form chance that a conversation (resolvability res,
// confidence conf ≥ threshold) is contained within maxTurns turns.
func (t *BotTurns) contained(res, conf float64, maxTurns int) float64 {
	stay, sum := 1.0, 0.0 // stay: the chance to reach turn k unresolved and still in the bot
	p := res * conf
	for k := 1; k <= maxTurns; k++ {
		sum += stay * p
		stay *= 1 - p
		if k < maxTurns {
			stay *= 1 - t.GiveUp
		}
		p *= t.Decay
	}
	return sum
}

// play draws the turn-by-turn outcome: botContained, botGaveUp or botMaxTurns,
// and the number of bot turns it took.
func (t *BotTurns) play(res, conf float64, maxTurns int, rng *rand.Rand) (uint8, int) {
	p := res * conf
	for k := 1; k <= maxTurns; k++ {
		if rng.Float64() < p {
			return botContained, k
		}
		if k < maxTurns && t.GiveUp > 0 && rng.Float64() < t.GiveUp {
			return botGaveUp, k
		}
		p *= t.Decay
	}
	return botMaxTurns, maxTurns
}

// resolves is the containment chance of one conversation of intent in whose
// confidence conf is at least the threshold: the rule the simulator plays, in
// closed form (Containment averages it over the confidence distribution).
func (b *Bot) resolves(in *BotIntent, conf float64) float64 {
	if b.Turns == nil {
		return in.Resolvable * conf
	}
	return b.Turns.contained(in.Resolvable, conf, b.MaxTurns)
}

// csatTurns is the CSAT a conversation loses for turns bot turns.
func (b *Bot) csatTurns(turns uint8) float64 {
	if b == nil || b.Turns == nil || turns <= 1 {
		return 0
	}
	return b.Turns.CSATPerTurn * float64(turns-1)
}
