package router

import (
	"strings"
	"testing"
	"time"
)

func TestRestore(t *testing.T) {
	push := Config{PushTimeout: 30 * time.Second, TimeoutPresence: Away}
	status := Config{Capacity: Status, StickyFor: time.Hour}
	cases := []struct {
		name   string
		cfg    Config
		agents []AgentSpec
		setup  func(e *Engine) // before the restore, at time 0
		id     int32
		w      Work
		agent  int
		state  ConvState
		since  int64
		err    string // "" = the restore succeeds
		// After a successful restore at minute: the agent's used units and open
		// conversations, and the conversation's state.
		used, open int
	}{
		{name: "assigned", agents: []AgentSpec{{Capacity: 2}}, id: 5, agent: 0, state: Assigned, used: 1, open: 1},
		{name: "assigned costs its channel's units", cfg: Config{ChannelUnits: []int{1, 3}},
			agents: []AgentSpec{{Capacity: 4}}, id: 1, w: Work{Channel: 1}, state: Assigned, used: 3, open: 1},
		{name: "assigned fills the agent", agents: []AgentSpec{{Capacity: 2}},
			setup: func(e *Engine) { e.Enqueue(0, 0, Work{}); e.Route(0, nil) }, id: 1, state: Assigned, used: 2, open: 2},
		{name: "over capacity", agents: []AgentSpec{{Capacity: 1}},
			setup: func(e *Engine) { e.Enqueue(0, 0, Work{}); e.Route(0, nil) }, id: 1, state: Assigned,
			err: "has 0 free capacity units"},
		{name: "units above capacity", agents: []AgentSpec{{Capacity: 2}}, id: 1, w: Work{Units: 3}, state: Assigned,
			err: "costs 3"},
		{name: "offered", cfg: push, agents: []AgentSpec{{Capacity: 1}}, id: 2, state: Offered, since: minute, used: 1, open: 1},
		{name: "offer without push routing", agents: []AgentSpec{{Capacity: 1}}, id: 2, state: Offered,
			err: "needs push routing"},
		{name: "offer to an offline agent", cfg: push, agents: []AgentSpec{{Capacity: 1}},
			setup: func(e *Engine) { e.SetOnline(0, 0, false) }, id: 2, state: Offered, err: "offline"},
		{name: "inactive holds no units", cfg: status, agents: []AgentSpec{{Capacity: 1}},
			setup: func(e *Engine) { e.Enqueue(0, 0, Work{}); e.Route(0, nil) }, id: 1, state: Inactive, used: 1, open: 1},
		{name: "inactive under tab capacity", agents: []AgentSpec{{Capacity: 1}}, id: 1, state: Inactive,
			err: "status capacity"},
		{name: "paused holds no units", cfg: status, agents: []AgentSpec{{Capacity: 1}},
			setup: func(e *Engine) { e.Enqueue(0, 0, Work{}); e.Route(0, nil) }, id: 1, state: Paused, used: 1, open: 1},
		{name: "paused under tab capacity", agents: []AgentSpec{{Capacity: 1}}, id: 1, state: Paused,
			err: "paused conversations need status capacity"},
		{name: "assigned to an offline agent (status: it keeps its work)", cfg: status, agents: []AgentSpec{{Capacity: 1}},
			setup: func(e *Engine) { e.SetOnline(0, 0, false) }, id: 1, state: Assigned, used: 1, open: 1},
		{name: "id in use", agents: []AgentSpec{{Capacity: 3}},
			setup: func(e *Engine) { e.Enqueue(0, 1, Work{}) }, id: 1, state: Assigned, err: "waiting, not free"},
		{name: "no such agent", agents: []AgentSpec{{Capacity: 1}}, id: 1, agent: 1, state: Assigned, err: "agent 1 does not exist"},
		{name: "no such queue", agents: []AgentSpec{{Capacity: 1}}, id: 1, w: Work{Queue: 1}, state: Assigned, err: "queue 1 does not exist"},
		{name: "negative skill", agents: []AgentSpec{{Capacity: 1}}, id: 1, w: Work{Skills: []SkillNeed{{Skill: -1}}}, state: Assigned,
			err: "negative skill"},
		{name: "negative id", agents: []AgentSpec{{Capacity: 1}}, id: -1, state: Assigned, err: "negative conversation id"},
		{name: "waiting is not a restore", agents: []AgentSpec{{Capacity: 1}}, id: 1, state: Waiting, err: "want assigned, inactive, paused or offered"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, tc.cfg, tc.agents...)
			if tc.setup != nil {
				tc.setup(e)
			}
			u0, _, o0 := e.AgentLoad(0)
			err := e.Restore(minute, tc.id, tc.w, tc.agent, tc.state, tc.since)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one saying %q", err, tc.err)
				}
				if u, _, o := e.AgentLoad(0); u != u0 || o != o0 {
					t.Errorf("a failed restore changed the agent's load: %d/%d, was %d/%d", u, o, u0, o0)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := e.State(tc.id); got != tc.state {
				t.Errorf("state %v, want %v", got, tc.state)
			}
			if got := e.AgentOf(tc.id); got != tc.agent {
				t.Errorf("AgentOf = %d, want %d", got, tc.agent)
			}
			if u, _, o := e.AgentLoad(tc.agent); u != tc.used || o != tc.open {
				t.Errorf("agent load: %d units in %d conversations, want %d in %d", u, o, tc.used, tc.open)
			}
			if s := e.Stats().Total; s != (Counts{Enqueued: s.Enqueued, Assigned: s.Assigned}) {
				t.Errorf("restore counted events: %+v", s)
			}
			// Ending it frees what it held.
			if a := e.Release(2*minute, tc.id); a != tc.agent || e.State(tc.id) != Free {
				t.Errorf("Release = %d, state %v", a, e.State(tc.id))
			}
			if u, _, o := e.AgentLoad(tc.agent); u != u0 || o != o0 {
				t.Errorf("after release: %d/%d, want %d/%d", u, o, u0, o0)
			}
		})
	}
}

