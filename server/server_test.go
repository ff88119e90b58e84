package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// After never fires: tests apply time-based changes with Server.Sweep after
// moving the clock, so that what happens is in the order they say.
func (c *fakeClock) After(time.Duration) <-chan time.Time { return nil }

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func testChannels(t testing.TB) []Channel {
	t.Helper()
	cat := channels.Default()
	var out []Channel
	for _, n := range []string{"whatsapp", "sms", "web", "apple"} {
		ch, err := cat.Lookup(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Channel{Name: n, Units: 1, Rules: ch})
	}
	return out
}

func testConfig(t testing.TB, clock Clock) Config {
	return Config{
		Agents:       []Agent{{ID: "a1", Capacity: 1}, {ID: "a2", Capacity: 1}},
		Channels:     testChannels(t),
		AgentsOnline: true,
		Clock:        clock,
	}
}

func newTestServer(t testing.TB, mod func(*Config)) (*Server, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	cfg := testConfig(t, clock)
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

type response struct {
	code   int
	body   []byte
	header http.Header
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("answer %d %q is not JSON: %v", r.code, r.body, err)
	}
}

func (r response) field(t testing.TB, name string) any {
	t.Helper()
	var m map[string]any
	r.json(t, &m)
	return m[name]
}

// do sends a request to the handler; a string or []byte body is sent as it is,
// anything else as JSON.
func do(t testing.TB, s *Server, method, path string, body any, header ...string) response {
	t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	case []byte:
		rd, ct = bytes.NewReader(b), "application/json"
	case url.Values:
		rd, ct = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		js, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ct = bytes.NewReader(js), "application/json"
	}
	req := httptest.NewRequest(method, path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return response{rec.Code, rec.Body.Bytes(), rec.Header()}
}

func msg(id, conv, channel, from, text string) MessageRequest {
	return MessageRequest{MessageID: id, ConversationID: conv, Channel: channel, From: from, Text: text}
}

func wantCode(t testing.TB, r response, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("status %d, want %d; body %s", r.code, code, r.body)
	}
}

func TestMessageIsRoutedAndDelivered(t *testing.T) {
	s, _ := newTestServer(t, nil)
	r := do(t, s, "POST", "/v1/messages", msg("m1", "c1", "whatsapp", "+1555", "hi"))
	wantCode(t, r, http.StatusAccepted)
	var got Received
	r.json(t, &got)
	if got.Status != "open" || got.AgentID != "a1" || got.Duplicate {
		t.Fatalf("got %+v, want open with a1 (auto-accept, least active, lowest index)", got)
	}
	// A second conversation goes to the other agent; a third waits.
	do(t, s, "POST", "/v1/messages", msg("m2", "c2", "sms", "+1556", "hi"))
	r = do(t, s, "POST", "/v1/messages", msg("m3", "c3", "web", "v3", "hi"))
	got = Received{}
	r.json(t, &got)
	if got.Status != "waiting" || got.AgentID != "" {
		t.Fatalf("third conversation: %+v, want waiting", got)
	}
	// A later message of c1 goes straight to a1.
	r = do(t, s, "POST", "/v1/messages", msg("m4", "c1", "whatsapp", "+1555", "still there?"))
	got = Received{}
	r.json(t, &got)
	if got.AgentID != "a1" || got.Status != "open" {
		t.Fatalf("follow-up message: %+v", got)
	}
	// Closing c1 frees a1 for c3.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/close", CloseRequest{AgentID: "a1"}), http.StatusOK)
	r = do(t, s, "GET", "/v1/conversations/c3", nil)
	if r.field(t, "agent_id") != "a1" || r.field(t, "status") != "open" {
		t.Fatalf("c3 after close: %s", r.body)
	}
	page := audit(t, s)
	if len(page) != 4 {
		t.Fatalf("audit lists %d messages, want 4", len(page))
	}
	for _, m := range page {
		if len(m.DeliveredTo) != 1 {
			t.Errorf("%s delivered to %v, want exactly one agent", m.MessageID, m.DeliveredTo)
		}
	}
}

func audit(t testing.TB, s *Server) []AuditMessage {
	t.Helper()
	var all []AuditMessage
	after := int64(0)
	for {
		r := do(t, s, "GET", fmt.Sprintf("/v1/audit/messages?after=%d&limit=2", after), nil)
		wantCode(t, r, http.StatusOK)
		var p AuditPage
		r.json(t, &p)
		all = append(all, p.Messages...)
		if p.Next == 0 {
			return all
		}
		after = p.Next
	}
}

