package fit

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Options control a fit.
type Options struct {
	Name       string // the written scenario's name
	MinSamples int    // fewer observations than this: not fitted (default 30)
	MaxPause   int    // most pause mixture components (default 3)
}

// Share is a category's share with its standard error (binomial).
type Share struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	SE    float64 `json:"se"`
	N     int64   `json:"n"`
}

// RatePoint is the arrival rate of one interval of the day.
type RatePoint struct {
	At          time.Duration `json:"at"`
	RatePerHour float64       `json:"rate_per_hour"`
	SE          float64       `json:"se"`
	N           int64         `json:"n"`
}

// ArrivalFit is one channel's arrivals.
type ArrivalFit struct {
	Channel string `json:"channel"`
	N       int64  `json:"n"`
	// Constant: the profile does not differ from a constant rate (χ² test of
	// homogeneity across intervals, p = HomogeneityP ≥ 0.01).
	Constant     bool        `json:"constant"`
	Rate         Param       `json:"rate_per_hour"`
	HomogeneityP float64     `json:"homogeneity_p"`
	Profile      []RatePoint `json:"profile,omitempty"`
	Weekdays     [7]int64    `json:"weekdays"`
	Intents      []Share     `json:"intents,omitempty"`
	Languages    []Share     `json:"languages,omitempty"`
	Tiers        []Share     `json:"tiers,omitempty"`
	// Days: the profile by day group when AIC prefers it to one daily profile
	// (mon-fri and weekends, or each weekday); empty: every day alike.
	Days []DayProfile `json:"days,omitempty"`
	// DaysAIC: the Poisson AIC of the daily, weekday/weekend and per-weekday
	// profiles (absent: not comparable, the log lacks a weekday).
	DaysAIC map[string]float64 `json:"days_aic,omitempty"`
}

// DayProfile is a channel's arrival profile on a group of weekdays.
type DayProfile struct {
	Days    string      `json:"days"` // the scenario format's days: mon-fri, weekends, mon, …
	Profile []RatePoint `json:"profile"`
}

// TransferFit is the transfers of one intent's conversations.
type TransferFit struct {
	Intent string `json:"intent"`
	Share  Share  `json:"share"` // of the accepted
	// PerReply is routing.transfers' probability as the simulator draws it:
	// the transferred over the agent replies on the first routing after which
	// the customer still had a message to send (TransferDraws). A conversation
	// of k such replies is transferred with 1 − (1 − p)^k, so Share exceeds it
	// (on the full test scenario, 0.1 a reply: 0.130 of the accepted, 0.102 a
	// reply).
	PerReply Share   `json:"per_reply"`
	To       []Share `json:"to"` // by queue, of the transferred
	// Written is the routing.transfers rule the scenario is written with (nil:
	// none, NotFitted says why): the main destination among the written
	// scenario's queues.
	Written *TransferRule `json:"written,omitempty"`
}

// TransferRule is a written routing.transfers rule: Probability is the
// per-reply probability of a transfer to To (the transferred to To over the
// draws, the PerReply share split by destination), as the simulator draws it.
type TransferRule struct {
	To          string `json:"to"`
	Probability Share  `json:"probability"`
}

// Trend is the change of the log's daily new conversations over its days.
type Trend struct {
	PerWeek float64 `json:"per_week"` // relative change per week (0.05: +5 %)
	SE      float64 `json:"se"`
	Days    int     `json:"days"`
}

// BotFit is the bot tier.
type BotFit struct {
	Entered   int64       `json:"entered"`
	Threshold Param       `json:"threshold"`
	AskAgent  Share       `json:"ask_agent"`
	Latency   *Dist       `json:"latency,omitempty"`
	Intents   []BotIntent `json:"intents"`
	Contained Share       `json:"containment"`
}

// BotIntent is the bot on one intent.
type BotIntent struct {
	Intent     string `json:"intent"`
	Confidence Dist   `json:"confidence"`
	Resolvable Param  `json:"resolvable"`
	Tried      int    `json:"tried"` // conversations at or above the threshold
}

// ScheduleStep is the mean number of agents online from At.
type ScheduleStep struct {
	At    time.Duration `json:"at"`
	Count int           `json:"count"`
	Mean  float64       `json:"mean"`
}

// GroupFit is an agent group found in the log (Data.Groups), written when the
// log has more than one: its queues, the intents routed to them (the skills it
// is written with), its schedule and concurrency.
type GroupFit struct {
	Name        string         `json:"name"`
	Agents      int            `json:"agents"`
	Queues      []string       `json:"queues"`
	Intents     []string       `json:"intents"`
	Schedule    []ScheduleStep `json:"schedule"`
	Concurrency int            `json:"concurrency"`
}

// QueueFit is a queue of a log with several agent groups: the channels of the
// conversations first routed to it.
type QueueFit struct {
	Name     string   `json:"name"`
	Channels []string `json:"channels"`
}

