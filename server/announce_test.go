package server

import (
	"math"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
)

// announceYAML: two agents of capacity 1, web, SMS and WhatsApp, and a delay
// announcement of the position and the predicted wait. ANNOUNCE is replaced by
// the routing.announce mapping of each test.
const announceYAML = `version: 1
name: server-announce
horizon: 1h
channels: {web: {}, sms: {}, whatsapp: {}}
arrivals:
  - {channel: web, rate: 10/h}
  - {channel: sms, rate: 10/h}
  - {channel: whatsapp, rate: 10/h}
agents:
  - {name: pool, count: 2, concurrency: 1, response_time: {dist: exponential, mean: 30s}}
routing:
  announce: ANNOUNCE
`

func announceScenario(announce string) string {
	return strings.Replace(announceYAML, "ANNOUNCE", announce, 1)
}

func convView(t *testing.T, s *Server, id string) ConversationView {
	t.Helper()
	r := do(t, s, "GET", "/v1/conversations/"+id, nil)
	wantCode(t, r, http.StatusOK)
	var v ConversationView
	r.json(t, &v)
	return v
}

func post(t *testing.T, s *Server, m MessageRequest) Received {
	t.Helper()
	r := do(t, s, "POST", "/v1/messages", m)
	wantCode(t, r, http.StatusAccepted)
	var got Received
	r.json(t, &got)
	return got
}

// busyWithHistory brings s to where the predictor has something to say: c1
// and c2 open on the two agents at t = 0, c1 closes at t = 480 s (the holding
// mean h = 480 s), and c3 takes its agent, so that both are busy again.
func busyWithHistory(t *testing.T, s *Server, clock *fakeClock) {
	t.Helper()
	for _, id := range []string{"c1", "c2"} {
		if got := post(t, s, msg("m-"+id, id, "web", "v-"+id, "hi")); got.Status != "open" || got.Announcement != "" {
			t.Fatalf("%s: %+v, want open without announcement", id, got)
		}
	}
	clock.advance(480 * time.Second)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/close", nil), http.StatusOK)
	if got := post(t, s, msg("m-c3", "c3", "web", "v-c3", "hi")); got.Status != "open" || got.Announcement != "" {
		t.Fatalf("c3: %+v, want open on the freed agent, no announcement", got)
	}
}

