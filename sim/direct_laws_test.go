package sim_test

import (
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/sim"
)

// The laws the loader-built tests check on the example scenarios (conservation,
// the event log agreeing with the tallies, Little's law) and an M/M/c point
// against Erlang C, on models built here and in -short: they hold of the
// simulator itself, whatever the scenario loader makes.

// TestLittlesLawOnDirectModels: checkLittle (mean number waiting = routing entry
// rate × mean time waiting, both from one run) in -short too, on an M/M/c+M and on
// a queue with two messages per conversation, patience and a bot in front.
func TestLittlesLawOnDirectModels(t *testing.T) {
	for name, m := range map[string]*sim.Model{
		"M/M/c+M":    mmc{ratePerHour: 240, aht: 4 * time.Minute, agents: 16, within: 30 * time.Second, patience: 3 * time.Minute, horizon: 48 * time.Hour, reps: 8}.model(),
		"queue, bot": withBot(queueModel(2, 5*time.Minute), 0.5, 0.6, 0.5, 0.1),
	} {
		t.Run(name, func(t *testing.T) {
			rep := runReport(t, m)
			if rep.Metric("waiting_mean").Mean <= 0 {
				t.Fatal("nobody waited: the model tests nothing")
			}
			checkLittle(t, rep, m.Horizon)
		})
	}
}

// TestMMcMatchesErlangCShort: one M/M/c point against Erlang C, small enough for
// -short (TestErlangCFidelity runs the range): ρ = 0.8 on 10 agents, 10
// replications of 10,000 customers each; the tolerance is agree's (the run's 95 %
// CI, or 2 %).
func TestMMcMatchesErlangCShort(t *testing.T) {
	q := mmc{ratePerHour: 120, aht: 4 * time.Minute, agents: 10, within: 20 * time.Second, reps: 10}
	q.horizon = time.Duration(10000 / q.ratePerHour * float64(time.Hour))
	want, err := erlang.C(erlang.CInput{RatePerSecond: q.ratePerHour / 3600, AHT: q.aht, Agents: q.agents, Within: q.within})
	if err != nil {
		t.Fatal(err)
	}
	rep := runReport(t, q.model())
	agree(t, rep, "service_level", want.ServiceLevel)
	agree(t, rep, "utilization", want.Occupancy)
	agree(t, rep, "p_wait", want.PWait)
}

// TestConservedOnDirectModels: every conversation is accounted for once, on
// models with patience, a bot, push routing with declines, and too few agents.
func TestConservedOnDirectModels(t *testing.T) {
	push := queueModel(3, 10*time.Minute)
	push.Routing.PushTimeout = 20 * time.Second
	push.Decline = 0.2
	for name, m := range map[string]*sim.Model{
		"patience":   queueModel(3, 2*time.Minute),
		"bot":        withBot(queueModel(2, 0), 0.6, 0.7, 0.5, 0.2),
		"push":       push,
		"understaff": queueModel(1, 0),
	} {
		t.Run(name, func(t *testing.T) { conserved(t, runAll(t, m, 0)) })
	}
}

// TestEventsAgreeOnDirectModels: the event log of a direct model changes nothing
// and counts what the tallies count (eventsAgree), with a bot and abandonment.
func TestEventsAgreeOnDirectModels(t *testing.T) {
	eventsAgree(t, withBot(queueModel(2, 3*time.Minute), 0.5, 0.6, 0.5, 0.1))
}
