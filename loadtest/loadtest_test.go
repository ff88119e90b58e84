package loadtest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/loadtest"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/server"
	"github.com/omnisim/omnisim/sim/dist"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func catalog(t testing.TB, name string) *channels.Channel {
	t.Helper()
	ch, err := channels.Default().Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// startServer runs the reference router in process on a loopback port, on
// clock.
func startServer(t testing.TB, clock server.Clock, agents int, mod func(*server.Config)) *httptest.Server {
	t.Helper()
	cfg := server.Config{AgentsOnline: true, Clock: clock}
	for _, n := range []string{"whatsapp", "sms", "web"} {
		cfg.Channels = append(cfg.Channels, server.Channel{Name: n, Units: 1, Rules: catalog(t, n)})
	}
	for i := 1; i <= agents; i++ {
		cfg.Agents = append(cfg.Agents, server.Agent{ID: fmt.Sprintf("agent-%d", i), Capacity: 3})
	}
	if mod != nil {
		mod(&cfg)
	}
	s, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	return ts
}

func traffic(t testing.TB) loadtest.Traffic {
	return loadtest.Traffic{
		Streams: []loadtest.Stream{
			{Channel: "whatsapp", Weight: 0.5, Rules: catalog(t, "whatsapp")},
			{Channel: "sms", Weight: 0.2, Rules: catalog(t, "sms")},
			{Channel: "web", Weight: 0.3, Rules: catalog(t, "web")},
		},
		Messages:   dist.Constant(3),
		Pause:      dist.Exponential(60), // a minute, compressed below
		AgentReply: dist.Exponential(30),
	}
}

// Serve on a random loopback port, load for a few seconds at a modest rate; zero
// 5xx, all checks pass, nothing lost or duplicated, every conversation started
// on schedule and finished. Time runs 36,000 times faster on both sides (a
// second is ten hours), so follow-ups 25 h after the customer's last message
// reach past WhatsApp's 24 h window and must come back as template_required.
//
// Both sides run on one virtual clock that the load test moves only when no
// request is in flight, so nothing here depends on how fast the machine is: on
// a busy machine the test takes longer, with the same outcome (rates and
// latencies are measured by make bench-http, not here).
func TestLoadAgainstReferenceRouter(t *testing.T) {
	const scale = 36000
	clock := newVirtualClock()
	ts := startServer(t, clock, 40, func(c *server.Config) {
		c.TimeScale = scale
		c.Routing.PushTimeout = time.Hour // 100 ms of wall time: offers are accepted well before
		c.Token = "tok"
	})
	tr := traffic(t)
	tr.FollowUp = &loadtest.FollowUp{Probability: 0.3, Delay: dist.Constant(25 * 3600)}
	var results bytes.Buffer
	cfg := loadtest.Config{
		Target: ts.URL, Token: "tok", Rate: 50, Duration: 2 * time.Second, TimeScale: scale,
		Traffic: tr, Webhooks: true, Seed: 7, Clock: clock, Results: &results,
	}
	rep, err := loadtest.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	rep.WriteText(&text)
	t.Log("\n" + text.String())

	for code, n := range rep.Codes {
		if code == "0" || code[0] == '5' {
			t.Errorf("%d answers with status %s", n, code)
		}
	}
	if rep.Errors != 0 || rep.Conversations.Failed != 0 || rep.Conversations.Unfinished != 0 {
		t.Errorf("errors %d, failed %d, unfinished %d conversations", rep.Errors, rep.Conversations.Failed, rep.Conversations.Unfinished)
	}
	// On the virtual clock conversations start exactly on schedule: 100 in 2 s,
	// at 50/s (the least-squares fit of their start times is exact up to
	// rounding), with no generator lag.
	if rep.Conversations.Started != 100 || rep.Conversations.Completed != 100 {
		t.Errorf("conversations %+v, want 100 started and completed", rep.Conversations)
	}
	if got := rep.RateAchieved / rep.RateTarget; math.Abs(got-1) > 1e-6 {
		t.Errorf("achieved rate %.4f/s of %.2f/s on the virtual clock", rep.RateAchieved, rep.RateTarget)
	}
	if rep.Lag.Max != 0 || !rep.Valid {
		t.Errorf("generator lag %+v on the virtual clock (valid %v: %s)", rep.Lag, rep.Valid, rep.Invalid)
	}
	a := rep.Audit
	if !a.Audited || a.Lost != 0 || a.Duplicated != 0 || a.Pending != 0 || a.Delivered != a.Acknowledged || a.Acknowledged < 250 {
		t.Errorf("audit %+v", a)
	}
	if c := rep.Checks; c.Window.Failed != 0 || c.Sticky.Failed != 0 || c.Window.Checked == 0 || c.Sticky.Checked == 0 {
		t.Errorf("checks %+v", c)
	}
	for _, step := range []string{"message", "accept", "reply", "close", "follow_up"} {
		if rep.Latency[step].Count == 0 {
			t.Errorf("no %s steps", step)
		}
	}
	// The results are in vegeta's format: its decoder reads them back, and
	// vegeta's Metrics on them (what `vegeta report` prints) has the report's
	// latency percentiles, exactly, and the answers' bytes.
	m, n := decodeResults(t, &results)
	if n != rep.Requests {
		t.Errorf("%d vegeta results, %d requests", n, rep.Requests)
	}
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	all := rep.Latency["all"]
	want := loadtest.Percentiles{Count: int64(m.Requests), P50: ms(m.Latencies.P50), P90: ms(m.Latencies.P90),
		P99: ms(m.Latencies.P99), Max: ms(m.Latencies.Max)}
	if all != want || rep.LatencyEstimator != "vegeta" {
		t.Errorf("latency (%s) %+v, vegeta's Metrics %+v", rep.LatencyEstimator, all, want)
	}
	t.Logf("latency ms: ours p50 %.3f p90 %.3f p99 %.3f max %.3f; vegeta %.3f %.3f %.3f %.3f",
		all.P50, all.P90, all.P99, all.Max, want.P50, want.P90, want.P99, want.Max)
	// Every answer the target sent has a body (JSON, or TwiML for Twilio).
	if m.BytesIn.Total == 0 || m.BytesIn.Mean < 2 {
		t.Errorf("vegeta sees bytes in %+v", m.BytesIn)
	}
}

// routingScenario exercises the engine's full semantics through the server:
// queues requiring the language and asking for the intent, customer tiers,
// status capacity (conversations go inactive and resume to their agent), some
// ending after end_inactive_after and coming back, push offers that agents
// sometimes decline.
const routingScenario = `version: 1
name: load-routing
horizon: 1h
channels: {whatsapp: {}, sms: {}, web: {}}
arrivals:
  - {channel: whatsapp, rate: 20/s, languages: {en: 0.7, es: 0.3}, intents: {billing: 0.5, technical: 0.5}, tiers: {vip: 0.2, standard: 0.8}}
  - {channel: sms, rate: 10/s, languages: {en: 0.8, es: 0.2}, intents: {billing: 1}}
  - {channel: web, rate: 10/s, languages: {en: 0.5, es: 0.5}, intents: {technical: 1}}
customers:
  messages: {dist: constant, value: 3}
  pause: {dist: exponential, mean: 10m}
agents:
  - {name: en, count: 24, concurrency: 3, skills: {en: 10, billing: 7}, response_time: {dist: exponential, mean: 30s}}
  - {name: bi, count: 12, concurrency: 3, skills: {en: 6, es: 10, technical: 8}, response_time: {dist: exponential, mean: 30s}}
routing:
  capacity: status
  inactive_after: 2m
  end_inactive_after: 30m
  sticky_for: 1h
  push_timeout: 30m
  decline: 0.1
  queues:
    - {name: chat, channels: [whatsapp, sms, web], skills: [language], additional_skills: [intent], drop_additional_after: 1m, secondary: tier}
`

// The load tester against the server configured from a scenario exactly as the
// simulator reads it: skills, tiers, status capacity with sticky resume, ended
// conversations, declines. Every check passes and the audit is clean.
func TestLoadFullRoutingSemantics(t *testing.T) {
	const scale = 3600 // a second is an hour: inactive after 33 ms, ended after 0.5 s, offers time out after 0.5 s
	sc, err := scenarios.Parse("routing.yaml", []byte(routingScenario))
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := server.FromModel(m.Serving())
	if err != nil {
		t.Fatal(err)
	}
	clock := newVirtualClock()
	cfg.Clock, cfg.AgentsOnline, cfg.TimeScale = clock, true, scale
	s, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })

	tr, busiest, err := loadtest.FromScenario(sc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := loadtest.Run(context.Background(), loadtest.Config{
		Target: ts.URL, Rate: busiest, Duration: 2 * time.Second, TimeScale: scale, Traffic: tr, Webhooks: true,
		Seed: 3, Clock: clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	rep.WriteText(&text)
	t.Log("\n" + text.String())
	for code, n := range rep.Codes {
		if code == "0" || code[0] == '5' {
			t.Errorf("%d answers with status %s", n, code)
		}
	}
	if rep.Errors != 0 || rep.Conversations.Failed != 0 || rep.Conversations.Unfinished != 0 {
		t.Errorf("errors %d, failed %d, unfinished %d conversations", rep.Errors, rep.Conversations.Failed, rep.Conversations.Unfinished)
	}
	a := rep.Audit
	if !a.Audited || a.Lost != 0 || a.Duplicated != 0 || a.Pending != 0 || a.Delivered != a.Acknowledged || a.Acknowledged < 200 {
		t.Errorf("audit %+v", a)
	}
	if c := rep.Checks; c.Window.Failed != 0 || c.Sticky.Failed != 0 || c.Sticky.Checked == 0 {
		t.Errorf("checks %+v: %v", c, rep.CheckNotes)
	}
	for _, step := range []string{"message", "accept", "decline", "presence", "reply", "close"} {
		if rep.Latency[step].Count == 0 {
			t.Errorf("no %s steps", step)
		}
	}
	// The engine did what the scenario asks: conversations went inactive and
	// came back to their agent, some ended and came back as new ones.
	h := get(t, ts.URL+"/metrics")
	for _, name := range []string{`omnisim_router_events_total{event="sticky_hits",queue="chat"}`, `omnisim_router_events_total{event="declines",queue="chat"}`,
		`omnisim_inactivity_total{result="inactive"}`, `omnisim_inactivity_total{result="ended"}`} {
		if n := metric(h, name); !(n > 0) {
			t.Errorf("%s = %v, want > 0", name, n)
		} else {
			t.Logf("%s = %v", name, n)
		}
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// metric reads one series' value from a Prometheus text exposition (-1: absent).
func metric(text, series string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			var f float64
			fmt.Sscan(v, &f)
			return f
		}
	}
	return -1
}

// TestRunWithResults: the results file has a vegeta result per request of the
// report; a results file that cannot be created, or a configuration Run
// refuses, is bad input; a run's own failure is not.
func TestRunWithResults(t *testing.T) {
	const scale = 36000
	clock := newVirtualClock()
	ts := startServer(t, clock, 40, func(c *server.Config) { c.TimeScale = scale })
	cfg := loadtest.Config{Target: ts.URL, Rate: 20, Duration: time.Second, TimeScale: scale,
		Traffic: traffic(t), Seed: 3, Clock: clock}
	dir := t.TempDir()
	path := dir + "/results.bin"
	rep, bad, err := loadtest.RunWithResults(context.Background(), cfg, path)
	if err != nil || bad {
		t.Fatalf("RunWithResults: %v (bad input %v)", err, bad)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, n := decodeResults(t, bytes.NewReader(data)); n == 0 || n != rep.Requests {
		t.Errorf("%d results in the file, %d requests in the report", n, rep.Requests)
	}
	if _, bad, err := loadtest.RunWithResults(context.Background(), cfg, dir+"/none/results.bin"); !bad || err == nil || !strings.HasPrefix(err.Error(), "--results: ") {
		t.Errorf("unwritable results file: %v (bad input %v), want bad input naming --results", err, bad)
	}
	refused := cfg
	refused.Duration = 0
	if rep, bad, err := loadtest.RunWithResults(context.Background(), refused, ""); !bad || err == nil || rep != nil {
		t.Errorf("refused configuration: %v (bad input %v, report %v), want bad input and no report", err, bad, rep != nil)
	}
}

// decodeResults reads results in vegeta's format, as vegeta's own decoder does,
// and returns vegeta's Metrics on them (closed) and how many there were.
func decodeResults(t *testing.T, r io.Reader) (*vegeta.Metrics, int) {
	t.Helper()
	dec := vegeta.NewDecoder(r)
	var m vegeta.Metrics
	n := 0
	for {
		var res vegeta.Result
		if err := dec.Decode(&res); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("result %d: %v", n, err)
		}
		m.Add(&res)
		n++
	}
	m.Close()
	return &m, n
}
