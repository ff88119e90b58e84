package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/omnisim/omnisim/fit"
	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/urfave/cli/v2"
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
			fitExample +
			"   omnisim backtest fitted.yaml events.csv",
		Flags: append([]cli.Flag{
			cliargs.FormatFlag("text", "json"),
			cliargs.OutFlag(),
			&cli.StringFlag{Name: "holdout", Usage: "fit on all but the last `SPAN` of the logs (2w, 3d, 36h) and backtest on it"},
			&cli.StringFlag{Name: "fitted", Usage: "with --holdout: write the scenario fitted on the rest to `FILE`"},
			&cli.DurationFlag{Name: "interval", Value: 30 * time.Minute, Usage: "with --holdout: the fit's interval (divides 24h)"},
		}, append(cliargs.LogFlags(), cliargs.RunFlags("independent replications")...)...),
		Action: func(c *cli.Context) error {
			format, err := cliargs.CheckFormat(c, "text", "json")
			if err != nil {
				return err
			}
			if c.IsSet("holdout") {
				return backtestHoldout(c, format)
			}
			if c.NArg() < 2 {
				return badInput(errors.New("backtest: want a scenario and at least one event log (usage: omnisim backtest SCENARIO LOGS...)"))
			}
			sc, err := cliargs.LoadScenario(c.Args().First(), "")
			if err != nil {
				return err
			}
			if err := cliargs.ApplyRunFlags(c, sc, 2); err != nil {
				return err
			}
			m, err := sc.Model()
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			b, err := fit.BacktestLogs(m, cliargs.LogSource(c), c.Args().Slice()[1:], c.App.ErrWriter)
			if err != nil {
				return badInput(err)
			}
			return writeBacktest(c, b, format)
		},
	}
}

func backtestHoldout(c *cli.Context, format string) error {
	h, err := fit.HoldoutLogs(fit.HoldoutArgs{Span: c.String("holdout"), Interval: c.Duration("interval"), Seed: cliargs.Given(c, "seed"),
		Replications: cliargs.Given(c, "replications"), Fitted: c.String("fitted")}, cliargs.LogSource(c), c.Args().Slice(), c.App.ErrWriter)
	if err != nil {
		return badInput(err)
	}
	return writeBacktest(c, h.Backtest, format)
}

func writeBacktest(c *cli.Context, b *fit.Backtest, format string) error {
	return cliargs.WriteOutput(c, func(w io.Writer) error { return b.Write(w, format) })
}
