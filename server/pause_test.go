package server

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// pauseYAML: status capacity, one agent who holds one conversation at a time.
const pauseYAML = `version: 1
name: server-pause
horizon: 1h
channels: {web: {}}
arrivals:
  - {channel: web, rate: 10/h}
agents:
  - {name: pool, count: 1, concurrency: 1, response_time: {dist: exponential, mean: 30s}}
routing:
  capacity: status
  inactive_after: 30m
`

// An agent-set pause through serve (Salesforce's paused work under status-based
// capacity): the paused conversation frees the agent's capacity and stays theirs;
// the customer's message gives it back to the same agent, over capacity, without
// routing; the agent can unpause it too; a restart keeps it paused with its
// agent. Under tab capacity nothing pauses (409).
func TestPauseOverHTTP(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, clock := modelServer(t, pauseYAML, func(c *Config) { c.State = path })
	status := func(id string) (any, any) {
		v := do(t, s, "GET", "/v1/conversations/"+id, nil)
		return v.field(t, "status"), v.field(t, "agent_id")
	}
	pause := func(id string) response {
		return do(t, s, "POST", "/v1/conversations/"+id+"/pause", AgentRequest{AgentID: "pool-1"})
	}
	do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"))
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "pool-1", Text: "one moment"}), http.StatusOK)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/pause", AgentRequest{AgentID: "nobody"}), http.StatusNotFound)
	r := pause("c1")
	wantCode(t, r, http.StatusOK)
	if r.field(t, "status") != "paused" || r.field(t, "agent_id") != "pool-1" {
		t.Fatalf("paused: %s", r.body)
	}
	wantCode(t, pause("c1"), http.StatusOK) // a retry
	var w Work
	do(t, s, "GET", "/v1/agents/pool-1/work", nil).json(t, &w)
	if len(w.Inactive) != 1 || w.Inactive[0].Status != "paused" || len(w.OpenNow) != 0 {
		t.Fatalf("the agent's work while paused: %+v", w)
	}
	// The freed capacity takes the next conversation.
	do(t, s, "POST", "/v1/messages", msg("m2", "c2", "web", "v2", "hello"))
	if st, a := status("c2"); st != "open" || a != "pool-1" {
		t.Fatalf("c2 while c1 is paused: %v with %v", st, a)
	}
	// The customer of c1 writes: back to pool-1 at once, over its capacity.
	var got Received
	do(t, s, "POST", "/v1/messages", msg("m3", "c1", "web", "v1", "found it")).json(t, &got)
	if got.Status != "open" || got.AgentID != "pool-1" {
		t.Fatalf("the paused conversation's customer writes: %+v, want open with pool-1", got)
	}
	if d := do(t, s, "GET", "/v1/conversations/c1", nil).field(t, "delivered"); d != float64(2) {
		t.Errorf("delivered %v, want both messages", d)
	}
	do(t, s, "POST", "/v1/messages", msg("m4", "c3", "web", "v3", "anyone?"))
	if st, _ := status("c3"); st != "waiting" {
		t.Errorf("c3 with the agent over capacity: %v, want waiting", st)
	}
	// The agent pauses c2 and takes it up again.
	wantCode(t, pause("c2"), http.StatusOK)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/unpause", AgentRequest{AgentID: "pool-1"}), http.StatusOK)
	if st, a := status("c2"); st != "open" || a != "pool-1" {
		t.Errorf("c2 unpaused: %v with %v", st, a)
	}
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/unpause", AgentRequest{AgentID: "pool-1"}), http.StatusOK) // a retry
	wantCode(t, do(t, s, "POST", "/v1/conversations/c3/unpause", AgentRequest{AgentID: "pool-1"}), http.StatusConflict)
	m := string(do(t, s, "GET", "/metrics", nil).body)
	for _, want := range []string{`omnisim_router_events_total{event="paused",queue="default"} 2`, `omnisim_router_events_total{event="unpaused",queue="default"} 2`} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "paused"))
		}
	}
	// Paused across a restart: still the agent's, still holding nothing.
	wantCode(t, pause("c1"), http.StatusOK)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	cfg := modelConfig(t, pauseYAML, clock)
	cfg.State = path
	s2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	s = s2
	if st, a := status("c1"); st != "paused" || a != "pool-1" {
		t.Errorf("c1 after a restart: %v with %v, want paused with pool-1", st, a)
	}
	do(t, s, "POST", "/v1/messages", msg("m5", "c1", "web", "v1", "me again"))
	if st, a := status("c1"); st != "open" || a != "pool-1" {
		t.Errorf("c1's customer writes after the restart: %v with %v", st, a)
	}

	// Tab capacity: nothing pauses.
	tab, _ := modelServer(t, strings.Replace(pauseYAML, "capacity: status", "capacity: tab", 1), nil)
	do(t, tab, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"))
	wantCode(t, do(t, tab, "POST", "/v1/conversations/c1/pause", AgentRequest{AgentID: "pool-1"}), http.StatusConflict)
}
