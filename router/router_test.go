package router

import (
	"slices"
	"testing"
	"time"
)

const (
	sec    = int64(time.Second)
	minute = int64(time.Minute)
)

// newEngine builds an engine with the given agents, all Online at time 0.
func newEngine(t testing.TB, cfg Config, agents ...AgentSpec) *Engine {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range agents {
		e.SetOnline(0, e.AddAgent(a), true)
	}
	return e
}

func convIDs(as []Assignment) []int32 {
	ids := make([]int32, len(as))
	for i, a := range as {
		ids[i] = a.Conv
	}
	return ids
}

func need(skill, level int) SkillNeed { return SkillNeed{Skill: skill, MinLevel: level} }

func TestQueueOrder(t *testing.T) {
	type enq struct {
		at int64
		w  Work
	}
	two := []QueueSpec{{Name: "a", Priority: 2}, {Name: "b", Priority: 1}}
	cases := []struct {
		name    string
		queues  []QueueSpec
		works   []enq
		routeAt int64
		want    []int32
	}{
		{"fifo", nil, []enq{{0, Work{}}, {1, Work{}}, {2, Work{}}}, 10, []int32{0, 1, 2}},
		{"routing priority, then fifo", two,
			[]enq{{0, Work{Queue: 0}}, {1, Work{Queue: 1}}, {2, Work{Queue: 0}}, {3, Work{Queue: 1}}}, 10,
			[]int32{1, 3, 0, 2}},
		{"secondary priority inside a priority", nil,
			[]enq{{0, Work{Priority2: 2}}, {1, Work{Priority2: 1}}, {2, Work{Priority2: 2}}, {3, Work{Priority2: 0}}}, 10,
			[]int32{3, 1, 0, 2}},
		{"routing priority beats secondary", two,
			[]enq{{0, Work{Queue: 0, Priority2: 0}}, {1, Work{Queue: 1, Priority2: 9}}}, 10,
			[]int32{1, 0}},
		{"aging not yet enough", []QueueSpec{{Priority: 3, Aging: time.Minute}, {Priority: 1}},
			[]enq{{0, Work{Queue: 0}}, {1, Work{Queue: 1}}}, 90 * sec,
			[]int32{1, 0}},
		{"aging reaches the other priority, fifo decides", []QueueSpec{{Priority: 3, Aging: time.Minute}, {Priority: 1}},
			[]enq{{0, Work{Queue: 0}}, {1, Work{Queue: 1}}}, 2 * minute,
			[]int32{0, 1}},
		{"aging passes the other priority", []QueueSpec{{Priority: 3, Aging: time.Minute}, {Priority: 1}},
			[]enq{{1, Work{Queue: 1}}, {2, Work{Queue: 0}}}, 3*minute + 2,
			[]int32{1, 0}},
		{"aging orders a line's secondary priorities", []QueueSpec{{Priority: 1, Aging: time.Minute}},
			[]enq{{0, Work{Priority2: 2}}, {2 * minute, Work{Priority2: 1}}}, 2 * minute,
			[]int32{0, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(Config{Queues: tc.queues})
			if err != nil {
				t.Fatal(err)
			}
			a := e.AddAgent(AgentSpec{Capacity: len(tc.works)})
			for i, w := range tc.works {
				e.Enqueue(w.at, int32(i), w.w)
			}
			if got := e.Route(tc.routeAt, nil); len(got) != 0 {
				t.Fatalf("routed %v with the agent offline", got)
			}
			e.SetOnline(tc.routeAt, a, true)
			if got := convIDs(e.Route(tc.routeAt, nil)); !slices.Equal(got, tc.want) {
				t.Errorf("order %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOverflow(t *testing.T) {
	cfg := Config{Queues: []QueueSpec{
		{Name: "specialist", RequiredSkills: []SkillNeed{need(1, 5)}, OverflowTo: 1, OverflowAfter: time.Minute},
		{Name: "general", Priority: 1, OverflowTo: -1},
	}}
	e := newEngine(t, cfg, AgentSpec{Capacity: 1, Skills: []int8{0, 3}})
	e.Enqueue(0, 7, Work{Queue: 0})
	if got := e.Route(0, nil); len(got) != 0 {
		t.Fatalf("routed %v to an agent below the level", got)
	}
	if at, ok := e.NextDeadline(); !ok || at != minute {
		t.Fatalf("NextDeadline = %v, %v; want the overflow at 1m", at, ok)
	}
	if got := e.Route(minute-1, nil); len(got) != 0 {
		t.Fatalf("routed %v before the overflow", got)
	}
	got := e.Route(minute, nil)
	if len(got) != 1 || got[0].Queue != 1 || got[0].Agent != 0 {
		t.Fatalf("after overflow: %+v, want conv 7 from queue 1 to agent 0", got)
	}
	if s := e.Stats(); s.Queues[0].Overflows != 1 || s.Total.Overflows != 1 {
		t.Errorf("overflows %+v", s)
	}
}

func TestSkills(t *testing.T) {
	cases := []struct {
		name   string
		queue  QueueSpec
		agents [][]int8
		w      Work
		want   int32 // agent, -1: none
	}{
		{"level met", QueueSpec{}, [][]int8{{0, 3}}, Work{Skills: []SkillNeed{need(1, 3)}}, 0},
		{"level below", QueueSpec{}, [][]int8{{0, 2}}, Work{Skills: []SkillNeed{need(1, 3)}}, -1},
		{"skill missing", QueueSpec{}, [][]int8{{5}}, Work{Skills: []SkillNeed{need(1, 1)}}, -1},
		{"default level is 1", QueueSpec{}, [][]int8{{0, 1}}, Work{Skills: []SkillNeed{{Skill: 1}}}, 0},
		{"queue min_level", QueueSpec{MinLevel: 4}, [][]int8{{0, 3}, {0, 4}}, Work{Skills: []SkillNeed{{Skill: 1}}}, 1},
		{"queue required plus own", QueueSpec{RequiredSkills: []SkillNeed{need(0, 2)}},
			[][]int8{{2, 0}, {0, 2}, {2, 2}}, Work{Skills: []SkillNeed{need(1, 2)}}, 2},
		{"only the qualified agent", QueueSpec{}, [][]int8{{}, {}, {0, 0, 7}}, Work{Skills: []SkillNeed{need(2, 7)}}, 2},
		{"additional preferred while free", QueueSpec{DropAdditionalAfter: time.Minute},
			[][]int8{{1}, {1, 1}}, Work{Skills: []SkillNeed{need(0, 1)}, Additional: []SkillNeed{need(1, 1)}}, 1},
		{"additional required before the drop", QueueSpec{DropAdditionalAfter: time.Minute},
			[][]int8{{1}}, Work{Skills: []SkillNeed{need(0, 1)}, Additional: []SkillNeed{need(1, 1)}}, -1},
		{"queue additional", QueueSpec{AdditionalSkills: []SkillNeed{need(3, 1)}},
			[][]int8{{}, {0, 0, 0, 1}}, Work{}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var specs []AgentSpec
			for _, s := range tc.agents {
				specs = append(specs, AgentSpec{Capacity: 1, Skills: s})
			}
			e := newEngine(t, Config{Queues: []QueueSpec{tc.queue}}, specs...)
			e.Enqueue(0, 0, tc.w)
			got := e.Route(0, nil)
			switch {
			case tc.want < 0 && len(got) != 0:
				t.Errorf("routed to agent %d, want nobody", got[0].Agent)
			case tc.want >= 0 && (len(got) != 1 || got[0].Agent != tc.want):
				t.Errorf("got %+v, want agent %d", got, tc.want)
			}
		})
	}
}

func TestDropAdditional(t *testing.T) {
	q := QueueSpec{Name: "support", DropAdditionalAfter: 2 * time.Minute}
	w := Work{Skills: []SkillNeed{need(0, 1)}, Additional: []SkillNeed{need(1, 5)}}
	t.Run("dropped after the timeout", func(t *testing.T) {
		e := newEngine(t, Config{Queues: []QueueSpec{q}}, AgentSpec{Capacity: 1, Skills: []int8{1, 4}})
		e.Enqueue(0, 0, w)
		if got := e.Route(0, nil); len(got) != 0 {
			t.Fatalf("routed %v before the drop", got)
		}
		if at, ok := e.NextDeadline(); !ok || at != 2*minute {
			t.Fatalf("NextDeadline = %v, %v; want 2m", at, ok)
		}
		if got := e.Route(2*minute-1, nil); len(got) != 0 {
			t.Fatalf("routed %v before the drop", got)
		}
		got := e.Route(2*minute, nil)
		if len(got) != 1 || !got[0].DroppedSkills {
			t.Fatalf("got %+v, want one assignment with DroppedSkills", got)
		}
		s := e.Stats().Total
		if s.SkillDrops != 1 || s.DroppedSkills != 1 {
			t.Errorf("counts %+v", s)
		}
	})
	t.Run("qualified agent in time", func(t *testing.T) {
		e := newEngine(t, Config{Queues: []QueueSpec{q}}, AgentSpec{Capacity: 1, Skills: []int8{1, 4}})
		e.Enqueue(0, 0, w)
		e.Route(0, nil)
		b := e.AddAgent(AgentSpec{Capacity: 1, Skills: []int8{1, 5}})
		e.SetOnline(minute, b, true)
		got := e.Route(minute, nil)
		if len(got) != 1 || got[0].Agent != int32(b) || got[0].DroppedSkills {
			t.Fatalf("got %+v, want agent %d without drop", got, b)
		}
		if _, ok := e.NextDeadline(); ok {
			t.Error("a deadline is left for an assigned conversation")
		}
	})
	t.Run("never dropped", func(t *testing.T) {
		e := newEngine(t, Config{Queues: []QueueSpec{{}}}, AgentSpec{Capacity: 1, Skills: []int8{1, 4}})
		e.Enqueue(0, 0, w)
		if _, ok := e.NextDeadline(); ok {
			t.Error("deadline without drop_additional_after")
		}
		if got := e.Route(time.Hour.Nanoseconds(), nil); len(got) != 0 {
			t.Errorf("routed %v", got)
		}
	})
}

func TestModels(t *testing.T) {
	type ag struct {
		cap, open int
		last      int64 // time of last assignment; 0: never
	}
	cases := []struct {
		name   string
		model  Model
		agents []ag
		want   int32
	}{
		{"least_active: fewest open", LeastActive, []ag{{3, 2, 1}, {3, 1, 2}, {3, 2, 3}}, 1},
		{"least_active: tie to oldest assignment", LeastActive, []ag{{3, 1, 5}, {3, 1, 3}, {3, 2, 1}}, 1},
		{"least_active: never assigned is oldest", LeastActive, []ag{{3, 0, 5}, {3, 0, 0}}, 1},
		{"least_active: tie to lower index", LeastActive, []ag{{3, 1, 4}, {3, 1, 4}}, 0},
		{"most_available: most free units", MostAvailable, []ag{{2, 0, 1}, {5, 1, 2}, {3, 1, 3}}, 1},
		{"most_available: tie to oldest", MostAvailable, []ag{{2, 0, 4}, {4, 2, 2}, {3, 1, 3}}, 1},
		{"round_robin: oldest assignment", RoundRobin, []ag{{3, 2, 1}, {3, 0, 5}, {3, 1, 3}}, 0},
		{"round_robin: full agent skipped", RoundRobin, []ag{{2, 2, 1}, {3, 0, 5}, {3, 1, 3}}, 2},
		{"load_rotation: oldest assignment", LoadRotation, []ag{{3, 1, 4}, {3, 2, 2}, {3, 0, 3}}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(Config{Model: tc.model})
			if err != nil {
				t.Fatal(err)
			}
			id := int32(0)
			for _, a := range tc.agents {
				i := e.AddAgent(AgentSpec{Capacity: a.cap})
				if a.last == 0 {
					continue
				}
				// Load agent i alone, at time a.last.
				e.SetOnline(a.last, i, true)
				n := max(a.open, 1)
				for k := 0; k < n; k++ {
					e.Enqueue(a.last, id+int32(k), Work{})
				}
				if got := e.Route(a.last, nil); len(got) != n {
					t.Fatalf("preload: %v", got)
				}
				if a.open == 0 {
					e.Release(a.last, id)
				}
				id += int32(n)
				e.SetOnline(a.last, i, false)
			}
			for i := range tc.agents {
				e.SetOnline(10, i, true)
			}
			e.Enqueue(10, 100, Work{})
			got := e.Route(10, nil)
			if len(got) != 1 || got[0].Agent != tc.want {
				t.Errorf("got %+v, want agent %d", got, tc.want)
			}
		})
	}
}

func TestCapacityUnits(t *testing.T) {
	e := newEngine(t, Config{ChannelUnits: []int{1, 2}}, AgentSpec{Capacity: 3})
	e.Enqueue(0, 0, Work{Channel: 1}) // 2 units by channel
	e.Enqueue(1, 1, Work{Units: 2})
	e.Enqueue(2, 2, Work{Units: 1})
	got := e.Route(2, nil)
	if !slices.Equal(convIDs(got), []int32{0, 2}) {
		t.Fatalf("routed %v, want [0 2]: the 2-unit conversation 1 does not fit, 2 does", convIDs(got))
	}
	if used, capacity, open := e.AgentLoad(0); used != 3 || capacity != 3 || open != 2 {
		t.Errorf("AgentLoad = %d, %d, %d; want 3, 3, 2", used, capacity, open)
	}
	if a := e.Release(3, 2); a != 0 {
		t.Fatalf("Release returned %d", a)
	}
	if got := e.Route(3, nil); len(got) != 0 {
		t.Fatalf("routed %v into one free unit", got)
	}
	e.Release(4, 0)
	if got := e.Route(4, nil); !slices.Equal(convIDs(got), []int32{1}) {
		t.Fatalf("routed %v, want [1]", convIDs(got))
	}
}

func TestInactive(t *testing.T) {
	cases := []struct {
		capacity CapacityModel
		freed    bool
	}{{Tab, false}, {Status, true}}
	for _, tc := range cases {
		t.Run(tc.capacity.String(), func(t *testing.T) {
			e := newEngine(t, Config{Capacity: tc.capacity}, AgentSpec{Capacity: 1})
			e.Enqueue(0, 1, Work{})
			e.Route(0, nil)
			if got := e.SetInactive(minute, 1); got != tc.freed {
				t.Fatalf("SetInactive = %v", got)
			}
			if e.AgentOf(1) != 0 {
				t.Errorf("inactive conversation detached from its agent")
			}
			e.Enqueue(minute, 2, Work{})
			got := e.Route(minute, nil)
			if (len(got) == 1) != tc.freed {
				t.Errorf("second conversation routed: %v, want %v", got, tc.freed)
			}
			if tc.freed && e.State(1) != Inactive {
				t.Errorf("state %v", e.State(1))
			}
			if got := e.Resume(2*minute, 1, Work{}); got != tc.freed {
				t.Errorf("Resume = %v", got)
			}
			if want := e.AgentOf(1); e.Release(3*minute, 1) != want || e.State(1) != Free {
				t.Errorf("Release did not end the conversation")
			}
		})
	}
}

func TestStickyResume(t *testing.T) {
	cfg := Config{Capacity: Status, StickyFor: time.Hour, PreferredTimeout: 30 * time.Second}
	// setup: conversation 1 with agent 0, inactive since 1m; agent 1 idle (and,
	// never assigned, the model's favourite).
	setup := func(t *testing.T) *Engine {
		e, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		e.AddAgent(AgentSpec{Capacity: 1})
		e.AddAgent(AgentSpec{Capacity: 1})
		e.SetOnline(0, 0, true)
		e.Enqueue(0, 1, Work{})
		if got := e.Route(0, nil); len(got) != 1 || got[0].Agent != 0 {
			t.Fatalf("setup: %v", got)
		}
		e.SetInactive(minute, 1)
		e.SetOnline(minute, 1, true)
		return e
	}
	t.Run("previous agent free", func(t *testing.T) {
		e := setup(t)
		e.Resume(2*minute, 1, Work{})
		got := e.Route(2*minute, nil)
		if len(got) != 1 || got[0].Agent != 0 || !got[0].Sticky {
			t.Fatalf("got %+v, want sticky to agent 0", got)
		}
		if s := e.Stats().Total; s.StickyHits != 1 || s.StickyMisses != 0 || s.Resumed != 1 {
			t.Errorf("counts %+v", s)
		}
	})
	t.Run("waits for the previous agent", func(t *testing.T) {
		e := setup(t)
		e.Enqueue(minute, 2, Work{})
		e.SetOnline(minute, 1, false)
		e.Route(minute, nil) // 2 to agent 0
		e.SetOnline(minute, 1, true)
		e.Resume(2*minute, 1, Work{})
		if got := e.Route(2*minute, nil); len(got) != 0 {
			t.Fatalf("routed %+v while the previous agent is busy", got)
		}
		e.Release(2*minute+10*sec, 2)
		got := e.Route(2*minute+10*sec, nil)
		if len(got) != 1 || got[0].Agent != 0 || !got[0].Sticky {
			t.Fatalf("got %+v, want sticky to agent 0", got)
		}
	})
	t.Run("preferred timeout falls back", func(t *testing.T) {
		e := setup(t)
		e.Enqueue(minute, 2, Work{})
		e.SetOnline(minute, 1, false)
		e.Route(minute, nil) // 2 to agent 0
		e.SetOnline(minute, 1, true)
		e.Resume(2*minute, 1, Work{})
		if got := e.Route(2*minute, nil); len(got) != 0 {
			t.Fatalf("routed %+v before the preferred timeout", got)
		}
		if at, ok := e.NextDeadline(); !ok || at != 2*minute+30*sec {
			t.Fatalf("NextDeadline = %v, %v; want 2m30s", at, ok)
		}
		got := e.Route(2*minute+30*sec, nil)
		if len(got) != 1 || got[0].Agent != 1 || got[0].Sticky {
			t.Fatalf("got %+v, want agent 1 not sticky", got)
		}
		if s := e.Stats().Total; s.StickyMisses != 1 || s.StickyHits != 0 {
			t.Errorf("counts %+v", s)
		}
	})
	t.Run("after sticky_for", func(t *testing.T) {
		e := setup(t)
		e.Resume(2*time.Hour.Nanoseconds(), 1, Work{})
		got := e.Route(2*time.Hour.Nanoseconds(), nil)
		if len(got) != 1 || got[0].Agent != 1 || got[0].Sticky {
			t.Fatalf("got %+v, want agent 1 (no preference)", got)
		}
		if s := e.Stats().Total; s.StickyMisses != 0 || s.StickyHits != 0 {
			t.Errorf("counts %+v", s)
		}
	})
	t.Run("previous agent offline", func(t *testing.T) {
		e := setup(t)
		e.SetOnline(90*sec, 0, false)
		e.Resume(2*minute, 1, Work{})
		got := e.Route(2*minute, nil)
		if len(got) != 1 || got[0].Agent != 1 {
			t.Fatalf("got %+v, want agent 1 at once", got)
		}
		if s := e.Stats().Total; s.StickyMisses != 1 {
			t.Errorf("counts %+v", s)
		}
	})
}

func TestPush(t *testing.T) {
	cases := []struct {
		name     string
		decline  bool
		presence Presence
	}{
		{"timeout to away", false, Away},
		{"timeout unchanged", false, Unchanged},
		{"decline to busy", true, Busy},
		{"decline unchanged", true, Unchanged},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{PushTimeout: 30 * time.Second, TimeoutPresence: tc.presence, DeclinePresence: tc.presence}
			e := newEngine(t, cfg, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1})
			e.Enqueue(0, 5, Work{})
			got := e.Route(0, nil)
			if len(got) != 1 || !got[0].Offer || got[0].Agent != 0 {
				t.Fatalf("got %+v, want an offer to agent 0", got)
			}
			if e.Used(0) != 1 || e.State(5) != Offered {
				t.Fatalf("offer holds %d units, state %v", e.Used(0), e.State(5))
			}
			if tc.decline {
				if !e.Decline(10*sec, 5) {
					t.Fatal("Decline failed")
				}
			} else {
				if at, ok := e.NextDeadline(); !ok || at != 30*sec {
					t.Fatalf("NextDeadline = %v, %v", at, ok)
				}
				if e.Accept(30*sec, 5) {
					t.Fatal("accepted at the deadline")
				}
				ts := e.Expire(30*sec, nil)
				if len(ts) != 1 || ts[0] != (Timeout{Conv: 5, Agent: 0}) {
					t.Fatalf("Expire = %+v", ts)
				}
			}
			want := tc.presence
			if want == Unchanged {
				want = Online
			}
			if p := e.PresenceOf(0); p != want {
				t.Errorf("agent 0 presence %v, want %v", p, want)
			}
			if e.Used(0) != 0 {
				t.Errorf("agent 0 still holds %d units", e.Used(0))
			}
			got = e.Route(30*sec, nil)
			if len(got) != 1 || got[0].Agent != 1 {
				t.Fatalf("re-route: %+v, want agent 1", got)
			}
			// Agent 1 declines too: nobody left who may get it, even agent 0 back online.
			e.Decline(31*sec, 5)
			e.SetPresence(31*sec, 0, Online, nil)
			if got := e.Route(31*sec, nil); len(got) != 0 {
				t.Fatalf("offered again to an agent who had it: %+v", got)
			}
			// ... but another conversation goes to agent 0.
			e.Enqueue(32*sec, 6, Work{})
			if got := e.Route(32*sec, nil); len(got) != 1 || got[0].Conv != 6 {
				t.Fatalf("got %+v, want conversation 6 past the picky one", got)
			}
			c := e.AddAgent(AgentSpec{Capacity: 1})
			e.SetOnline(40*sec, c, true)
			got = e.Route(40*sec, nil)
			if len(got) != 1 || got[0].Agent != int32(c) || got[0].Conv != 5 {
				t.Fatalf("got %+v, want conversation 5 offered to agent %d", got, c)
			}
			if !e.Accept(41*sec, 5) || e.State(5) != Assigned {
				t.Fatal("Accept failed")
			}
			s := e.Stats().Total
			if tc.decline && s.Declines != 2 || !tc.decline && (s.PushTimeouts != 1 || s.Declines != 1) {
				t.Errorf("counts %+v", s)
			}
			if s.Assigned != 1 || s.Offered != 4 {
				t.Errorf("counts %+v", s)
			}
		})
	}
}