// One engine, two clocks: the simulator's announcement rule through serve on a
// virtual clock. Both agents busy, the next customer is told its position (1)
// and the queue-length predictor's wait, (1)·h/s = 480 s/2 = 4 minutes; an SMS
// customer who opted out (STOP) is told nothing (blocked, opted_out).
func TestAnnouncementOverHTTP(t *testing.T) {
	s, clock := modelServer(t, announceScenario("{wait: true, position: true}"), nil)
	busyWithHistory(t, s, clock)
	if v := convView(t, s, "c3"); v.Announced || v.Announcement != nil {
		t.Errorf("c3, routed at once: %+v", v.Announcement)
	}

	const want = "You are number 1 in line; expected wait about 4 minutes"
	got := post(t, s, msg("m-c4", "c4", "web", "v-c4", "hi"))
	if got.Status != "waiting" || got.Announcement != want {
		t.Fatalf("c4: %+v, want waiting with %q", got, want)
	}
	v := convView(t, s, "c4")
	if v.Position != 1 || v.PredictedWaitSeconds == nil || math.Abs(*v.PredictedWaitSeconds-240) > 1e-9 {
		t.Errorf("c4: position %d, wait %v, want 1 and 240 s", v.Position, v.PredictedWaitSeconds)
	}
	if !v.Announced || v.Announcement == nil || v.Announcement.Text != want || v.Announcement.Decision != "sent" || v.Announcement.Reason != "no_window" {
		t.Fatalf("c4's announcement: announced %v, %+v", v.Announced, v.Announcement)
	}
	// Priced as the catalog prices an outbound web message.
	web, _ := channels.Default().Lookup("web")
	wp, _ := web.Price(channels.OutboundDir, "", true)
	if v.Announcement.Price == nil || *v.Announcement.Price != wp {
		t.Errorf("c4's announcement price %v, want the catalog's %v", v.Announcement.Price, wp)
	}

	got = post(t, s, msg("m-c5", "c5", "sms", "+15550100", "STOP"))
	if got.Status != "waiting" || got.Keyword != "opt_out" || got.Announcement != "" {
		t.Fatalf("c5: %+v, want waiting, opted out, told nothing", got)
	}
	v = convView(t, s, "c5")
	if v.Announced || v.Announcement == nil || v.Announcement.Decision != "blocked" || v.Announcement.Reason != "opted_out" || v.Announcement.Price != nil {
		t.Errorf("c5's announcement: announced %v, %+v, want blocked (opted_out)", v.Announced, v.Announcement)
	}
	// A later message of a waiting customer announces nothing again.
	clock.advance(time.Minute)
	post(t, s, msg("m-c4b", "c4", "web", "v-c4", "still there?"))
	m := string(do(t, s, "GET", "/metrics", nil).body)
	for _, want := range []string{
		`omnisim_announcements_total{decision="sent"} 1`,
		`omnisim_announcements_total{decision="blocked"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "announce"))
		}
	}
}

// With position: false the announcement is the wait alone; before any
// conversation ended there is no wait to tell, and so nothing is sent.
func TestAnnouncementWaitOnly(t *testing.T) {
	s, clock := modelServer(t, announceScenario("{wait: true}"), nil)
	post(t, s, msg("m-c1", "c1", "web", "v-c1", "hi"))
	post(t, s, msg("m-c2", "c2", "web", "v-c2", "hi"))
	if got := post(t, s, msg("m-c3", "c3", "web", "v-c3", "hi")); got.Status != "waiting" || got.Announcement != "" {
		t.Fatalf("c3 before any end: %+v, want waiting, told nothing", got)
	}
	if v := convView(t, s, "c3"); v.Announcement != nil {
		t.Fatalf("c3: %+v", v.Announcement)
	}
	clock.advance(480 * time.Second)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/close", nil), http.StatusOK) // c3 takes a1
	got := post(t, s, msg("m-c4", "c4", "web", "v-c4", "hi"))
	if want := "Expected wait about 4 minutes"; got.Announcement != want {
		t.Fatalf("c4: %+v, want %q (no position)", got, want)
	}
	if strings.Contains(convView(t, s, "c4").Announcement.Text, "number") {
		t.Error("position: false, but the text has the position")
	}

	s2, _ := modelServer(t, announceScenario("{wait: false, position: true}"), nil)
	post(t, s2, msg("m-c1", "c1", "web", "v-c1", "hi"))
	post(t, s2, msg("m-c2", "c2", "web", "v-c2", "hi"))
	post(t, s2, msg("m-c3", "c3", "web", "v-c3", "hi"))
	if got := post(t, s2, msg("m-c4", "c4", "web", "v-c4", "hi")); got.Announcement != "You are number 2 in line" {
		t.Errorf("position only: %q", got.Announcement)
	}
}

// A conversation the bot hands off is routed for the first time then: a
// WhatsApp customer who wrote 25 h before is past the customer service
// window, so the announcement needs a utility template (priced outside the
// window); one who wrote just now gets a free service message.
func TestAnnouncementOutsideWhatsAppWindow(t *testing.T) {
	s, clock := modelServer(t, announceScenario("{position: true}"), func(c *Config) { c.Bot = true })
	for _, id := range []string{"c1", "c2"} {
		post(t, s, msg("m-"+id, id, "web", "v-"+id, "hi"))
		wantCode(t, do(t, s, "POST", "/v1/conversations/"+id+"/handoff", nil), http.StatusOK)
	}
	if got := post(t, s, msg("m-wa1", "wa1", "whatsapp", "+1", "hola")); got.Status != "bot" || got.Announcement != "" {
		t.Fatalf("wa1: %+v, want with the bot", got)
	}
	clock.advance(25 * time.Hour)
	r := do(t, s, "POST", "/v1/conversations/wa1/handoff", nil)
	wantCode(t, r, http.StatusOK)
	var v ConversationView
	r.json(t, &v)
	wa, _ := channels.Default().Lookup("whatsapp")
	utility, _ := wa.Price(channels.OutboundDir, channels.CategoryUtility, false)
	a := v.Announcement
	if v.Status != "waiting" || !v.Announced || a == nil || a.Text != "You are number 1 in line" ||
		a.Decision != "template_required" || a.Reason != "outside_24h_window" || a.Category != "utility" {
		t.Fatalf("wa1 handed off after 25 h: %+v, announcement %+v", v, a)
	}
	if a.Price == nil || *a.Price != utility || utility <= 0 || a.Currency != "USD" {
		t.Errorf("wa1's template: price %v %s, want the catalog's utility template outside the window, %v USD", a.Price, a.Currency, utility)
	}

	post(t, s, msg("m-wa2", "wa2", "whatsapp", "+2", "hola"))
	r = do(t, s, "POST", "/v1/conversations/wa2/handoff", nil)
	r.json(t, &v)
	a = v.Announcement
	if a == nil || a.Text != "You are number 2 in line" || a.Decision != "sent" || a.Reason != "inside_window" || a.Category != "service" || a.Price == nil || *a.Price != 0 {
		t.Errorf("wa2 inside the window: %+v", a)
	}
	m := string(do(t, s, "GET", "/metrics", nil).body)
	for _, want := range []string{`omnisim_announcements_total{decision="template_required"} 1`, `omnisim_announcements_total{decision="sent"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "announce"))
		}
	}
}

