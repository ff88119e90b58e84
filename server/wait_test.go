package server

import (
	"math"
	"net/http"
	"testing"
	"time"
)

// GET /v1/conversations/{id} shows a waiting conversation's position in its queue
// and the queue-length predictor's wait, (position)·h/s: h the mean capacity
// holding of the conversations that ended (units × assignment to end), s the
// capacity units of online agents. The test moves an injected clock, so every
// holding time, and so every prediction, is exact.
func TestConversationPositionAndPredictedWait(t *testing.T) {
	s, clock := newTestServer(t, func(c *Config) { c.Routing.PushTimeout = 0 })
	send := func(id string) {
		t.Helper()
		wantCode(t, do(t, s, "POST", "/v1/messages", msg("m-"+id, id, "web", "v-"+id, "hi")), http.StatusAccepted)
	}
	get := func(id string) ConversationView { t.Helper(); return convView(t, s, id) }
	check := func(id string, position int, wait float64) {
		t.Helper()
		v := get(id)
		if v.Status != "waiting" || v.Position != position {
			t.Errorf("%s: %s at position %d, want waiting at %d", id, v.Status, v.Position, position)
		}
		switch {
		case wait < 0 && v.PredictedWaitSeconds != nil:
			t.Errorf("%s: predicted wait %v s before any conversation ended", id, *v.PredictedWaitSeconds)
		case wait >= 0 && (v.PredictedWaitSeconds == nil || math.Abs(*v.PredictedWaitSeconds-wait) > 1e-9):
			t.Errorf("%s: predicted wait %v, want %v s", id, v.PredictedWaitSeconds, wait)
		}
	}
	closeConv := func(id, agent string) {
		t.Helper()
		wantCode(t, do(t, s, "POST", "/v1/conversations/"+id+"/close", CloseRequest{AgentID: agent}), http.StatusOK)
	}

	// Two agents of capacity 1 take c1 and c2; c3 and c4 wait, in arrival order.
	send("c1")
	send("c2")
	clock.advance(time.Second)
	send("c3")
	clock.advance(time.Second)
	send("c4")
	if v := get("c1"); v.Status != "open" || v.Position != 0 || v.PredictedWaitSeconds != nil {
		t.Errorf("open c1: %+v, want no position nor prediction", v)
	}
	check("c3", 1, -1) // nothing ended yet: no prediction
	check("c4", 2, -1)

	// c1 ends after 60 s: h = 60 s, s = 2 units. c3 takes a1's room; c4 is next.
	clock.advance(58 * time.Second) // t = 60 s
	closeConv("c1", "a1")
	if v := get("c3"); v.Status != "open" {
		t.Fatalf("c3 is %s, want open on a1", v.Status)
	}
	check("c4", 1, 1*60.0/2)
	send("c5")
	check("c5", 2, 2*60.0/2)

	// c2 ends after 180 s: h = (60 + 180)/2 = 120 s. c4 goes to a2, c5 is next.
	clock.advance(120 * time.Second) // t = 180 s
	closeConv("c2", "a2")
	check("c5", 1, 1*120.0/2)

	// a1 steps away: one unit online, the same line waits twice as long; with
	// nobody online there is no prediction.
	wantCode(t, do(t, s, "PUT", "/v1/agents/a1/presence", PresenceRequest{"away"}), http.StatusOK)
	check("c5", 1, 1*120.0/1)
	wantCode(t, do(t, s, "PUT", "/v1/agents/a2/presence", PresenceRequest{"away"}), http.StatusOK)
	check("c5", 1, -1)
}
