package server

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
)

// routingYAML routes on the engine's full semantics: one queue for every channel
// that requires the conversation's language, asks for its intent (dropped after a
// minute) and orders by customer tier; status capacity with inactive_after,
// end_inactive_after and sticky_for; one English and one Spanish agent.
const routingYAML = `version: 1
name: server-routing
horizon: 1h
channels: {whatsapp: {}, sms: {}, web: {}}
arrivals:
  - {channel: whatsapp, rate: 10/h, languages: {es: 0.5, en: 0.5}, intents: {technical: 0.5, billing: 0.5}, tiers: {vip: 0.1, standard: 0.9}}
  - {channel: sms, rate: 10/h, languages: {es: 1}, intents: {billing: 1}}
  - {channel: web, rate: 10/h}
agents:
  - {name: en, count: 1, concurrency: 1, skills: {en: 10, billing: 5}, response_time: {dist: exponential, mean: 30s}}
  - {name: es, count: 1, concurrency: 1, skills: {es: 10, en: 4, technical: 5}, response_time: {dist: exponential, mean: 30s}}
routing:
  capacity: status
  inactive_after: 5m
  end_inactive_after: 2h
  sticky_for: 1h
  queues:
    - {name: chat, channels: [whatsapp, sms, web], skills: [language], additional_skills: [intent], drop_additional_after: 1m, secondary: tier}
`

// modelConfig is the server configuration `omnisim serve` makes of a scenario.
func modelConfig(t testing.TB, yaml string, clock Clock) Config {
	t.Helper()
	sc, err := scenarios.Parse("routing.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := FromModel(m.Serving())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Clock, cfg.AgentsOnline = clock, true
	return cfg
}

func modelServer(t testing.TB, yaml string, mod func(*Config)) (*Server, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	cfg := modelConfig(t, yaml, clock)
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

func langMsg(id, conv, channel, from, language, intent, tier string) MessageRequest {
	m := msg(id, conv, channel, from, "hi")
	m.Language, m.Intent, m.Tier = language, intent, tier
	return m
}

func TestFromModel(t *testing.T) {
	cfg := modelConfig(t, routingYAML, newFakeClock())
	if len(cfg.Agents) != 2 || cfg.Agents[0].ID != "en-1" || cfg.Agents[1].ID != "es-1" {
		t.Fatalf("agents %+v", cfg.Agents)
	}
	if got := cfg.Agents[1].Skills; got["es"] != 10 || got["en"] != 4 || got["technical"] != 5 || len(got) != 3 {
		t.Errorf("es-1 skills %v", got)
	}
	if len(cfg.Channels) != 3 || cfg.Channels[1].Name != "sms" || cfg.Channels[1].Rules == nil {
		t.Errorf("channels %+v", cfg.Channels)
	}
	if cfg.Routing.Capacity.String() != "status" || len(cfg.Routing.Queues) != 1 || cfg.Model == nil || cfg.Model.InactiveAfter != 5*time.Minute {
		t.Errorf("routing %+v", cfg.Routing)
	}
}

// Conversations reach an agent who has their language; additional skills and the
// tier order them; a language nobody has is refused.
func TestSkillRouting(t *testing.T) {
	s, clock := modelServer(t, routingYAML, nil)
	r := do(t, s, "POST", "/v1/messages", langMsg("m1", "c1", "whatsapp", "+1", "es", "technical", "standard"))
	wantCode(t, r, http.StatusAccepted)
	if r.field(t, "agent_id") != "es-1" {
		t.Fatalf("Spanish conversation: %s, want es-1", r.body)
	}
	r = do(t, s, "POST", "/v1/messages", langMsg("m2", "c2", "whatsapp", "+2", "en", "billing", ""))
	if r.field(t, "agent_id") != "en-1" {
		t.Fatalf("English conversation: %s, want en-1", r.body)
	}
	v := do(t, s, "GET", "/v1/conversations/c2", nil)
	if v.field(t, "language") != "en" || v.field(t, "intent") != "billing" || v.field(t, "tier") != "standard" || v.field(t, "queue") != "chat" {
		t.Errorf("view %s", v.body)
	}
	// An SMS (Twilio) carries no language: the sms stream's first, Spanish. Both
	// agents are busy: it waits.
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+3"}, "Body": {"hola"}}
	r = do(t, s, "POST", "/v1/webhooks/twilio/sms", form)
	wantCode(t, r, http.StatusOK)
	conv := r.header.Get(HeaderConversation)
	if v := do(t, s, "GET", "/v1/conversations/"+url.PathEscape(conv), nil); v.field(t, "language") != "es" || v.field(t, "status") != "waiting" {
		t.Fatalf("sms conversation: %s", v.body)
	}
	// When en-1 frees up, the waiting Spanish conversation does not go to them.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/close", CloseRequest{AgentID: "en-1"}), http.StatusOK)
	if v := do(t, s, "GET", "/v1/conversations/"+url.PathEscape(conv), nil); v.field(t, "status") != "waiting" {
		t.Fatalf("sms conversation went to an agent without Spanish: %s", v.body)
	}
	// es-1 frees up, but lacks billing, the sms stream's intent, which the queue
	// asks for as an additional skill until it drops it after a minute.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/close", CloseRequest{AgentID: "es-1"}), http.StatusOK)
	if v := do(t, s, "GET", "/v1/conversations/"+url.PathEscape(conv), nil); v.field(t, "status") != "waiting" || v.field(t, "intent") != "billing" {
		t.Fatalf("sms conversation before the drop: %s", v.body)
	}
	clock.advance(time.Minute)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/"+url.PathEscape(conv), nil); v.field(t, "agent_id") != "es-1" {
		t.Fatalf("sms conversation after its additional skill was dropped: %s", v.body)
	}

	for _, tc := range []struct {
		name string
		m    MessageRequest
		want string
	}{
		{"unknown language", langMsg("x1", "x1", "whatsapp", "+9", "fr", "", ""), `language "fr"`},
		{"unknown tier", langMsg("x2", "x2", "whatsapp", "+9", "en", "", "gold"), `tier "gold"`},
		{"control characters", langMsg("x3", "x3", "whatsapp", "+9", "e\nn", "", ""), "language contains control characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, s, "POST", "/v1/messages", tc.m)
			if e, _ := r.field(t, "error").(string); r.code/100 != 4 || !strings.Contains(e, tc.want) {
				t.Fatalf("%d %s, want a 4xx about %s", r.code, r.body, tc.want)
			}
			if v := do(t, s, "GET", "/v1/conversations/"+tc.m.ConversationID, nil); v.code != http.StatusNotFound {
				t.Errorf("a refused message created its conversation: %s", v.body)
			}
		})
	}
}

