package fit

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// profileChecks checks the fitted rate of every interval of every arrival
// stream against the model's (the streams' days are every day, so day 0's rate
// is every day's).
func profileChecks(m *sim.Model, r *Result) []check {
	var cs []check
	for _, a := range m.Arrivals {
		ch := m.Channels[a.Channel].Name
		fa := arrival(ch)(r)
		for k, pt := range fa.Profile {
			truth := a.Rate.At(sim.Time(time.Duration(k)*m.Interval)) * 3600
			if truth == 0 {
				continue
			}
			pt := pt
			se := pt.SE
			if se == 0 { // no arrival in the interval: Poisson SE at the true rate
				se = math.Sqrt(truth * r.Interval.Hours() * float64(pt.N+1))
			}
			cs = append(cs, check{name: ch + " rate " + clock(pt.At), truth: truth,
				got: func(*Result, *Data) Param { return Param{Value: pt.RatePerHour, SE: se} }})
		}
	}
	return cs
}

// TestRoundTripExamples: the embedded examples with a bot (retail-weekday-bot:
// daily profiles, two agent groups, a concurrency penalty; bot-first: three
// channels, three bot intents and one without) and with SMS campaigns and
// opt-outs (telco-sms), simulated for 72 h and fitted back. The
// checks are what the fit can recover from such logs: every interval's arrival
// rate, shares, messages, the pause mixture, patience and the bot; response
// times are not checked (two groups, and the concurrency penalty is not fitted).
func TestRoundTripExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates two examples for 72 h (-short)")
	}
	cases := []struct {
		example string
		checks  []check
	}{
		{"retail-weekday-bot", []check{
			{name: "intent order_status", truth: 0.5, got: shareOf(intents, "whatsapp", "order_status")},
			{name: "intent returns web", truth: 0.4, got: shareOf(intents, "web", "returns")},
			{name: "messages mean", truth: 3, got: messages},
			{name: "pause weight 1", truth: 0.85, got: mixture("weight", 0)},
			{name: "pause median 1", truth: 40, got: mixture("median", 0)},
			{name: "pause median 2", truth: 900, got: mixture("median", 1)},
			// No patience check: its agents answer before anybody gives up.
			{name: "bot ask_agent", truth: 0.05, got: func(r *Result, _ *Data) Param {
				return Param{Value: r.Bot.AskAgent.Value, SE: r.Bot.AskAgent.SE}
			}},
			{name: "order_status alpha", truth: 8, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("alpha") })},
			{name: "order_status beta", truth: 2, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("beta") })},
			{name: "order_status resolvable", truth: 0.8, got: botIntent("order_status", func(b *BotIntent) Param { return b.Resolvable })},
			{name: "returns resolvable", truth: 0.5, got: botIntent("returns", func(b *BotIntent) Param { return b.Resolvable })},
		}},
		{"telco-sms", []check{
			{name: "intent billing sms", truth: 0.5, got: shareOf(intents, "sms", "billing")},
			{name: "intent network whatsapp", truth: 0.3, got: shareOf(intents, "whatsapp", "network")},
			{name: "messages mean", truth: 4, got: messages},
			{name: "pause weight 1", truth: 0.8, got: mixture("weight", 0)},
			{name: "pause median 1", truth: 60, got: mixture("median", 0)},
			{name: "pause sigma 1", truth: 1.0, got: mixture("sigma", 0)},
			{name: "pause median 2", truth: 1200, got: mixture("median", 1)},
			{name: "patience mean", truth: 3600, family: "exponential", sample: patience, cen: patCens},
		}},
		{"bot-first", []check{
			{name: "intent faq web", truth: 0.4, got: shareOf(intents, "web", "faq")},
			{name: "intent order_status inapp", truth: 0.4, got: shareOf(intents, "inapp", "order_status")},
			{name: "intent billing whatsapp", truth: 0.3, got: shareOf(intents, "whatsapp", "billing")},
			{name: "messages mean", truth: 3, got: messages},
			{name: "pause median", truth: 30, family: "lognormal", sample: pauses, cen: pauseCens},
			{name: "pause sigma", truth: 0.8, family: "lognormal", sample: pauses, cen: pauseCens},
			{name: "patience mean", truth: 900, family: "exponential", sample: patience, cen: patCens},
			{name: "bot ask_agent", truth: 0.1, got: func(r *Result, _ *Data) Param {
				return Param{Value: r.Bot.AskAgent.Value, SE: r.Bot.AskAgent.SE}
			}},
			{name: "faq alpha", truth: 9, got: botIntent("faq", func(b *BotIntent) Param { return b.Confidence.Param("alpha") })},
			{name: "faq beta", truth: 1, got: botIntent("faq", func(b *BotIntent) Param { return b.Confidence.Param("beta") })},
			{name: "faq resolvable", truth: 0.9, got: botIntent("faq", func(b *BotIntent) Param { return b.Resolvable })},
			{name: "order_status alpha", truth: 8, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("alpha") })},
			{name: "order_status beta", truth: 2, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("beta") })},
			{name: "order_status resolvable", truth: 0.8, got: botIntent("order_status", func(b *BotIntent) Param { return b.Resolvable })},
			{name: "billing alpha", truth: 4, got: botIntent("billing", func(b *BotIntent) Param { return b.Confidence.Param("alpha") })},
			{name: "billing beta", truth: 4, got: botIntent("billing", func(b *BotIntent) Param { return b.Confidence.Param("beta") })},
			{name: "billing resolvable", truth: 0.4, got: botIntent("billing", func(b *BotIntent) Param { return b.Resolvable })},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.example, func(t *testing.T) {
			sc, err := scenarios.LoadExample(tc.example)
			if err != nil {
				t.Fatal(err)
			}
			d, m := simulateScenario(t, sc, 72*time.Hour)
			r := Fit(d, Options{})
			verify(t, r, d, append(profileChecks(m, r), tc.checks...))
		})
	}
}

