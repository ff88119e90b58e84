package sim_test

import (
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// shiftModel: ten agents 00:00–12:00, five from 12:00, under tab capacity with
// offline_requeue, at an offered load of ratePerHour × 6 min.
func shiftModel(ratePerHour float64, after float64) *sim.Model {
	return &sim.Model{
		Name: "shift-end", Seed: 11, Horizon: 20 * 24 * time.Hour, Interval: time.Hour, Replications: 1, SLAWithin: time.Minute,
		Channels: []sim.Channel{{Name: "web", Units: 1}},
		Arrivals: []sim.Arrival{{Channel: 0, Rate: sim.Constant(ratePerHour / 3600), Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages: dist.Constant(1),
		Pause:    dist.Constant(60),
		Groups: []sim.Group{{Name: "pool", Concurrency: 1, ResponseTime: dist.Exponential(360),
			Staff: sim.FromDaily([]sim.DailyPoint{{At: 0, Value: 10, Days: 0x7f}, {At: 12 * time.Hour, Value: after, Days: 0x7f}}, 0x7f)}},
		Routing: router.Config{Model: router.LeastActive, Capacity: router.Tab, OfflineRequeue: true},
	}
}

// TestShiftEndIdleLeaveFirst: at one Erlang of load (10 conversations an hour of
// 6 min) on ten agents, more than five are busy at noon with probability
// P(Poisson(1) > 5) ≈ 0.0006 a day. Least-active routing spreads the work over
// all ten agents, so the last five often hold a conversation at noon: when the
// schedule sent the last five home whatever they held (the rule before this
// one), offline_requeue handed back 10 conversations in these 20 days. Idle
// agents leaving first, nobody busy has to leave: no requeue.
func TestShiftEndIdleLeaveFirst(t *testing.T) {
	res, err := sim.Run(shiftModel(10, 5), 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Handled < 4000 {
		t.Fatalf("handled %d, want about 4800", res.Total.Handled)
	}
	if res.Total.Requeues != 0 {
		t.Errorf("%d requeues: a busy agent left while idle ones stayed", res.Total.Requeues)
	}
}

// TestShiftEndRequeuesBookedWhereTheyHappen: at noon everyone leaves under load,
// handing back what they hold. Every requeue is booked to the 12:00 interval,
// where it happens, although the conversations handed back arrived before noon
// (mostly in the 11:00 interval, some earlier).
func TestShiftEndRequeuesBookedWhereTheyHappen(t *testing.T) {
	res, err := sim.Run(shiftModel(40, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Requeues < 20*2 {
		t.Fatalf("only %d requeues in 20 days of four busy agents at noon", res.Total.Requeues)
	}
	for k, iv := range res.ByInterval {
		if k != 12 && iv.Requeues != 0 {
			t.Errorf("interval %02d:00 has %d requeues; all happen at 12:00", k, iv.Requeues)
		}
	}
	if res.ByInterval[12].Requeues != res.Total.Requeues {
		t.Errorf("12:00 has %d of %d requeues", res.ByInterval[12].Requeues, res.Total.Requeues)
	}
}

// TestShiftEndBusyAgentFinishes: without offline_requeue, an agent whose shift
// ends while busy finishes its conversation: nothing is handed back, nothing is
// lost (every conversation that an agent accepted ends).
func TestShiftEndBusyAgentFinishes(t *testing.T) {
	m := shiftModel(40, 0)
	m.Routing.OfflineRequeue = false
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Requeues != 0 {
		t.Errorf("%d requeues without offline_requeue", res.Total.Requeues)
	}
	if res.Total.Resolved != res.Total.Handled {
		t.Errorf("%d conversations accepted but %d ended: a leaving agent dropped work", res.Total.Handled, res.Total.Resolved)
	}
}
