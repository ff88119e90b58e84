package main

import (
	"fmt"
	"io"
	"strings"

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
			&cli.GenericFlag{Name: "set", Value: &repeated{}, Usage: "`KEY=FROM..TO:STEP` (or KEY=V1,V2,…) to sweep; repeat for a grid"},
			&cli.StringSliceFlag{Name: "metrics", Usage: "table columns (metric keys)", DefaultText: "service level, waits, abandon, utilization, bot, CSAT, cost"},
			formatFlag(reports.Formats...),
			outFlag(),
			shardFlag(),
		}, runFlags("replications per point")...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("sweep takes at most one scenario (none: the embedded default), got %d (usage: omnisim sweep SCENARIO --set KEY=FROM..TO:STEP)", c.NArg()))
			}
			format, err := checkFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			sets := c.Generic("set").(*repeated).values
			axes, err := planning.ParseAxes(sets)
			if err != nil {
				return badInput(err)
			}
			metrics, err := metricKeys(c.StringSlice("metrics"))
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
			plan, err := planning.PlanSweep(sc, axes)
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			shard, sharded, err := shardOf(c)
			if err != nil {
				return err
			}
			if sharded {
				if err := checkShardFormat(c, shard); err != nil {
					return err
				}
				prog := progress.New(c.App.ErrWriter, "sweep replications", 0)
				part, err := planning.SweepShard(plan, shard, planning.ScenarioFingerprint(sc, strings.Join(sets, "\x00")), prog.SetOf)
				prog.Done()
				if err != nil {
					return err
				}
				return writeOutput(c, part.WriteJSON)
			}
			prog := progress.New(c.App.ErrWriter, "sweep replications", len(plan.Items()))
			values, err := plan.Run(plan.Items(), 0, prog.Set)
			prog.Done()
			if err != nil {
				return err
			}
			view := planning.SweepView{SweepResult: plan.Summarize(values), Metrics: metrics}
			return writeOutput(c, func(w io.Writer) error { return view.Write(w, format) })
		},
	}
}

// repeated collects every value of a repeatable flag as given: unlike
// StringSliceFlag it does not split at commas, which --set uses for value lists.
type repeated struct{ values []string }

func (r *repeated) Set(v string) error { r.values = append(r.values, v); return nil }
func (r *repeated) String() string     { return strings.Join(r.values, " ") }