func TestRetriedMessageIsStoredOnce(t *testing.T) {
	s, _ := newTestServer(t, nil)
	m := msg("m1", "c1", "whatsapp", "+1555", "hi")
	wantCode(t, do(t, s, "POST", "/v1/messages", m), http.StatusAccepted)
	for i := 0; i < 2; i++ {
		r := do(t, s, "POST", "/v1/messages", m)
		wantCode(t, r, http.StatusOK)
		if r.field(t, "duplicate") != true {
			t.Fatalf("retry %d: %s", i, r.body)
		}
	}
	if got := audit(t, s); len(got) != 1 || len(got[0].DeliveredTo) != 1 {
		t.Fatalf("audit %+v, want one message delivered once", got)
	}
}

// The "Must show": the same Twilio MessageSid posted 3 times is stored once.
func TestTwilioRetriedWebhookStoredOnce(t *testing.T) {
	s, _ := newTestServer(t, nil)
	form := url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "AccountSid": {"AC1"},
		"From": {"+15551230001"}, "To": {"+15557654321"}, "Body": {"Where is my order?"}}
	var conv string
	for i := 0; i < 3; i++ {
		r := do(t, s, "POST", "/v1/webhooks/twilio/sms", form)
		wantCode(t, r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
			t.Fatalf("Content-Type %q, want TwiML", ct)
		}
		if !bytes.Contains(r.body, []byte("<Response>")) {
			t.Fatalf("body %q is not TwiML", r.body)
		}
		if got, want := r.header.Get(HeaderDuplicate), fmt.Sprint(i > 0); got != want {
			t.Fatalf("post %d: duplicate header %q, want %q", i+1, got, want)
		}
		c := r.header.Get(HeaderConversation)
		if i > 0 && c != conv {
			t.Fatalf("post %d went to conversation %q, first to %q", i+1, c, conv)
		}
		conv = c
	}
	got := audit(t, s)
	if len(got) != 1 || got[0].MessageID != "SM0123456789abcdef0123456789abcdef" || len(got[0].DeliveredTo) != 1 {
		t.Fatalf("audit %+v, want the message stored and delivered once", got)
	}
	// A second message from the same number resumes the conversation.
	form.Set("MessageSid", "SM2")
	r := do(t, s, "POST", "/v1/webhooks/twilio/sms", form)
	if c := r.header.Get(HeaderConversation); c != conv {
		t.Fatalf("second message in conversation %q, want %q", c, conv)
	}
}

func whatsappHook(id, from, text string) string {
	return `{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
	"messaging_product":"whatsapp","metadata":{"display_phone_number":"15557654321","phone_number_id":"PNID"},
	"contacts":[{"profile":{"name":"Ana"},"wa_id":"` + from + `"}],
	"messages":[{"from":"` + from + `","id":"` + id + `","timestamp":"1767600000","type":"text","text":{"body":"` + text + `"}}]}}]}]}`
}

func TestWhatsAppWebhook(t *testing.T) {
	s, _ := newTestServer(t, nil)
	for i := 0; i < 2; i++ {
		r := do(t, s, "POST", "/v1/webhooks/whatsapp", whatsappHook("wamid.1", "15551230001", "hola"))
		wantCode(t, r, http.StatusOK)
		var got WhatsAppReceived
		r.json(t, &got)
		if len(got.Received) != 1 || got.Received[0].Duplicate != (i > 0) || got.Received[0].AgentID != "a1" {
			t.Fatalf("post %d: %s", i+1, r.body)
		}
	}
	// Status notifications carry no messages.
	r := do(t, s, "POST", "/v1/webhooks/whatsapp", `{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"statuses":[{"id":"wamid.9","status":"read"}]}}]}]}`)
	wantCode(t, r, http.StatusOK)
	if got := audit(t, s); len(got) != 1 {
		t.Fatalf("audit %+v", got)
	}
}

func TestWhatsAppVerification(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.WhatsAppVerifyToken = "sesame" })
	r := do(t, s, "GET", "/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=sesame&hub.challenge=1158201444", nil)
	wantCode(t, r, http.StatusOK)
	if string(r.body) != "1158201444" {
		t.Fatalf("body %q", r.body)
	}
	wantCode(t, do(t, s, "GET", "/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", nil), http.StatusForbidden)
}

