package loadtest

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Report is the outcome of a load test (or of several shards, merged). Its JSON
// keeps the HDR histograms, so that shard reports merge into exactly the report
// one machine would have made (Merge), not into averaged percentiles.
type Report struct {
	Target string `json:"target"`
	Shards int    `json:"shards"` // shards merged into this report
	// RateTarget is the conversation arrival rate asked of this report's shards,
	// RateAchieved the rate at which conversations actually started (their first
	// message sent): one over the slope of the start times against their order
	// (least squares), per second.
	RateTarget   float64 `json:"rate_target"`
	RateAchieved float64 `json:"rate_achieved"`
	Duration     float64 `json:"duration_seconds"`
	Elapsed      float64 `json:"elapsed_seconds"`
	TimeScale    float64 `json:"time_scale"`

	Conversations struct {
		Started    int `json:"started"`
		Completed  int `json:"completed"`
		Failed     int `json:"failed"`
		Unfinished int `json:"unfinished"`
	} `json:"conversations"`

	Requests       int            `json:"requests"`
	StepsPerSecond float64        `json:"steps_per_second"`
	Retries        int            `json:"retries"`
	Errors         int            `json:"errors"`
	ErrorRate      float64        `json:"error_rate"`
	Codes          map[string]int `json:"status_codes"` // "0": no answer (connection error, timeout)

	Latency map[string]Percentiles `json:"latency"` // per step, and "all"
	// LatencyEstimator says how Latency was computed: "vegeta" (vegeta's own
	// estimator over this run's results, the numbers `vegeta report` prints on
	// the results file) or "hdr_histograms" (merged shards).
	LatencyEstimator string      `json:"latency_estimator"`
	Lag              Percentiles `json:"generator_lag"`

	Checks struct {
		Window Check `json:"window"`
		Sticky Check `json:"sticky"`
	} `json:"checks"`
	Audit Audit `json:"audit"`

	Valid      bool              `json:"valid"`
	Invalid    string            `json:"invalid,omitempty"`
	MaxLag     float64           `json:"max_lag_ms"`
	Thresholds []ThresholdResult `json:"thresholds,omitempty"`
	ErrorNotes []string          `json:"error_notes,omitempty"` // the first few, for diagnosis
	CheckNotes []string          `json:"check_notes,omitempty"`

	Histograms map[string]*hdrhistogram.Snapshot `json:"histograms"`

	starts startFit
}

// startFit fits a line through the conversations' start times against their
// order: the achieved rate is one over its slope. Unlike counting starts in the
// window, a single late start at the end (a scheduling hiccup) moves it little;
// a generator that falls behind for good lowers it.
type startFit struct {
	n                float64
	si, st, sii, sit float64
}

func (f *startFit) add(t float64) {
	i := f.n
	f.n++
	f.si += i
	f.st += t
	f.sii += i * i
	f.sit += i * t
}

func (f *startFit) rate() float64 {
	if f.n < 2 {
		return 0
	}
	slope := (f.n*f.sit - f.si*f.st) / (f.n*f.sii - f.si*f.si)
	if !(slope > 0) {
		return 0
	}
	return 1 / slope
}

// Percentiles of a latency, in milliseconds.
type Percentiles struct {
	Count int64   `json:"count"`
	P50   float64 `json:"p50_ms"`
	P90   float64 `json:"p90_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

// Check counts a routing check.
type Check struct {
	Checked int `json:"checked"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped,omitempty"`
}

// Audit is the end-of-run comparison of acknowledged and delivered messages.
type Audit struct {
	Audited      bool     `json:"audited"`
	Reason       string   `json:"reason,omitempty"` // why not audited
	Acknowledged int      `json:"acknowledged"`
	Delivered    int      `json:"delivered"`  // acknowledged and delivered exactly once
	Lost         int      `json:"lost"`       // acknowledged, unknown to the target or never delivered though its conversation moved on
	Duplicated   int      `json:"duplicated"` // delivered more than once
	Pending      int      `json:"pending"`    // known, not delivered yet: its conversation still waits (the run ended)
	LostIDs      []string `json:"lost_ids,omitempty"`
	DupIDs       []string `json:"duplicated_ids,omitempty"`
}

const maxNotes = 10

func newReport(cfg Config) *Report {
	return &Report{
		Target: cfg.Target, Shards: 1, RateTarget: cfg.Rate / float64(cfg.Shards), Duration: cfg.Duration.Seconds(),
		TimeScale: cfg.TimeScale, Codes: map[string]int{}, MaxLag: float64(cfg.MaxLag) / 1e6,
	}
}

func (r *Report) noteError(s string) {
	if len(r.ErrorNotes) < maxNotes {
		r.ErrorNotes = append(r.ErrorNotes, s)
	}
}

