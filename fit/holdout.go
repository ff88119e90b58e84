package fit

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// Each reads a log from its start, calling f on every event in order; a
// holdout reads it three times (its end, the fit, the test).
type Each func(f func(e *eventlog.Event)) error

// Holdout is a backtest on the last part of a log of a scenario fitted to the
// rest: the honest measure of the fit's and the model's accuracy, since the
// test days were not seen by the fit.
type Holdout struct {
	Cut      time.Time // the test starts here: midnight (UTC, or the zone's)
	Fitted   []byte    // the scenario fitted on the events before Cut
	Result   *Result
	Backtest *Backtest
}

// RunHoldout fits a scenario (opts, intervals of iv) to the events of the log
// before its last holdout (rounded down to midnight UTC, so that the test holds
// whole days) and backtests it on the events from there: the simulation covers
// the test's span from an empty system. configure, if not nil, sets the fitted
// model's replications or seed before the simulation. With zone, the days and
// intervals are its local time (Observer.Zone), the cut its midnight.
func RunHoldout(each Each, holdout, iv time.Duration, opts Options, zone *time.Location, configure func(*sim.Model)) (*Holdout, error) {
	var first, last time.Time
	if err := each(func(e *eventlog.Event) {
		if first.IsZero() {
			first = e.Time
		}
		last = e.Time
	}); err != nil {
		return nil, err
	}
	if first.IsZero() {
		return nil, errors.New("holdout: the logs have no events")
	}
	const day = 24 * time.Hour
	if zone == nil {
		zone = time.UTC
	}
	lt := last.Add(-holdout).In(zone)
	cut := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, zone)
	if !cut.After(first.Add(day)) {
		return nil, fmt.Errorf("holdout %v: the logs span %v (%s to %s); want at least a day to fit before the last %v",
			holdout, last.Sub(first).Round(time.Minute), first.Format(time.RFC3339), last.Format(time.RFC3339), holdout)
	}
	train := NewObserver(iv)
	if zone != time.UTC {
		train.Zone = zone
	}
	online := map[string]bool{} // presence at the cut
	if err := each(func(e *eventlog.Event) {
		if e.Time.Before(cut) {
			train.Observe(e)
			if e.IsPresence() {
				online[e.AgentID] = e.Kind == eventlog.Online
			}
		}
	}); err != nil {
		return nil, err
	}
	h := &Holdout{Cut: cut, Result: Fit(train.Finish(), opts)}
	var buf bytes.Buffer
	if err := h.Result.WriteScenario(&buf); err != nil {
		return nil, err
	}
	h.Fitted = buf.Bytes()
	sc, err := scenarios.Parse("fitted.yaml", h.Fitted)
	if err != nil {
		return nil, fmt.Errorf("holdout: the fitted scenario does not validate (a bug): %w", err)
	}
	m, err := sc.Model()
	if err != nil {
		return nil, fmt.Errorf("holdout: the fitted scenario does not build (a bug): %w", err)
	}
	if configure != nil {
		configure(m)
	}
	test := NewObserverFor(m)
	if zone != time.UTC {
		test.Zone = zone
	}
	// The agents online at the cut are online from it (conversations held
	// across it are not counted as busy: the test's first minutes understate
	// utilization a little).
	ids := make([]string, 0, len(online))
	for id, on := range online {
		if on {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		test.Observe(&eventlog.Event{Time: cut, Actor: eventlog.Agent, Kind: eventlog.Online, AgentID: id})
	}
	if err := each(func(e *eventlog.Event) {
		if !e.Time.Before(cut) {
			test.Observe(e)
		}
	}); err != nil {
		return nil, err
	}
	d := test.Finish()
	if d.Span <= 0 || d.NewConvs == 0 {
		return nil, fmt.Errorf("holdout: no new conversations from %s", cut.Format(time.RFC3339))
	}
	m.Events, m.Warmup, m.Horizon = nil, 0, d.Span
	rep, err := reports.Simulate(m, 0, nil)
	if err != nil {
		return nil, err
	}
	if h.Backtest, err = NewBacktest(d, m, rep); err != nil {
		return nil, err
	}
	return h, nil
}

// writeFitted writes the scenario fitted on the rest to path ("": nowhere).
func (h *Holdout) writeFitted(path string) error {
	if path == "" {
		return nil
	}
	if err := os.WriteFile(path, h.Fitted, 0o644); err != nil {
		return fmt.Errorf("--fitted: %w", err)
	}
	return nil
}