func TestReplyWindowDecisions(t *testing.T) {
	s, clock := newTestServer(t, func(c *Config) { c.TimeScale = 3600 }) // one wall second is one hour
	do(t, s, "POST", "/v1/messages", msg("m1", "c1", "whatsapp", "+1555", "hi"))
	reply := func(conv, agent, kind string) ReplyDecision {
		t.Helper()
		r := do(t, s, "POST", "/v1/conversations/"+conv+"/replies", ReplyRequest{AgentID: agent, Text: "ok", Kind: kind})
		wantCode(t, r, http.StatusOK)
		var d ReplyDecision
		r.json(t, &d)
		return d
	}
	if d := reply("c1", "a1", ""); d.Decision != "sent" || d.Reason != channels.ReasonInsideWindow {
		t.Fatalf("reply at once: %+v", d)
	}
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/close", nil), http.StatusOK)
	clock.advance(25 * time.Second) // 25 h on the server's clock
	if d := reply("c1", "a1", "follow_up"); d.Decision != "template_required" || d.Reason != channels.ReasonOutsideWindow {
		t.Fatalf("follow-up after 25 h: %+v", d)
	}
	// An agent reply needs the conversation open with that agent.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "a1"}), http.StatusConflict)

	// SMS STOP opts the customer out: nothing may be sent.
	r := do(t, s, "POST", "/v1/messages", msg("m2", "c2", "sms", "+1666", "STOP"))
	if r.field(t, "keyword") != "opt_out" {
		t.Fatalf("STOP: %s", r.body)
	}
	agent := r.field(t, "agent_id").(string)
	if d := reply("c2", agent, ""); d.Decision != "blocked" || d.Reason != channels.ReasonOptedOut {
		t.Fatalf("reply to an opted-out number: %+v", d)
	}
}

// Push routing runs on the engine's rules: a declined or timed-out offer goes to
// another agent and never back to the one who let it go, who moves to the
// configured presence (away) until they come back.
func TestOffersAcceptDeclineAndPushTimeout(t *testing.T) {
	s, clock := newTestServer(t, func(c *Config) {
		c.Agents = append(c.Agents, Agent{ID: "a3", Capacity: 1})
		c.Routing.PushTimeout = 30 * time.Second
		c.Routing.TimeoutPresence, c.Routing.DeclinePresence = router.Away, router.Busy
	})
	r := do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"))
	var got Received
	r.json(t, &got)
	if got.Status != "offered" || got.AgentID != "a1" {
		t.Fatalf("%+v, want offered to a1", got)
	}
	// Only the agent it is offered to may accept or decline.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/accept", AgentRequest{"a2"}), http.StatusConflict)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/decline", AgentRequest{"a2"}), http.StatusConflict)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/decline", AgentRequest{"a1"}), http.StatusOK)
	presence := func(agent string) string {
		t.Helper()
		return do(t, s, "GET", "/v1/agents/"+agent+"/work", nil).field(t, "presence").(string)
	}
	if p := presence("a1"); p != "busy" {
		t.Fatalf("a1 after declining: %s, want busy (the decline presence)", p)
	}
	r = do(t, s, "GET", "/v1/conversations/c1", nil)
	if r.field(t, "status") != "offered" || r.field(t, "agent_id") != "a2" {
		t.Fatalf("after decline: %s, want offered to a2", r.body)
	}
	// Work lists the offer.
	r = do(t, s, "GET", "/v1/agents/a2/work", nil)
	var w Work
	r.json(t, &w)
	if len(w.Offered) != 1 || w.Offered[0].ConversationID != "c1" {
		t.Fatalf("work of a2: %s", r.body)
	}
	// a1 is back, but never gets c1 again.
	wantCode(t, do(t, s, "PUT", "/v1/agents/a1/presence", PresenceRequest{"online"}), http.StatusOK)
	// The offer times out (the timer goroutine would do it at the deadline): the
	// conversation goes to a3, and a2 is away.
	clock.advance(29 * time.Second)
	if n := s.Sweep(); n != 0 {
		t.Fatalf("sweep before the deadline re-routed %d offers", n)
	}
	clock.advance(2 * time.Second)
	if n := s.Sweep(); n != 1 {
		t.Fatalf("sweep re-routed %d offers, want 1", n)
	}
	if p := presence("a2"); p != "away" {
		t.Fatalf("a2 after the timeout: %s, want away", p)
	}
	r = do(t, s, "GET", "/v1/conversations/c1", nil)
	if r.field(t, "status") != "offered" || r.field(t, "agent_id") != "a3" {
		t.Fatalf("after the timeout: %s, want offered to a3", r.body)
	}
	// A late accept by a2 is refused.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/accept", AgentRequest{"a2"}), http.StatusConflict)
	r = do(t, s, "POST", "/v1/conversations/c1/accept", AgentRequest{"a3"})
	wantCode(t, r, http.StatusOK)
	var acc Accepted
	r.json(t, &acc)
	if acc.Status != "open" || len(acc.DeliveredMessages) != 1 || acc.DeliveredMessages[0].MessageID != "m1" {
		t.Fatalf("accept: %s", r.body)
	}
	// Accepting again is answered the same way.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/accept", AgentRequest{"a3"}), http.StatusOK)
	// Presence back online.
	r = do(t, s, "PUT", "/v1/agents/a2/presence", PresenceRequest{"online"})
	wantCode(t, r, http.StatusOK)
	if r.field(t, "presence") != "online" {
		t.Fatalf("presence: %s", r.body)
	}
	// An accept after the deadline, before any sweep, is refused too: the offer
	// goes on to the next agent.
	do(t, s, "POST", "/v1/messages", msg("m2", "c2", "web", "v2", "hi")) // offered to a1 or a2
	r = do(t, s, "GET", "/v1/conversations/c2", nil)
	first := r.field(t, "agent_id").(string)
	clock.advance(31 * time.Second)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/accept", AgentRequest{first}), http.StatusConflict)
	r = do(t, s, "GET", "/v1/conversations/c2", nil)
	if a := r.field(t, "agent_id"); r.field(t, "status") != "offered" || a == first {
		t.Fatalf("c2 after a late accept: %s", r.body)
	}
}

