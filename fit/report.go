package fit

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/omnisim/omnisim/eventlog"
)

// WriteReport writes the fit report to path, its format by the extension unless
// formatGiven (ReportFormat); without a path to stderr, or for JSON to stdout
// when the scenario goes to a file (toFile), stdout then being free.
func (f *Fitted) WriteReport(path, format string, formatGiven, toFile bool, stdout, stderr io.Writer) error {
	if path == "" {
		if format == "json" && toFile {
			return f.Report.Write(stdout, f.Data, format)
		}
		return f.Report.Write(stderr, f.Data, format)
	}
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	if err := f.Report.Write(file, f.Data, ReportFormat(format, formatGiven, path)); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

// Report is a fit with the log's bad rows.
type Report struct {
	Fit      *Result          `json:"fit"`
	Rows     int64            `json:"rows"`
	Problems map[string]int64 `json:"problems"`
	First    []string         `json:"first_problems"`
}

// NewReport joins a fit and the problems of its log.
func NewReport(r *Result, p *eventlog.Problems) *Report {
	rep := &Report{Fit: r, Problems: map[string]int64{}, First: []string{}}
	if p != nil {
		rep.Rows = p.Rows
		for k, v := range p.Counts {
			rep.Problems[k] = v
		}
		for _, e := range p.First {
			rep.First = append(rep.First, e.Error())
		}
	}
	return rep
}

// WriteJSON writes the report as one JSON object (a standard error that could
// not be computed is null).
func (rep *Report) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// MarshalJSON writes NaN and infinite values as null (encoding/json refuses them).
func (p Param) MarshalJSON() ([]byte, error) {
	f := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return &x
	}
	return json.Marshal(struct {
		Name    string   `json:"name"`
		Value   *float64 `json:"value"`
		SE      *float64 `json:"se"`
		Seconds bool     `json:"seconds,omitempty"`
	}{p.Name, f(p.Value), f(p.SE), p.Seconds})
}

// WriteText writes the report for a reader.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	r := rep.Fit
	p("event log: %d rows, %d conversations (%d still open at the end), %s to %s\n", rep.Rows, r.Conversations, r.StillOpen,
		r.Start.UTC().Format("2006-01-02 15:04"), r.End.UTC().Format("2006-01-02 15:04"))
	var bad int64
	for _, k := range eventlog.ProblemKinds {
		if n := rep.Problems[k]; n > 0 {
			p("  %d %s\n", n, k)
			bad += n
		}
	}
	for _, e := range rep.First {
		p("    %s\n", e)
	}
	if bad == 0 {
		p("  no bad rows\n")
	}
	p("\narrivals (new conversations; %d returns and campaign replies not counted)\n", r.Returns)
	for _, a := range r.Arrivals {
		kind := "profile"
		if a.Constant {
			kind = "constant"
		}
		p("  %-10s n=%-7d %8.3f/h ± %.3f  %s (homogeneity p=%.3g)\n", a.Channel, a.N, a.Rate.Value, 1.96*a.Rate.SE, kind, a.HomogeneityP)
		p("             by weekday (Mon..Sun): %v\n", a.Weekdays)
		if len(a.Days) > 0 {
			var groups []string
			for _, g := range a.Days {
				groups = append(groups, g.Days)
			}
			p("             profiles by day group: %s (Poisson AIC daily %.1f, weekday/weekend %.1f, per weekday %.1f)\n", strings.Join(groups, ", "),
				a.DaysAIC["daily"], a.DaysAIC["weekday/weekend"], a.DaysAIC["per weekday"])
		}
		for _, s := range [][]Share{a.Intents, a.Languages, a.Tiers} {
			var parts []string
			for _, x := range s {
				parts = append(parts, fmt.Sprintf("%s %.3f±%.3f", x.Name, x.Value, 1.96*x.SE))
			}
			if len(parts) > 0 {
				p("             %s\n", strings.Join(parts, ", "))
			}
		}
	}
	p("\ndistributions (n, censored, parameters ± 95 %%, KS, AIC)\n")
	for _, d := range []struct {
		name string
		d    *Dist
	}{{"messages", r.Messages}, {"pause", r.Pause}, {"patience", r.Patience}, {"response_time", r.Response}} {
		if d.d != nil {
			p("  %-14s %s\n", d.name, describe(d.d))
		}
	}
	if bt := r.Bot; bt != nil {
		p("\nbot: %d entered, containment %.3f, ask_agent %.3f ± %.3f, threshold %.4f\n", bt.Entered, bt.Contained.Value,
			bt.AskAgent.Value, 1.96*bt.AskAgent.SE, bt.Threshold.Value)
		if bt.Latency != nil {
			p("  %-14s %s\n", "latency", describe(bt.Latency))
		}
		for _, in := range bt.Intents {
			p("  %-14s confidence %s; resolvable %.4f ± %.4f (n=%d)\n", in.Intent, describe(&in.Confidence), in.Resolvable.Value, 1.96*in.Resolvable.SE, in.Tried)
		}
	}
	p("\nagents: %d seen, concurrency %d (most held at once), capacity %s\n", r.Agents, r.Concurrency, r.Capacity)
	for _, s := range r.Schedule {
		p("  from %s  %d online (mean %.2f)\n", clock(s.At), s.Count, s.Mean)
	}
	for _, g := range r.Groups {
		p("  group %s: %d agents, queues %s, intents %s, concurrency %d\n", g.Name, g.Agents, strings.Join(g.Queues, ", "), strings.Join(g.Intents, ", "), g.Concurrency)
		for _, s := range g.Schedule {
			p("    from %s  %d online (mean %.2f)\n", clock(s.At), s.Count, s.Mean)
		}
	}
	p("\nnot fitted\n")
	for _, n := range r.NotFitted {
		p("  %s: %s\n", n.What, n.Why)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func describe(d *Dist) string {
	var parts []string
	if d.Family == "mixture" {
		for i, c := range d.Components {
			parts = append(parts, fmt.Sprintf("%.3f±%.3f × lognormal(%s)", d.Weights[i].Value, 1.96*d.Weights[i].SE, params(&c)))
		}
	} else {
		parts = append(parts, d.Family+"("+params(d)+")")
	}
	s := fmt.Sprintf("n=%d", d.N)
	if d.Censored > 0 {
		s += fmt.Sprintf(" (%d censored)", d.Censored)
	}
	s += " " + strings.Join(parts, " + ") + fmt.Sprintf(", KS %.4f", d.KS)
	if len(d.Others) > 0 {
		s += fmt.Sprintf(", AIC %.1f (next: %s %.1f)", d.AIC, d.Others[0].Family, d.Others[0].AIC)
	}
	return s
}

func params(d *Dist) string {
	var s []string
	for _, p := range d.Params {
		if math.IsNaN(p.SE) || p.SE == 0 {
			s = append(s, fmt.Sprintf("%s %.4g", p.Name, p.Value))
		} else {
			s = append(s, fmt.Sprintf("%s %.4g±%.3g", p.Name, p.Value, 1.96*p.SE))
		}
	}
	return strings.Join(s, ", ")
}
