package server

import (
	"net/http"
	"strings"
	"testing"
)

// The customer's consent decides what the server lets an agent send: an SMS
// customer who wrote may be answered (implicit consent), not sent a
// business-initiated message (no explicit opt-in); after STOP nothing goes out
// (opted_out) until START. Messages refused for consent are counted in
// omnisim_outbound_not_sent_total by reason.
func TestConsentOnOutbound(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.Routing.PushTimeout = 0 })
	send := func(id, text string) {
		t.Helper()
		wantCode(t, do(t, s, "POST", "/v1/messages", msg(id, "c1", "sms", "+15550100", text)), http.StatusAccepted)
	}
	consent := func() string {
		t.Helper()
		return do(t, s, "GET", "/v1/conversations/c1", nil).field(t, "consent").(string)
	}
	reply := func(kind string) (string, string) {
		t.Helper()
		r := do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "a1", Text: "ok", Kind: kind})
		wantCode(t, r, http.StatusOK)
		return r.field(t, "decision").(string), r.field(t, "reason").(string)
	}
	send("m1", "where is my order")
	if c := consent(); c != "implicit" {
		t.Fatalf("after the customer wrote: consent %s, want implicit", c)
	}
	steps := []struct {
		kind, decision, reason string
	}{
		{"agent_reply", "sent", "no_window"},
		{"follow_up", "sent", "no_window"},
		{"proactive", "blocked", "no_consent"},
	}
	for _, st := range steps {
		if d, r := reply(st.kind); d != st.decision || r != st.reason {
			t.Errorf("implicit consent, %s: %s (%s), want %s (%s)", st.kind, d, r, st.decision, st.reason)
		}
	}
	send("m2", "STOP")
	if c := consent(); c != "opted_out" {
		t.Fatalf("after STOP: consent %s", c)
	}
	for _, kind := range []string{"agent_reply", "proactive"} {
		if d, r := reply(kind); d != "blocked" || r != "opted_out" {
			t.Errorf("opted out, %s: %s (%s), want blocked (opted_out)", kind, d, r)
		}
	}
	send("m3", "START")
	if c := consent(); c != "implicit" {
		t.Errorf("after START: consent %s, want implicit", c)
	}
	if d, _ := reply("agent_reply"); d != "sent" {
		t.Errorf("after START: reply %s", d)
	}
	metrics := string(do(t, s, "GET", "/metrics", nil).body)
	for _, want := range []string{
		`omnisim_outbound_not_sent_total{reason="no_consent"} 1`,
		`omnisim_outbound_not_sent_total{reason="opted_out"} 2`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
