package router

import (
	"testing"
	"time"
)

// TestPause: an agent-set pause (Salesforce's paused work under status-based
// capacity) frees the conversation's units and keeps it with its agent; Unpause
// gives it back to the same agent without routing, even beyond its capacity.
// Under tab capacity nothing pauses.
func TestPause(t *testing.T) {
	t.Run("status: pause frees, unpause returns to the agent", func(t *testing.T) {
		e := newEngine(t, Config{Capacity: Status}, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1})
		e.SetOnline(0, 1, false) // one agent online: where work goes is plain
		e.Enqueue(0, 0, Work{})
		if as := e.Route(0, nil); len(as) != 1 || as[0].Agent != 0 {
			t.Fatalf("first routing: %+v", as)
		}
		if !e.Pause(10*sec, 0) {
			t.Fatal("Pause of an assigned conversation refused")
		}
		if s, a, u := e.State(0), e.AgentOf(0), e.Used(0); s != Paused || a != 0 || u != 0 || e.Open(0) != 0 {
			t.Fatalf("after Pause: %v with agent %d, agent uses %d units, %d open", s, a, u, e.Open(0))
		}
		// Paused is not Inactive: it neither resumes through routing nor goes inactive.
		if e.Resume(11*sec, 0, Work{}) || e.SetInactive(11*sec, 0) || e.Pause(11*sec, 0) {
			t.Error("Resume, SetInactive or a second Pause acted on a paused conversation")
		}
		// The freed unit takes new work.
		e.Enqueue(20*sec, 1, Work{})
		if as := e.Route(20*sec, nil); len(as) != 1 || as[0].Conv != 1 || as[0].Agent != 0 {
			t.Fatalf("routing while paused: %+v", as)
		}
		// The customer writes: back to agent 0, over its capacity, with no routing.
		if !e.Unpause(30*sec, 0) {
			t.Fatal("Unpause refused")
		}
		if s, a, u := e.State(0), e.AgentOf(0), e.Used(0); s != Assigned || a != 0 || u != 2 || e.Open(0) != 2 {
			t.Fatalf("after Unpause: %v with agent %d, agent uses %d units, %d open", s, a, u, e.Open(0))
		}
		if e.Unpause(31*sec, 0) {
			t.Error("Unpause of an assigned conversation accepted")
		}
		// Over capacity, the agent receives nothing until it has room again.
		e.Enqueue(40*sec, 2, Work{})
		if as := e.Route(40*sec, nil); len(as) != 0 {
			t.Fatalf("routing to an agent over capacity: %+v", as)
		}
		e.Release(50*sec, 1)
		if as := e.Route(50*sec, nil); len(as) != 0 {
			t.Fatalf("routing to an agent at capacity: %+v", as)
		}
		e.Release(60*sec, 0)
		if as := e.Route(60*sec, nil); len(as) != 1 || as[0].Conv != 2 {
			t.Fatalf("routing after the agent has room: %+v", as)
		}
		if st := e.Stats().Total; st.Paused != 1 || st.Unpaused != 1 || st.Resumed != 0 {
			t.Errorf("counts: paused %d, unpaused %d, resumed %d; want 1, 1, 0", st.Paused, st.Unpaused, st.Resumed)
		}
	})
	t.Run("status: release of a paused conversation", func(t *testing.T) {
		e := newEngine(t, Config{Capacity: Status}, AgentSpec{Capacity: 2})
		e.Enqueue(0, 0, Work{})
		e.Route(0, nil)
		e.Pause(sec, 0)
		if a := e.Release(2*sec, 0); a != 0 || e.State(0) != Free || e.AgentOf(0) != -1 || e.Used(0) != 0 {
			t.Errorf("Release of a paused conversation: agent %d, state %v, used %d", a, e.State(0), e.Used(0))
		}
		if e.Unpause(3*sec, 0) {
			t.Error("Unpause of a released conversation accepted")
		}
	})
	t.Run("tab: nothing pauses", func(t *testing.T) {
		e := newEngine(t, Config{Capacity: Tab}, AgentSpec{Capacity: 1})
		e.Enqueue(0, 0, Work{})
		e.Route(0, nil)
		if e.Pause(sec, 0) || e.State(0) != Assigned || e.Used(0) != 1 {
			t.Errorf("tab: a pause took effect: state %v, used %d", e.State(0), e.Used(0))
		}
	})
	t.Run("waiting or offered: not paused", func(t *testing.T) {
		e := newEngine(t, Config{Capacity: Status, PushTimeout: 30 * time.Second}, AgentSpec{Capacity: 1})
		e.Enqueue(0, 0, Work{})
		e.Enqueue(0, 1, Work{})
		e.Route(0, nil) // 0 offered, 1 waiting
		if e.State(0) != Offered || e.Pause(sec, 0) || e.Pause(sec, 1) {
			t.Errorf("paused an offered (%v) or a waiting conversation", e.State(0))
		}
	})
	t.Run("a paused conversation is not reclaimed", func(t *testing.T) {
		e := newEngine(t, Config{Capacity: Status, ReclaimAfter: time.Minute}, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1})
		e.Enqueue(0, 0, Work{})
		e.Route(0, nil)
		e.AwaitReply(0, 0)
		e.Pause(10*sec, 0)
		if to := e.Expire(120*sec, nil); len(to) != 0 {
			t.Errorf("Expire after the reclaim time of a paused conversation: %+v", to)
		}
		// Unpaused, the customer's message starts the clock again (AwaitReply).
		e.Unpause(130*sec, 0)
		if !e.AwaitReply(130*sec, 0) {
			t.Fatal("AwaitReply after Unpause: no clock")
		}
		if to := e.Expire(190*sec, nil); len(to) != 1 || !to[0].Reclaimed {
			t.Errorf("no reclaim a minute after the unpaused message: %+v", to)
		}
	})
}