func (r *Report) noteCheck(s string) {
	if len(r.CheckNotes) < maxNotes {
		r.CheckNotes = append(r.CheckNotes, s)
	}
}

func percentiles(s *hdrhistogram.Snapshot) Percentiles {
	if s == nil {
		return Percentiles{}
	}
	h := hdrhistogram.Import(s)
	ms := func(us int64) float64 { return float64(us) / 1000 }
	return Percentiles{Count: h.TotalCount(), P50: ms(h.ValueAtQuantile(50)), P90: ms(h.ValueAtQuantile(90)),
		P99: ms(h.ValueAtQuantile(99)), Max: ms(h.Max())}
}

// compute derives the rates and percentiles from the counts and histograms.
func (r *Report) compute() {
	if r.Elapsed > 0 {
		r.StepsPerSecond = float64(r.Requests) / r.Elapsed
	}
	r.ErrorRate = 0
	if r.Requests > 0 {
		r.ErrorRate = float64(r.Errors) / float64(r.Requests)
	}
	if r.Latency == nil {
		r.Latency = map[string]Percentiles{}
		for k, s := range r.Histograms {
			if k != "lag" {
				r.Latency[k] = percentiles(s)
			}
		}
		r.LatencyEstimator = estimatorHDR
	}
	r.Lag = percentiles(r.Histograms["lag"])
	r.Valid, r.Invalid = true, ""
	if r.Lag.Count > 0 && r.Lag.P99 > r.MaxLag {
		r.Valid = false
		r.Invalid = fmt.Sprintf("generator lag p99 %.2f ms > %.2f ms: the load generator could not keep the schedule (coordinated omission); lower the rate or add shards", r.Lag.P99, r.MaxLag)
	}
}

// Merge combines shard reports into one: counts add up, histograms merge.
func Merge(reps []*Report) (*Report, error) {
	if len(reps) == 0 {
		return nil, fmt.Errorf("no reports to merge")
	}
	out := &Report{Target: reps[0].Target, Codes: map[string]int{}, Histograms: map[string]*hdrhistogram.Snapshot{},
		TimeScale: reps[0].TimeScale, MaxLag: reps[0].MaxLag}
	hists := map[string]*hdrhistogram.Histogram{}
	out.Audit.Audited = true
	for _, r := range reps {
		out.Shards += r.Shards
		out.RateTarget += r.RateTarget
		out.RateAchieved += r.RateAchieved
		out.Duration = max(out.Duration, r.Duration)
		out.Elapsed = max(out.Elapsed, r.Elapsed)
		out.MaxLag = min(out.MaxLag, r.MaxLag)
		out.Conversations.Started += r.Conversations.Started
		out.Conversations.Completed += r.Conversations.Completed
		out.Conversations.Failed += r.Conversations.Failed
		out.Conversations.Unfinished += r.Conversations.Unfinished
		out.Requests += r.Requests
		out.Retries += r.Retries
		out.Errors += r.Errors
		for k, v := range r.Codes {
			out.Codes[k] += v
		}
		out.Checks.Window.add(r.Checks.Window)
		out.Checks.Sticky.add(r.Checks.Sticky)
		a := &out.Audit
		a.Audited = a.Audited && r.Audit.Audited
		if !r.Audit.Audited && a.Reason == "" {
			a.Reason = r.Audit.Reason
		}
		a.Acknowledged += r.Audit.Acknowledged
		a.Delivered += r.Audit.Delivered
		a.Lost += r.Audit.Lost
		a.Duplicated += r.Audit.Duplicated
		a.Pending += r.Audit.Pending
		a.LostIDs = appendMax(a.LostIDs, r.Audit.LostIDs)
		a.DupIDs = appendMax(a.DupIDs, r.Audit.DupIDs)
		out.ErrorNotes = appendMax(out.ErrorNotes, r.ErrorNotes)
		out.CheckNotes = appendMax(out.CheckNotes, r.CheckNotes)
		for k, s := range r.Histograms {
			h := hdrhistogram.Import(s)
			if hists[k] == nil {
				hists[k] = newHist()
			}
			hists[k].Merge(h)
		}
	}
	for k, h := range hists {
		out.Histograms[k] = h.Export()
	}
	if out.Elapsed > 0 {
		out.StepsPerSecond = float64(out.Requests) / out.Elapsed
	}
	out.compute()
	return out, nil
}

func (c *Check) add(o Check) {
	c.Checked += o.Checked
	c.Failed += o.Failed
	c.Skipped += o.Skipped
}

