package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// backlogModel: ten agents, replies of exactly 10 min, one message per
// conversation, no new arrivals: only the start-of-run backlog.
func backlogModel(b ...sim.Backlog) *sim.Model {
	return &sim.Model{
		Name: "backlog", Seed: 3, Horizon: 4 * time.Hour, Interval: time.Hour, Replications: 1, SLAWithin: time.Minute,
		Channels: []sim.Channel{{Name: "web", Units: 1}},
		Arrivals: []sim.Arrival{{Channel: 0, Rate: sim.Constant(0), Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages: dist.Constant(1),
		Pause:    dist.Constant(90),
		Groups:   []sim.Group{{Name: "pool", Concurrency: 1, ResponseTime: dist.Constant(600), Staff: sim.Constant(10)}},
		Routing:  router.Config{Model: router.LeastActive, Capacity: router.Tab},
		Initial:  b,
	}
}

func TestBacklog(t *testing.T) {
	tests := []struct {
		name    string
		backlog []sim.Backlog
		// busy agent-seconds in 00:00–01:00: 10 min of work per conversation,
		// all done within the hour by ten agents.
		busy    float64
		offered int64 // counted: only the inactive ones, whose customers write during the run
	}{
		{"waiting", []sim.Backlog{{Channel: 0, Queue: -1, State: sim.BacklogWaiting, Count: 30, Age: time.Hour}}, 30 * 600, 0},
		{"assigned and waiting", []sim.Backlog{
			{Channel: 0, Queue: -1, State: sim.BacklogWaiting, Count: 15, Age: time.Hour},
			{Channel: 0, Queue: -1, State: sim.BacklogAssigned, Count: 5}}, 20 * 600, 0},
		// Inactive: the customers write after 90 s; one reply each.
		{"inactive", []sim.Backlog{{Channel: 0, Queue: -1, State: sim.BacklogInactive, Count: 8, Age: 3 * time.Hour}}, 8 * 600, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := sim.Run(backlogModel(tt.backlog...), 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := res.ByInterval[0].BusyUnitSeconds; math.Abs(got-tt.busy) > 1e-6 {
				t.Errorf("busy %v agent-seconds in the first hour, want %v", got, tt.busy)
			}
			if res.Total.Offered != tt.offered {
				t.Errorf("offered %d, want %d", res.Total.Offered, tt.offered)
			}
		})
	}
}

// TestBacklogOneAgent: with one agent, the assigned conversation is answered
// first, then the waiting ones: the agent is busy without a break for the whole
// backlog (3 × 10 min).
func TestBacklogOneAgent(t *testing.T) {
	m := backlogModel(
		sim.Backlog{Channel: 0, Queue: -1, State: sim.BacklogWaiting, Count: 1, Age: time.Minute},
		sim.Backlog{Channel: 0, Queue: -1, State: sim.BacklogWaiting, Count: 1, Age: time.Hour},
		sim.Backlog{Channel: 0, Queue: -1, State: sim.BacklogAssigned, Count: 1})
	m.Groups[0].Staff = sim.Constant(1)
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.ByInterval[0].BusyUnitSeconds; got != 1800 {
		t.Errorf("busy %v s, want 1800", got)
	}
}

func TestBacklogValidate(t *testing.T) {
	m := backlogModel(sim.Backlog{Channel: 2, Queue: -1, Count: 1})
	if _, err := sim.Run(m, 0); err == nil {
		t.Error("a backlog on channel index 2 of 1 ran")
	}
	m = backlogModel(sim.Backlog{Channel: 0, Queue: -1, Count: 0})
	if _, err := sim.Run(m, 0); err == nil {
		t.Error("a backlog of 0 conversations ran")
	}
}
