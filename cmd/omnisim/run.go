package main

import (
	"errors"
	"fmt"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/urfave/cli/v2"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "simulate a scenario and report service level, waits, utilization and cost",
		ArgsUsage: "[SCENARIO]",
		Description: "Runs the scenario's replications in parallel and prints each metric's mean and\n" +
			"95 % confidence half-width, for the whole run, by channel and by interval of the day.\n" +
			"Without SCENARIO, runs the embedded default scenario.\n\n" +
			"   omnisim run\n   omnisim run retail.yaml --replications 20 --format json --out report.json",
		Flags: append([]cli.Flag{
			formatFlag(reports.Formats...),
			outFlag(),
			shardFlag(),
		}, append(runFlags("independent replications"), eventFlags()...)...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("run takes at most one scenario, got %d", c.NArg()))
			}
			format, err := checkFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			sc, err := loadScenario(c.Args().First())
			if err != nil {
				return err
			}
			if err := applyRunFlags(c, sc, 1); err != nil {
				return err
			}
			m, err := sc.Model()
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			if shard, sharded, err := shardOf(c); err != nil || sharded {
				if err != nil {
					return err
				}
				return runShard(c, sc, m, shard)
			}
			events, err := setupEvents(c, m)
			if err != nil {
				return err
			}
			prog := newProgress(c.App.ErrWriter, "replications", m.Replications)
			rep, err := reports.Simulate(m, 0, prog.set)
			prog.done()
			if err := events(err); err != nil {
				return err
			}
			return writeOutput(c, func(w ioWriter) error { return rep.Write(w, format) })
		},
	}
}

// loadScenario loads path, or the embedded default scenario when path is empty.
// Invalid scenarios are bad input (exit 2) with every error, one per line.
func loadScenario(path string) (*scenarios.Scenario, error) {
	var (
		sc  *scenarios.Scenario
		err error
	)
	if path == "" {
		sc, err = scenarios.Default()
	} else {
		sc, err = scenarios.Load(path)
	}
	if err != nil {
		var list *scenarios.ErrorList
		if errors.As(err, &list) {
			return nil, badInput(err)
		}
		return nil, badInput(fmt.Errorf("scenario: %w", err))
	}
	return sc, nil
}

func scenarioName(sc *scenarios.Scenario) string {
	if sc.File != "" {
		return sc.File
	}
	return scenarios.DefaultName
}
