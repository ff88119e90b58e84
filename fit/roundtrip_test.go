package fit

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// simulate runs replication 0 of a scenario file with its events written in the
// event log format (CSV), reads them back strictly and observes them.
func simulate(t *testing.T, file string) (*Data, *sim.Model) {
	t.Helper()
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return simulateScenario(t, sc, 0)
}

// simulateScenario is simulate for a loaded scenario, with the horizon set to
// horizon if it is not zero.
func simulateScenario(t *testing.T, sc *scenarios.Scenario, horizon time.Duration) (*Data, *sim.Model) {
	t.Helper()
	file := sc.File
	m, err := sc.Model()
	if horizon > 0 {
		m.Horizon = horizon
	}
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := eventlog.NewWriter(&buf, eventlog.CSV)
	m.Events = func(rep int) sim.EventSink { return eventlog.NewSimSink(m, rep, w) }
	if _, err := sim.Run(m, 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	o := NewObserverFor(m)
	s := eventlog.NewScanner(eventlog.Options{Strict: true})
	if err := s.Read(&buf, file, eventlog.CSV, func(e *eventlog.Event) error { o.Observe(e); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return o.Finish(), m
}

// check is one fitted parameter against the scenario's true value.
type check struct {
	name        string
	truth       float64
	got         func(r *Result, d *Data) Param
	family      string // for a time distribution: the true family, refitted in it
	sample, cen func(d *Data) []float64
}

func timeParam(family, param string, xs, cens func(d *Data) []float64) func(*Result, *Data) Param {
	return func(_ *Result, d *Data) Param {
		var c []float64
		if cens != nil {
			c = cens(d)
		}
		f, ok := FitFamily(family, xs(d), c)
		if !ok {
			return Param{Value: math.NaN()}
		}
		return f.Param(param)
	}
}

func arrival(ch string) func(r *Result) *ArrivalFit {
	return func(r *Result) *ArrivalFit {
		for i := range r.Arrivals {
			if r.Arrivals[i].Channel == ch {
				return &r.Arrivals[i]
			}
		}
		return &ArrivalFit{}
	}
}

func shareOf(list func(a *ArrivalFit) []Share, ch, name string) func(*Result, *Data) Param {
	return func(r *Result, _ *Data) Param {
		for _, s := range list(arrival(ch)(r)) {
			if s.Name == name {
				return Param{Name: name, Value: s.Value, SE: s.SE}
			}
		}
		return Param{Value: math.NaN()}
	}
}

func intents(a *ArrivalFit) []Share { return a.Intents }

func botIntent(in string, f func(b *BotIntent) Param) func(*Result, *Data) Param {
	return func(r *Result, _ *Data) Param {
		if r.Bot != nil {
			for i := range r.Bot.Intents {
				if r.Bot.Intents[i].Intent == in {
					return f(&r.Bot.Intents[i])
				}
			}
		}
		return Param{Value: math.NaN()}
	}
}

func pauses(d *Data) []float64    { return d.Pauses }
func pauseCens(d *Data) []float64 { return d.PauseCens }
func patience(d *Data) []float64  { return d.Patience }
func patCens(d *Data) []float64   { return d.PatCens }
func response(d *Data) []float64  { return d.Response }

func rate(ch string) func(*Result, *Data) Param {
	return func(r *Result, _ *Data) Param { return arrival(ch)(r).Rate }
}

func messages(r *Result, _ *Data) Param {
	if r.Messages == nil {
		return Param{Value: math.NaN()}
	}
	return r.Messages.Param("mean")
}

func mixture(part string, k int) func(*Result, *Data) Param {
	return func(r *Result, _ *Data) Param {
		if r.Pause == nil || r.Pause.Family != "mixture" || len(r.Pause.Components) <= k {
			return Param{Value: math.NaN()}
		}
		if part == "weight" {
			return r.Pause.Weights[k]
		}
		return r.Pause.Components[k].Param(part)
	}
}

// TestRoundTrip: events written by the simulator from a known scenario are
// fitted back, and every parameter lies within its interval of the true value
// (verify: the joint 95 % interval, and no more misses of their own 95 %
// interval than chance allows); a time distribution is also refitted in its
// true family, which AIC must have chosen or found within 2 of the best.
func TestRoundTrip(t *testing.T) {
	cases := []struct {
		file   string
		checks []check
	}{
		{"testdata/plain.yaml", []check{
			{name: "web rate /h", truth: 100, got: rate("web")},
			{name: "intent billing", truth: 0.6, got: shareOf(intents, "web", "billing")},
			{name: "messages mean", truth: 3, got: messages},
			{name: "pause median", truth: 40, family: "lognormal", sample: pauses, cen: pauseCens},
			{name: "pause sigma", truth: 0.8, family: "lognormal", sample: pauses, cen: pauseCens},
			{name: "patience mean", truth: 240, family: "exponential", sample: patience, cen: patCens},
			{name: "response median", truth: 50, got: func(r *Result, _ *Data) Param { return r.Response.Param("median") }},
			{name: "response sigma", truth: 0.5, got: func(r *Result, _ *Data) Param { return r.Response.Param("sigma") }},
			{name: "concurrency penalty", truth: 0.2, got: func(r *Result, _ *Data) Param {
				if r.Penalty == nil {
					return Param{Value: math.NaN()}
				}
				return *r.Penalty
			}},
		}},
		{"testdata/bot-status.yaml", []check{
			{name: "whatsapp rate /h", truth: 90, got: rate("whatsapp")},
			{name: "intent order_status", truth: 0.7, got: shareOf(intents, "whatsapp", "order_status")},
			{name: "messages mean", truth: 2.5, got: messages},
			{name: "pause weight 1", truth: 0.7, got: mixture("weight", 0)},
			{name: "pause median 1", truth: 30, got: mixture("median", 0)},
			{name: "pause sigma 1", truth: 0.7, got: mixture("sigma", 0)},
			{name: "pause median 2", truth: 1200, got: mixture("median", 1)},
			{name: "pause sigma 2", truth: 0.6, got: mixture("sigma", 1)},
			{name: "patience mean", truth: 600, family: "exponential", sample: patience, cen: patCens},
			{name: "response shape", truth: 2, family: "gamma", sample: response},
			{name: "response scale", truth: 20, family: "gamma", sample: response},
			{name: "bot ask_agent", truth: 0.1, got: func(r *Result, _ *Data) Param {
				return Param{Value: r.Bot.AskAgent.Value, SE: r.Bot.AskAgent.SE}
			}},
			{name: "order_status alpha", truth: 6, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("alpha") })},
			{name: "order_status beta", truth: 2, got: botIntent("order_status", func(b *BotIntent) Param { return b.Confidence.Param("beta") })},
			{name: "order_status resolvable", truth: 0.8, got: botIntent("order_status", func(b *BotIntent) Param { return b.Resolvable })},
			{name: "returns alpha", truth: 4, got: botIntent("returns", func(b *BotIntent) Param { return b.Confidence.Param("alpha") })},
			{name: "returns beta", truth: 3, got: botIntent("returns", func(b *BotIntent) Param { return b.Confidence.Param("beta") })},
			{name: "returns resolvable", truth: 0.5, got: botIntent("returns", func(b *BotIntent) Param { return b.Resolvable })},
		}},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			d, m := simulate(t, tc.file)
			r := Fit(d, Options{Name: "rt"})
			var checks []check
			for _, c := range tc.checks {
				if c.family != "" {
					param := map[string]string{"median": "median", "sigma": "sigma", "mean": "mean", "shape": "shape", "scale": "scale"}[lastWord(c.name)]
					c.got = timeParam(c.family, param, c.sample, c.cen)
					c.family = ""
				}
				checks = append(checks, c)
			}
			verify(t, r, d, checks)
			for _, fam := range []struct {
				what, family string
				d            *Dist
				xs, cs       []float64
			}{{"response", familyOf(tc.checks, "response"), r.Response, d.Response, nil}, // plain: lognormal with a penalty
				{"patience", "exponential", r.Patience, d.Patience, d.PatCens}} {
				if fam.d == nil || fam.family == "" {
					continue
				}
				truth, _ := FitFamily(fam.family, fam.xs, fam.cs)
				if fam.d.Family != fam.family && truth.AIC > fam.d.AIC+2 {
					t.Errorf("%s: AIC chose %s (%.1f), the true %s is %.1f", fam.what, fam.d.Family, fam.d.AIC, fam.family, truth.AIC)
				}
			}
			// The scenario written validates and loads.
			sc, written := loadWritten(t, r)
			fm, err := sc.Model()
			if err != nil {
				t.Fatalf("the fitted scenario does not build: %v", err)
			}
			if len(fm.Arrivals) != len(m.Arrivals) {
				t.Errorf("fitted %d arrival streams, the scenario has %d", len(fm.Arrivals), len(m.Arrivals))
			}
			if testing.Verbose() {
				t.Logf("fitted scenario:\n%s", written)
			}
		})
	}
}

func lastWord(s string) string {
	f := strings.Fields(s)
	return f[len(f)-1]
}

func familyOf(cs []check, prefix string) string {
	for _, c := range cs {
		if strings.HasPrefix(c.name, prefix) && c.family != "" {
			return c.family
		}
	}
	return ""
}

// simulateWithSLA is simulate; the observer counts service level with the
// scenario's threshold (simulate always does).
func simulateWithSLA(t *testing.T, file string) (*Data, *sim.Model) { return simulate(t, file) }

func languages(a *ArrivalFit) []Share { return a.Languages }

// loadWritten writes r's scenario to a file and loads it back, as a user of
// `omnisim fit` would: the fitted scenario and its text.
func loadWritten(t *testing.T, r *Result) (*scenarios.Scenario, string) {
	t.Helper()
	var out bytes.Buffer
	if err := r.WriteScenario(&out); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fitted.yaml")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(path)
	if err != nil {
		t.Fatalf("the fitted scenario does not load: %v\n%s", err, out.String())
	}
	return sc, out.String()
}
