package sim

import "math/rand/v2"

// Containment estimates the probability that the bot contains a conversation of
// intent, by the rule the simulator plays (botOutcome, DESIGN.md "Bot"): a share
// AskAgent asks for an agent at once; an intent without an entry hands off; else
// the bot draws a confidence c from the intent's distribution and contains the
// conversation with probability Resolvable × c when c ≥ Threshold (with
// BotTurns, turn by turn: the closed form of BotTurns.contained). That is
// (1 − AskAgent) · E[resolves(c) · 1{c ≥ Threshold}], estimated from samples
// draws of rng. One rule for planning (Erlang loads after the bot) and the load
// test (which conversations the bot closes), so that neither drifts from the
// simulator.
func (b *Bot) Containment(intent string, rng *rand.Rand, samples int) float64 {
	for i := range b.Intents {
		in := &b.Intents[i]
		if in.Intent != intent {
			continue
		}
		sum := 0.0
		for k := 0; k < samples; k++ {
			if c := in.Confidence.Sample(rng); c >= b.Threshold {
				sum += b.resolves(in, c)
			}
		}
		return (1 - b.AskAgent) * sum / float64(samples)
	}
	return 0
}
