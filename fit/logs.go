package fit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// The commands that read event logs (omnisim fit, backtest, tune-bot --logs):
// from the logs a Source describes to the result they write. Errors about the
// options name their flags.

// Fitted is what omnisim fit writes: the scenario (checked by the scenario
// loader), and the fit report with the data it was fitted on (for HTML plots).
type Fitted struct {
	Scenario []byte
	Report   *Report
	Data     *Data
}

// FitLogs fits a scenario (opts) to the logs, with an arrival profile and
// schedule of intervals of interval.
func FitLogs(src eventlog.Source, paths []string, interval time.Duration, opts Options) (*Fitted, error) {
	if err := checkInterval(interval); err != nil {
		return nil, err
	}
	logs, err := src.Open()
	if err != nil {
		return nil, err
	}
	obs := NewObserver(interval)
	obs.Zone = logs.Zone
	scan, err := logs.Scan(paths, obs.Observe)
	if err != nil {
		return nil, err
	}
	data := obs.Finish()
	res := Fit(data, opts)
	if len(res.Arrivals) == 0 {
		return nil, errors.New("fit: the logs have no new conversation on a channel: nothing to fit a scenario to")
	}
	var sc bytes.Buffer
	if err := res.WriteScenario(&sc); err != nil {
		return nil, err
	}
	// The scenario must load: a fit that writes an invalid file is a bug.
	if _, err := scenarios.Parse("fitted.yaml", sc.Bytes()); err != nil {
		return nil, fmt.Errorf("fit: the scenario written does not validate (a bug): %w", err)
	}
	return &Fitted{Scenario: sc.Bytes(), Report: NewReport(res, &scan.Problems), Data: data}, nil
}

func checkInterval(iv time.Duration) error {
	if iv <= 0 || (24*time.Hour)%iv != 0 {
		return fmt.Errorf("--interval %v: must divide 24h", iv)
	}
	return nil
}

// ReportFormat is the format of a fit report written to path: format, unless it
// is the default (text, not given explicitly) and path ends in .json or .html.
func ReportFormat(format string, explicit bool, path string) string {
	if format != "text" || explicit {
		return format
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return "json"
	case ".html", ".htm":
		return "html"
	}
	return format
}

// Write writes the report as text, json or html (with data's plots).
func (rep *Report) Write(w io.Writer, data *Data, format string) error {
	switch format {
	case "json":
		return rep.WriteJSON(w)
	case "html":
		return rep.WriteHTML(w, data)
	}
	return rep.WriteText(w)
}

// BacktestLogs simulates m over the logs' span (no warm-up) and compares it
// with them (NewBacktest); bad rows are shown on stderr.
func BacktestLogs(m *sim.Model, src eventlog.Source, paths []string, stderr io.Writer) (*Backtest, error) {
	d, err := readLogs(src, paths, NewObserverFor(m), stderr)
	if err != nil {
		return nil, err
	}
	if d.Span <= 0 {
		return nil, errors.New("backtest: the logs have no new conversations")
	}
	m.Warmup, m.Horizon = 0, d.Span
	rep, err := reports.Simulate(m, 0, nil)
	if err != nil {
		return nil, err
	}
	return NewBacktest(d, m, rep)
}

// ParseSpan parses a span of a log: a whole number of weeks ("2w") or days
// ("10d"), or a Go duration ("36h").
func ParseSpan(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(t, "w"):
		unit = 7 * 24 * time.Hour
	case strings.HasSuffix(t, "d"):
		unit = 24 * time.Hour
	}
	if unit > 0 {
		n, err := strconv.Atoi(t[:len(t)-1])
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("%q: want a positive whole number of weeks or days (2w, 10d) or a duration (36h)", s)
		}
		return time.Duration(n) * unit, nil
	}
	d, err := time.ParseDuration(t)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want a positive whole number of weeks or days (2w, 10d) or a duration (36h)", s)
	}
	return d, nil
}