// A restored conversation takes part in routing like one the engine routed: its
// capacity keeps others away, an offer times out or is accepted, an inactive
// conversation resumes to its agent within sticky_for (counted from since).
func TestRestoreThenRoute(t *testing.T) {
	t.Run("assigned holds capacity", func(t *testing.T) {
		e := newEngine(t, Config{}, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1})
		if err := e.Restore(0, 7, Work{}, 0, Assigned, 0); err != nil {
			t.Fatal(err)
		}
		e.Enqueue(sec, 1, Work{})
		e.Enqueue(sec, 2, Work{})
		got := e.Route(sec, nil)
		if len(got) != 1 || got[0].Conv != 1 || got[0].Agent != 1 {
			t.Fatalf("got %+v, want only conversation 1, to agent 1", got)
		}
		e.Release(2*sec, 7)
		if got := e.Route(2*sec, nil); len(got) != 1 || got[0].Conv != 2 || got[0].Agent != 0 {
			t.Fatalf("after release: %+v, want 2 to agent 0", got)
		}
	})
	t.Run("offer times out", func(t *testing.T) {
		e := newEngine(t, Config{PushTimeout: 30 * time.Second, TimeoutPresence: Away}, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1})
		if err := e.Restore(minute, 3, Work{}, 0, Offered, minute); err != nil {
			t.Fatal(err)
		}
		if at, ok := e.NextDeadline(); !ok || at != minute+30*sec {
			t.Fatalf("NextDeadline = %v, %v; want the offer's deadline 1m30s", at, ok)
		}
		if e.Accept(minute+30*sec, 3) {
			t.Fatal("accepted at the deadline")
		}
		to := e.Expire(minute+30*sec, nil)
		if len(to) != 1 || to[0] != (Timeout{Conv: 3, Agent: 0}) || e.PresenceOf(0) != Away {
			t.Fatalf("timeouts %+v, presence %v", to, e.PresenceOf(0))
		}
		got := e.Route(minute+30*sec, nil)
		if len(got) != 1 || got[0].Agent != 1 || !got[0].Offer {
			t.Fatalf("got %+v, want an offer to agent 1 (never again to agent 0)", got)
		}
	})
	t.Run("offer accepted", func(t *testing.T) {
		e := newEngine(t, Config{PushTimeout: 30 * time.Second}, AgentSpec{Capacity: 1})
		if err := e.Restore(minute, 3, Work{}, 0, Offered, minute); err != nil {
			t.Fatal(err)
		}
		if !e.Accept(minute+29*sec, 3) || e.State(3) != Assigned {
			t.Fatalf("restored offer not accepted: %v", e.State(3))
		}
		if _, ok := e.NextDeadline(); ok {
			t.Error("the accepted offer's deadline is still pending")
		}
		if s := e.Stats().Total; s.Assigned != 1 {
			t.Errorf("counts %+v, want the accept counted", s)
		}
	})
	t.Run("inactive resumes sticky", func(t *testing.T) {
		cfg := Config{Capacity: Status, StickyFor: time.Hour}
		e := newEngine(t, cfg, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1})
		// Inactive since 0, restored at 30m: the sticky window ends at 1h.
		if err := e.Restore(30*minute, 4, Work{}, 0, Inactive, 0); err != nil {
			t.Fatal(err)
		}
		if !e.Resume(50*minute, 4, Work{}) {
			t.Fatal("Resume refused a restored inactive conversation")
		}
		got := e.Route(50*minute, nil)
		if len(got) != 1 || got[0].Agent != 0 || !got[0].Sticky {
			t.Fatalf("got %+v, want sticky to agent 0", got)
		}
		// The same restore resumed after the window goes to anyone (agent 1 is idle longest).
		e = newEngine(t, cfg, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1})
		e.Restore(30*minute, 4, Work{}, 0, Inactive, 0)
		e.Resume(61*minute, 4, Work{})
		if got := e.Route(61*minute, nil); len(got) != 1 || got[0].Sticky {
			t.Fatalf("got %+v after sticky_for, want no preference", got)
		}
	})
	t.Run("since after now counts as now", func(t *testing.T) {
		e := newEngine(t, Config{PushTimeout: 30 * time.Second}, AgentSpec{Capacity: 1})
		if err := e.Restore(minute, 1, Work{}, 0, Offered, time.Hour.Nanoseconds()); err != nil {
			t.Fatal(err)
		}
		if at, _ := e.NextDeadline(); at != minute+30*sec {
			t.Fatalf("deadline %v, want 1m30s", at)
		}
	})
}

