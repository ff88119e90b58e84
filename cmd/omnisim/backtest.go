package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/fit"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

func backtestCommand() *cli.Command {
	return &cli.Command{
		Name:      "backtest",
		Usage:     "simulate a scenario over event logs' span and compare per interval",
		ArgsUsage: "SCENARIO LOGS... | --holdout SPAN LOGS...",
		Description: "Simulates SCENARIO for the logs' span (no warm-up; the scenario's replications) and\n" +
			"puts simulated and observed offered load per hour, service level, abandon rate and\n" +
			"utilization side by side per interval of the day (the scenario's interval, its\n" +
			"sla.within, its agents' capacities), and per channel and per queue over the span,\n" +
			"marking the rows whose observed value lies outside the simulation's 95 % prediction\n" +
			"interval, with a weighted MAPE per metric and overall. Templates and cost are simulated\n" +
			"only: the event log does not record them. LOGS are in omnisim's event log format\n" +
			"(omnisim fit --help).\n\n" +
			"--holdout SPAN (2w, 3d, 36h) takes no scenario: it fits one (as omnisim fit does) on the\n" +
			"logs before their last SPAN, rounded down to midnight (UTC, or --tz's), and backtests it on the rest,\n" +
			"which the fit never saw: the honest measure of forecast and model accuracy.\n\n" +
			"   omnisim run --events events.csv --events-replication 1 --out /dev/null\n" +
			"   omnisim fit events.csv --out fitted.yaml\n" +
			"   omnisim backtest fitted.yaml events.csv",
		Flags: append([]cli.Flag{
			formatFlag("text", "json"),
			outFlag(),
			&cli.StringFlag{Name: "holdout", Usage: "fit on all but the last `SPAN` of the logs (2w, 3d, 36h) and backtest on it"},
			&cli.StringFlag{Name: "fitted", Usage: "with --holdout: write the scenario fitted on the rest to `FILE`"},
			&cli.DurationFlag{Name: "interval", Value: 30 * time.Minute, Usage: "with --holdout: the fit's interval (divides 24h)"},
		}, append(logFlags(), runFlags("independent replications")...)...),
		Action: func(c *cli.Context) error {
			format, err := checkFormat(c, "text", "json")
			if err != nil {
				return err
			}
			if c.IsSet("holdout") {
				return backtestHoldout(c, format)
			}
			if c.NArg() < 2 {
				return badInput(errors.New("backtest: want a scenario and at least one event log (usage: omnisim backtest SCENARIO LOGS...)"))
			}
			sc, err := loadScenario(c.Args().First())
			if err != nil {
				return err
			}
			if err := applyRunFlags(c, sc, 2); err != nil {
				return err
			}
			m, err := sc.Model()
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			in, err := logInputOf(c)
			if err != nil {
				return err
			}
			obs := fit.NewObserverFor(m)
			obs.Zone = in.zone
			if err := readLogs(c, in, c.Args().Slice()[1:], obs.Observe); err != nil {
				return err
			}
			d := obs.Finish()
			if d.Span <= 0 {
				return badInput(errors.New("backtest: the logs have no new conversations"))
			}
			m.Warmup, m.Horizon = 0, d.Span
			rep, err := reports.Simulate(m, 0, nil)
			if err != nil {
				return err
			}
			b, err := fit.NewBacktest(d, m, rep)
			if err != nil {
				return badInput(err)
			}
			return writeBacktest(c, b, format)
		},
	}
}

// readLogs reads the logs in order, calling f on each event; bad rows are
// counted and shown on stderr (with --strict, the first is an error).
func readLogs(c *cli.Context, in *logInput, paths []string, f func(*eventlog.Event)) error {
	scan, err := in.scan(paths, f)
	if err != nil {
		return err
	}
	if n := scan.Problems.Total(); n > 0 {
		fmt.Fprintf(c.App.ErrWriter, "event logs: %d bad rows skipped\n%s", n, scan.Problems.String())
	}
	return nil
}

func backtestHoldout(c *cli.Context, format string) error {
	span, err := fit.ParseSpan(c.String("holdout"))
	if err != nil {
		return badInput(fmt.Errorf("--holdout %w", err))
	}
	iv := c.Duration("interval")
	if iv <= 0 || (24*time.Hour)%iv != 0 {
		return badInput(fmt.Errorf("--interval %v: must divide 24h", iv))
	}
	if c.NArg() < 1 {
		return badInput(errors.New("backtest --holdout: want at least one event log (usage: omnisim backtest --holdout 2w LOGS...)"))
	}
	paths := c.Args().Slice()
	for _, p := range paths {
		if isYAML(p) {
			return badInput(fmt.Errorf("backtest --holdout: %s: the scenario is fitted on the logs; give only LOGS", p))
		}
	}
	in, err := logInputOf(c)
	if err != nil {
		return err
	}
	pass := 0
	each := func(f func(*eventlog.Event)) error {
		pass++
		if pass == 1 { // the first pass shows the bad rows; the others skip them alike
			return readLogs(c, in, paths, f)
		}
		_, err := in.scan(paths, f)
		return err
	}
	var confErr error
	configure := func(m *sim.Model) {
		if c.IsSet("seed") {
			m.Seed = c.Uint64("seed")
		}
		if c.IsSet("replications") {
			if n := c.Int("replications"); n < 2 || n > sim.MaxReplications {
				confErr = badInput(fmt.Errorf("--replications: must be from 2 to %d (got %d)", sim.MaxReplications, n))
			} else {
				m.Replications = n
			}
		}
	}
	h, err := fit.RunHoldout(each, span, iv, fit.Options{Name: "holdout"}, in.zone, configure)
	if confErr != nil {
		return confErr
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	if err != nil {
		return badInput(err)
	}
	if path := c.String("fitted"); path != "" {
		if err := os.WriteFile(path, h.Fitted, 0o644); err != nil {
			return badInput(fmt.Errorf("--fitted: %w", err))
		}
	}
	fmt.Fprintf(c.App.ErrWriter, "holdout: fitted on the logs before %s, tested from there\n", h.Cut.Format(time.RFC3339))
	return writeBacktest(c, h.Backtest, format)
}

func isYAML(p string) bool {
	n := len(p)
	return (n > 5 && p[n-5:] == ".yaml") || (n > 4 && p[n-4:] == ".yml")
}

func writeBacktest(c *cli.Context, b *fit.Backtest, format string) error {
	return writeOutput(c, func(w io.Writer) error {
		if format == "json" {
			return b.WriteJSON(w)
		}
		return b.WriteText(w)
	})
}
