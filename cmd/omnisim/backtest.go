package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/fit"
	"github.com/omnisim/omnisim/reports"
)

func backtestCommand() *cli.Command {
	return &cli.Command{
		Name:      "backtest",
		Usage:     "simulate a scenario over event logs' span and compare per interval",
		ArgsUsage: "SCENARIO LOGS...",
		Description: "Simulates SCENARIO for the logs' span (no warm-up; the scenario's replications) and\n" +
			"puts simulated and observed offered load per hour, service level and abandon rate side by\n" +
			"side per interval of the day (the scenario's interval, its sla.within), marking the\n" +
			"intervals whose observed value lies outside the simulation's 95 % prediction interval,\n" +
			"with a weighted MAPE per metric. LOGS are in omnisim's event log format (omnisim fit --help).\n\n" +
			"   omnisim run --events events.csv --events-replication 1 --out /dev/null\n" +
			"   omnisim fit events.csv --out fitted.yaml\n" +
			"   omnisim backtest fitted.yaml events.csv",
		Flags: append([]cli.Flag{
			formatFlag("text", "json"),
			outFlag(),
			&cli.BoolFlag{Name: "strict", Usage: "a bad log row is an error (exit 2)"},
		}, runFlags("independent replications")...),
		Action: func(c *cli.Context) error {
			if c.NArg() < 2 {
				return badInput(errors.New("backtest: want a scenario and at least one event log (usage: omnisim backtest SCENARIO LOGS...)"))
			}
			format, err := checkFormat(c, "text", "json")
			if err != nil {
				return err
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
			obs := fit.NewObserver(m.Interval)
			obs.SLA = m.SLAWithin
			scan := eventlog.NewScanner(eventlog.Options{Strict: c.Bool("strict")})
			for _, path := range c.Args().Slice()[1:] {
				if err := scan.ReadFile(path, func(e *eventlog.Event) error { obs.Observe(e); return nil }); err != nil {
					return badInput(err)
				}
			}
			if err := scan.Close(); err != nil {
				return badInput(err)
			}
			if n := scan.Problems.Total(); n > 0 {
				fmt.Fprintf(c.App.ErrWriter, "event logs: %d bad rows skipped\n%s", n, scan.Problems.String())
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
			return writeOutput(c, func(w io.Writer) error {
				if format == "json" {
					return b.WriteJSON(w)
				}
				return b.WriteText(w)
			})
		},
	}
}
