package main

import (
	"fmt"
	"io"
	"os"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
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
			cliargs.FormatFlag(reports.Formats...),
			cliargs.OutFlag(),
			cliargs.ShardFlag(),
			cliargs.SetFlag(),
			&cli.StringFlag{Name: "interval", Usage: "reporting interval of the by-interval table (must divide 24h)", DefaultText: "the scenario's"},
			cliargs.BaseDirFlag(),
		}, append(cliargs.RunFlags("independent replications"), cliargs.EventFlags()...)...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("run takes at most one scenario, got %d", c.NArg()))
			}
			format, err := cliargs.CheckFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			sc, sets, err := cliargs.Scenario(c)
			if err != nil {
				return err
			}
			if err := badInput(planning.ApplyInterval(sc, cliargs.Given(c, "interval"))); err != nil {
				return err
			}
			if err := cliargs.ApplyRunFlags(c, sc, 1); err != nil {
				return err
			}
			m, err := sc.Model()
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			if shard, sharded, err := cliargs.ShardOf(c, os.Getenv); err != nil || sharded {
				if err != nil {
					return err
				}
				options := planning.SetOptions(sets)
				if c.IsSet("interval") {
					options = append(options, "interval="+sc.Interval.String())
				}
				return cliargs.WriteShard(c, shard, "replications", 0, func(p *progress.Bar) (*planning.Partial, error) {
					return planning.RunShard(m, shard, planning.ScenarioFingerprint(sc, options...), p.SetOf)
				})
			}
			events, err := cliargs.SetupEvents(c, m)
			if err != nil {
				return err
			}
			prog := progress.New(c.App.ErrWriter, "replications", m.Replications)
			rep, err := reports.Simulate(m, 0, prog.Set)
			prog.Done()
			if err := events(err); err != nil {
				return err
			}
			return cliargs.WriteOutput(c, func(w io.Writer) error { return rep.Write(w, format) })
		},
	}
}