// readLogs opens the logs src describes and reads paths into obs, in the logs'
// zone, showing their bad rows on stderr: the start of backtest and tune-bot
// --logs.
func readLogs(src eventlog.Source, paths []string, obs *Observer, stderr io.Writer) (*Data, error) {
	logs, err := src.Open()
	if err != nil {
		return nil, err
	}
	obs.Zone = logs.Zone
	if err := logs.Read(paths, obs.Observe, stderr); err != nil {
		return nil, err
	}
	return obs.Finish(), nil
}

// HoldoutArgs are omnisim backtest --holdout's options as written ("": not
// given).
type HoldoutArgs struct {
	Span               string        // ParseSpan: 2w, 3d, 36h
	Interval           time.Duration // of the fit; divides 24h
	Seed, Replications string        // of the fitted model's simulation
	Fitted             string        // write the scenario fitted on the rest to this file ("": none)
}

// HoldoutLogs is RunHoldout on the logs (LOGS only: a scenario file among them
// is an error); the first pass over the logs shows their bad rows on stderr,
// and the end where the fit stopped. With a.Fitted it writes the fitted
// scenario there.
func HoldoutLogs(a HoldoutArgs, src eventlog.Source, paths []string, stderr io.Writer) (*Holdout, error) {
	span, err := ParseSpan(a.Span)
	if err != nil {
		return nil, fmt.Errorf("--holdout %w", err)
	}
	if err := checkInterval(a.Interval); err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, errors.New("backtest --holdout: want at least one event log (usage: omnisim backtest --holdout 2w LOGS...)")
	}
	for _, p := range paths {
		if strings.HasSuffix(p, ".yaml") && len(p) > 5 || strings.HasSuffix(p, ".yml") && len(p) > 4 {
			return nil, fmt.Errorf("backtest --holdout: %s: the scenario is fitted on the logs; give only LOGS", p)
		}
	}
	logs, err := src.Open()
	if err != nil {
		return nil, err
	}
	pass := 0
	each := func(f func(*eventlog.Event)) error {
		pass++
		if pass == 1 { // the first pass shows the bad rows; the others skip them alike
			return logs.Read(paths, f, stderr)
		}
		_, err := logs.Scan(paths, f)
		return err
	}
	var confErr error
	configure := func(m *sim.Model) {
		if a.Seed != "" {
			if m.Seed, confErr = strconv.ParseUint(a.Seed, 0, 64); confErr != nil {
				confErr = fmt.Errorf("--seed %q: want a whole number ≥ 0", a.Seed)
			}
		}
		if a.Replications != "" {
			if n, err := strconv.Atoi(a.Replications); err != nil || n < 2 || n > sim.MaxReplications {
				confErr = fmt.Errorf("--replications: must be from 2 to %d (got %s)", sim.MaxReplications, a.Replications)
			} else {
				m.Replications = n
			}
		}
	}
	h, err := RunHoldout(each, span, a.Interval, Options{Name: "holdout"}, logs.Zone, configure)
	if confErr != nil {
		return nil, confErr
	}
	if err != nil {
		return nil, err
	}
	if err := h.writeFitted(a.Fitted); err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "holdout: fitted on the logs before %s, tested from there\n", h.Cut.Format(time.RFC3339))
	return h, nil
}

// Write writes the backtest as text or json.
func (b *Backtest) Write(w io.Writer, format string) error {
	if format == "json" {
		return b.WriteJSON(w)
	}
	return b.WriteText(w)
}

// BotCurveLogs is the bot threshold curve the logs support (NewBotCurve, on a
// fit of intervals of 30 minutes); bad rows are shown on stderr.
func BotCurveLogs(src eventlog.Source, paths []string, thresholds []float64, stderr io.Writer) (*BotCurve, error) {
	d, err := readLogs(src, paths, NewObserver(30*time.Minute), stderr)
	if err != nil {
		return nil, err
	}
	bc, err := NewBotCurve(d, Fit(d, Options{}), thresholds)
	if err != nil {
		return nil, fmt.Errorf("tune-bot --logs: %w", err)
	}
	return bc, nil
}

// Write writes the curve as text or json.
func (bc *BotCurve) Write(w io.Writer, format string) error {
	if format == "json" {
		return bc.WriteJSON(w)
	}
	return bc.WriteText(w)
}
