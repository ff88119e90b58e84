package server

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// rulesYAML splits WhatsApp by intent: technical conversations go to the tech
// queue (its agents), the rest to billing, the channel's first queue.
const rulesYAML = `
version: 1
horizon: 1h
channels: {whatsapp: {}}
arrivals:
  - channel: whatsapp
    rate: 60/h
    intents: {billing: 0.5, technical: 0.5}
agents:
  - name: billing
    count: 1
    skills: {billing: 5}
    response_time: {dist: exponential, mean: 2m}
  - name: tech
    count: 1
    skills: {technical: 5}
    response_time: {dist: exponential, mean: 2m}
routing:
  queues:
    - {name: billing, channels: [whatsapp], skills: [intent]}
    - {name: tech, channels: [whatsapp], skills: [intent]}
  rules:
    - {intent: technical, queue: tech}
`

// Routing rules through serve: the conversation resource names the queue the
// rule chose, and the conversation goes to that queue's agent, as in the
// simulator (work.RuleQueue serves both).
func TestRoutingRulesOverHTTP(t *testing.T) {
	s, _ := modelServer(t, rulesYAML, nil)
	for _, tc := range []struct {
		conv, intent, queue, agent string
	}{
		{"c1", "technical", "tech", "tech-1"},
		{"c2", "billing", "billing", "billing-1"},
	} {
		do(t, s, "POST", "/v1/messages", langMsg("m-"+tc.conv, tc.conv, "whatsapp", "+"+tc.conv, "", tc.intent, ""))
		v := do(t, s, "GET", "/v1/conversations/"+tc.conv, nil)
		if v.field(t, "queue") != tc.queue || v.field(t, "agent_id") != tc.agent {
			t.Errorf("%s conversation: %s, want queue %s with %s", tc.intent, v.body, tc.queue, tc.agent)
		}
	}
}

// targetsYAML: keyword, agent-group and bot rules. WhatsApp uses the bot, web
// skips it; refund messages go to the refunds queue past the bot; technical
// conversations go to the experts first, to support after 2 minutes; web
// conversations of vip customers go to the bot.
const targetsYAML = `
version: 1
horizon: 1h
channels: {whatsapp: {}, web: {bot: false}}
arrivals:
  - channel: whatsapp
    rate: 60/h
    intents: {billing: 0.5, technical: 0.5}
    keywords: {refund: 10%, "money back": 5%}
  - channel: web
    rate: 10/h
    tiers: {vip: 0.1, standard: 0.9}
bot:
  threshold: 0.7
agents:
  - name: pool
    count: 1
    response_time: {dist: exponential, mean: 2m}
  - name: experts
    count: 1
    response_time: {dist: exponential, mean: 2m}
  - name: refunds
    count: 1
    skills: {refunds: 1}
    response_time: {dist: exponential, mean: 2m}
routing:
  queues:
    - {name: support, channels: [whatsapp, web]}
    - {name: refunds}
  rules:
    - {keywords: [refund, money back], queue: refunds, bot: false}
    - {intent: technical, agent_group: experts, fallback_after: 2m, queue: support}
    - {channel: web, tier: vip, bot: true}
`

// Keyword rules through serve: the text of the first customer message decides
// (whole words, any case), later messages do not.
func TestKeywordRulesOverHTTP(t *testing.T) {
	s, _ := modelServer(t, targetsYAML, nil)
	for _, tc := range []struct {
		conv, text, status, queue string
	}{
		{"c1", "I want my REFUND!", "open", "refunds"},
		{"c2", "Money, back please", "open", "refunds"},
		{"c3", "refunds policy?", "bot", ""}, // not the word: the channel's way, the bot
	} {
		m := msg("m-"+tc.conv, tc.conv, "whatsapp", "+"+tc.conv, tc.text)
		m.Intent = "billing"
		do(t, s, "POST", "/v1/messages", m)
		v := do(t, s, "GET", "/v1/conversations/"+tc.conv, nil)
		if v.field(t, "status") != tc.status || tc.queue != "" && v.field(t, "queue") != tc.queue {
			t.Errorf("%q: %s, want %s in queue %q", tc.text, v.body, tc.status, tc.queue)
		}
	}
	// c3's next message names the keyword: its routing stays the first message's.
	do(t, s, "POST", "/v1/messages", msg("m-c3b", "c3", "whatsapp", "+c3", "refund"))
	wantCode(t, do(t, s, "POST", "/v1/conversations/c3/handoff", HandoffRequest{}), http.StatusOK)
	if v := do(t, s, "GET", "/v1/conversations/c3", nil); v.field(t, "queue") != "support" {
		t.Errorf("c3 after hand-off: %s, want queue support", v.body)
	}
}