// TestRoundTripDesign: the DESIGN's own example (status capacity, three
// channels, languages, a bot on order_status, the 0.7/0.3 pause mixture with a
// 3 h component, outbound templates and follow-ups), simulated for 72 h and
// fitted back: every interval's arrival rate, shares, messages, the pause
// mixture (its 3 h component censored by end_inactive_after), patience and the
// bot. Follow-ups and template replies are returns, not arrivals.
func TestRoundTripDesign(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the DESIGN example for 72 h (-short)")
	}
	sc, err := scenarios.Load("../scenarios/testdata/valid/design_example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, m := simulateScenario(t, sc, 72*time.Hour)
	r := Fit(d, Options{})
	checks := append(profileChecks(m, r), []check{
		{name: "web rate /h", truth: 80, got: rate("web")},
		{name: "intent order_status web", truth: 0.6, got: shareOf(intents, "web", "order_status")},
		{name: "intent billing whatsapp", truth: 0.3, got: shareOf(intents, "whatsapp", "billing")},
		{name: "language es whatsapp", truth: 0.2, got: shareOf(languages, "whatsapp", "es")},
		{name: "language es sms", truth: 0.1, got: shareOf(languages, "sms", "es")},
		{name: "messages mean", truth: 4, got: messages},
		{name: "pause weight 1", truth: 0.7, got: mixture("weight", 0)},
		{name: "pause median 1", truth: 45, got: mixture("median", 0)},
		{name: "pause sigma 1", truth: 1.0, got: mixture("sigma", 0)},
		{name: "pause median 2", truth: 3 * 3600, got: mixture("median", 1)},
		{name: "pause sigma 2", truth: 1.2, got: mixture("sigma", 1)},
		{name: "patience mean", truth: 1800, family: "exponential", sample: patience, cen: patCens},
		{name: "bot ask_agent", truth: 0.05, got: func(r *Result, _ *Data) Param {
			return Param{Value: r.Bot.AskAgent.Value, SE: r.Bot.AskAgent.SE}
		}},
		{name: "order_status alpha", truth: 8, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("alpha") })},
		{name: "order_status beta", truth: 2, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("beta") })},
		{name: "order_status resolvable", truth: 0.8, got: botIntent("order_status", func(b *BotIntent) Param { return b.Resolvable })},
	}...)
	verify(t, r, d, checks)
}

// verify checks every parameter against its true value: each must lie within
// the joint 95 % interval (Bonferroni over the checks), and the number outside
// its own 95 % interval must be one a 5 % miss rate makes likely (at most the
// 99 % quantile of Binomial(n, 0.05)): with 60 parameters, three misses of their
// own interval are expected by chance, and asking for none would fail a correct
// fit on most seeds.
func verify(t *testing.T, r *Result, d *Data, checks []check) {
	t.Helper()
	z := distuv.UnitNormal.Quantile(1 - 0.05/(2*float64(len(checks))))
	var within95 int
	for _, c := range checks {
		get := c.got
		if c.family != "" {
			get = timeParam(c.family, lastWord(c.name), c.sample, c.cen)
		}
		p := get(r, d)
		zs := (p.Value - c.truth) / p.SE
		if math.Abs(zs) <= 1.96 {
			within95++
		}
		if !(math.Abs(zs) <= z) {
			t.Errorf("%s: fitted %v ± %v (z = %.2f), true %v outside the joint 95 %% interval (|z| ≤ %.2f)", c.name, p.Value, p.SE, zs, c.truth, z)
		} else if math.Abs(zs) > 1.96 || c.family != "" || len(c.name) < 20 || testing.Verbose() {
			t.Logf("%-26s true %-8.4g fitted %-10.5g SE %-9.3g z %+.2f", c.name, c.truth, p.Value, p.SE, zs)
		}
	}
	n := len(checks)
	allowed := 0
	for b := (distuv.Binomial{N: float64(n), P: 0.05}); b.CDF(float64(allowed)) < 0.99; {
		allowed++
	}
	if n-within95 > allowed {
		t.Errorf("%d of %d parameters outside their own 95 %% interval: more than the %d a 5 %% miss rate allows (99 %%)", n-within95, n, allowed)
	}
	t.Logf("%d of %d parameters within their own 95 %% interval (%d misses allowed by chance); all within the joint one (|z| ≤ %.2f)", within95, n, allowed, z)
}
