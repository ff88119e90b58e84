package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/urfave/cli/v2"
)

func sweepCommand() *cli.Command {
	return &cli.Command{
		Name:      "sweep",
		Usage:     "simulate a grid of scenario settings with common random numbers",
		ArgsUsage: "SCENARIO --set KEY=FROM..TO:STEP ...",
		Description: "Each --set names a numeric scenario key by its dotted path in the file and the values\n" +
			"to try: FROM..TO:STEP, V1,V2,… or one value; durations (30s) and percentages (80%) are\n" +
			"accepted. The grid is every combination; every point runs with the scenario's seed, so\n" +
			"all points see the same customers and differences come from the settings.\n\n" +
			"Keys: " + strings.Join(planning.Keys, ", ") + "\n" +
			"(NAME is an agent group's name, or use agents[i]; rates are per hour, durations seconds).\n\n" +
			"   omnisim sweep retail.yaml --set agents.tier1.count=6..14:2 --set bot.threshold=0.5..0.8:0.1\n" +
			"   omnisim sweep retail.yaml --set arrivals.scale=0.8..1.4:0.1 --format html --out sweep.html\n" +
			"   omnisim sweep retail.yaml --set agents.tier1.count=6..14 --shard 3/20 --out part3.json",
		Flags: append([]cli.Flag{
			&cli.GenericFlag{Name: "set", Value: &cliargs.Repeated{}, Usage: "`KEY=FROM..TO:STEP` (or KEY=V1,V2,…) to sweep; repeat for a grid"},
			&cli.StringSliceFlag{Name: "metrics", Usage: "table columns (metric keys)", DefaultText: "service level, waits, abandon, utilization, bot, CSAT, cost"},
			cliargs.FormatFlag(reports.Formats...),
			cliargs.OutFlag(),
			cliargs.ShardFlag(),
		}, cliargs.RunFlags("replications per point")...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("sweep takes at most one scenario (none: the embedded default), got %d (usage: omnisim sweep SCENARIO --set KEY=FROM..TO:STEP)", c.NArg()))
			}
			format, err := cliargs.CheckFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			sets := cliargs.Repeats(c, "set")
			axes, err := planning.ParseAxes(sets)
			if err != nil {
				return badInput(err)
			}
			metrics, err := metricKeys(c.StringSlice("metrics"))
			if err != nil {
				return err
			}
			sc, err := cliargs.LoadScenario(c.Args().First(), "")
			if err != nil {
				return err
			}
			if err := cliargs.ApplyRunFlags(c, sc, 1); err != nil {
				return err
			}
			plan, err := planning.PlanSweep(sc, axes)
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			shard, sharded, err := cliargs.ShardOf(c, os.Getenv)
			if err != nil {
				return err
			}
			if sharded {
				return cliargs.WriteShard(c, shard, "sweep replications", 0, func(p *progress.Bar) (*planning.Partial, error) {
					return planning.SweepShard(plan, shard, planning.ScenarioFingerprint(sc, strings.Join(sets, "\x00")), p.SetOf)
				})
			}
			prog := progress.New(c.App.ErrWriter, "sweep replications", len(plan.Items()))
			values, err := plan.Run(plan.Items(), 0, prog.Set)
			prog.Done()
			if err != nil {
				return err
			}
			view := planning.SweepView{SweepResult: plan.Summarize(values), Metrics: metrics}
			return cliargs.WriteOutput(c, func(w io.Writer) error { return view.Write(w, format) })
		},
	}
}