// Bot rules through serve: a channel that skips the bot (web) sends a vip
// customer to it by rule; a keyword rule skips it on WhatsApp, which uses it.
func TestBotRulesOverHTTP(t *testing.T) {
	s, _ := modelServer(t, targetsYAML, nil)
	for _, tc := range []struct {
		conv, channel, tier, text, status string
	}{
		{"w1", "web", "standard", "hi", "open"},
		{"w2", "web", "vip", "hi", "bot"},
		{"a1", "whatsapp", "", "hi", "bot"},
		{"a2", "whatsapp", "", "refund", "open"},
	} {
		m := msg("m-"+tc.conv, tc.conv, tc.channel, "+"+tc.conv, tc.text)
		m.Tier, m.Intent = tc.tier, "billing"
		do(t, s, "POST", "/v1/messages", m)
		if v := do(t, s, "GET", "/v1/conversations/"+tc.conv, nil); v.field(t, "status") != tc.status {
			t.Errorf("%s %s %q: %s, want %s", tc.channel, tc.tier, tc.text, v.body, tc.status)
		}
	}
}

// Direct routing through serve: a technical conversation waits for the experts
// while the pool's agent is free, and goes to support's agents after
// fallback_after (the injected clock moved, Sweep applying it).
func TestAgentGroupRuleOverHTTP(t *testing.T) {
	s, clock := modelServer(t, targetsYAML, func(c *Config) { c.Bot = false })
	tech := func(id string) MessageRequest {
		m := msg("m-"+id, id, "whatsapp", "+"+id, "it is broken")
		m.Intent = "technical"
		return m
	}
	do(t, s, "POST", "/v1/messages", tech("t1"))
	if v := do(t, s, "GET", "/v1/conversations/t1", nil); v.field(t, "agent_id") != "experts-1" {
		t.Fatalf("t1: %s, want experts-1 although pool-1 is free", v.body)
	}
	do(t, s, "POST", "/v1/messages", tech("t2")) // experts-1 is full
	clock.advance(2*time.Minute - time.Second)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/t2", nil); v.field(t, "status") != "waiting" {
		t.Fatalf("t2 before fallback_after: %s, want waiting for the experts", v.body)
	}
	clock.advance(time.Second)
	s.Sweep()
	if v := do(t, s, "GET", "/v1/conversations/t2", nil); v.field(t, "agent_id") != "pool-1" || v.field(t, "queue") != "support" {
		t.Fatalf("t2 after fallback_after: %s, want pool-1 from support", v.body)
	}
	// A billing conversation has no rule: any of support's agents, here the
	// only one with room.
	do(t, s, "POST", "/v1/messages", langMsg("m-b1", "b1", "whatsapp", "+b1", "", "billing", ""))
	if v := do(t, s, "GET", "/v1/conversations/b1", nil); v.field(t, "agent_id") != "refunds-1" {
		t.Errorf("b1: %s, want refunds-1", v.body)
	}
}

// A keyword rule after a restart: the restored conversation's first message
// still decides its queue, for what agents held (router.Restore) and for what
// waited.
func TestKeywordRuleSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	start := func() *Server {
		cfg := modelConfig(t, targetsYAML, clock)
		cfg.State, cfg.Bot = path, false
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := start()
	texts := map[string]string{"k1": "refund please", "k2": "hello", "k3": "money back?", "k4": "Refund."}
	for _, conv := range []string{"k1", "k2", "k3", "k4"} { // three agents: k4 waits
		do(t, s, "POST", "/v1/messages", msg("m-"+conv, conv, "whatsapp", "+"+conv, texts[conv]))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = start()
	defer s.Close()
	for _, tc := range []struct{ conv, status, queue string }{
		{"k1", "open", "refunds"}, {"k2", "open", "support"}, {"k3", "open", "refunds"}, {"k4", "waiting", "refunds"},
	} {
		if v := do(t, s, "GET", "/v1/conversations/"+tc.conv, nil); v.field(t, "status") != tc.status || v.field(t, "queue") != tc.queue {
			t.Errorf("%s after the restart: %s, want %s in %s", tc.conv, v.body, tc.status, tc.queue)
		}
	}
}