func TestBotHandoffAndContainment(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.Bot = true })
	r := do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"))
	if r.field(t, "status") != "bot" {
		t.Fatalf("%s, want bot", r.body)
	}
	r = do(t, s, "POST", "/v1/conversations/c1/handoff", HandoffRequest{"low_confidence"})
	wantCode(t, r, http.StatusOK)
	if r.field(t, "status") != "open" {
		t.Fatalf("after hand-off: %s", r.body)
	}
	do(t, s, "POST", "/v1/messages", msg("m2", "c2", "web", "v2", "hi"))
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/close", CloseRequest{By: "bot"}), http.StatusOK)
	for _, m := range audit(t, s) {
		want := "a1"
		if m.ConversationID == "c2" {
			want = "bot"
		}
		if len(m.DeliveredTo) != 1 || m.DeliveredTo[0] != want {
			t.Errorf("%s delivered to %v, want [%s]", m.MessageID, m.DeliveredTo, want)
		}
	}
	// A hand-off of a conversation that is not with the bot is a conflict.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/handoff", nil), http.StatusConflict)
}

// Client mistakes are 4xx with a JSON error, never 5xx.
func TestBadInput(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.Token = "secret"; c.MaxBody = 1024 })
	auth := []string{"Authorization", "Bearer secret"}
	big := `{"message_id":"m1","channel":"web","from":"v","text":"` + strings.Repeat("x", 2000) + `"}`
	cases := []struct {
		name, method, path string
		body               any
		header             []string
		code               int
	}{
		{"no token", "POST", "/v1/messages", msg("m1", "c1", "web", "v", ""), nil, 401},
		{"wrong token", "POST", "/v1/messages", msg("m1", "c1", "web", "v", ""), []string{"Authorization", "Bearer nope"}, 401},
		{"metrics need the token", "GET", "/metrics", nil, nil, 401},
		{"malformed JSON", "POST", "/v1/messages", `{"message_id":`, auth, 400},
		{"not an object", "POST", "/v1/messages", `[1,2]`, auth, 400},
		{"trailing data", "POST", "/v1/messages", `{"message_id":"m","channel":"web","from":"v"} {}`, auth, 400},
		{"unknown field", "POST", "/v1/messages", `{"message_id":"m","channel":"web","from":"v","mesage":"x"}`, auth, 400},
		{"missing message id", "POST", "/v1/messages", `{"channel":"web","from":"v"}`, auth, 400},
		{"empty body", "POST", "/v1/messages", ``, auth, 400},
		{"wrong content type", "POST", "/v1/messages", msg("m1", "c1", "web", "v", ""), append([]string{"Content-Type", "text/plain"}, auth...), 415},
		{"oversize body", "POST", "/v1/messages", big, auth, 413},
		{"channel not enabled", "POST", "/v1/messages", msg("m1", "c1", "messenger", "v", ""), auth, 422},
		{"unknown channel", "POST", "/v1/messages", msg("m1", "c1", "google_business_messages", "v", ""), auth, 422},
		{"unknown agent presence", "PUT", "/v1/agents/zz/presence", PresenceRequest{"online"}, auth, 404},
		{"bad presence", "PUT", "/v1/agents/a1/presence", PresenceRequest{"dancing"}, auth, 400},
		{"unknown agent work", "GET", "/v1/agents/zz/work", nil, auth, 404},
		{"unknown conversation", "GET", "/v1/conversations/nope", nil, auth, 404},
		{"accept unknown conversation", "POST", "/v1/conversations/nope/accept", AgentRequest{"a1"}, auth, 404},
		{"accept without agent", "POST", "/v1/conversations/nope/accept", `{}`, auth, 400},
		{"reply unknown conversation", "POST", "/v1/conversations/nope/replies", ReplyRequest{AgentID: "a1"}, auth, 404},
		{"close unknown conversation", "POST", "/v1/conversations/nope/close", nil, auth, 404},
		{"close by whom", "POST", "/v1/conversations/nope/close", `{"by":"cat"}`, auth, 400},
		{"handoff unknown conversation", "POST", "/v1/conversations/nope/handoff", nil, auth, 404},
		{"twilio without sid", "POST", "/v1/webhooks/twilio/sms", url.Values{"From": {"+1"}}, auth, 400},
		{"twilio as JSON", "POST", "/v1/webhooks/twilio/sms", `{"MessageSid":"SM1"}`, auth, 415},
		{"whatsapp wrong object", "POST", "/v1/webhooks/whatsapp", `{"object":"page","entry":[]}`, auth, 400},
		{"whatsapp message without id", "POST", "/v1/webhooks/whatsapp", `{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"from":"1"}]}}]}]}`, auth, 400},
		{"audit bad after", "GET", "/v1/audit/messages?after=x", nil, auth, 400},
		{"audit bad limit", "GET", "/v1/audit/messages?limit=0", nil, auth, 400},
		{"wrong method", "DELETE", "/v1/messages", nil, auth, 405},
		{"unknown path", "GET", "/v2/nothing", nil, auth, 404},
		{"control characters in id", "POST", "/v1/messages", `{"message_id":"m\u0000","channel":"web","from":"v"}`, auth, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, s, tc.method, tc.path, tc.body, tc.header...)
			wantCode(t, r, tc.code)
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Fatalf("Content-Type %q, want application/json", ct)
			}
			if e, _ := r.field(t, "error").(string); e == "" {
				t.Fatalf("no error message in %s", r.body)
			}
		})
	}
	// Health needs no token.
	wantCode(t, do(t, s, "GET", "/healthz", nil), http.StatusOK)
	// Basic auth with the token as the password (webhook senders).
	req := httptest.NewRequest("GET", "/v1/agents", nil)
	req.SetBasicAuth("twilio", "secret")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	wantCode(t, response{code: rec.Code, body: rec.Body.Bytes()}, http.StatusOK)
}

