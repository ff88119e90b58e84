package sim_test

import (
	"math"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// collector keeps every replication's events in memory, for tests.
type collector struct {
	mu  sync.Mutex
	evs map[int][]sim.Event
}

type repSink struct {
	c   *collector
	rep int
}

func (s repSink) WriteEvents(evs []sim.Event) error {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	for _, e := range evs {
		if math.IsNaN(e.Confidence) {
			e.Confidence = -1 // NaN ≠ NaN would fail reflect.DeepEqual
		}
		s.c.evs[s.rep] = append(s.c.evs[s.rep], e)
	}
	return nil
}

func record(m *sim.Model) *collector {
	c := &collector{evs: map[int][]sim.Event{}}
	m.Events = func(rep int) sim.EventSink { return repSink{c, rep} }
	return c
}

// The event log agrees with the tallies and changes nothing: on the default
// scenario and every valid test scenario, a run recording events gives the same
// results as one without, the events are in time order, the same on any number of
// workers, and their counts are the tallies' (conversations started, contained by
// the bot, routed, abandoned in the measured window).
func TestEventsAgreeWithTallies(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: simulates every example scenario with its event log; make test runs it in its first pass, without -race")
	}
	files, err := filepath.Glob("../scenarios/testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	load := map[string]func() (*scenarios.Scenario, error){"default": scenarios.Default}
	for _, f := range files {
		load[filepath.Base(f)] = func() (*scenarios.Scenario, error) { return scenarios.Load(f) }
	}
	for name, get := range load {
		t.Run(name, func(t *testing.T) {
			sc, err := get()
			if err != nil {
				t.Fatal(err)
			}
			m, err := sc.Model()
			if err != nil {
				t.Fatal(err)
			}
			m.Horizon = min(m.Horizon, 30*time.Hour)
			eventsAgree(t, m)
		})
	}
}

// eventsAgree runs replications 0 and 1 of m with and without its event log and
// checks that the log changes nothing, is in time order, is the same on any number
// of workers, and counts what the tallies count.
func eventsAgree(t *testing.T, m *sim.Model) {
	t.Helper()
	plain, err := sim.RunReplications(m, []int{0, 1}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	col := record(m)
	logged, err := sim.RunReplications(m, []int{0, 1}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain, logged) {
		t.Fatal("recording events changed the results")
	}
	again := record(m)
	if _, err := sim.RunReplications(m, []int{0, 1}, 1, nil); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(col.evs, again.evs) {
		t.Fatal("events differ between runs of the same seed")
	}
	start, end := sim.Time(m.Warmup), sim.Time(m.Warmup+m.Horizon)
	for i, res := range logged {
		evs := col.evs[i]
		var started, contained, routed, abandoned int64
		inWindow := map[int64]bool{}
		for k, e := range evs {
			if k > 0 && e.At < evs[k-1].At {
				t.Fatalf("replication %d: event %d at %v before the one before it (%v)", i, k, e.At, evs[k-1].At)
			}
			if e.Kind == sim.EventMessage && e.Actor == sim.ActorCustomer && e.Cause != sim.CauseNone {
				if e.At >= start && e.At < end {
					inWindow[e.Conv] = true
					started++
				}
				continue
			}
			if !inWindow[e.Conv] {
				continue
			}
			switch {
			case e.Kind == sim.EventClosed && e.Actor == sim.ActorBot:
				contained++
			case e.Kind == sim.EventRouted && e.Cause == sim.CauseFirst:
				routed++
			case e.Kind == sim.EventAbandoned:
				abandoned++
			}
		}
		tot := res.Total
		if started != tot.Offered || contained != tot.BotContained || routed != tot.Routed || abandoned != tot.Abandoned {
			t.Errorf("replication %d: events started %d contained %d routed %d abandoned %d; tallies %d %d %d %d",
				i, started, contained, routed, abandoned, tot.Offered, tot.BotContained, tot.Routed, tot.Abandoned)
		}
	}
}
