package server

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nudgeYAML: WhatsApp and web, a nudge after 25 h of silence that closes the
// conversation after 2 h more; end_inactive_after (72 h) comes later. Status
// capacity: the silence also makes the conversation inactive.
const nudgeYAML = `version: 1
name: server-nudge
horizon: 1h
channels: {whatsapp: {}, web: {}}
arrivals:
  - {channel: whatsapp, rate: 10/h}
  - {channel: web, rate: 10/h}
agents:
  - {name: pool, count: 2, concurrency: 2, response_time: {dist: exponential, mean: 30s}}
routing:
  capacity: status
  inactive_after: 25h
  end_inactive_after: 72h
  nudge: {close_after: 2h}
`

// One engine, two clocks: the simulator's nudge rule through serve, on a virtual
// clock. A WhatsApp customer silent for 25 h gets a nudge that needs a utility
// template (outside the 24 h window); they write again and the conversation
// continues with its agent; silent again, they are nudged again and, 2 h later,
// the conversation is auto-closed. On web the nudge is sent as it is.
func TestNudgeOverHTTP(t *testing.T) {
	s, clock := modelServer(t, nudgeYAML, nil)
	view := func(id string) ConversationView {
		t.Helper()
		var v ConversationView
		do(t, s, "GET", "/v1/conversations/"+id, nil).json(t, &v)
		return v
	}
	var got Received
	do(t, s, "POST", "/v1/messages", msg("m1", "wa", "whatsapp", "+1", "where is my order?")).json(t, &got)
	if got.Status != "open" {
		t.Fatalf("%+v, want open", got)
	}
	agent := got.AgentID
	do(t, s, "POST", "/v1/messages", msg("w1", "web", "web", "v1", "hello"))
	webAgent := view("web").AgentID
	wantCode(t, do(t, s, "POST", "/v1/conversations/wa/replies", ReplyRequest{AgentID: agent, Text: "let me check"}), http.StatusOK)
	wantCode(t, do(t, s, "POST", "/v1/conversations/web/replies", ReplyRequest{AgentID: webAgent, Text: "hi"}), http.StatusOK)

	// 25 h less a second: nothing yet.
	clock.advance(25*time.Hour - time.Second)
	s.Sweep()
	if v := view("wa"); v.Nudges != 0 || v.Status != "open" {
		t.Fatalf("before inactive_after: %+v", v)
	}
	clock.advance(time.Second)
	s.Sweep()
	v := view("wa")
	if v.Nudges != 1 || v.LastNudge == nil || *v.LastNudge != (NudgeView{Decision: "template_required", Reason: "outside_24h_window", Category: "utility"}) {
		t.Fatalf("WhatsApp after 25 h: %+v (last nudge %+v), want one nudge as a utility template", v, v.LastNudge)
	}
	if v.Status != "inactive" || v.AgentID != agent {
		t.Errorf("WhatsApp after 25 h: %s with %q, want inactive with %s", v.Status, v.AgentID, agent)
	}
	if w := view("web"); w.Nudges != 1 || w.LastNudge == nil || w.LastNudge.Decision != "sent" || w.LastNudge.Reason != "no_window" {
		t.Errorf("web after 25 h: %+v (last nudge %+v), want one nudge sent as it is", w, w.LastNudge)
	}

	// The customer answers the nudge 30 min later: the conversation continues.
	clock.advance(30 * time.Minute)
	do(t, s, "POST", "/v1/messages", msg("m2", "wa", "whatsapp", "+1", "yes, still waiting")).json(t, &got)
	if got.Status != "open" || got.AgentID != agent {
		t.Fatalf("reply to the nudge: %+v, want open with %s", got, agent)
	}
	// Past the first nudge's close (25 h + 2 h): nothing closes, the customer wrote.
	clock.advance(2 * time.Hour)
	s.Sweep()
	if v := view("wa"); v.Status != "open" {
		t.Fatalf("after the nudge's close time, having replied: %+v", v)
	}
	wantCode(t, do(t, s, "POST", "/v1/conversations/wa/replies", ReplyRequest{AgentID: agent, Text: "it ships today"}), http.StatusOK)

	// Silent again: a second nudge 25 h after the agent's reply, past 24 h after
	// the customer's message too: a template again.
	clock.advance(25 * time.Hour)
	s.Sweep()
	if v := view("wa"); v.Nudges != 2 || v.Status != "inactive" || v.LastNudge.Decision != "template_required" {
		t.Fatalf("second silence: %+v", v)
	}
	clock.advance(2*time.Hour - time.Second)
	s.Sweep()
	if v := view("wa"); v.Status != "inactive" {
		t.Fatalf("before close_after: %+v", v)
	}
	clock.advance(time.Second)
	s.Sweep()
	if v := view("wa"); v.Status != "closed" {
		t.Fatalf("2 h after an unanswered nudge: %+v, want closed", v)
	}
	m := string(do(t, s, "GET", "/metrics", nil).body)
	for _, want := range []string{
		`omnisim_nudges_total{decision="template_required"} 2`,
		`omnisim_nudges_total{decision="sent"} 1`,
		`omnisim_inactivity_total{result="nudge_replied"} 1`,
		// The web conversation, nudged once too, closed 2 h after its nudge.
		`omnisim_inactivity_total{result="auto_closed"} 2`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "nudge"))
		}
	}
}

