package loadtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Threshold is a pass/fail condition on a report, written as METRIC OP VALUE:
//
//	p99<50ms            latency of all steps (p50, p90, p99, max)
//	message.p99<20ms    latency of one step (message, bot, poll, accept, reply, close, follow_up)
//	lag.p99<5ms         generator lag
//	errors<0.1%         failed requests ÷ requests (also errors<0.001)
//	lost=0  duplicated=0  pending=0
//	rate>=0.98          achieved ÷ target arrival rate
//	checks=0            failed routing checks (window and sticky)
//	unfinished=0  failed=0   conversations
//
// OP is <, <=, >, >=, = (or ==) or !=. Durations take us, ms or s; shares a % sign.
type Threshold struct {
	Text   string
	Metric string
	Op     string
	Value  float64 // ms for latencies, a fraction for shares, a count otherwise
}

// ThresholdResult is a threshold evaluated on a report.
type ThresholdResult struct {
	Threshold string `json:"threshold"`
	Actual    string `json:"actual"`
	Pass      bool   `json:"pass"`
	// Implied: not asked for, every run has it (ApplyThresholds).
	Implied bool `json:"implied,omitempty"`
}

var ops = []string{"<=", ">=", "==", "!=", "<", ">", "="}

// ParseThreshold parses one threshold.
func ParseThreshold(s string) (Threshold, error) {
	text := strings.TrimSpace(s)
	for _, op := range ops {
		i := strings.Index(text, op)
		if i <= 0 {
			continue
		}
		t := Threshold{Text: text, Metric: strings.TrimSpace(text[:i]), Op: op}
		if op == "==" {
			t.Op = "="
		}
		raw := strings.TrimSpace(text[i+len(op):])
		kind, err := metricKind(t.Metric)
		if err != nil {
			return t, fmt.Errorf("threshold %q: %w", s, err)
		}
		if t.Value, err = parseValue(raw, kind); err != nil {
			return t, fmt.Errorf("threshold %q: %w", s, err)
		}
		return t, nil
	}
	return Threshold{}, fmt.Errorf("threshold %q: want METRIC OP VALUE, e.g. p99<50ms, errors<0.1%%, lost=0", s)
}

type valueKind uint8

const (
	kindLatency valueKind = iota
	kindShare
	kindCount
)

var percentileNames = []string{"p50", "p90", "p99", "max"}

func metricKind(m string) (valueKind, error) {
	switch m {
	case "errors", "rate":
		return kindShare, nil
	case "lost", "duplicated", "pending", "checks", "unfinished", "failed":
		return kindCount, nil
	}
	step, p, ok := strings.Cut(m, ".")
	if !ok {
		step, p = "all", m
	}
	okP := false
	for _, n := range percentileNames {
		okP = okP || n == p
	}
	okS := step == "all" || step == "lag" || stepOrder(step) < len(stepNames)
	if !okP || !okS {
		return 0, fmt.Errorf("unknown metric %q (want p50|p90|p99|max, STEP.p99 with STEP one of %s, lag.p99, errors, rate, lost, duplicated, pending, checks, unfinished, failed)",
			m, strings.Join(stepNames[:], ", "))
	}
	return kindLatency, nil
}

func parseValue(raw string, kind valueKind) (float64, error) {
	switch kind {
	case kindLatency:
		if v, err := strconv.ParseFloat(raw, 64); err == nil {
			return v, nil // plain number: milliseconds
		}
		d, err := time.ParseDuration(raw)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration (50ms, 1.5s)", raw)
		}
		return float64(d) / 1e6, nil
	case kindShare:
		if p, ok := strings.CutSuffix(raw, "%"); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return 0, fmt.Errorf("%q is not a percentage", raw)
			}
			return v / 100, nil
		}
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", raw)
	}
	return v, nil
}

// actual is the metric's value in the report, and how to print it.
func (t Threshold) actual(r *Report) (float64, string) {
	switch t.Metric {
	case "errors":
		return r.ErrorRate, fmt.Sprintf("%.3f%%", 100*r.ErrorRate)
	case "rate":
		v := r.RateAchieved / max(r.RateTarget, 1e-12)
		return v, fmt.Sprintf("%.2f%%", 100*v)
	case "lost":
		return float64(r.Audit.Lost), strconv.Itoa(r.Audit.Lost)
	case "duplicated":
		return float64(r.Audit.Duplicated), strconv.Itoa(r.Audit.Duplicated)
	case "pending":
		return float64(r.Audit.Pending), strconv.Itoa(r.Audit.Pending)
	case "checks":
		n := r.Checks.Window.Failed + r.Checks.Sticky.Failed
		return float64(n), strconv.Itoa(n)
	case "unfinished":
		return float64(r.Conversations.Unfinished), strconv.Itoa(r.Conversations.Unfinished)
	case "failed":
		return float64(r.Conversations.Failed), strconv.Itoa(r.Conversations.Failed)
	}
	step, p, ok := strings.Cut(t.Metric, ".")
	if !ok {
		step, p = "all", t.Metric
	}
	pc := r.Latency[step]
	if step == "lag" {
		pc = r.Lag
	}
	v := map[string]float64{"p50": pc.P50, "p90": pc.P90, "p99": pc.P99, "max": pc.Max}[p]
	return v, msDuration(v)
}

// Evaluate checks the threshold on a report.
func (t Threshold) Evaluate(r *Report) ThresholdResult {
	v, shown := t.actual(r)
	pass := false
	switch t.Op {
	case "<":
		pass = v < t.Value
	case "<=":
		pass = v <= t.Value
	case ">":
		pass = v > t.Value
	case ">=":
		pass = v >= t.Value
	case "=":
		pass = v == t.Value
	case "!=":
		pass = v != t.Value
	}
	// An audit that did not happen cannot pass a condition on its counts.
	if !r.Audit.Audited && (t.Metric == "lost" || t.Metric == "duplicated" || t.Metric == "pending") {
		pass, shown = false, "not audited"
	}
	return ThresholdResult{Threshold: t.Text, Actual: shown, Pass: pass}
}

// Implied thresholds hold for every run, with or without --threshold: a run in
// which every request failed (or none was answered) failed, and so did a run
// that did not finish — conversations still unfinished when the drain time was
// over (or the run was interrupted) are steps never measured, so the latencies
// and checks of such a run do not describe the traffic asked for. A threshold of
// one's own on unfinished (unfinished<=5) replaces the implied unfinished=0.
var (
	impliedErrors     = Threshold{Text: "errors<100%", Metric: "errors", Op: "<", Value: 1}
	impliedUnfinished = Threshold{Text: "unfinished=0", Metric: "unfinished", Op: "=", Value: 0}
)

// ApplyThresholds evaluates thresholds, and the implied ones, and records the
// results in the report.
func (r *Report) ApplyThresholds(ts []Threshold) {
	r.Thresholds = r.Thresholds[:0]
	ownUnfinished := false
	for _, t := range ts {
		r.Thresholds = append(r.Thresholds, t.Evaluate(r))
		ownUnfinished = ownUnfinished || t.Metric == "unfinished"
	}
	implied := []Threshold{impliedErrors}
	if !ownUnfinished {
		implied = append(implied, impliedUnfinished)
	}
	for _, t := range implied {
		res := t.Evaluate(r)
		res.Implied = true
		if t.Metric == "errors" && r.Requests == 0 {
			res.Pass, res.Actual = false, "no request answered"
		}
		r.Thresholds = append(r.Thresholds, res)
	}
}