func appendMax(a, b []string) []string {
	for _, s := range b {
		if len(a) >= maxNotes {
			break
		}
		a = append(a, s)
	}
	return a
}

// ReadReport reads a report written by WriteJSON.
func ReadReport(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	if r.Histograms == nil || r.Shards < 1 {
		return nil, fmt.Errorf("not an omnisim load report (no histograms or shards)")
	}
	return &r, nil
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "omnisim load → %s", r.Target)
	if r.Shards > 1 {
		fmt.Fprintf(&b, " (%d shards merged)", r.Shards)
	}
	fmt.Fprintf(&b, "\n\nrate        %.2f conversations/s achieved of %.2f (%.1f %%), %.0f s of arrivals, time scale %g\n",
		r.RateAchieved, r.RateTarget, 100*r.RateAchieved/max(r.RateTarget, 1e-12), r.Duration, r.TimeScale)
	c := r.Conversations
	fmt.Fprintf(&b, "conversations  %d started, %d completed, %d failed, %d unfinished\n", c.Started, c.Completed, c.Failed, c.Unfinished)
	fmt.Fprintf(&b, "requests    %d (%.0f steps/s), %d retries, %d errors (%.3f %%)\n", r.Requests, r.StepsPerSecond, r.Retries, r.Errors, 100*r.ErrorRate)
	codes := make([]string, 0, len(r.Codes))
	for k := range r.Codes {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	fmt.Fprint(&b, "status codes")
	for _, k := range codes {
		fmt.Fprintf(&b, "  %s:%d", k, r.Codes[k])
	}
	b.WriteString("\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "latency (ms)\tcount\tp50\tp90\tp99\tmax\t")
	keys := make([]string, 0, len(r.Latency))
	for k := range r.Latency {
		if k != "all" {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return stepOrder(keys[i]) < stepOrder(keys[j]) })
	keys = append(keys, "all")
	row := func(name string, p Percentiles) {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t\n", name, p.Count, p.P50, p.P90, p.P99, p.Max)
	}
	for _, k := range keys {
		row(k, r.Latency[k])
	}
	row("generator lag", r.Lag)
	tw.Flush()
	switch r.LatencyEstimator {
	case estimatorVegeta:
		b.WriteString("latencies as vegeta computes them (vegeta report on --results agrees)\n")
	case estimatorHDR:
		b.WriteString("latencies from the shards' merged HDR histograms (3 significant digits)\n")
	}
	fmt.Fprintf(&b, "\nchecks      window %d checked, %d failed (%d skipped at the edge); sticky agent %d checked, %d failed\n",
		r.Checks.Window.Checked, r.Checks.Window.Failed, r.Checks.Window.Skipped, r.Checks.Sticky.Checked, r.Checks.Sticky.Failed)
	a := r.Audit
	if a.Audited {
		fmt.Fprintf(&b, "audit       %d acknowledged: %d delivered once, lost %d, duplicated %d, pending %d\n",
			a.Acknowledged, a.Delivered, a.Lost, a.Duplicated, a.Pending)
		if len(a.LostIDs) > 0 {
			fmt.Fprintf(&b, "            lost: %s\n", strings.Join(a.LostIDs, " "))
		}
		if len(a.DupIDs) > 0 {
			fmt.Fprintf(&b, "            duplicated: %s\n", strings.Join(a.DupIDs, " "))
		}
	} else {
		fmt.Fprintf(&b, "audit       not audited: %s (%d acknowledged)\n", a.Reason, a.Acknowledged)
	}
	for _, n := range r.CheckNotes {
		fmt.Fprintf(&b, "  check: %s\n", n)
	}
	for _, n := range r.ErrorNotes {
		fmt.Fprintf(&b, "  error: %s\n", n)
	}
	if !r.Valid {
		fmt.Fprintf(&b, "\nINVALID RUN: %s\n", r.Invalid)
	}
	if len(r.Thresholds) > 0 {
		b.WriteString("\nthresholds\n")
		for _, t := range r.Thresholds {
			mark := "ok  "
			if !t.Pass {
				mark = "FAIL"
			}
			implied := ""
			if t.Implied {
				implied = " [every run]"
			}
			fmt.Fprintf(&b, "  %s %s (actual %s)%s\n", mark, t.Threshold, t.Actual, implied)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func stepOrder(name string) int {
	for i, n := range stepNames {
		if n == name {
			return i
		}
	}
	return len(stepNames)
}

// Failed reports whether the run is invalid, or a threshold failed.
func (r *Report) Failed() bool {
	if !r.Valid {
		return true
	}
	for _, t := range r.Thresholds {
		if !t.Pass {
			return true
		}
	}
	return false
}

func msDuration(ms float64) string { return time.Duration(ms * 1e6).String() }
