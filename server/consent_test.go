package server

import (
	"net/http"
	"net/url"
	"path/filepath"
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

// getConsentView reads GET /v1/customers/{channel}/{address}/consent.
func getConsentView(t *testing.T, s *Server, channel, address string) ConsentView {
	t.Helper()
	r := do(t, s, "GET", "/v1/customers/"+channel+"/"+url.PathEscape(address)+"/consent", nil)
	wantCode(t, r, http.StatusOK)
	var v ConsentView
	r.json(t, &v)
	return v
}

func putConsentReq(t *testing.T, s *Server, channel, address string, body any) response {
	t.Helper()
	return do(t, s, "PUT", "/v1/customers/"+channel+"/"+url.PathEscape(address)+"/consent", body)
}

// Explicit and double opt-in, recorded through the API, follow
// channels.Consent: an explicit opt-in lets a business-initiated message go
// out; a requested double opt-in is explicit with a confirmation pending until
// the customer replies YES; YES means nothing otherwise; STOP revokes the
// record.
func TestRecordedConsent(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.Routing.PushTimeout = 0 })
	const sms, phone = "sms", "+15550100"
	proactive := func() (string, string) {
		t.Helper()
		r := do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "a1", Text: "sale!", Kind: "proactive"})
		wantCode(t, r, http.StatusOK)
		return r.field(t, "decision").(string), r.field(t, "reason").(string)
	}
	if v := getConsentView(t, s, sms, phone); v.State != "none" || v.ConfirmationPending {
		t.Fatalf("before anything: %+v", v)
	}
	post(t, s, msg("m1", "c1", sms, phone, "where is my order"))
	if v := getConsentView(t, s, sms, phone); v.State != "implicit" {
		t.Fatalf("after the customer wrote: %+v", v)
	}
	if d, r := proactive(); d != "blocked" || r != "no_consent" {
		t.Fatalf("implicit consent, proactive: %s (%s)", d, r)
	}

	r := putConsentReq(t, s, sms, phone, ConsentRequest{State: "explicit", Source: "web_form"})
	wantCode(t, r, http.StatusOK)
	var v ConsentView
	r.json(t, &v)
	if v.Channel != sms || v.Address != phone || v.State != "explicit" || v.Source != "web_form" || v.ConfirmationPending || v.ConfirmKeywords != nil {
		t.Fatalf("PUT explicit: %+v", v)
	}
	if c := convView(t, s, "c1").Consent; c != "explicit" {
		t.Errorf("conversation's consent %s, want explicit", c)
	}
	if d, _ := proactive(); d != "sent" {
		t.Errorf("explicit consent, proactive: %s, want sent", d)
	}

	// YES before any request is an answer.
	if got := post(t, s, msg("m2", "c1", sms, phone, "yes")); got.Keyword != "" {
		t.Errorf("yes without a pending confirmation: keyword %q", got.Keyword)
	}
	wantCode(t, putConsentReq(t, s, sms, phone, ConsentRequest{State: "double_opt_in", Source: "keyword_campaign"}), http.StatusOK)
	v = getConsentView(t, s, sms, phone)
	if v.State != "explicit" || !v.ConfirmationPending || len(v.ConfirmKeywords) != 1 || v.ConfirmKeywords[0] != "YES" {
		t.Fatalf("double opt-in requested: %+v, want explicit, pending YES", v)
	}
	if got := post(t, s, msg("m3", "c1", sms, phone, " Yes\n")); got.Keyword != "confirm" {
		t.Errorf("the confirmation: keyword %q, want confirm", got.Keyword)
	}
	if v = getConsentView(t, s, sms, phone); v.State != "double_opt_in" || v.ConfirmationPending || v.Source != "keyword_campaign" {
		t.Fatalf("confirmed: %+v", v)
	}
	if got := post(t, s, msg("m4", "c1", sms, phone, "YES")); got.Keyword != "" {
		t.Errorf("yes after the confirmation: keyword %q", got.Keyword)
	}
	// Asking again for a double opt-in changes nothing (Consent.Next).
	wantCode(t, putConsentReq(t, s, sms, phone, ConsentRequest{State: "double_opt_in"}), http.StatusOK)
	if v = getConsentView(t, s, sms, phone); v.State != "double_opt_in" || v.ConfirmationPending {
		t.Errorf("double opt-in asked again: %+v", v)
	}

	// STOP revokes it; START makes the customer a conversational one again.
	post(t, s, msg("m5", "c1", sms, phone, "STOP"))
	if v = getConsentView(t, s, sms, phone); v.State != "opted_out" {
		t.Fatalf("after STOP: %+v", v)
	}
	post(t, s, msg("m6", "c1", sms, phone, "START"))
	if v = getConsentView(t, s, sms, phone); v.State != "implicit" {
		t.Errorf("after START: %+v, want implicit (the opt-in was revoked)", v)
	}

	// An opt-out the business learned elsewhere, then an opt-in that lifts it.
	wantCode(t, putConsentReq(t, s, sms, phone, ConsentRequest{State: "opted_out", Source: "call_center"}), http.StatusOK)
	if d, r := proactive(); d != "blocked" || r != "opted_out" {
		t.Errorf("opted out through the API, proactive: %s (%s)", d, r)
	}
	wantCode(t, putConsentReq(t, s, sms, phone, ConsentRequest{State: "explicit"}), http.StatusOK)
	if v = getConsentView(t, s, sms, phone); v.State != "explicit" || convView(t, s, "c1").OptedOut {
		t.Errorf("explicit after the opt-out: %+v", v)
	}

	// A customer the server never saw can be recorded too.
	wantCode(t, putConsentReq(t, s, "whatsapp", "15550999", ConsentRequest{State: "explicit"}), http.StatusOK)
	if v = getConsentView(t, s, "whatsapp", "15550999"); v.State != "explicit" {
		t.Errorf("whatsapp: %+v", v)
	}
	m := string(do(t, s, "GET", "/metrics", nil).body)
	for _, want := range []string{
		`omnisim_consent_changes_total{state="explicit"} 3`,
		`omnisim_consent_changes_total{state="double_opt_in_requested"} 2`,
		`omnisim_consent_changes_total{state="double_opt_in_confirmed"} 1`,
		`omnisim_consent_changes_total{state="opted_out"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "consent"))
		}
	}
}

// Bad requests: 400 with a JSON error naming the field; unknown channel 404; a
// double opt-in on a channel without a confirm keyword 422.
func TestConsentBadRequests(t *testing.T) {
	s, _ := newTestServer(t, nil)
	for _, tc := range []struct {
		body  string
		code  int
		field string
	}{
		{`{}`, http.StatusBadRequest, "state"},
		{`{"state":"implicit"}`, http.StatusBadRequest, "state"},
		{`{"state":"none"}`, http.StatusBadRequest, "state"},
		{`{"state":"yes"}`, http.StatusBadRequest, "state"},
		{`{"state":5}`, http.StatusBadRequest, "state"},
		{`{"stat":"explicit"}`, http.StatusBadRequest, "stat"},
		{`{"state":"explicit","source":"a\u0001b"}`, http.StatusBadRequest, "source"},
		{`{"state":"explicit","source":"` + strings.Repeat("x", maxID+1) + `"}`, http.StatusBadRequest, "source"},
		{`{"state":"explicit"} {}`, http.StatusBadRequest, "after the object"},
		{``, http.StatusBadRequest, "empty body"},
	} {
		r := putConsentReq(t, s, "sms", "+1", tc.body)
		if r.code != tc.code {
			t.Errorf("%s: %d %s, want %d", tc.body, r.code, r.body, tc.code)
			continue
		}
		if e, _ := r.field(t, "error").(string); !strings.Contains(e, tc.field) {
			t.Errorf("%s: error %q does not name %s", tc.body, e, tc.field)
		}
	}
	r := putConsentReq(t, s, "whatsapp", "1555", ConsentRequest{State: "double_opt_in"})
	wantCode(t, r, http.StatusUnprocessableEntity)
	if e, _ := r.field(t, "error").(string); !strings.Contains(e, "confirm keyword") {
		t.Errorf("double opt-in on whatsapp: %s", r.body)
	}
	wantCode(t, putConsentReq(t, s, "fax", "1", ConsentRequest{State: "explicit"}), http.StatusNotFound)
	wantCode(t, do(t, s, "GET", "/v1/customers/fax/1/consent", nil), http.StatusNotFound)
}

// Recorded consent is in the state file: a pending double opt-in survives a
// restart and is confirmed after it.
func TestConsentSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	s := stateServer(t, path, clock, nil)
	wantCode(t, putConsentReq(t, s, "sms", "+1", ConsentRequest{State: "double_opt_in", Source: "web_form"}), http.StatusOK)
	wantCode(t, putConsentReq(t, s, "sms", "+2", ConsentRequest{State: "explicit"}), http.StatusOK)
	wantCode(t, putConsentReq(t, s, "sms", "+3", ConsentRequest{State: "explicit"}), http.StatusOK)
	wantCode(t, putConsentReq(t, s, "sms", "+3", ConsentRequest{State: "opted_out"}), http.StatusOK)
	s.Close()

	s = stateServer(t, path, clock, nil)
	v := getConsentView(t, s, "sms", "+1")
	if v.State != "explicit" || !v.ConfirmationPending || v.Source != "web_form" {
		t.Fatalf("+1 after a restart: %+v", v)
	}
	if v := getConsentView(t, s, "sms", "+2"); v.State != "explicit" {
		t.Errorf("+2 after a restart: %+v", v)
	}
	if v := getConsentView(t, s, "sms", "+3"); v.State != "opted_out" {
		t.Errorf("+3 after a restart: %+v", v)
	}
	if got := post(t, s, msg("m1", "", "sms", "+1", "YES")); got.Keyword != "confirm" {
		t.Errorf("confirmation after the restart: %+v", got)
	}
	s.Close()

	s = stateServer(t, path, clock, nil)
	defer s.Close()
	if v := getConsentView(t, s, "sms", "+1"); v.State != "double_opt_in" || v.ConfirmationPending {
		t.Errorf("+1 confirmed, after a second restart: %+v", v)
	}
}
