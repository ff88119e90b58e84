package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
	"gonum.org/v1/gonum/stat/distuv"
)

func channel(t *testing.T, name string) *channels.Channel {
	t.Helper()
	c, err := channels.Default().Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// messagingModel: one arrival stream per channel in names, at ratePerHour each,
// one message per conversation, fast replies, plenty of agents.
func messagingModel(t *testing.T, ratePerHour float64, horizon time.Duration, names ...string) *sim.Model {
	m := &sim.Model{
		Name: "messaging", Seed: 11, Horizon: horizon, Interval: time.Hour, Replications: 4, SLAWithin: time.Minute,
		Messages: dist.Constant(1), Pause: dist.Constant(30),
		Groups:  []sim.Group{{Name: "agents", Staff: sim.Constant(50), Concurrency: 2, ResponseTime: dist.Exponential(60)}},
		Routing: router.Config{Model: router.LeastActive},
	}
	for i, n := range names {
		m.Channels = append(m.Channels, sim.Channel{Name: n, Units: 1, Rules: channel(t, n)})
		m.Arrivals = append(m.Arrivals, sim.Arrival{Channel: i, Rate: sim.Constant(ratePerHour / 3600), Intents: sim.One("general"), Languages: sim.One("en")})
	}
	return m
}

func channelMetric(rep *reports.Report, ch int, key string) reports.Stat {
	return rep.ByChannel[ch][metrics.Index(key)]
}

// WhatsApp follow-ups 30 h after the customer's last message are outside the 24 h
// customer-service window: every one needs a template. On web, never.
func TestFollowUpsOutsideTheWindow(t *testing.T) {
	m := messagingModel(t, 30, 48*time.Hour, "whatsapp", "web")
	m.FollowUp = &sim.FollowUp{Probability: 1, Delay: dist.Constant(30 * 3600)}
	rep := runReport(t, m)
	wa, web := 0, 1
	fu := channelMetric(rep, wa, "follow_ups").Mean
	if fu < 100 {
		t.Fatalf("only %v WhatsApp follow-ups", fu)
	}
	t.Logf("WhatsApp follow-ups %v, templates %v", fu, channelMetric(rep, wa, "templates_required").Mean)
	if got := channelMetric(rep, wa, "templates_required").Mean; got != fu {
		t.Errorf("WhatsApp: %v templates for %v follow-ups, want one each", got, fu)
	}
	if got := channelMetric(rep, web, "templates_required").Mean; got != 0 {
		t.Errorf("web: %v templates, want 0", got)
	}
	if got := channelMetric(rep, web, "follow_ups").Mean; got < 100 {
		t.Errorf("web: %v follow-ups", got)
	}
	if c := channelMetric(rep, wa, "cost_utility").Mean; !(c > 0) {
		t.Errorf("WhatsApp utility templates outside the window should cost, got %v", c)
	}
}

// Agents work Monday–Friday 09:00–17:00. A WhatsApp message written between Friday
// 17:00 and Sunday 09:00 is answered on Monday from 09:00, more than 24 h later:
// its reply needs a template. Evenings Monday–Thursday wait at most 16 h. So over
// four weeks templates ≈ 4 × λ × 40 h (Poisson, 4σ); web needs none.
func TestWeekendGapNeedsTemplates(t *testing.T) {
	const perHour = 6.0
	m := messagingModel(t, perHour, 28*24*time.Hour, "whatsapp", "web")
	m.Groups[0].Staff = sim.FromDaily([]sim.DailyPoint{{At: 9 * time.Hour, Value: 400, Days: 0x1f}, {At: 17 * time.Hour, Value: 0, Days: 0x1f}}, 0x1f)
	m.Groups[0].Concurrency = 4
	m.Groups[0].ResponseTime = dist.Constant(30)
	m.Replications = 1
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 4 * perHour * 40
	t.Logf("WhatsApp templates %d (want %.0f), follow-ups n/a, offered %d", res.ByChannel[0].TemplatesRequired, want, res.ByChannel[0].Offered)
	if got := float64(res.ByChannel[0].TemplatesRequired); math.Abs(got-want) > 4*math.Sqrt(want) {
		t.Errorf("WhatsApp templates %v, want %v ± %.0f", got, want, 4*math.Sqrt(want))
	}
	if got := res.ByChannel[1].TemplatesRequired; got != 0 {
		t.Errorf("web templates %d, want 0", got)
	}
	// Friday-evening messages are the ones: the 18:00 interval has templates.
	if res.ByInterval[18].TemplatesRequired == 0 {
		t.Error("no templates for messages written at 18:00")
	}
}

// SMS: a customer who texts STOP (probability p) blocks the follow-up: blocked ≈ p ×
// follow-ups (binomial, 4σ).
func TestSMSStopBlocksLaterOutbound(t *testing.T) {
	const p = 0.2
	m := messagingModel(t, 60, 100*time.Hour, "sms")
	m.Channels[0].OptOut = p
	m.FollowUp = &sim.FollowUp{Probability: 1, Delay: dist.Constant(3600)}
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(res.Total.FollowUps)
	blocked := float64(res.Total.Blocked)
	if sd := math.Sqrt(n * p * (1 - p)); math.Abs(blocked-p*n) > 4*sd {
		t.Errorf("blocked %v of %v follow-ups, want %v ± %.1f", blocked, n, p*n, 4*sd)
	}
	t.Logf("blocked %v of %v follow-ups", blocked, n)
	if res.Total.OptedOut != res.Total.Blocked {
		t.Errorf("opted out %d, blocked %d", res.Total.OptedOut, res.Total.Blocked)
	}
}

func botModel(t *testing.T, threshold float64) *sim.Model {
	m := messagingModel(t, 120, 200*time.Hour, "web")
	m.Replications = 6
	conf, err := dist.New(dist.Spec{Kind: "beta", Alpha: 8, Beta: 2})
	if err != nil {
		t.Fatal(err)
	}
	m.Bot = &sim.Bot{Threshold: threshold, MaxTurns: 3, Latency: dist.Constant(2),
		Intents: []sim.BotIntent{{Intent: "general", Resolvable: 0.8, Confidence: conf}}}
	return m
}

// Containment of a calibrated bot: P(c ≥ θ) × E[r·c | c ≥ θ] = r·E[c; c ≥ θ], and for
// c ~ Beta(α, β), E[c; c ≥ θ] = α/(α+β) · (1 − I_θ(α+1, β)) since c·f_{α,β}(c) =
// α/(α+β) · f_{α+1,β}(c).
func TestBotContainmentFormula(t *testing.T) {
	const theta, r, a, b = 0.7, 0.8, 8.0, 2.0
	want := r * a / (a + b) * (1 - distuv.Beta{Alpha: a + 1, Beta: b}.CDF(theta))
	rep := runReport(t, botModel(t, theta))
	got := rep.Metric("bot_containment")
	tol := math.Max(got.CI95, 0.005)
	t.Logf("containment %.4f ± %.4f, formula %.4f", got.Mean, got.CI95, want)
	if math.Abs(got.Mean-want) > tol {
		t.Errorf("containment %.4f ± %.4f, want %.4f", got.Mean, got.CI95, want)
	}
	// Shares by cause add up: contained + low confidence + max turns = 1 (no ask_agent).
	sum := got.Mean + rep.Metric("escalated_low_confidence").Mean + rep.Metric("escalated_max_turns").Mean
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("outcomes sum to %v", sum)
	}
	if s := rep.Metric("bot_seconds").Mean; !(s >= 2) {
		t.Errorf("time in bot before hand-off %v s, want ≥ one 2 s turn", s)
	}
}

// Lowering the threshold lets the bot try more: containment and the share of
// conversations where it tried and failed both rise.
func TestLowerThresholdRaisesContainmentAndFailures(t *testing.T) {
	hi := runReport(t, botModel(t, 0.85))
	lo := runReport(t, botModel(t, 0.6))
	for _, k := range []string{"bot_containment", "bot_failed_share"} {
		h, l := hi.Metric(k), lo.Metric(k)
		if !(l.Mean-l.CI95 > h.Mean+h.CI95) {
			t.Errorf("%s: threshold 0.6 gives %.4f ± %.4f, 0.85 gives %.4f ± %.4f; want clearly higher", k, l.Mean, l.CI95, h.Mean, h.CI95)
		}
	}
}

// With ask_agent = 1 every customer asks for an agent: nothing is contained.
func TestAskAgentHandsOffEveryone(t *testing.T) {
	m := botModel(t, 0.7)
	m.Bot.AskAgent = 1
	rep := runReport(t, m)
	if c := rep.Metric("bot_containment").Mean; c != 0 {
		t.Errorf("containment %v", c)
	}
	if a := rep.Metric("escalated_asked").Mean; a != 1 {
		t.Errorf("asked share %v", a)
	}
}
