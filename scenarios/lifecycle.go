package scenarios

import (
	"fmt"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
	"gopkg.in/yaml.v3"
)

// The conversation lifecycle keys of issue 18, parsed here so that the main
// parser (sections.go) only calls in.

// Defaults of bot.turns. The literature gives no single figure; these are the
// assumptions the docs state: the second answer lands half as often as the first,
// a tenth of the customers give up after each unresolved turn, and each extra turn
// costs 0.2 CSAT points (a 1–5 proxy; a failed bot costs 0.7).
const (
	DefaultBotTurnDecay   = 0.5
	DefaultBotGiveUp      = 0.1
	DefaultBotCSATPerTurn = 0.2
)

// BotTurns is bot.turns: resolution turn by turn (sim.BotTurns).
type BotTurns struct {
	Decay       float64 // decay: the chance of turn k+1 relative to turn k, in (0, 1]
	GiveUp      float64 // give_up: a customer's chance to give up after an unresolved turn
	CSATPerTurn float64 // csat_per_turn: CSAT lost per bot turn after the first
}

// model is the simulator's form of bot.turns (nil when absent).
func (t *BotTurns) model() *sim.BotTurns {
	if t == nil {
		return nil
	}
	return &sim.BotTurns{Decay: t.Decay, GiveUp: t.GiveUp, CSATPerTurn: t.CSATPerTurn}
}

// SilentAbandon is channels.C.silent_abandon: customers who leave without saying so
// (sim.SilentAbandon).
type SilentAbandon struct {
	Share    float64   // share: of the channel's customers
	Patience dist.Dist // patience: seconds they wait for an agent before leaving
}

// model is the simulator's form of silent_abandon (nil when absent).
func (s *SilentAbandon) model() *sim.SilentAbandon {
	if s == nil {
		return nil
	}
	return &sim.SilentAbandon{Share: s.Share, Patience: s.Patience}
}

// announce parses routing.announce at path: its keys are the registry's
// (announceSection); what needs two of them is checked here.
func (p *parser) announce(n *yaml.Node, path string) *Announce {
	a := &Announce{Wait: true}
	if !p.mapping(n, path, &announceSection, a) {
		return a
	}
	if !a.Wait && !a.Position {
		p.errf(n, path, "announces nothing: set wait: true (the predicted wait) or position: true")
	}
	if !a.Wait && a.Balk > 0 {
		p.errf(p.seen[join(path, "balk")], join(path, "balk"), "customers balk on an announced wait: needs wait: true")
	}
	return a
}

// waitPredictors are the values of routing.wait_predictor, sim.WaitPredictor order.
var waitPredictors = []string{"queue_length", "delay_history"}

// waitPredictor is the simulator's predictor (the default: queue_length).
func (r *Routing) waitPredictor() sim.WaitPredictor {
	for i, n := range waitPredictors {
		if n == r.WaitPredictor {
			return sim.WaitPredictor(i)
		}
	}
	return sim.WaitQueueLength
}

// validateLifecycle checks what needs several fields.
func (p *parser) validateLifecycle(s *Scenario, enabled map[string]bool) {
	p.validateRules(s, enabled)
	p.validateNudge(s, enabled)
	r := &s.Routing
	if r.ReclaimAfter > 0 && r.ReclaimAfter < r.PushTimeout {
		p.errf(p.seen["routing.reclaim_after"], "routing.reclaim_after",
			"%v is shorter than push_timeout %v: an agent must have at least the time to accept before work is taken back", r.ReclaimAfter, r.PushTimeout)
	}
}

// reclaimConfig sets the router's no-reply reclaim from the routing section. The
// agent's presence defaults to the push timeout's (away unless timeout_presence says).
func (r *Routing) reclaimConfig(cfg *router.Config) error {
	cfg.ReclaimAfter = r.ReclaimAfter
	cfg.ReclaimPresence = cfg.TimeoutPresence
	if r.ReclaimPresence != "" {
		p, err := router.ParsePresence(r.ReclaimPresence)
		if err != nil {
			return fmt.Errorf("routing.reclaim_presence: %w", err)
		}
		cfg.ReclaimPresence = p
	}
	return nil
}
