package main

import (
	"fmt"
	"io"

	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/planning"
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
			"What-ifs without editing the file: --set KEY=VALUE takes the keys of omnisim sweep\n" +
			"(arrivals.scale=1.2 is 20 % more volume), --interval the reporting interval.\n\n" +
			"   omnisim run\n" +
			"   omnisim run retail.yaml --replications 20 --format json --out report.json\n" +
			"   omnisim run retail.yaml --set arrivals.scale=1.2 --interval 30m",
		Flags: append([]cli.Flag{
			formatFlag(reports.Formats...),
			outFlag(),
			shardFlag(),
			setFlag(),
			&cli.StringFlag{Name: "interval", Usage: "reporting interval of the by-interval table (must divide 24h)", DefaultText: "the scenario's"},
			baseDirFlag(),
		}, append(runFlags("independent replications"), eventFlags()...)...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("run takes at most one scenario, got %d", c.NArg()))
			}
			format, err := checkFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			sc, err := loadScenarioIn(c.Args().First(), c.String("base-dir"))
			if err != nil {
				return err
			}
			sc, sets, err := applySets(c, sc)
			if err != nil {
				return err
			}
			if err := badInput(planning.ApplyInterval(sc, given(c, "interval"))); err != nil {
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
				options := planning.SetOptions(sets)
				if c.IsSet("interval") {
					options = append(options, "interval="+sc.Interval.String())
				}
				return runShard(c, sc, m, shard, options)
			}
			events, err := setupEvents(c, m)
			if err != nil {
				return err
			}
			prog := progress.New(c.App.ErrWriter, "replications", m.Replications)
			rep, err := reports.Simulate(m, 0, prog.Set)
			prog.Done()
			if err := events(err); err != nil {
				return err
			}
			return writeOutput(c, func(w io.Writer) error { return rep.Write(w, format) })
		},
	}
}

// loadScenario loads path, or the embedded default scenario when path is empty.
// Invalid scenarios are bad input (exit 2) with every error, one per line.
func loadScenario(path string) (*scenarios.Scenario, error) {
	return loadScenarioIn(path, "")
}

// loadScenarioIn is loadScenario with the bases of path (extends:) confined to
// baseDir ("": path's directory).
func loadScenarioIn(path, baseDir string) (*scenarios.Scenario, error) {
	sc, err := scenarios.LoadOrDefault(path, baseDir)
	return sc, badInput(err)
}

// baseDirFlag is --base-dir of the commands that load scenario files from a
// repository (validate, check, run).
func baseDirFlag() cli.Flag {
	return &cli.StringFlag{Name: "base-dir", Usage: "bases named by extends: must be inside `DIR` (default: each scenario file's directory)"}
}

func scenarioName(sc *scenarios.Scenario) string { return scenarios.NameOf(sc) }