// RuleFit routes an intent's conversations to the queue most of them were
// first routed to (Share of them).
type RuleFit struct {
	Intent string  `json:"intent"`
	Queue  string  `json:"queue"`
	Share  float64 `json:"share"`
}

// Note says what was not fitted and why.
type Note struct {
	What string `json:"what"`
	Why  string `json:"why"`
}

// Result is a fit: every parameter with its sample size and quality, and what
// could not be fitted.
type Result struct {
	Name          string        `json:"name"`
	Interval      time.Duration `json:"interval"`
	Start         time.Time     `json:"start"`
	Zone          string        `json:"zone,omitempty"` // intervals in this zone's local time (Start and End too)
	ZoneOffset    time.Duration `json:"-"`
	End           time.Time     `json:"end"`
	Conversations int64         `json:"conversations"`
	StillOpen     int64         `json:"still_open"`
	Returns       int64         `json:"returns"`
	Arrivals      []ArrivalFit  `json:"arrivals"`
	Messages      *Dist         `json:"messages,omitempty"`
	Pause         *Dist         `json:"pause,omitempty"`
	Patience      *Dist         `json:"patience,omitempty"`
	Trend         *Trend        `json:"trend,omitempty"`
	// Transfers: per intent, the share of accepted new conversations
	// transferred, and where to.
	Transfers   []TransferFit  `json:"transfers,omitempty"`
	Response    *Dist          `json:"response_time,omitempty"`
	Penalty     *Param         `json:"concurrency_penalty,omitempty"`
	Bot         *BotFit        `json:"bot,omitempty"`
	Agents      int            `json:"agents"`
	Schedule    []ScheduleStep `json:"schedule"`
	Concurrency int            `json:"concurrency"`
	// Groups, Queues and Rules: when the log's agents form several groups
	// (agents who serve disjoint queues), each group, the queues and the
	// intent rules routing to them; empty: one group of every agent.
	Groups        []GroupFit `json:"groups,omitempty"`
	Queues        []QueueFit `json:"queues,omitempty"`
	Rules         []RuleFit  `json:"rules,omitempty"`
	Capacity      string     `json:"capacity"`
	InactiveAfter *Dist      `json:"inactive_after,omitempty"`
	EndInactive   *Dist      `json:"end_inactive_after,omitempty"`
	NotFitted     []Note     `json:"not_fitted"`
}

func (r *Result) skip(what, why string) { r.NotFitted = append(r.NotFitted, Note{what, why}) }