// With --state the announcement is in the file: a restarted server shows it
// and sends nothing again.
func TestAnnouncementSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	yaml := announceScenario("{wait: true, position: true}")
	withState := func(c *Config) { c.State = path }
	s, clock := modelServer(t, yaml, withState)
	busyWithHistory(t, s, clock)
	want := post(t, s, msg("m-c4", "c4", "web", "v-c4", "hi")).Announcement
	before := convView(t, s, "c4").Announcement
	if want == "" || before == nil {
		t.Fatal("no announcement before the restart")
	}
	s.Close()

	cfg := modelConfig(t, yaml, clock)
	withState(&cfg)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v := convView(t, s, "c4")
	if v.Status != "waiting" || !v.Announced || v.Announcement == nil || *v.Announcement.Price != *before.Price ||
		v.Announcement.Text != want || v.Announcement.Decision != before.Decision || v.Announcement.Reason != before.Reason {
		t.Fatalf("c4 after the restart: %+v, announcement %+v, want %+v", v, v.Announcement, before)
	}
	if m := string(do(t, s, "GET", "/metrics", nil).body); strings.Contains(m, "omnisim_announcements_total{") {
		t.Errorf("the restarted server announced again:\n%s", grepLines(m, "announce"))
	}
}

func TestAnnouncementText(t *testing.T) {
	for _, tc := range []struct {
		position int
		wait     float64
		known    bool
		want     string
	}{
		{3, 240, true, "You are number 3 in line; expected wait about 4 minutes"},
		{1, 29, true, "You are number 1 in line; expected wait less than a minute"},
		{1, 31, true, "You are number 1 in line; expected wait about 1 minute"},
		{0, 150, true, "Expected wait about 3 minutes"}, // 2.5 rounds to 3
		{2, 0, false, "You are number 2 in line"},
	} {
		if got := announcementText(tc.position, tc.wait, tc.known); got != tc.want {
			t.Errorf("announcementText(%d, %v, %v) = %q, want %q", tc.position, tc.wait, tc.known, got, tc.want)
		}
	}
}
