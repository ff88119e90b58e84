package fit

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// WriteScenario writes the fit as a scenario file (version 1), each fitted
// parameter with a comment giving its sample size, 95 % interval and fit quality.
func (r *Result) WriteScenario(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	span := r.Start.UTC().Format(time.RFC3339) + " to " + r.End.UTC().Format(time.RFC3339)
	if r.Zone != "" {
		f := "2006-01-02T15:04:05"
		span = fmt.Sprintf("%s to %s local time in %s (UTC%+.4g h); times of day are local", r.Start.Format(f), r.End.Format(f), r.Zone, r.ZoneOffset.Hours())
	}
	p("# Fitted by omnisim fit from an event log: %s, %d conversations (%d still open at its end).\n",
		span, r.Conversations, r.StillOpen)
	p("# Comments: n = observations (censored ones included), CI = 95 %% interval, KS = Kolmogorov-Smirnov distance.\n")
	for _, n := range r.NotFitted {
		p("# not fitted: %s: %s\n", n.What, n.Why)
	}
	p("version: 1\nname: %s\n", quote(nameOr(r.Name)))
	horizon := r.End.Sub(r.Start).Round(time.Hour)
	if horizon < time.Hour {
		horizon = time.Hour
	}
	p("horizon: %s   # the log's span\nwarmup: 2h\nreplications: 5\ninterval: %s\n", dur(horizon.Seconds()), dur(r.Interval.Seconds()))
	p("\nchannels:\n")
	for _, a := range r.Arrivals {
		p("  %s: {}\n", a.Channel)
	}
	p("\narrivals:\n")
	for _, a := range r.Arrivals {
		if len(a.Days) > 0 {
			for _, dp := range a.Days {
				p("  - channel: %s\n    days: %s\n", a.Channel, dp.Days)
				p("    profile:   # %s; by day group (Poisson AIC: daily %.1f, weekday/weekend %.1f, per weekday %.1f)\n", dp.Days,
					a.DaysAIC["daily"], a.DaysAIC["weekday/weekend"], a.DaysAIC["per weekday"])
				for _, pt := range dp.Profile {
					p("      - {at: %q, rate: %s/h}   # n=%d, SE %s/h\n", clock(pt.At), num(pt.RatePerHour), pt.N, num(pt.SE))
				}
				writeShares(&b, "intents", a.Intents)
				writeShares(&b, "languages", a.Languages)
				writeShares(&b, "tiers", a.Tiers)
			}
			continue
		}
		p("  - channel: %s\n", a.Channel)
		if a.Constant {
			lo, hi := a.Rate.CI95()
			p("    rate: %s/h   # n=%d, CI %s..%s/h; constant across intervals (chi-square p=%.3g)\n", num(a.Rate.Value), a.N, num(lo), num(hi), a.HomogeneityP)
		} else {
			p("    profile:   # n=%d; a rate per interval of the day (chi-square p=%.3g against a constant rate)\n", a.N, a.HomogeneityP)
			for _, pt := range a.Profile {
				p("      - {at: %q, rate: %s/h}   # n=%d, SE %s/h\n", clock(pt.At), num(pt.RatePerHour), pt.N, num(pt.SE))
			}
		}
		writeShares(&b, "intents", a.Intents)
		writeShares(&b, "languages", a.Languages)
		writeShares(&b, "tiers", a.Tiers)
	}
	p("\ncustomers:\n")
	if r.Messages != nil {
		p("  messages: %s   # %s\n", flow(r.Messages, false), quality(r.Messages))
	}
	if r.Pause != nil {
		if r.Pause.Family == "mixture" {
			p("  pause:   # %s\n    mixture:\n", quality(r.Pause))
			sum := 0.0
			for i, c := range r.Pause.Components {
				wt := r.Pause.Weights[i]
				lo, hi := wt.CI95()
				v := round(wt.Value, 6)
				if i == len(r.Pause.Components)-1 {
					v = round(1-sum, 6) // the weights sum to 1 exactly
				}
				sum += v
				p("      - {weight: %s, %s}   # weight CI %s..%s; %s\n", strconv.FormatFloat(v, 'f', -1, 64), strings.TrimSuffix(strings.TrimPrefix(flow(&c, true), "{"), "}"), num(lo), num(hi), paramCIs(&c))
			}
		} else {
			p("  pause: %s   # %s\n", flow(r.Pause, true), quality(r.Pause))
		}
	}
	if r.Patience != nil {
		p("  patience: %s   # %s\n", flow(r.Patience, true), quality(r.Patience))
	}
	if b2 := r.Bot; b2 != nil && len(b2.Intents) > 0 {
		p("\nbot:\n  enabled: true\n")
		p("  threshold: %s   # between the highest low-confidence hand-off and the lowest confidence tried\n", num(round(b2.Threshold.Value, 4)))
		p("  ask_agent: %s   # n=%d of %d\n", num(round(b2.AskAgent.Value, 6)), b2.AskAgent.N, b2.Entered)
		if b2.Latency != nil {
			p("  latency: %s   # %s\n", flow(b2.Latency, true), quality(b2.Latency))
		}
		p("  intents:\n")
		for _, in := range b2.Intents {
			res := in.Resolvable
			if math.IsNaN(res.Value) {
				res.Value = 0
			}
			lo, hi := res.CI95()
			p("    %s: {resolvable: %s, confidence: %s}   # resolvable n=%d CI %s..%s; confidence %s\n", in.Intent,
				num(round(math.Min(res.Value, 1), 6)), flow(&in.Confidence, false), in.Tried, num(lo), num(hi), quality(&in.Confidence))
		}
	}
	p("\nagents:\n")
	if len(r.Groups) == 0 {
		p("  - name: agents\n")
		writeCount(&b, r.Schedule, r.Agents)
		p("    concurrency: %d   # most conversations an agent held at once\n", r.Concurrency)
		r.writeReplies(&b)
	}
	for _, g := range r.Groups {
		p("  - name: %s   # %d agents accepting from queue %s\n", quote(g.Name), g.Agents, strings.Join(g.Queues, ", "))
		writeCount(&b, g.Schedule, g.Agents)
		p("    concurrency: %d   # most conversations one of its agents held at once\n", g.Concurrency)
		var sk []string
		for _, in := range g.Intents {
			sk = append(sk, in+": 10")
		}
		p("    skills: {%s}   # the intents routed to its queues\n", strings.Join(sk, ", "))
		r.writeReplies(&b)
	}
	p("\nrouting:\n  capacity: %s\n", r.Capacity)
	if len(r.Groups) > 0 {
		p("  rules:   # each intent to the queue most of its conversations were first routed to\n")
		for _, ru := range r.Rules {
			p("    - {intent: %s, queue: %s}   # %s of them\n", ru.Intent, quote(ru.Queue), num(round(ru.Share, 4)))
		}
		p("  queues:\n")
		for _, q := range r.Queues {
			if len(q.Channels) == 0 { // reached by transfers only (writeTransfers)
				p("    - {name: %s, skills: [intent]}   # no conversation was first routed to it: transfers reach it\n", quote(q.Name))
				continue
			}
			p("    - {name: %s, channels: [%s], skills: [intent]}\n", quote(q.Name), strings.Join(q.Channels, ", "))
		}
	}
	first := true
	for _, t := range r.Transfers {
		if t.Written == nil {
			continue
		}
		if first {
			p("  transfers:   # probability: a transfer to the queue at each agent reply on the first routing after which the customer has more to say, as the simulator draws it\n")
			first = false
		}
		pr := t.Written.Probability
		lo, hi := math.Max(0, pr.Value-1.96*pr.SE), math.Min(1, pr.Value+1.96*pr.SE)
		p("    - {intent: %s, probability: %s, to: %s}   # n=%d transferred there, CI %s..%s; %s of the accepted transferred\n",
			t.Intent, num(round(pr.Value, 6)), quote(t.Written.To), pr.N, num(round(lo, 6)), num(round(hi, 6)), num(round(t.Share.Value, 4)))
	}
	if r.InactiveAfter != nil {
		p("  inactive_after: %s   # median of %d (%s)\n", dur(median(r.InactiveAfter)), r.InactiveAfter.N, r.InactiveAfter.Family)
	}
	if r.EndInactive != nil {
		p("  end_inactive_after: %s   # median of %d (%s)\n", dur(median(r.EndInactive)), r.EndInactive.N, r.EndInactive.Family)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCount writes an agent group's count or schedule.
func writeCount(b *strings.Builder, sched []ScheduleStep, agents int) {
	switch {
	case len(sched) == 0:
		fmt.Fprintf(b, "    count: %d   # no presence events in the log: the number of agents seen\n", max(1, agents))
	case len(sched) == 1:
		fmt.Fprintf(b, "    count: %d   # mean online %s\n", max(1, sched[0].Count), num(round(sched[0].Mean, 3)))
	default:
		fmt.Fprintf(b, "    schedule:   # mean agents online per interval, rounded\n")
		for _, s := range sched {
			fmt.Fprintf(b, "      - {at: %q, count: %d}   # mean %s\n", clock(s.At), s.Count, num(round(s.Mean, 3)))
		}
	}
}

// writeReplies writes a group's concurrency penalty and response time.
func (r *Result) writeReplies(b *strings.Builder) {
	if r.Penalty != nil {
		lo, hi := r.Penalty.CI95()
		fmt.Fprintf(b, "    concurrency_penalty: %s   # CI %s..%s, regressed on the conversations held at each reply's start\n", num(round(r.Penalty.Value, 6)), num(lo), num(hi))
	}
	if r.Response != nil {
		fmt.Fprintf(b, "    response_time: %s   # %s\n", flow(r.Response, true), quality(r.Response))
	} else {
		fmt.Fprintf(b, "    response_time: {dist: exponential, mean: 1m}   # not fitted (see above): a placeholder\n")
	}
}

func nameOr(s string) string {
	if s == "" {
		return "fitted"
	}
	return s
}

func quote(s string) string { return strconv.Quote(s) }

func median(d *Dist) float64 {
	switch d.Family {
	case "constant":
		return d.Param("value").Value
	case "lognormal":
		return d.Param("median").Value
	case "exponential":
		return d.Param("mean").Value * math.Ln2
	}
	if d.Family == "gamma" {
		return d.Param("shape").Value * d.Param("scale").Value
	}
	return d.Param("scale").Value
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// num formats a number with 6 significant digits.
func num(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// dur formats seconds as a Go duration the scenario format reads.
func dur(s float64) string {
	if d := time.Duration(math.Round(s * 1e9)); d%time.Second == 0 && d > 0 {
		// 120h, 1h30m, 45s rather than time.Duration's 120h0m0s.
		var out string
		if h := d / time.Hour; h > 0 {
			out += strconv.FormatInt(int64(h), 10) + "h"
		}
		if m := d % time.Hour / time.Minute; m > 0 {
			out += strconv.FormatInt(int64(m), 10) + "m"
		}
		if sec := d % time.Minute / time.Second; sec > 0 {
			out += strconv.FormatInt(int64(sec), 10) + "s"
		}
		return out
	}
	if s >= 1 {
		return strconv.FormatFloat(round(s, 3), 'f', -1, 64) + "s"
	}
	return strconv.FormatFloat(round(s*1000, 3), 'f', -1, 64) + "ms"
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// flow writes a distribution as a flow mapping; seconds says its time
// parameters are durations.
func flow(d *Dist, seconds bool) string {
	parts := []string{"dist: " + d.Family}
	for _, p := range d.Params {
		v := num(p.Value)
		if p.Seconds && seconds {
			v = dur(p.Value)
		}
		parts = append(parts, p.Name+": "+v)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func paramCIs(d *Dist) string {
	var s []string
	for _, p := range d.Params {
		lo, hi := p.CI95()
		s = append(s, fmt.Sprintf("%s CI %s..%s", p.Name, num(lo), num(hi)))
	}
	return strings.Join(s, ", ")
}

func quality(d *Dist) string {
	s := fmt.Sprintf("n=%d", d.N)
	if d.Censored > 0 {
		s += fmt.Sprintf(" (%d censored)", d.Censored)
	}
	if ci := paramCIs(d); ci != "" && d.Family != "mixture" {
		s += ", " + ci
	}
	s += fmt.Sprintf(", KS %.3g", d.KS)
	if len(d.Others) > 0 {
		s += fmt.Sprintf("; AIC %.1f, next %s %.1f", d.AIC, d.Others[0].Family, d.Others[0].AIC)
	}
	return s
}

// writeShares writes shares that sum to 1 exactly as the format wants.
func writeShares(b *strings.Builder, key string, sh []Share) {
	if len(sh) == 0 {
		return
	}
	var parts, notes []string
	sum := 0.0
	for i, s := range sh {
		v := round(s.Value, 6)
		if i == len(sh)-1 {
			v = round(1-sum, 6)
		}
		sum += v
		parts = append(parts, s.Name+": "+strconv.FormatFloat(v, 'f', -1, 64))
		notes = append(notes, fmt.Sprintf("%s n=%d ±%s", s.Name, s.N, num(round(1.96*s.SE, 4))))
	}
	fmt.Fprintf(b, "    %s: {%s}   # %s\n", key, strings.Join(parts, ", "), strings.Join(notes, ", "))
}