// Fit fits everything the data supports.
func Fit(d *Data, opts Options) *Result {
	if opts.MinSamples <= 0 {
		opts.MinSamples = 30
	}
	if opts.MaxPause <= 0 {
		opts.MaxPause = 3
	}
	r := &Result{Name: opts.Name, Interval: d.Interval, Start: d.Start, End: d.End, Zone: d.Zone, ZoneOffset: d.ZoneOffset, Conversations: d.Conversations,
		StillOpen: d.StillOpen, Returns: d.Returns, Agents: d.Agents, NotFitted: []Note{}}
	min := opts.MinSamples
	d = thinned(d, r)
	// The pause mixture (EM for 1 to MaxPause components, the costliest fit) runs
	// on a second goroutine while the rest are fitted: on two cores the fit
	// takes the longer of the two, not their sum. Its result is used in place.
	type mixture struct {
		d  Dist
		ok bool
	}
	pause := make(chan mixture, 1)
	if len(d.Pauses) >= min {
		go func() {
			m, ok := FitPauseMixture(d.Pauses, d.PauseCens, opts.MaxPause)
			pause <- mixture{m, ok}
		}()
	}
	r.fitArrivals(d)
	if r.Start.IsZero() || len(d.Channels) == 0 {
		r.skip("arrivals", "no new conversations in the log")
	}
	r.fitTrend(d)
	// Messages per conversation: geometric on 1, 2, … with conversations cut
	// short as censored (N > k); the MLE is closed-form.
	switch {
	case len(d.Messages) < min:
		r.skip("customers.messages", enough(len(d.Messages), min, "conversations an agent finished"))
	case allEqual(d.Messages) && len(d.MsgCens) == 0:
		r.Messages = &Dist{Family: "constant", Params: []Param{{Name: "value", Value: d.Messages[0]}}, N: len(d.Messages)}
	default:
		r.Messages = fitGeometric(d.Messages, d.MsgCens)
	}
	if len(d.Pauses) < min {
		r.skip("customers.pause", enough(len(d.Pauses), min, "pauses (an agent reply to the next customer message)"))
	}

	switch {
	case len(d.Patience) == 0:
		r.skip("customers.patience", "no abandonment in the log; written as never abandoning")
	case len(d.Patience) < min:
		// Few abandonments but many answered waits: the exponential's censored
		// MLE (exposure ÷ abandonments) still holds, with its wide interval; a
		// shape is not estimable. Never abandoning would be wrong.
		if p, ok := FitFamily("exponential", d.Patience, d.PatCens); ok {
			r.Patience = &p
			r.skip("customers.patience family", enough(len(d.Patience), min, "abandonments")+"; exponential only (the censored MLE), no family chosen by AIC")
		} else {
			r.skip("customers.patience", enough(len(d.Patience), min, "abandonments")+"; written as never abandoning")
		}
	default:
		if p, ok := FitTime(d.Patience, d.PatCens); ok {
			r.Patience = &p
		}
	}
	if len(d.Response) < min {
		r.skip("agents.response_time", enough(len(d.Response), min, "agent replies"))
	} else if p, ok := FitTime(d.Response, nil); ok {
		r.Response = &p
		if pen, base, ok := fitPenalty(d.Response, d.ResponseOpen); ok && pen.Value-1.96*pen.SE > 0 && base.AIC < p.AIC {
			// The penalty is significant and the lognormal base with it beats every
			// family without it by AIC.
			r.Penalty, r.Response = &pen, &base
		} else if ok {
			r.skip("agents.concurrency_penalty", fmt.Sprintf("%.4f ± %.4f: not significant, or no better by AIC than the reply times alone; none written", pen.Value, 1.96*pen.SE))
		}
	}
	if len(d.Pauses) >= min {
		if m := <-pause; m.ok {
			r.Pause = &m.d
		}
	}
	r.fitBot(d, min)
	r.fitAgents(d)
	r.fitTransfers(d)
	transferNote := len(r.NotFitted) // writeTransfers' notes go here
	if d.SawInactive {
		r.Capacity = "status"
		if len(d.Inactive) > 0 {
			if p, ok := FitTime(d.Inactive, nil); ok {
				r.InactiveAfter = &p
			}
		}
	} else {
		r.Capacity = "tab"
	}
	if len(d.EndInactive) > 0 {
		if p, ok := FitTime(d.EndInactive, nil); ok {
			r.EndInactive = &p
		}
	} else {
		r.skip("routing.end_inactive_after", "no conversation closed for inactivity; the format's default (24h) applies")
	}
	r.fitGroups(d)
	if len(r.Groups) == 0 {
		r.skip("routing.queues, skills, agent groups", "one queue and one agent group without skills are written: the log's agents form one group (no two serve disjoint queues)")
	}
	r.writeTransfers(d, transferNote)
	return r
}

func enough(n, min int, what string) string {
	return "too few " + what + ": " + itoa(n) + " < " + itoa(min)
}

func fitGeometric(ks, cens []float64) *Dist {
	var sk, sc float64
	for _, k := range ks {
		sk += k
	}
	for _, c := range cens {
		sc += c
	}
	n := float64(len(ks))
	p := n / (sk + sc) // events ÷ (Σ k + Σ censored k)
	mean := 1 / p
	// Observed information of p: n/p² + (Σk − n + Σc)/(1−p)²; SE of the mean by
	// the delta method (|d mean/dp| = 1/p²).
	info := n/(p*p) + (sk-n+sc)/((1-p)*(1-p))
	se := math.Sqrt(1/info) / (p * p)
	ll := n*math.Log(p) + (sk-n+sc)*math.Log1p(-p)
	d := &Dist{Family: "geometric", Params: []Param{{Name: "mean", Value: mean, SE: se}}, N: len(ks) + len(cens),
		Censored: len(cens), LogLik: ll, AIC: 2 - 2*ll}
	d.KS = ksDistance(func(x float64) float64 { return 1 - math.Pow(1-p, math.Floor(x)) }, ks, nil)
	return d
}

func (r *Result) fitArrivals(d *Data) {
	totalExp := 0.0
	for _, e := range d.Exposure {
		totalExp += e
	}
	if totalExp == 0 {
		return
	}
	chs := append([]string(nil), d.Channels...)
	sort.Strings(chs)
	for _, ch := range chs {
		counts := d.Arrivals[ch]
		var n int64
		for _, c := range counts {
			n += c
		}
		if ch == "" {
			r.skip("arrivals without a channel", itoa(int(n))+" new conversations have no channel: not fitted (give the export's channel column, or a constant: --columns constants.channel)")
			continue
		}
		a := ArrivalFit{Channel: ch, N: n, Weekdays: *d.Weekdays[ch]}
		rate := float64(n) / totalExp * 3600
		a.Rate = Param{Name: "rate", Value: rate, SE: math.Sqrt(float64(n)) / totalExp * 3600}
		// χ² test: counts per interval against exposure × the constant rate.
		x2, df := 0.0, -1
		for k, c := range counts {
			if d.Exposure[k] == 0 {
				continue
			}
			e := float64(n) * d.Exposure[k] / totalExp
			df++
			if e > 0 {
				x2 += (float64(c) - e) * (float64(c) - e) / e
			}
		}
		a.HomogeneityP = 1
		if df > 0 {
			a.HomogeneityP = 1 - distuv.ChiSquared{K: float64(df)}.CDF(x2)
		}
		a.Constant = a.HomogeneityP >= 0.01
		for k, c := range counts {
			pt := RatePoint{At: time.Duration(k) * d.Interval, N: c}
			if e := d.Exposure[k]; e > 0 {
				pt.RatePerHour = float64(c) / e * 3600
				pt.SE = math.Sqrt(float64(c)) / e * 3600
			}
			a.Profile = append(a.Profile, pt)
		}
		if !a.Constant {
			r.fitDays(d, &a)
		}
		a.Intents = shares(d.Intents[ch])
		a.Languages = shares(d.Languages[ch])
		a.Tiers = shares(d.Tiers[ch])
		r.Arrivals = append(r.Arrivals, a)
	}
}

