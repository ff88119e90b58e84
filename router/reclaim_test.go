package router

import (
	"strings"
	"testing"
	"time"
)

// reclaimStep is one call in a reclaim script: at time at (seconds), op on
// conversation conv (or agent, for online).
type reclaimStep struct {
	at   int64
	op   string // enqueue, route, reply, await, accept, online
	conv int32
}

// TestReclaim plays scripts against the engine and checks the number of
// reclaims, who holds each conversation at the end and the agents' presences.
func TestReclaim(t *testing.T) {
	one := AgentSpec{Capacity: 1}
	tests := []struct {
		name      string
		cfg       Config
		agents    int // online at 0 (one more, offline, for "online" steps)
		steps     []reclaimStep
		reclaimed int64
		holders   map[int32]int // conversation → agent at the end (-1: waiting)
		presence  []Presence    // of agents 0…, at the end (nil: not checked)
	}{
		{"reply in time keeps it", Config{ReclaimAfter: time.Minute}, 2,
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {30, "reply", 0}, {200, "route", 0}},
			0, map[int32]int{0: 0}, nil},
		{"no reply: to the other agent, then waits for nobody", Config{ReclaimAfter: time.Minute}, 2,
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {60, "route", 0}, {120, "route", 0}},
			2, map[int32]int{0: -1}, []Presence{Online, Online}},
		{"a reply stops the clock, the next message restarts it", Config{ReclaimAfter: time.Minute}, 2,
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {10, "reply", 0}, {50, "await", 0}, {60, "route", 0},
				{109, "route", 0}, {110, "route", 0}},
			1, map[int32]int{0: 1}, nil},
		{"await while a clock runs keeps the earlier one", Config{ReclaimAfter: time.Minute}, 2,
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {50, "await", 0}, {60, "route", 0}},
			1, map[int32]int{0: 1}, nil},
		{"the agent moves to the reclaim presence", Config{ReclaimAfter: time.Minute, ReclaimPresence: Away}, 2,
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {60, "route", 0}},
			1, map[int32]int{0: 1}, []Presence{Away, Online}},
		{"push: the clock starts at accept", Config{PushTimeout: 30 * time.Second, ReclaimAfter: time.Minute}, 2,
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {10, "accept", 0}, {60, "route", 0}, {70, "route", 0}},
			1, map[int32]int{0: 1}, nil}, // offered to agent 1 at 70, not accepted
		{"age kept: the reclaimed goes before a later arrival", Config{ReclaimAfter: time.Minute}, 1,
			// Agent 0 takes 0; 1 and 2 wait; at 60 agent 0 loses 0 and takes 1 (0 may not go
			// back to it); agent 1 comes online at 100 and takes 0, older than 2.
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {10, "enqueue", 1}, {20, "enqueue", 2}, {20, "route", 0},
				{60, "route", 0}, {61, "reply", 1}, {100, "online", 1}, {100, "route", 0}, {101, "reply", 0}},
			1, map[int32]int{0: 1, 1: 0, 2: -1}, nil},
		{"without reclaim_after nothing is reclaimed", Config{}, 2,
			[]reclaimStep{{0, "enqueue", 0}, {0, "route", 0}, {50, "await", 0}, {10000, "route", 0}},
			0, map[int32]int{0: 0}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			agents := make([]AgentSpec, tt.agents)
			for i := range agents {
				agents[i] = one
			}
			e := newEngine(t, tt.cfg, agents...)
			extra := e.AddAgent(one)
			var got int64
			for _, s := range tt.steps {
				now := s.at * sec
				switch s.op {
				case "enqueue":
					e.Enqueue(now, s.conv, Work{})
				case "route":
					for _, to := range e.Expire(now, nil) {
						if to.Reclaimed {
							got++
						}
					}
					e.Route(now, nil)
				case "reply":
					if !e.Replied(now, s.conv) {
						t.Fatalf("at %ds: Replied(%d) on a conversation %v", s.at, s.conv, e.State(s.conv))
					}
				case "await":
					e.AwaitReply(now, s.conv)
				case "accept":
					if !e.Accept(now, s.conv) {
						t.Fatalf("at %ds: Accept(%d) refused", s.at, s.conv)
					}
				case "online":
					e.SetOnline(now, extra, true)
				}
			}
			if st := e.Stats(); st.Total.Reclaimed != tt.reclaimed || got != tt.reclaimed {
				t.Errorf("reclaimed %d (Expire reported %d), want %d", st.Total.Reclaimed, got, tt.reclaimed)
			}
			for id, want := range tt.holders {
				if a := e.AgentOf(id); a != want {
					t.Errorf("conversation %d with agent %d (%v), want %d", id, a, e.State(id), want)
				}
				if want < 0 && e.State(id) != Waiting {
					t.Errorf("conversation %d is %v, want waiting", id, e.State(id))
				}
			}
			for a, p := range tt.presence {
				if got := e.PresenceOf(a); got != p {
					t.Errorf("agent %d is %v, want %v", a, got, p)
				}
			}
			if err := e.Check(); err != nil {
				t.Errorf("Check: %v", err)
			}
		})
	}
}

// Bad reclaim settings are refused by New, naming the field.
func TestReclaimConfig(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{ReclaimAfter: -time.Second}, "reclaim_after: -1s is negative"},
		{Config{PushTimeout: time.Minute, ReclaimAfter: 30 * time.Second}, "reclaim_after: 30s is shorter than push_timeout 1m0s"},
		{Config{ReclaimAfter: time.Minute, ReclaimPresence: Offline}, "reclaim_presence: offline is not allowed"},
	} {
		_, err := New(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v, want %q", tt.cfg, err, tt.want)
		}
	}
}
