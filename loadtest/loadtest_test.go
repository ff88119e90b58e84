package loadtest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/loadtest"
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

// startServer runs the reference router in process on a loopback port.
func startServer(t testing.TB, agents int, mod func(*server.Config)) *httptest.Server {
	t.Helper()
	cfg := server.Config{AgentsOnline: true, Clock: server.ClockFunc(time.Now)}
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

// The "Must show": serve on a random loopback port, load for a few seconds
// at a modest rate; zero 5xx, all checks pass, nothing lost or duplicated, achieved
// rate within 2 % of the target. Time runs 36,000 times faster on both sides
// (a second is ten hours), so follow-ups 25 h after the customer's last message
// reach past WhatsApp's 24 h window and must come back as template_required.
func TestLoadAgainstReferenceRouter(t *testing.T) {
	const scale = 36000
	ts := startServer(t, 40, func(c *server.Config) {
		c.TimeScale = scale
		c.PushTimeout = time.Hour // 100 ms of wall time: offers are accepted well before
		c.Token = "tok"
	})
	tr := traffic(t)
	tr.FollowUp = &loadtest.FollowUp{Probability: 0.3, Delay: dist.Constant(25 * 3600)}
	var results bytes.Buffer
	cfg := loadtest.Config{
		Target: ts.URL, Token: "tok", Rate: 50, Duration: 2 * time.Second, TimeScale: scale,
		Traffic: tr, Webhooks: true, Seed: 7, Clock: loadtest.WallClock{}, Results: &results,
		// The race detector, and other packages' tests sharing the two cores, slow
		// everything down: this test is about correctness, not the generator's lag.
		MaxLag: time.Second,
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
	if got := rep.RateAchieved / rep.RateTarget; math.Abs(got-1) > 0.02 {
		t.Errorf("achieved rate %.2f/s of %.2f/s", rep.RateAchieved, rep.RateTarget)
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
	// The results are in vegeta's format: its decoder reads them back.
	dec := vegeta.NewDecoder(&results)
	n := 0
	for {
		var res vegeta.Result
		if err := dec.Decode(&res); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("result %d: %v", n, err)
		}
		n++
	}
	if n != rep.Requests {
		t.Errorf("%d vegeta results, %d requests", n, rep.Requests)
	}
}