// shares returns the categories' shares, largest first (ties by name).
// dayGroups are the profiles by weekday compared with one daily profile: the
// scenario format's day names, Monday first.
var dayGroups = map[string][][]int{
	"daily":           {{0, 1, 2, 3, 4, 5, 6}},
	"weekday/weekend": {{0, 1, 2, 3, 4}, {5, 6}},
	"per weekday":     {{0}, {1}, {2}, {3}, {4}, {5}, {6}},
}

var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func groupName(g []int) string {
	switch len(g) {
	case 5:
		return "mon-fri"
	case 2:
		return "weekends"
	}
	return dayNames[g[0]]
}

// fitDays chooses, by the Poisson AIC of the counts per weekday × interval,
// among one profile for every day, one for weekdays and one for weekends, and
// one per weekday; a log without every weekday keeps the daily profile.
func (r *Result) fitDays(d *Data, a *ArrivalFit) {
	n := len(d.Exposure)
	counts := d.WeekArrivals[a.Channel]
	for wd := 0; wd < 7; wd++ {
		var e float64
		for k := 0; k < n; k++ {
			e += d.WeekExposure[wd*n+k]
		}
		if e == 0 {
			r.skip("arrivals by weekday ("+a.Channel+")", "the log does not cover every weekday: one daily profile")
			return
		}
	}
	a.DaysAIC = map[string]float64{}
	best, bestAIC := "", math.Inf(1)
	for _, model := range []string{"daily", "weekday/weekend", "per weekday"} {
		var ll float64
		var params int
		for _, g := range dayGroups[model] {
			for k := 0; k < n; k++ {
				var c int64
				var e float64
				for _, wd := range g {
					c += counts[wd*n+k]
					e += d.WeekExposure[wd*n+k]
				}
				if e == 0 {
					continue
				}
				params++
				if c > 0 { // Σ c log(c/e) − c at the MLE rate c/e
					ll += float64(c)*math.Log(float64(c)/e) - float64(c)
				}
			}
		}
		aic := 2*float64(params) - 2*ll
		a.DaysAIC[model] = aic
		if aic < bestAIC {
			best, bestAIC = model, aic
		}
	}
	if best == "daily" {
		return
	}
	for _, g := range dayGroups[best] {
		dp := DayProfile{Days: groupName(g)}
		for k := 0; k < n; k++ {
			var c int64
			var e float64
			for _, wd := range g {
				c += counts[wd*n+k]
				e += d.WeekExposure[wd*n+k]
			}
			pt := RatePoint{At: time.Duration(k) * d.Interval, N: c}
			if e > 0 {
				pt.RatePerHour = float64(c) / e * 3600
				pt.SE = math.Sqrt(float64(c)) / e * 3600
			}
			dp.Profile = append(dp.Profile, pt)
		}
		a.Days = append(a.Days, dp)
	}
}

// fitTrend regresses the new conversations of the log's whole days on the day
// (least squares with a level per weekday), as a relative change per week; reported, not modelled: the
// scenario's rates are the log's means.
func (r *Result) fitTrend(d *Data) {
	if len(d.Daily) == 0 {
		return
	}
	var first, last int64 = math.MaxInt64, math.MinInt64
	for day := range d.Daily {
		first, last = min(first, day), max(last, day)
	}
	// The first and last days are partial; the days between are whole.
	var xs, ys []float64
	for day := first + 1; day < last; day++ {
		xs = append(xs, float64(day-first))
		ys = append(ys, float64(d.Daily[day]))
	}
	if len(xs) < 14 {
		r.skip("arrivals trend", fmt.Sprintf("%d whole days: fewer than 14 to estimate a trend over weeks", len(xs)))
		return
	}
	// Least squares with a level per weekday (weekly seasonality is not trend):
	// x and y centred within their weekday.
	var sx, sy, cnt [7]float64
	for i := range xs {
		w := weekdayOf(first + int64(xs[i]))
		sx[w] += xs[i]
		sy[w] += ys[i]
		cnt[w]++
	}
	my := mean(ys)
	var sxx, sxy float64
	cx, cy := make([]float64, len(xs)), make([]float64, len(xs))
	for i := range xs {
		w := weekdayOf(first + int64(xs[i]))
		cx[i], cy[i] = xs[i]-sx[w]/cnt[w], ys[i]-sy[w]/cnt[w]
		sxx += cx[i] * cx[i]
		sxy += cx[i] * cy[i]
	}
	slope := sxy / sxx
	var rss float64
	for i := range xs {
		res := cy[i] - slope*cx[i]
		rss += res * res
	}
	se := math.Sqrt(rss / float64(len(xs)-8) / sxx)
	r.Trend = &Trend{PerWeek: 7 * slope / my, SE: 7 * se / my, Days: len(xs)}
	r.skip("arrivals trend", fmt.Sprintf("%+.1f %% per week ± %.1f (95 %%) over %d whole days: reported, not modelled (the rates written are the log's means)",
		100*r.Trend.PerWeek, 196*r.Trend.SE, r.Trend.Days))
}