// The bot's own clock through serve: a conversation the bot still owns closes
// after bot_inactive_after of customer silence, counted from the customer's
// latest message; one handed off before then is the agents' and stays.
func TestBotInactivityOverHTTP(t *testing.T) {
	const yaml = `version: 1
name: server-bot-clock
horizon: 1h
channels: {web: {}}
arrivals:
  - {channel: web, rate: 10/h}
bot: {threshold: 0.7}
agents:
  - {name: pool, count: 1, concurrency: 2, response_time: {dist: exponential, mean: 30s}}
routing:
  bot_inactive_after: 10m
`
	s, clock := modelServer(t, yaml, nil)
	status := func(id string) any { return do(t, s, "GET", "/v1/conversations/"+id, nil).field(t, "status") }
	do(t, s, "POST", "/v1/messages", msg("b1", "silent", "web", "v1", "hi bot"))
	do(t, s, "POST", "/v1/messages", msg("h1", "handed", "web", "v2", "hi bot"))
	if st := status("silent"); st != "bot" {
		t.Fatalf("a new conversation with a bot: %v, want bot", st)
	}
	clock.advance(6 * time.Minute)
	do(t, s, "POST", "/v1/messages", msg("b2", "silent", "web", "v1", "are you there?")) // restarts the clock
	wantCode(t, do(t, s, "POST", "/v1/conversations/handed/handoff", nil), http.StatusOK)
	clock.advance(10*time.Minute - time.Second)
	s.Sweep()
	if st := status("silent"); st != "bot" {
		t.Fatalf("10 min after the first message, 4 after the second: %v, want bot", st)
	}
	clock.advance(time.Second)
	s.Sweep()
	if st := status("silent"); st != "closed" {
		t.Fatalf("10 min after the customer's last message: %v, want closed", st)
	}
	if st := status("handed"); st != "open" {
		t.Errorf("the handed-off conversation: %v, want open", st)
	}
	m := string(do(t, s, "GET", "/metrics", nil).body)
	if want := `omnisim_inactivity_total{result="bot_auto_closed"} 1`; !strings.Contains(m, want) {
		t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "inactivity"))
	}
}

// A restart after the nudge went out neither sends it again nor forgets the
// auto-close: the nudge follows from the agent's reply, which the state file has.
func TestNudgeSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	start := func() *Server {
		cfg := modelConfig(t, nudgeYAML, clock)
		cfg.State = path
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := start()
	var got Received
	do(t, s, "POST", "/v1/messages", msg("m1", "wa", "whatsapp", "+1", "hi")).json(t, &got)
	wantCode(t, do(t, s, "POST", "/v1/conversations/wa/replies", ReplyRequest{AgentID: got.AgentID, Text: "hello"}), http.StatusOK)
	clock.advance(25 * time.Hour)
	s.Sweep()
	if n := do(t, s, "GET", "/v1/conversations/wa", nil).field(t, "nudges"); n != float64(1) {
		t.Fatalf("nudges before the restart: %v", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = start()
	defer s.Close()
	clock.advance(time.Hour)
	s.Sweep()
	if st := do(t, s, "GET", "/v1/conversations/wa", nil).field(t, "status"); st != "inactive" {
		t.Fatalf("an hour after the restart: %v, want inactive", st)
	}
	clock.advance(time.Hour)
	s.Sweep()
	if st := do(t, s, "GET", "/v1/conversations/wa", nil).field(t, "status"); st != "closed" {
		t.Fatalf("2 h after the nudge, across a restart: %v, want closed", st)
	}
	m := string(do(t, s, "GET", "/metrics", nil).body)
	if strings.Contains(m, "omnisim_nudges_total{") || !strings.Contains(m, `omnisim_inactivity_total{result="auto_closed"} 1`) {
		t.Errorf("after the restart: a nudge sent again, or no auto-close:\n%s", grepLines(m, "nudge"))
	}
}
