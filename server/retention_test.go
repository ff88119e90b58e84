package server

import (
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// Retention (issue 13, "Also"): with RetainClosed, closed conversations leave
// memory RetainClosed after they closed (on the server's clock: a virtual one
// here) and stay on disk. Memory follows the open conversations: rounds of 50
// conversations opened and closed leave at most one round's in memory, however
// many rounds ran. What left memory is still found: the audit (read from the
// file), a retried message (200 duplicate), GET, and a message to it from its
// own customer (it reopens) or another (409).
func TestClosedConversationsLeaveMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	retain := func(c *Config) { c.RetainClosed = time.Hour; c.Agents[0].Capacity, c.Agents[1].Capacity = 50, 50 }
	s := stateServer(t, path, clock, retain)
	const rounds, per = 6, 50
	for r := 0; r < rounds; r++ {
		for i := 0; i < per; i++ {
			id := fmt.Sprintf("c%d-%d", r, i)
			wantCode(t, do(t, s, "POST", "/v1/messages", msg("m"+id, id, "web", "v"+id, "hi")), http.StatusAccepted)
			wantCode(t, do(t, s, "POST", "/v1/conversations/"+id+"/close", nil), http.StatusOK)
		}
		clock.advance(61 * time.Minute)
		s.Sweep()
		s.mu.Lock()
		nc, nm := len(s.convs), len(s.messages)
		s.mu.Unlock()
		if nc != 0 || nm != 0 {
			t.Fatalf("round %d: %d conversations and %d messages in memory an hour after they closed", r, nc, nm)
		}
	}
	// Before the hour, they stay.
	wantCode(t, do(t, s, "POST", "/v1/messages", msg("mlate", "late", "web", "vlate", "hi")), http.StatusAccepted)
	wantCode(t, do(t, s, "POST", "/v1/conversations/late/close", nil), http.StatusOK)
	clock.advance(59 * time.Minute)
	s.Sweep()
	if s.conv("late") == nil || len(s.convs) != 1 {
		t.Fatalf("%d conversations in memory 59 min after the last closed, want it alone", len(s.convs))
	}

	if got := audit(t, s); len(got) != rounds*per+1 {
		t.Fatalf("audit lists %d messages, want %d", len(got), rounds*per+1)
	}
	r := do(t, s, "POST", "/v1/messages", msg("mc0-0", "c0-0", "web", "vc0-0", "hi"))
	if r.code != http.StatusOK || r.field(t, "duplicate") != true || r.field(t, "conversation_id") != "c0-0" {
		t.Fatalf("retry of a message that left memory: %d %s", r.code, r.body)
	}
	if r := do(t, s, "GET", "/v1/conversations/c0-1", nil); r.code != http.StatusOK || r.field(t, "status") != "closed" || r.field(t, "from") != "vc0-1" {
		t.Fatalf("GET a conversation that left memory: %d %s", r.code, r.body)
	}
	wantCode(t, do(t, s, "POST", "/v1/messages", msg("mx", "c0-2", "web", "someone-else", "hi")), http.StatusConflict)
	r = do(t, s, "POST", "/v1/messages", msg("mback", "c0-3", "web", "vc0-3", "back again"))
	if r.code != http.StatusAccepted || r.field(t, "status") != "open" {
		t.Fatalf("customer back to a conversation that left memory: %d %s", r.code, r.body)
	}
	// A restart loads only what is within the retention.
	s.Close()
	clock.advance(2 * time.Minute)
	s = stateServer(t, path, clock, retain)
	defer s.Close()
	s.mu.Lock()
	ids := []string{}
	for id := range s.convs {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	// Only the open one: the others closed more than an hour ago.
	if len(ids) != 1 || ids[0] != "c0-3" {
		t.Fatalf("in memory after the restart: %v, want [c0-3]", ids)
	}
	if got := audit(t, s); len(got) != rounds*per+2 {
		t.Fatalf("audit after restart lists %d messages, want %d", len(got), rounds*per+2)
	}
	if r := do(t, s, "POST", "/v1/messages", msg("mc5-9", "c5-9", "web", "vc5-9", "hi")); r.code != http.StatusOK || r.field(t, "duplicate") != true {
		t.Fatalf("retry after restart: %d %s", r.code, r.body)
	}
}

// RetainClosed without a state file would lose what leaves memory: refused.
func TestRetainClosedNeedsState(t *testing.T) {
	cfg := testConfig(t, newFakeClock())
	cfg.RetainClosed = time.Hour
	if _, err := New(cfg); err == nil {
		t.Fatal("RetainClosed without State accepted")
	}
}