// A conversation no agent can ever take (a language no agent has at the queue's
// level) is refused instead of waiting forever.
func TestUnservableConversationRefused(t *testing.T) {
	yaml := strings.Replace(routingYAML, "skills: [language],", "skills: [language], min_level: 8,", 1)
	s, _ := modelServer(t, yaml, nil)
	r := do(t, s, "POST", "/v1/messages", langMsg("m1", "c1", "whatsapp", "+1", "en", "", ""))
	wantCode(t, r, http.StatusAccepted) // en-1 has English at 10
	r = do(t, s, "POST", "/v1/messages", langMsg("m2", "c2", "web", "v2", "es", "", ""))
	wantCode(t, r, http.StatusAccepted)
	// Nobody has billing at 8 either, but it is an additional skill: dropped.
	r = do(t, s, "POST", "/v1/messages", langMsg("m3", "c3", "whatsapp", "+3", "en", "billing", ""))
	wantCode(t, r, http.StatusAccepted)
	yaml = strings.Replace(routingYAML, "{en: 10, billing: 5}", "{en: 10, billing: 5, fr: 3}", 1)
	yaml = strings.Replace(yaml, "skills: [language],", "skills: [language], min_level: 5,", 1)
	s, _ = modelServer(t, yaml, nil)
	r = do(t, s, "POST", "/v1/messages", langMsg("m4", "c4", "web", "v4", "fr", "", ""))
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "cannot be routed") {
		t.Fatalf("French at level 3 for a queue asking 5: %d %s", r.code, r.body)
	}
}

// Tiers order a queue: a VIP customer who came later is routed first.
func TestTierOrdersQueue(t *testing.T) {
	s, _ := modelServer(t, routingYAML, func(c *Config) { c.AgentsOnline = false })
	do(t, s, "POST", "/v1/messages", langMsg("m1", "c1", "whatsapp", "+1", "en", "billing", "standard"))
	do(t, s, "POST", "/v1/messages", langMsg("m2", "c2", "whatsapp", "+2", "en", "billing", "vip"))
	wantCode(t, do(t, s, "PUT", "/v1/agents/en-1/presence", PresenceRequest{"online"}), http.StatusOK)
	if v := do(t, s, "GET", "/v1/conversations/c2", nil); v.field(t, "agent_id") != "en-1" {
		t.Fatalf("VIP conversation: %s, want it routed first", v.body)
	}
	if v := do(t, s, "GET", "/v1/conversations/c1", nil); v.field(t, "status") != "waiting" {
		t.Fatalf("standard conversation: %s", v.body)
	}
}

