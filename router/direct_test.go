package router

import (
	"testing"
	"time"
)

// TestEnqueueDirect: direct-to-agent routing with a fallback. Skill 0 is the
// language the conversation's Work requires (level 1), skill 1 the target
// group's own skill; agent 0 is a generalist (the language only), agent 1 the
// group's member (its skill only, not the language). The conversation (id 7)
// targets the group in queue 0 and falls back after 2m to queue 1.
func TestEnqueueDirect(t *testing.T) {
	type step struct {
		at    int64
		do    func(e *Engine) // before routing at at; nil: just route
		agent int32           // the assignment Route must return at at (-1: none)
		queue int32
	}
	cases := []struct {
		name      string
		push      time.Duration
		expert    Presence // agent 1's presence at 0
		steps     []step
		fallbacks int64 // counted on queue 0
		deadline  int64 // NextDeadline after the first step (0: none)
	}{
		{"the group first, whatever the Work's skills", 0, Online,
			[]step{{0, nil, 1, 0}}, 0, 0},
		{"group away: waits, then the fallback queue", 0, Away,
			[]step{{0, nil, -1, 0}, {2*minute - 1, nil, -1, 0}, {2 * minute, nil, 0, 1}}, 1, 2 * minute},
		{"the group frees up before the fallback", 0, Away,
			[]step{{0, nil, -1, 0}, {minute, func(e *Engine) { e.SetPresence(minute, 1, Online, nil) }, 1, 0}, {2 * minute, nil, -1, 0}}, 0, 2 * minute},
		{"a declined offer goes back to the group until the fallback", 30 * time.Second, Online,
			[]step{{0, nil, 1, 0}, {10 * sec, func(e *Engine) { e.Decline(10*sec, 7) }, -1, 0}, {2 * minute, nil, 0, 1}}, 1, 30 * sec},
		{"a transfer ends direct routing", 0, Away,
			[]step{{0, nil, -1, 0}, {sec, func(e *Engine) { e.Transfer(sec, 7, 1) }, 0, 1}, {2 * minute, nil, -1, 0}}, 0, 2 * minute},
		{"the group's agent going offline hands it back to the group", 0, Online,
			[]step{{0, nil, 1, 0}, {minute, func(e *Engine) { e.SetPresence(minute, 1, Offline, nil) }, -1, 0}, {2 * minute, nil, 0, 1}}, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{PushTimeout: tc.push, DeclinePresence: Away, OfflineRequeue: true,
				Queues: []QueueSpec{{Name: "support", Priority: 1, OverflowTo: -1}, {Name: "backup", Priority: 2, OverflowTo: -1}}}
			e := newEngine(t, cfg, AgentSpec{Capacity: 1, Skills: []int8{5}}, AgentSpec{Capacity: 1, Skills: []int8{0, 1}})
			e.SetPresence(0, 1, tc.expert, nil)
			e.EnqueueDirect(0, 7, Work{Queue: 0, Skills: []SkillNeed{need(0, 1)}},
				Direct{Agents: []SkillNeed{need(1, 1)}, FallbackAfter: 2 * time.Minute, Queue: 1})
			if !e.Directed(7) || e.QueueOf(7) != 0 {
				t.Fatalf("directed %v, queue %d", e.Directed(7), e.QueueOf(7))
			}
			for i, s := range tc.steps {
				if s.do != nil {
					s.do(e)
				}
				got := e.Route(s.at, nil)
				switch {
				case s.agent < 0 && len(got) != 0:
					t.Fatalf("step %d at %v: routed %+v, want nothing", i, time.Duration(s.at), got)
				case s.agent >= 0 && (len(got) != 1 || got[0].Conv != 7 || got[0].Agent != s.agent || got[0].Queue != s.queue):
					t.Fatalf("step %d at %v: routed %+v, want conversation 7 to agent %d from queue %d", i, time.Duration(s.at), got, s.agent, s.queue)
				}
				if i == 0 {
					at, ok := e.NextDeadline()
					if tc.deadline == 0 && ok || tc.deadline != 0 && (!ok || at != tc.deadline) {
						t.Errorf("NextDeadline = %v, %v; want %v", time.Duration(at), ok, time.Duration(tc.deadline))
					}
				}
			}
			if f := e.Stats().Queues[0].Fallbacks; f != tc.fallbacks {
				t.Errorf("fallbacks %d, want %d", f, tc.fallbacks)
			}
			if f := e.Stats().Total.Fallbacks; f != tc.fallbacks {
				t.Errorf("total fallbacks %d, want %d", f, tc.fallbacks)
			}
		})
	}
}

// After the fallback the conversation needs its Work's skills again, and its
// slot, reused by a plain Enqueue, has no direct routing left.
func TestDirectFallbackSkillsAndReuse(t *testing.T) {
	cfg := Config{Queues: []QueueSpec{{Name: "support", OverflowTo: -1}}}
	// Agent 0 has the language below the level the Work asks; agent 1 the group's skill.
	e := newEngine(t, cfg, AgentSpec{Capacity: 1, Skills: []int8{2}}, AgentSpec{Capacity: 1, Skills: []int8{0, 1}})
	e.SetPresence(0, 1, Away, nil)
	e.EnqueueDirect(0, 3, Work{Skills: []SkillNeed{need(0, 5)}}, Direct{Agents: []SkillNeed{need(1, 1)}, FallbackAfter: time.Minute})
	if got := e.Route(minute, nil); len(got) != 0 || e.Directed(3) || e.State(3) != Waiting {
		t.Fatalf("after the fallback: routed %+v, directed %v, state %v; want it waiting for the language at 5", got, e.Directed(3), e.State(3))
	}
	e.Release(minute, 3)
	e.Enqueue(minute, 3, Work{})
	if e.Directed(3) {
		t.Fatal("a plain Enqueue in a reused slot is directed")
	}
	if got := e.Route(minute, nil); len(got) != 1 || got[0].Agent != 0 {
		t.Fatalf("plain conversation: %+v, want agent 0", got)
	}
	if _, ok := e.NextDeadline(); ok {
		t.Error("a deadline is left")
	}
}

func TestEnqueueDirectPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Direct
	}{
		{"no fallback time", Direct{Agents: []SkillNeed{need(1, 1)}}},
		{"no fallback queue", Direct{Agents: []SkillNeed{need(1, 1)}, FallbackAfter: time.Minute, Queue: 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			e := newEngine(t, Config{})
			e.EnqueueDirect(0, 1, Work{}, tc.d)
		})
	}
}