// fitTransfers measures the transfers per intent; writeTransfers decides
// which are written, once the written scenario's queues are known.
func (r *Result) fitTransfers(d *Data) {
	intents := make([]string, 0, len(d.Transfers))
	for in := range d.Transfers {
		intents = append(intents, in)
	}
	sort.Strings(intents)
	for _, in := range intents {
		var n int64
		for _, k := range d.Transfers[in] {
			n += k
		}
		name := in
		if name == "" {
			name = "(no intent)"
		}
		r.Transfers = append(r.Transfers, TransferFit{Intent: name, Share: share(name, n, max(n, d.AcceptedByIntent[in])),
			PerReply: share(name, n, max(n, d.TransferDraws[in])), To: shares(d.Transfers[in])})
	}
}

// writeTransfers writes, for each intent, a routing.transfers rule to the main
// destination among the written scenario's queues (the simulator takes one
// rule per intent: its last, sim/replication.go), with the probability a
// draw transfers there (transfers to it ÷ draws: the per-reply probability
// split by destination share), so that the simulator's draw reproduces the
// measured rate. Its notes go where fitTransfers' measurements were noted
// (at), saying what was dropped: transfers to a queue the scenario lacks
// (one queue only, when the log's agents form one group), to a second
// destination, or of conversations without an intent.
func (r *Result) writeTransfers(d *Data, at int) {
	queues := map[string]bool{}
	for _, q := range r.Queues {
		queues[q.Name] = true
	}
	var notes []Note
	if len(queues) == 0 {
		var parts []string
		for _, t := range r.Transfers {
			parts = append(parts, fmt.Sprintf("%s %.3f ± %.3f of the accepted, %.3f ± %.3f a reply", t.Intent, t.Share.Value, 1.96*t.Share.SE, t.PerReply.Value, 1.96*t.PerReply.SE))
		}
		notes = append(notes, Note{"routing.transfers", "measured per intent (" + strings.Join(parts, "; ") + "; the probability a reply is routing.transfers' probability), not written: a transfer names a destination queue and the written scenario has one queue"})
	}
	for i := range r.Transfers {
		if len(queues) == 0 {
			break
		}
		t := &r.Transfers[i]
		in := t.Intent
		if in == "(no intent)" {
			in = ""
		}
		var dropped []string
		for _, to := range t.To {
			pq := share(t.Intent, to.N, max(to.N, d.TransferDraws[in]))
			what := fmt.Sprintf("to %s %.4f ± %.4f a reply (%d transferred)", to.Name, pq.Value, 1.96*pq.SE, to.N)
			switch {
			case in == "":
				dropped = append(dropped, what+": a transfer rule names an intent")
			case !queues[to.Name]:
				dropped = append(dropped, what+": the written scenario has no queue "+to.Name+" (no agent group accepted from it)")
			case t.Written != nil:
				dropped = append(dropped, what+": the scenario format takes one destination per intent, the main one ("+t.Written.To+") is written")
			default:
				t.Written = &TransferRule{To: to.Name, Probability: pq}
			}
		}
		if len(dropped) > 0 {
			notes = append(notes, Note{"routing.transfers (" + t.Intent + ")", "not written: " + strings.Join(dropped, "; ")})
		}
	}
	// A queue no conversation was first routed to takes no channel: only a
	// written transfer reaches it, and without one it is not written.
	target := map[string]bool{}
	for _, t := range r.Transfers {
		if t.Written != nil {
			target[t.Written.To] = true
		}
	}
	var kept []QueueFit
	for _, q := range r.Queues {
		if len(q.Channels) == 0 && !target[q.Name] {
			notes = append(notes, Note{"routing.queues (" + q.Name + ")", "not written: no conversation was first routed to it and no transfer written reaches it"})
			continue
		}
		kept = append(kept, q)
	}
	r.Queues = kept
	if len(notes) > 0 {
		r.NotFitted = append(r.NotFitted[:at], append(notes, r.NotFitted[at:]...)...)
	}
}