func TestPresence(t *testing.T) {
	for _, p := range []Presence{Busy, Away, Offline} {
		t.Run(p.String(), func(t *testing.T) {
			e := newEngine(t, Config{}, AgentSpec{Capacity: 2})
			e.SetPresence(0, 0, p, nil)
			e.Enqueue(0, 0, Work{})
			if got := e.Route(0, nil); len(got) != 0 {
				t.Fatalf("routed %+v to a %v agent", got, p)
			}
			e.SetPresence(1, 0, Online, nil)
			if got := e.Route(1, nil); len(got) != 1 {
				t.Fatalf("not routed when back online: %+v", got)
			}
		})
	}
}

func TestOffline(t *testing.T) {
	for _, requeue := range []bool{false, true} {
		name := "keep"
		if requeue {
			name = "requeue"
		}
		t.Run(name, func(t *testing.T) {
			e := newEngine(t, Config{OfflineRequeue: requeue}, AgentSpec{Capacity: 2})
			e.Enqueue(0, 1, Work{})
			e.Enqueue(1, 2, Work{})
			e.Route(1, nil)
			e.Enqueue(2, 3, Work{})
			got := e.SetPresence(3, 0, Offline, nil)
			if requeue {
				if !slices.Equal(got, []int32{1, 2}) {
					t.Fatalf("requeued %v, want [1 2]", got)
				}
				if e.State(1) != Waiting || e.Used(0) != 0 || e.Waiting() != 3 {
					t.Fatalf("state %v, used %d, waiting %d", e.State(1), e.Used(0), e.Waiting())
				}
			} else if len(got) != 0 || e.AgentOf(1) != 0 || e.Used(0) != 2 {
				t.Fatalf("requeued %v; agent of 1 = %d, used %d", got, e.AgentOf(1), e.Used(0))
			}
			b := e.AddAgent(AgentSpec{Capacity: 3})
			e.SetOnline(4, b, true)
			want := []int32{3}
			if requeue {
				want = []int32{1, 2, 3} // the requeued go first, in their order
			}
			if got := convIDs(e.Route(4, nil)); !slices.Equal(got, want) {
				t.Errorf("routed %v, want %v", got, want)
			}
			if s := e.Stats().Total; s.Requeues != int64(len(want)-1) {
				t.Errorf("requeues %d", s.Requeues)
			}
		})
	}
	t.Run("pending offer withdrawn", func(t *testing.T) {
		e := newEngine(t, Config{PushTimeout: time.Minute}, AgentSpec{Capacity: 1})
		e.Enqueue(0, 1, Work{})
		e.Route(0, nil)
		if got := e.SetOnline(1, 0, false); !slices.Equal(got, []int32{1}) {
			t.Fatalf("requeued %v", got)
		}
		e.SetOnline(2, 0, true)
		if got := e.Route(2, nil); len(got) != 1 || got[0].Agent != 0 {
			t.Fatalf("got %+v: a withdrawn offer does not exclude the agent", got)
		}
	})
}