// An engine rebuilt with Restore from another's state routes what follows as the
// original does: same loads, same next assignments.
func TestRestoreRebuildsEngine(t *testing.T) {
	cfg := Config{Capacity: Status, StickyFor: time.Hour, Queues: []QueueSpec{{Name: "q", OverflowTo: -1}}}
	agents := []AgentSpec{{Capacity: 2, Skills: []int8{5}}, {Capacity: 3}, {Capacity: 1, Skills: []int8{9}}}
	orig := newEngine(t, cfg, agents...)
	works := map[int32]Work{}
	for i := int32(0); i < 6; i++ {
		w := Work{}
		if i%2 == 0 {
			w.Skills = []SkillNeed{{Skill: 0, MinLevel: 1}}
		}
		works[i] = w
		orig.Enqueue(int64(i)*sec, i, w)
	}
	orig.Route(10*sec, nil)
	orig.SetInactive(20*sec, 0)
	orig.SetInactive(20*sec, 1)
	orig.Route(20*sec, nil)

	re := newEngine(t, cfg, agents...)
	inactive := 0
	for id := int32(0); id < 6; id++ {
		switch s := orig.State(id); s {
		case Assigned, Inactive:
			since := 10 * sec // assigned then
			if s == Inactive {
				since = 20 * sec
				inactive++
			}
			if err := re.Restore(30*sec, id, works[id], orig.AgentOf(id), s, since); err != nil {
				t.Fatal(err)
			}
		case Waiting:
			re.Enqueue(30*sec, id, works[id])
		}
	}
	if inactive != 2 {
		t.Fatalf("%d inactive conversations, want 2", inactive)
	}
	for a := range agents {
		u1, _, o1 := orig.AgentLoad(a)
		u2, _, o2 := re.AgentLoad(a)
		if u1 != u2 || o1 != o2 {
			t.Errorf("agent %d: restored load %d/%d, original %d/%d", a, u2, o2, u1, o1)
		}
	}
	for _, e := range []*Engine{orig, re} {
		e.Release(40*sec, 2)
		e.Resume(40*sec, 0, works[0])
		e.Enqueue(40*sec, 9, works[1])
	}
	a1 := orig.Route(40*sec, nil)
	a2 := re.Route(40*sec, nil)
	if len(a1) == 0 || len(a1) != len(a2) {
		t.Fatalf("original routed %+v, restored %+v", a1, a2)
	}
	for i := range a1 {
		if a1[i].Conv != a2[i].Conv || a1[i].Agent != a2[i].Agent || a1[i].Sticky != a2[i].Sticky {
			t.Errorf("assignment %d: original %+v, restored %+v", i, a1[i], a2[i])
		}
	}
	for _, id := range []int32{0, 1, 2, 3, 4, 5, 9} {
		if s1, s2 := orig.State(id), re.State(id); s1 != s2 || orig.AgentOf(id) != re.AgentOf(id) {
			t.Errorf("conversation %d: original %v with %d, restored %v with %d", id, s1, orig.AgentOf(id), s2, re.AgentOf(id))
		}
	}
}