// Status capacity: a customer silent for inactive_after after the agent's reply
// frees the agent; when they write again the conversation goes back to the same
// agent (sticky_for); silent for end_inactive_after, it ends.
func TestInactiveAndStickyResume(t *testing.T) {
	s, clock := modelServer(t, routingYAML, nil)
	do(t, s, "POST", "/v1/messages", langMsg("m1", "c1", "whatsapp", "+1", "en", "billing", ""))
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "en-1", Text: "hello"}), http.StatusOK)
	// c2 waits: en-1 is full, and es-1 lacks billing until the additional skill
	// is dropped after a minute.
	do(t, s, "POST", "/v1/messages", langMsg("m2", "c2", "whatsapp", "+2", "en", "billing", ""))
	clock.advance(4 * time.Minute)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/c1", nil); v.field(t, "status") != "open" {
		t.Fatalf("c1 after 4 minutes: %s", v.body)
	}
	clock.advance(time.Minute)
	s.Sweep()
	v := do(t, s, "GET", "/v1/conversations/c1", nil)
	if v.field(t, "status") != "inactive" || v.field(t, "agent_id") != "en-1" {
		t.Fatalf("c1 after 5 minutes of silence: %s, want inactive with en-1", v.body)
	}
	var w Work
	do(t, s, "GET", "/v1/agents/en-1/work", nil).json(t, &w)
	if len(w.Inactive) != 1 || w.Inactive[0].ConversationID != "c1" || w.Used > 1 {
		t.Fatalf("en-1's work: %+v", w)
	}
	if v := do(t, s, "GET", "/v1/conversations/c2", nil); v.field(t, "status") != "open" || v.field(t, "agent_id") != "es-1" {
		t.Fatalf("c2 after its additional skill was dropped: %s, want open with es-1", v.body)
	}
	// The customer of c1 writes again: back to en-1, though es-1 is free too.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/close", CloseRequest{AgentID: "es-1"}), http.StatusOK)
	clock.advance(10 * time.Minute)
	r := do(t, s, "POST", "/v1/messages", langMsg("m3", "c1", "whatsapp", "+1", "", "", ""))
	if r.field(t, "status") != "open" || r.field(t, "agent_id") != "en-1" {
		t.Fatalf("c1 resumed: %s, want open with en-1 (sticky)", r.body)
	}
	for _, m := range audit(t, s) {
		if len(m.DeliveredTo) != 1 {
			t.Errorf("%s delivered to %v", m.MessageID, m.DeliveredTo)
		}
	}
	// Silent for end_inactive_after after the next reply: it ends.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "en-1", Text: "done?"}), http.StatusOK)
	clock.advance(119 * time.Minute)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/c1", nil); v.field(t, "status") != "inactive" {
		t.Fatalf("c1 after 1h59m: %s", v.body)
	}
	clock.advance(time.Minute)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/c1", nil); v.field(t, "status") != "closed" {
		t.Fatalf("c1 after end_inactive_after: %s, want closed", v.body)
	}
	var a AgentView
	do(t, s, "GET", "/v1/agents/en-1/work", nil).json(t, &a)
	if a.Used != 0 || a.Open != 0 {
		t.Errorf("en-1 after the end: %+v", a)
	}
}

// Under tab capacity nothing becomes inactive: the conversation keeps its agent's
// capacity until it ends.
func TestTabCapacityKeepsUnits(t *testing.T) {
	s, clock := modelServer(t, strings.Replace(routingYAML, "capacity: status", "capacity: tab", 1), nil)
	do(t, s, "POST", "/v1/messages", langMsg("m1", "c1", "whatsapp", "+1", "en", "billing", ""))
	do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "en-1", Text: "hello"})
	clock.advance(30 * time.Minute)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/c1", nil); v.field(t, "status") != "open" {
		t.Fatalf("c1 under tab capacity: %s", v.body)
	}
	clock.advance(2 * time.Hour)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/c1", nil); v.field(t, "status") != "closed" {
		t.Fatalf("c1 after end_inactive_after: %s", v.body)
	}
}

