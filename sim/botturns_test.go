package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/omnisim/omnisim/sim/dist"
)

// The turn-by-turn bot against its closed form. Without give-ups, containment is
// 1 − Π_{k≤T}(1 − p_k) with p_k = r·c·decay^(k−1) (computed here independently of
// BotTurns.contained); with give-ups g it is Σ_k p_k Π_{j<k}(1 − p_j)(1 − g). The
// turn-by-turn draw (BotTurns.play, what the simulator plays) must agree with
// both: its share of contained conversations over n draws is binomial, so the
// tolerance is 4 standard errors. The one-turn case is the classic bot, r·c.
func TestBotTurnsClosedForm(t *testing.T) {
	cases := []struct {
		name                  string
		res, conf, decay, giv float64
		turns                 int
	}{
		{"one turn is the classic bot", 0.8, 0.9, 0.5, 0, 1},
		{"two turns no decay", 0.5, 0.8, 1, 0, 2},
		{"three turns decay", 0.8, 0.75, 0.6, 0, 3},
		{"four turns decay", 0.9, 0.95, 0.5, 0, 4},
		{"six turns weak bot", 0.3, 0.7, 0.9, 0, 6},
		{"three turns with give-up", 0.8, 0.75, 0.6, 0.2, 3},
		{"four turns everyone gives up", 0.6, 0.9, 0.8, 1, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bt := &BotTurns{Decay: tc.decay, GiveUp: tc.giv}
			want := 0.0
			if tc.giv == 0 {
				miss := 1.0
				for k := 1; k <= tc.turns; k++ {
					miss *= 1 - tc.res*tc.conf*math.Pow(tc.decay, float64(k-1))
				}
				want = 1 - miss
			} else {
				reach := 1.0
				for k := 1; k <= tc.turns; k++ {
					p := tc.res * tc.conf * math.Pow(tc.decay, float64(k-1))
					want += reach * p
					reach *= (1 - p) * (1 - tc.giv)
				}
			}
			if tc.turns == 1 && math.Abs(want-tc.res*tc.conf) > 1e-12 {
				t.Fatalf("one turn: closed form %v, classic bot %v", want, tc.res*tc.conf)
			}
			if got := bt.contained(tc.res, tc.conf, tc.turns); math.Abs(got-want) > 1e-12 {
				t.Errorf("contained = %v, closed form %v", got, want)
			}
			const n = 200_000
			rng := rand.New(rand.NewPCG(7, uint64(tc.turns)))
			var contained, gaveUp, maxed int
			turnsSum := 0
			for i := 0; i < n; i++ {
				o, k := bt.play(tc.res, tc.conf, tc.turns, rng)
				if k < 1 || k > tc.turns {
					t.Fatalf("played %d turns of %d", k, tc.turns)
				}
				turnsSum += k
				switch o {
				case botContained:
					contained++
				case botGaveUp:
					gaveUp++
				case botMaxTurns:
					maxed++
					if k != tc.turns {
						t.Fatalf("max-turns hand-off after %d turns of %d", k, tc.turns)
					}
				}
			}
			share := float64(contained) / n
			se := math.Sqrt(want * (1 - want) / n)
			if math.Abs(share-want) > 4*se+1e-12 {
				t.Errorf("played containment %.5f, closed form %.5f ± %.5f", share, want, 4*se)
			}
			if tc.giv == 0 && gaveUp != 0 {
				t.Errorf("%d give-ups without give_up", gaveUp)
			}
			if tc.giv == 1 && tc.turns > 1 && maxed != 0 {
				t.Errorf("%d reached max turns though everyone gives up after turn 1", maxed)
			}
		})
	}
}

// Bot.Containment (planning's and the load test's rule) averages the closed form
// over the confidence: with a constant confidence it is (1 − ask_agent) times it
// exactly, and below the threshold nothing is contained.
func TestContainmentUsesTurns(t *testing.T) {
	in := BotIntent{Intent: "x", Resolvable: 0.8, Confidence: dist.Constant(0.75)}
	for _, turns := range []int{1, 2, 3, 4} {
		b := &Bot{Threshold: 0.7, MaxTurns: turns, AskAgent: 0.1, Intents: []BotIntent{in},
			Turns: &BotTurns{Decay: 0.6, GiveUp: 0.1}}
		want := 0.9 * b.Turns.contained(0.8, 0.75, turns)
		if got := b.Containment("x", rand.New(rand.NewPCG(1, 2)), 100); math.Abs(got-want) > 1e-12 {
			t.Errorf("max_turns %d: Containment %v, want %v", turns, got, want)
		}
		b.Threshold = 0.8
		if got := b.Containment("x", rand.New(rand.NewPCG(1, 2)), 100); got != 0 {
			t.Errorf("max_turns %d below threshold: Containment %v", turns, got)
		}
	}
}