func TestMetrics(t *testing.T) {
	s, _ := newTestServer(t, nil)
	do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"))
	do(t, s, "POST", "/v1/messages", msg("m2", "c2", "web", "v2", "hi"))
	do(t, s, "POST", "/v1/messages", msg("m3", "c3", "web", "v3", "hi"))
	do(t, s, "GET", "/v1/conversations/none", nil)
	r := do(t, s, "GET", "/metrics", nil)
	wantCode(t, r, http.StatusOK)
	for _, want := range []string{
		`omnisim_http_requests_total{code="202",path="/v1/messages"} 3`,
		`omnisim_http_requests_total{code="404",path="/v1/conversations/{id}"} 1`,
		`omnisim_queue_depth 1`,
		`omnisim_agents{presence="online"} 2`,
		`omnisim_routing_duration_seconds_count`,
		`omnisim_inbound_messages_total{result="new"} 3`,
	} {
		if !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// Shutdown lets an in-flight request finish: the client has sent the headers of a
// message and is still sending its body when the server is told to stop.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.Clock = WallClock{} })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, 5*time.Second) }()

	body := `{"message_id":"m1","conversation_id":"c1","channel":"web","from":"v","text":"hi"}`
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	time.Sleep(100 * time.Millisecond) // the request is in flight
	cancel()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) with a request in flight", err)
	default:
	}
	fmt.Fprint(conn, body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("in-flight request answered %d", resp.StatusCode)
	}
	resp.Body.Close()
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	// New connections are refused.
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Fatal("still accepting connections after shutdown")
	}
}