// The timer goroutine applies push timeouts on its own, on the injected clock.
func TestTimerGoroutineExpiresOffers(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) {
		c.Clock = WallClock{}
		c.Routing.PushTimeout = 50 * time.Millisecond
	})
	r := do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"))
	if r.field(t, "agent_id") != "a1" {
		t.Fatalf("%s", r.body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		v := do(t, s, "GET", "/v1/conversations/c1", nil)
		if v.field(t, "agent_id") == "a2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the offer to a1 did not time out: %s", v.body)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A restart on the same file puts inactive and offered conversations back on
// their agents: the sticky resume and the offer survive kill -9.
func TestStateRestoresInactiveAndOffers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	yaml := strings.Replace(routingYAML, "sticky_for: 1h", "sticky_for: 1h\n  push_timeout: 1m", 1)
	start := func() *Server {
		cfg := modelConfig(t, yaml, clock)
		cfg.State = path
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := start()
	do(t, s, "POST", "/v1/messages", langMsg("m1", "c1", "whatsapp", "+1", "en", "billing", ""))
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/accept", AgentRequest{"en-1"}), http.StatusOK)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "en-1", Text: "hi"}), http.StatusOK)
	clock.advance(6 * time.Minute)
	s.Sweep()
	r := do(t, s, "POST", "/v1/messages", langMsg("m2", "c2", "whatsapp", "+2", "es", "technical", ""))
	if r.field(t, "status") != "offered" || r.field(t, "agent_id") != "es-1" {
		t.Fatalf("c2: %s", r.body)
	}
	s.Close()

	clock.advance(time.Minute) // the offer's push timeout passes while the server is down
	s = start()
	defer s.Close()
	if v := do(t, s, "GET", "/v1/conversations/c1", nil); v.field(t, "status") != "inactive" || v.field(t, "agent_id") != "en-1" {
		t.Fatalf("c1 after restart: %s", v.body)
	}
	if v := do(t, s, "GET", "/v1/conversations/c2", nil); v.field(t, "status") != "offered" || v.field(t, "agent_id") != "es-1" || v.field(t, "language") != "es" {
		t.Fatalf("c2 after restart: %s", v.body)
	}
	var a AgentView
	do(t, s, "GET", "/v1/agents/es-1/work", nil).json(t, &a)
	if a.Used != 1 {
		t.Errorf("es-1 after restart: %+v, want the offer's unit", a)
	}
	wantCode(t, do(t, s, "POST", "/v1/conversations/c2/accept", AgentRequest{"es-1"}), http.StatusOK)
	r = do(t, s, "POST", "/v1/messages", langMsg("m3", "c1", "whatsapp", "+1", "", "", ""))
	if r.field(t, "status") != "offered" || r.field(t, "agent_id") != "en-1" {
		t.Fatalf("c1 resumed after restart: %s, want offered to en-1 (sticky)", r.body)
	}
	// The end of inactivity still counts from the reply before the restart.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/accept", AgentRequest{"en-1"}), http.StatusOK)
	for _, m := range audit(t, s) {
		if len(m.DeliveredTo) != 1 {
			t.Errorf("%s delivered to %v", m.MessageID, m.DeliveredTo)
		}
	}
}

// Whatever a message's attributes, a server that routes on skills and tiers
// answers 2xx or a JSON 4xx, never a 5xx.
func FuzzRoutedMessageBody(f *testing.F) {
	for _, seed := range []string{
		`{"message_id":"m1","channel":"whatsapp","from":"+1","language":"es","intent":"technical","tier":"vip"}`,
		`{"message_id":"m2","channel":"sms","from":"+2","language":"fr"}`,
		`{"message_id":"m3","channel":"web","from":"v","tier":"gold"}`,
		`{"message_id":"m4","conversation_id":"c1","channel":"web","from":"v","intent":""}`,
	} {
		f.Add([]byte(seed))
	}
	s, _ := modelServer(f, routingYAML, func(c *Config) { c.MaxBody = 4096 })
	f.Fuzz(func(t *testing.T, body []byte) {
		r := do(t, s, "POST", "/v1/messages", body)
		if r.code >= 500 {
			t.Fatalf("%q: %d %s", body, r.code, r.body)
		}
		if r.code >= 400 {
			if e, _ := r.field(t, "error").(string); e == "" {
				t.Fatalf("%q: %d without a JSON error: %s", body, r.code, r.body)
			}
		}
	})
}