func TestTransfer(t *testing.T) {
	cfg := Config{Queues: []QueueSpec{{Name: "tier1"}, {Name: "tech", RequiredSkills: []SkillNeed{need(0, 5)}}}}
	e := newEngine(t, cfg, AgentSpec{Capacity: 1}, AgentSpec{Capacity: 1, Skills: []int8{5}})
	e.SetOnline(0, 1, false)
	e.Enqueue(0, 1, Work{})
	if got := e.Route(0, nil); len(got) != 1 || got[0].Agent != 0 {
		t.Fatalf("got %+v", got)
	}
	e.SetOnline(1, 1, true)
	if !e.Transfer(2, 1, 1) {
		t.Fatal("Transfer failed")
	}
	if e.Used(0) != 0 || e.QueueOf(1) != 1 {
		t.Fatalf("used %d, queue %d", e.Used(0), e.QueueOf(1))
	}
	got := e.Route(2, nil)
	if len(got) != 1 || got[0].Agent != 1 || got[0].Queue != 1 {
		t.Fatalf("got %+v, want agent 1 from queue 1", got)
	}
	if s := e.Stats(); s.Queues[0].Transfers != 1 || s.Total.Transfers != 1 {
		t.Errorf("transfers %+v", s)
	}
	if e.Transfer(3, 9, 0) || e.Transfer(3, 1, 5) {
		t.Error("Transfer of an unknown conversation or to a missing queue succeeded")
	}
}

