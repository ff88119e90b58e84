package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
)

// No-reply reclaim through serve (the router's rule, on the wall clock): an agent
// who accepted a conversation and did not reply within reclaim_after loses it to
// another agent, moves to the reclaim presence, and can no longer reply; a reply
// in time, and a reply to the customer's next message in time, keep it. /metrics
// counts the reclaim.
func TestReclaimOverHTTP(t *testing.T) {
	s, clock := newTestServer(t, func(c *Config) {
		c.Routing.PushTimeout = 0
		c.Routing.ReclaimAfter = 2 * time.Minute
		c.Routing.ReclaimPresence = router.Away
	})
	var got Received
	do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi")).json(t, &got)
	if got.Status != "open" || got.AgentID != "a1" {
		t.Fatalf("%+v, want open with a1", got)
	}
	clock.advance(119 * time.Second)
	if n := s.Sweep(); n != 0 {
		t.Fatalf("sweep before reclaim_after changed %d", n)
	}
	clock.advance(2 * time.Second)
	s.Sweep()
	r := do(t, s, "GET", "/v1/conversations/c1", nil)
	if r.field(t, "status") != "open" || r.field(t, "agent_id") != "a2" {
		t.Fatalf("after reclaim_after: %s, want open with a2", r.body)
	}
	if p := do(t, s, "GET", "/v1/agents/a1/work", nil).field(t, "presence"); p != "away" {
		t.Fatalf("a1 after the reclaim: %v, want away", p)
	}
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "a1", Text: "late"}), http.StatusConflict)
	// a2 replies in time; the customer writes again; a2 answers in time again: kept.
	clock.advance(time.Minute)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "a2", Text: "hello"}), http.StatusOK)
	clock.advance(5 * time.Minute)
	s.Sweep()
	do(t, s, "POST", "/v1/messages", msg("m2", "c1", "web", "v1", "still there?"))
	clock.advance(90 * time.Second)
	s.Sweep()
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "a2", Text: "yes"}), http.StatusOK)
	clock.advance(10 * time.Minute)
	s.Sweep()
	if r := do(t, s, "GET", "/v1/conversations/c1", nil); r.field(t, "agent_id") != "a2" {
		t.Fatalf("after replies in time: %s, want still with a2", r.body)
	}
	m := string(do(t, s, "GET", "/metrics", nil).body)
	if !strings.Contains(m, `omnisim_router_events_total{event="reclaimed",queue="default"} 1`) {
		t.Errorf("/metrics lacks one reclaim:\n%s", grepLines(m, "reclaimed"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