func shares(m map[string]int64) []Share {
	var n int64
	for _, c := range m {
		n += c
	}
	var out []Share
	for name, c := range m {
		p := float64(c) / float64(n)
		out = append(out, Share{Name: name, Value: p, SE: math.Sqrt(p * (1 - p) / float64(n)), N: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func share(name string, k, n int64) Share {
	p := float64(k) / float64(n)
	return Share{Name: name, Value: p, SE: math.Sqrt(p * (1 - p) / float64(n)), N: k}
}

func (r *Result) fitBot(d *Data, min int) {
	if d.BotEntered == 0 {
		return
	}
	b := &BotFit{Entered: d.BotEntered, AskAgent: share("ask_agent", d.BotAsked, d.BotEntered),
		Contained: share("containment", d.BotOK, d.BotEntered)}
	lowest := math.Inf(1)
	for _, cs := range d.BotTryConf {
		for _, c := range cs {
			lowest = math.Min(lowest, c)
		}
	}
	// c < threshold hands off: the threshold lies between the highest
	// low-confidence hand-off and the lowest confidence the bot went on with.
	switch {
	case math.IsInf(lowest, 1) && math.IsInf(d.BotLowMax, -1):
		b.Threshold = Param{Name: "threshold", Value: 0.7, SE: math.NaN()}
		r.skip("bot.threshold", "no confidences in the log; the format's usual 0.7 is written")
	case math.IsInf(lowest, 1):
		b.Threshold = Param{Name: "threshold", Value: math.Min(1, d.BotLowMax), SE: math.NaN()}
	case math.IsInf(d.BotLowMax, -1):
		b.Threshold = Param{Name: "threshold", Value: lowest, SE: math.NaN()}
	default:
		b.Threshold = Param{Name: "threshold", Value: (d.BotLowMax + lowest) / 2, SE: (lowest - d.BotLowMax) / 2 / 1.96}
	}
	if len(d.BotLatency) >= 2 {
		if l, ok := FitTime(d.BotLatency, nil); ok {
			b.Latency = &l
		}
	}
	intents := make([]string, 0, len(d.BotConf))
	for in := range d.BotConf {
		intents = append(intents, in)
	}
	sort.Strings(intents)
	for _, in := range intents {
		cs := d.BotConf[in]
		if len(cs) < min {
			r.skip("bot.intents."+in, enough(len(cs), min, "confidences"))
			continue
		}
		bi := BotIntent{Intent: in, Tried: len(d.BotTryConf[in])}
		conf, ok := fitBeta(cs)
		if !ok {
			r.skip("bot.intents."+in+".confidence", "the beta fit did not converge")
			continue
		}
		bi.Confidence = conf
		bi.Resolvable = fitResolvable(d.BotTryConf[in], d.BotTryResolved[in])
		r.Bot = b
		b.Intents = append(b.Intents, bi)
	}
	r.Bot = b
	r.skip("bot.max_turns", "bot turns are not in the log; the format's default (3) applies")
}

// fitBeta fits a beta distribution to values in (0, 1) by maximum likelihood.
func fitBeta(xs []float64) (Dist, bool) {
	var in []float64
	for _, x := range xs {
		if x > 0 && x < 1 {
			in = append(in, x)
		}
	}
	if len(in) < 2 {
		return Dist{}, false
	}
	m, s := meanSD(in)
	common := math.Max(m*(1-m)/(s*s)-1, 0.1)
	f := func(p []float64) float64 {
		if !(p[0] > 0 && p[1] > 0) {
			return math.Inf(1)
		}
		d := distuv.Beta{Alpha: p[0], Beta: p[1]}
		ll := 0.0
		for _, x := range in {
			ll += d.LogProb(x)
		}
		return -ll
	}
	p, ok := minimizeLog(f, []float64{m * common, (1 - m) * common})
	if !ok {
		return Dist{}, false
	}
	se := standardErrors(f, p)
	ll := -f(p)
	d := Dist{Family: "beta", N: len(in), LogLik: ll, AIC: 4 - 2*ll,
		Params: []Param{{Name: "alpha", Value: p[0], SE: se[0]}, {Name: "beta", Value: p[1], SE: se[1]}}}
	d.KS = ksDistance(distuv.Beta{Alpha: p[0], Beta: p[1]}.CDF, in, nil)
	return d, true
}

// fitResolvable fits r in P(resolved | c) = r × c, the format's calibrated bot,
// by maximum likelihood over the conversations the bot went on with.
func fitResolvable(conf []float64, resolved []bool) Param {
	if len(conf) == 0 {
		return Param{Name: "resolvable", Value: math.NaN(), SE: math.NaN()}
	}
	cmax := 0.0
	for _, c := range conf {
		cmax = math.Max(cmax, c)
	}
	f := func(p []float64) float64 {
		r := p[0]
		if !(r > 0) || r*cmax >= 1 {
			return math.Inf(1)
		}
		ll := 0.0
		for i, c := range conf {
			if resolved[i] {
				ll += math.Log(r * c)
			} else {
				ll += math.Log1p(-r * c)
			}
		}
		return -ll
	}
	// One parameter on (0, 1/cmax): golden-section search on the concave log-likelihood.
	lo, hi := 1e-9, (1/cmax)*(1-1e-12)
	for i := 0; i < 200; i++ {
		a, b := lo+(hi-lo)*0.382, lo+(hi-lo)*0.618
		if f([]float64{a}) < f([]float64{b}) {
			hi = b
		} else {
			lo = a
		}
	}
	p := []float64{(lo + hi) / 2}
	se := standardErrors(f, p)
	return Param{Name: "resolvable", Value: p[0], SE: se[0]}
}

func (r *Result) fitAgents(d *Data) {
	r.Concurrency = max(1, d.MaxHeld)
	r.Schedule = schedule(d, d.OnlineSeconds)
}

// schedule is the mean agents online per interval of the day, rounded, as
// steps where the rounded count changes.
func schedule(d *Data, online []float64) []ScheduleStep {
	var out []ScheduleStep
	prev := -1
	for k, s := range online {
		e := d.Exposure[k]
		if e == 0 {
			continue
		}
		mean := s / e
		c := int(math.Round(mean))
		if c != prev {
			out = append(out, ScheduleStep{At: time.Duration(k) * d.Interval, Count: c, Mean: mean})
			prev = c
		}
	}
	return out
}

// fitGroups writes the log's agent groups when there are several: each routed
// on the intents of its queues (the rules send each intent to the queue most
// of its conversations were first routed to), with its own schedule and
// concurrency. A log whose intents do not tell the queues apart keeps one
// group, noted.
func (r *Result) fitGroups(d *Data) {
	if len(d.Groups) < 2 {
		return
	}
	queueGroup := map[string]int{}
	for k, g := range d.Groups {
		for _, q := range g.Queues {
			queueGroup[q] = k
		}
	}
	intents := make([]string, 0, len(d.IntentQueues))
	for in := range d.IntentQueues {
		intents = append(intents, in)
	}
	sort.Strings(intents)
	skills := make([]map[string]bool, len(d.Groups))
	for k := range skills {
		skills[k] = map[string]bool{}
	}
	var rules []RuleFit
	var split []string
	for _, in := range intents {
		if in == "" {
			r.skip("agent groups", fmt.Sprintf("%d agents in %d groups by their queues, written as one: conversations without an intent reach the queues, and the scenario format routes to a group by intent", d.Agents, len(d.Groups)))
			return
		}
		sh := shares(d.IntentQueues[in])
		top := sh[0]
		k, ok := queueGroup[top.Name]
		if !ok {
			continue // a queue no agent accepted from: the intent goes to its channel's first queue
		}
		if top.Value < 1 {
			split = append(split, fmt.Sprintf("%s %.3f to %s", in, top.Value, top.Name))
		}
		rules = append(rules, RuleFit{Intent: in, Queue: top.Name, Share: top.Value})
		skills[k][in] = true
	}
	for k, g := range d.Groups {
		if len(skills[k]) == 0 {
			r.skip("agent groups", fmt.Sprintf("%d agents in %d groups by their queues, written as one: the agents of %s take no intent's conversations most of the time, and the scenario format routes to a group by intent", d.Agents, len(d.Groups), strings.Join(g.Queues, ", ")))
			return
		}
	}
	r.Rules = rules
	// Every queue written, with the channels routed to it; an arrival channel
	// no queue took goes to the first.
	var qs []string
	for q := range queueGroup {
		qs = append(qs, q)
	}
	sort.Strings(qs)
	taken := map[string]bool{}
	for _, q := range qs {
		qf := QueueFit{Name: q}
		for ch := range d.QueueChannels[q] {
			if ch != "" {
				qf.Channels = append(qf.Channels, ch)
				taken[ch] = true
			}
		}
		sort.Strings(qf.Channels)
		r.Queues = append(r.Queues, qf)
	}
	for _, a := range r.Arrivals {
		if !taken[a.Channel] {
			r.Queues[0].Channels = append(r.Queues[0].Channels, a.Channel)
		}
	}
	for k, g := range d.Groups {
		gf := GroupFit{Name: strings.Join(g.Queues, "+"), Agents: len(g.Agents), Queues: g.Queues, Concurrency: max(1, g.MaxHeld)}
		for in := range skills[k] {
			gf.Intents = append(gf.Intents, in)
		}
		sort.Strings(gf.Intents)
		if g.Presence {
			gf.Schedule = schedule(d, g.OnlineSeconds)
		}
		r.Groups = append(r.Groups, gf)
	}
	note := fmt.Sprintf("%d agent groups by the queues their agents accepted from (%s), each routed on the intents of its queues", len(r.Groups), groupList(r.Groups))
	if d.NoQueueAgents > 0 {
		note += fmt.Sprintf("; %d agents never seen accepting are counted in the largest group", d.NoQueueAgents)
	}
	if len(split) > 0 {
		note += "; intents not all routed to one queue, written to their most usual: " + strings.Join(split, ", ")
	}
	note += "; response_time and concurrency_penalty are fitted on every group's replies together"
	r.skip("agent groups", note)
}

func groupList(gs []GroupFit) string {
	var s []string
	for _, g := range gs {
		s = append(s, fmt.Sprintf("%s: %d agents", g.Name, g.Agents))
	}
	return strings.Join(s, ", ")
}

// fitPenalty fits reply time = base × (1 + penalty × (open − 1)) with a
// lognormal base by maximum likelihood: for a given penalty the base's
// parameters are those of the logs of the reply times divided by the factor, so
// the likelihood is profiled over the penalty alone (golden section on [0, 2]).
func fitPenalty(rt, open []float64) (Param, Dist, bool) {
	if len(rt) != len(open) || len(rt) < 10 {
		return Param{}, Dist{}, false
	}
	varies := false
	for _, k := range open {
		varies = varies || k != open[0]
	}
	if !varies {
		return Param{}, Dist{}, false
	}
	nll := func(q []float64) float64 { // q = (median, sigma, penalty)
		if !(q[0] > 0 && q[1] > 0 && q[2] >= 0) {
			return math.Inf(1)
		}
		mu, s := math.Log(q[0]), q[1]
		ll := 0.0
		for i, x := range rt {
			if x <= 0 {
				continue
			}
			z := (math.Log(x/(1+q[2]*(open[i]-1))) - mu) / s
			ll += -0.5*z*z - math.Log(s) - math.Log(x)
		}
		return -ll
	}
	profile := func(pen float64) (float64, float64, float64) {
		var s1, s2, n float64
		for i, x := range rt {
			if x <= 0 {
				continue
			}
			y := math.Log(x / (1 + pen*(open[i]-1)))
			s1 += y
			s2 += y * y
			n++
		}
		mu := s1 / n
		sd := math.Sqrt(math.Max(s2/n-mu*mu, 1e-12))
		return math.Exp(mu), sd, nll([]float64{math.Exp(mu), sd, pen})
	}
	lo, hi := 0.0, 2.0
	for i := 0; i < 100; i++ {
		a, b := lo+(hi-lo)*0.382, lo+(hi-lo)*0.618
		_, _, fa := profile(a)
		_, _, fb := profile(b)
		if fa < fb {
			hi = b
		} else {
			lo = a
		}
	}
	pen := (lo + hi) / 2
	med, sd, f := profile(pen)
	se := standardErrors(nll, []float64{med, sd, math.Max(pen, 1e-6)})
	base := Dist{Family: "lognormal", N: len(rt), LogLik: -f, AIC: 6 + 2*f,
		Params: []Param{{Name: "median", Value: med, SE: se[0], Seconds: true}, {Name: "sigma", Value: sd, SE: se[1]}}}
	adj := make([]float64, 0, len(rt))
	for i, x := range rt {
		if x > 0 {
			adj = append(adj, x/(1+pen*(open[i]-1)))
		}
	}
	base.KS = ksDistance(distuv.LogNormal{Mu: math.Log(med), Sigma: sd}.CDF, adj, nil)
	return Param{Name: "concurrency_penalty", Value: pen, SE: se[2]}, base, true
}

// thinned returns d with its samples thinned to MaxSample each (see thin),
// noting which were.
func thinned(d *Data, r *Result) *Data {
	t := *d
	var did []string
	note := func(what string, ok bool) {
		if ok {
			did = append(did, what)
		}
	}
	var ok bool
	t.Pauses, t.PauseCens, ok = thinPair(d.Pauses, d.PauseCens, 1)
	note("pause", ok)
	t.Patience, t.PatCens, ok = thinPair(d.Patience, d.PatCens, 2)
	note("patience", ok)
	t.Response, _, ok = thinPair(d.Response, nil, 3)
	if ok { // the reply times and their open counts together
		keep := thin(len(d.Response), 3)
		t.ResponseOpen = t.ResponseOpen[:0:0]
		for i := range d.Response {
			if keep(i) {
				t.ResponseOpen = append(t.ResponseOpen, d.ResponseOpen[i])
			}
		}
	}
	note("response_time", ok)
	t.BotLatency, _, ok = thinPair(d.BotLatency, nil, 4)
	note("bot latency", ok)
	for _, w := range did {
		r.skip(w+" (thinned)", fmt.Sprintf("fitted on a random %d of its observations (fixed seed); n and the intervals are the sample's", MaxSample))
	}
	return &t
}