func TestWithdrawRelease(t *testing.T) {
	e := newEngine(t, Config{}, AgentSpec{Capacity: 1})
	e.Enqueue(0, 1, Work{})
	e.Enqueue(0, 2, Work{})
	e.Enqueue(0, 3, Work{})
	e.Route(0, nil)
	if e.Withdraw(1, 1) {
		t.Error("withdrew an assigned conversation")
	}
	if !e.Withdraw(1, 2) || e.State(2) != Free || e.Waiting() != 1 {
		t.Error("Withdraw of a waiting conversation")
	}
	if e.Release(2, 3) != -1 || e.State(3) != Free || e.Waiting() != 0 {
		t.Error("Release of a waiting conversation")
	}
	if e.Release(2, 1) != 0 || e.Release(2, 1) != -1 || e.Release(2, 99) != -1 {
		t.Error("Release of an assigned conversation")
	}
	// Ids are reused.
	e.Enqueue(3, 1, Work{})
	if got := e.Route(3, nil); len(got) != 1 {
		t.Errorf("reused id not routed: %+v", got)
	}
}

func TestQueueFor(t *testing.T) {
	e, err := New(Config{Queues: []QueueSpec{
		{Name: "sms", Priority: 2, Channels: []int{0}},
		{Name: "vip", Priority: 1, Channels: []int{0, 1}},
		{Name: "rest", Priority: 3},
		{Name: "web", Priority: 0, Channels: []int{2}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for ch, want := range []int{1, 1, 3, 2} {
		if got := e.QueueFor(ch); got != want {
			t.Errorf("QueueFor(%d) = %d, want %d", ch, got, want)
		}
	}
	e, _ = New(Config{Queues: []QueueSpec{{Channels: []int{0}}}})
	if got := e.QueueFor(1); got != -1 {
		t.Errorf("QueueFor(1) = %d, want -1", got)
	}
	e, _ = New(Config{})
	if got := e.QueueFor(5); got != 0 || e.NumQueues() != 1 {
		t.Errorf("default queue: %d of %d", got, e.NumQueues())
	}
}

func TestValidate(t *testing.T) {
	es := []string{"en", "es"}
	lang := func(levels ...int8) AgentSpec { return AgentSpec{Capacity: 2, Skills: levels} }
	cases := []struct {
		name   string
		cfg    Config
		agents []AgentSpec
		want   string
	}{
		{"ok", Config{SkillNames: es, Queues: []QueueSpec{{Name: "support", RequiredSkills: []SkillNeed{{Skill: 1}}}}},
			[]AgentSpec{lang(5, 1)}, ""},
		{"unknown model", Config{Model: 9}, []AgentSpec{lang()}, "model: unknown routing model Model(9)"},
		{"unknown capacity model", Config{Capacity: 4}, []AgentSpec{lang()}, "capacity: unknown capacity model CapacityModel(4)"},
		{"no agents", Config{}, nil, "agents: none"},
		{"agent capacity", Config{}, []AgentSpec{{Capacity: 0}}, "agents[0].capacity: 0, want ≥ 1"},
		{"agent level", Config{SkillNames: es}, []AgentSpec{lang(), lang(0, 11)}, "agents[1].skills[es]: level 11 outside 0–10"},
		{"required skill missing", Config{SkillNames: es, Queues: []QueueSpec{{Name: "support", RequiredSkills: []SkillNeed{{Skill: 1}}}}},
			[]AgentSpec{lang(5)}, "queues[0] (support): no agent has skill es at level ≥ 1"},
		{"required level too high", Config{Queues: []QueueSpec{{Name: "support", MinLevel: 6, RequiredSkills: []SkillNeed{{Skill: 0}}}}},
			[]AgentSpec{lang(5)}, "queues[0] (support): no agent has skill 0 at level ≥ 6"},
		{"skills not together", Config{SkillNames: es, Queues: []QueueSpec{{RequiredSkills: []SkillNeed{need(0, 1), need(1, 1)}}}},
			[]AgentSpec{lang(1), lang(0, 1)}, "queues[0]: no agent has the skills en ≥ 1, es ≥ 1 together"},
		{"additional never dropped", Config{SkillNames: es, Queues: []QueueSpec{{Name: "q", AdditionalSkills: []SkillNeed{need(1, 3)}}}},
			[]AgentSpec{lang(1, 2)}, "queues[0] (q): no agent has skill es at level ≥ 3, and drop_additional_after is 0 (additional skills are never dropped)"},
		{"additional dropped", Config{Queues: []QueueSpec{{AdditionalSkills: []SkillNeed{need(1, 3)}, DropAdditionalAfter: time.Minute}}},
			[]AgentSpec{lang(1, 2)}, ""},
		{"channel cost", Config{ChannelUnits: []int{1, 3}, ChannelNames: []string{"web", "voice"}},
			[]AgentSpec{lang()}, "channel_units[1] (voice): a conversation costs 3 units, more than any agent's capacity (2)"},
		{"queue channel cost", Config{ChannelUnits: []int{1, 3}, ChannelNames: []string{"web", "voice"},
			Queues: []QueueSpec{{Name: "es", RequiredSkills: []SkillNeed{need(1, 1)}, Channels: []int{0, 1}}}},
			[]AgentSpec{{Capacity: 3}, lang(0, 1)},
			"queues[0] (es): a conversation on channel voice costs 3 units, more than the capacity of any agent with the queue's skills (2)"},
		{"overflow to missing queue", Config{Queues: []QueueSpec{{Name: "a", OverflowTo: 3, OverflowAfter: time.Minute}}},
			[]AgentSpec{lang()}, "queues[0] (a).overflow_to: queue 3 does not exist (1 queues)"},
		{"overflow to itself", Config{Queues: []QueueSpec{{Name: "a", OverflowAfter: time.Minute}}},
			[]AgentSpec{lang()}, "queues[0] (a).overflow_to: the queue overflows to itself"},
		{"no overflow without overflow_after", Config{Queues: []QueueSpec{{Name: "a", OverflowTo: 7}}}, []AgentSpec{lang()}, ""},
		{"unknown channel", Config{ChannelNames: []string{"web"}, Queues: []QueueSpec{{Channels: []int{0, 2}}}},
			[]AgentSpec{lang()}, "queues[0].channels[1]: no channel 2"},
		{"skill level", Config{Queues: []QueueSpec{{RequiredSkills: []SkillNeed{need(0, 12)}}}},
			[]AgentSpec{lang()}, "queues[0].skills[0]: level 12 outside 0–10"},
		{"negative duration", Config{PushTimeout: -time.Second}, []AgentSpec{lang()}, "push_timeout: -1s is negative"},
		{"timeout presence offline", Config{TimeoutPresence: Offline}, []AgentSpec{lang()},
			"timeout_presence: offline is not allowed (use away or busy: the agent stays logged in and keeps its conversations)"},
		{"queue duration", Config{Queues: []QueueSpec{{Name: "a", Aging: -time.Minute}}}, []AgentSpec{lang()},
			"queues[0] (a).aging: -1m0s is negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.cfg, tc.agents)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestServable(t *testing.T) {
	cfg := Config{
		SkillNames:   []string{"en", "es", "billing"},
		ChannelNames: []string{"web", "voice"},
		ChannelUnits: []int{1, 3},
		Queues:       []QueueSpec{{Name: "support", AdditionalSkills: []SkillNeed{need(2, 1)}}},
	}
	e := newEngine(t, cfg, AgentSpec{Capacity: 3, Skills: []int8{5, 0, 1}}, AgentSpec{Capacity: 2, Skills: []int8{5, 5}})
	cases := []struct {
		w    Work
		want string
	}{
		{Work{Skills: []SkillNeed{{Skill: 0}}}, ""},
		{Work{Skills: []SkillNeed{need(1, 6)}}, "queues[0] (support): no agent has skill es at level ≥ 6"},
		{Work{Channel: 1, Skills: []SkillNeed{{Skill: 1}}},
			"queues[0] (support): a conversation on channel voice costs 3 units, more than the capacity of any agent with its skills (2)"},
		{Work{Skills: []SkillNeed{{Skill: 1}}},
			"queues[0] (support): no agent has the skills es ≥ 1, billing ≥ 1 together, and drop_additional_after is 0 (additional skills are never dropped)"},
		{Work{Queue: 2}, "queue 2 does not exist (1 queues)"},
	}
	for _, tc := range cases {
		err := e.Servable(tc.w)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Servable(%+v)\ngot  %q\nwant %q", tc.w, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, m := range []Model{LeastActive, MostAvailable, RoundRobin, LoadRotation} {
		if got, err := ParseModel(m.String()); err != nil || got != m {
			t.Errorf("ParseModel(%q) = %v, %v", m, got, err)
		}
	}
	if _, err := ParseModel("random"); err == nil {
		t.Error("ParseModel accepted random")
	}
	for _, c := range []CapacityModel{Tab, Status} {
		if got, err := ParseCapacityModel(c.String()); err != nil || got != c {
			t.Errorf("ParseCapacityModel(%q) = %v, %v", c, got, err)
		}
	}
	for _, p := range []Presence{Unchanged, Offline, Online, Busy, Away} {
		if got, err := ParsePresence(p.String()); err != nil || got != p {
			t.Errorf("ParsePresence(%q) = %v, %v", p, got, err)
		}
	}
	if _, err := ParsePresence("lunch"); err == nil {
		t.Error("ParsePresence accepted lunch")
	}
}

// TestOrderMatchesReference: one agent who qualifies for everything comes online
// after random arrivals; the engine must route them exactly in the order of
// (effective priority at that time, secondary priority, arrival).
func TestOrderMatchesReference(t *testing.T) {
	for seed := uint64(0); seed < 200; seed++ {
		c := &benchCenter{rng: seed*2654435761 + 1}
		queues := []QueueSpec{
			{Priority: c.rand(3), Aging: time.Duration(c.rand(3)) * 20 * time.Second, OverflowTo: -1},
			{Priority: c.rand(3), Aging: time.Duration(c.rand(3)) * 20 * time.Second, OverflowTo: -1},
			{Priority: c.rand(3), OverflowTo: -1},
		}
		e, err := New(Config{Queues: queues})
		if err != nil {
			t.Fatal(err)
		}
		a := e.AddAgent(AgentSpec{Capacity: 100, Skills: []int8{1, 1, 1}})
		type ref struct {
			id       int32
			at       int64
			q, sec   int
			priority int64
		}
		var refs []ref
		now := int64(0)
		for i := 0; i < 60; i++ {
			now += int64(c.rand(20)) * sec
			w := Work{Queue: c.rand(3), Priority2: c.rand(3), Skills: []SkillNeed{need(c.rand(3), 1)}}
			e.Enqueue(now, int32(i), w)
			refs = append(refs, ref{id: int32(i), at: now, q: w.Queue, sec: w.Priority2})
		}
		now += 5 * minute
		for i := range refs {
			q := queues[refs[i].q]
			refs[i].priority = int64(q.Priority)
			if q.Aging > 0 {
				refs[i].priority -= (now - refs[i].at) / int64(q.Aging)
			}
		}
		slices.SortStableFunc(refs, func(x, y ref) int {
			if x.priority != y.priority {
				return int(x.priority - y.priority)
			}
			return x.sec - y.sec
		})
		e.SetOnline(now, a, true)
		got := convIDs(e.Route(now, nil))
		want := make([]int32, len(refs))
		for i, r := range refs {
			want[i] = r.id
		}
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d:\ngot  %v\nwant %v", seed, got, want)
		}
	}
}

// TestUnservedLineStaysSmall: conversations that nobody can take come and go
// (abandon); the line must not keep their dead entries.
func TestUnservedLineStaysSmall(t *testing.T) {
	e := newEngine(t, Config{}, AgentSpec{Capacity: 1})
	for i := 0; i < 100_000; i++ {
		id := int32(i % 10)
		e.Enqueue(int64(i), id, Work{Skills: []SkillNeed{need(3, 1)}})
		e.Route(int64(i), nil)
		if i >= 9 {
			e.Withdraw(int64(i), int32((i-9)%10))
		}
	}
	for l := range e.lines {
		if n := len(e.lines[l].ring) + len(e.lines[l].late); n > 64 {
			t.Errorf("line %d holds %d entries for %d waiting", l, n, e.lines[l].count)
		}
	}
}

// TestAgentKeysFollowRankers checks that agentKeys, which names each model's key
// to keep it inlinable, gives every model's ranker key (rankers) over a range of
// loads: a model added to rankers but not to agentKeys fails here.
func TestAgentKeysFollowRankers(t *testing.T) {
	for m := range rankers {
		e := &Engine{cfg: Config{Model: Model(m)}}
		for capacity := int32(1); capacity <= 4; capacity++ {
			for used := int32(0); used <= capacity; used++ {
				for open := int32(0); open <= used; open++ {
					ag := &agent{capacity: capacity, used: used, open: open, lastAssign: 42}
					k, last := e.agentKeys(ag)
					if want := rankers[m].key(open, capacity-used, capacity); k != want || last != 42 {
						t.Errorf("%v: agentKeys(open %d, used %d, capacity %d) = %d, %d; want %d, 42",
							Model(m), open, used, capacity, k, last, want)
					}
				}
			}
		}
	}
}
