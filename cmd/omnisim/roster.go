package main

import (
	"context"
	"fmt"
	"time"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/roster"
	"github.com/urfave/cli/v2"
)

func rosterCommand() *cli.Command {
	var flags []cli.Flag
	for _, f := range cliargs.TargetFlags(false) {
		if f.Names()[0] != "format" {
			flags = append(flags, f)
		}
	}
	flags = append(flags, cliargs.FormatFlag(roster.Formats...),
		&cli.StringFlag{Name: "shifts", Usage: "shift templates, labour rules and head counts (`FILE`, YAML)", DefaultText: "8h shifts on the half hour, 30m break, 5 of 7 days"},
		&cli.StringFlag{Name: "solver", Value: "cbc", Usage: "MILP solver: cbc (COIN-OR CBC, Debian coinor-cbc) or glpsol (GLPK)"},
		&cli.DurationFlag{Name: "time-limit", Value: 30 * time.Second, Usage: "stop the solver after this long with its best roster"},
		&cli.StringFlag{Name: "gap", Value: "2%", Usage: "stop the solver within this relative optimality gap (share or %)"},
		&cli.BoolFlag{Name: "no-simulate", Usage: "skip the proof by simulation"},
		&cli.StringFlag{Name: "agents-csv", Usage: "also name the agents and rotate them through their group's tours: a row per agent, week and working day to `FILE` (CSV)"},
		&cli.IntFlag{Name: "rotation-weeks", Value: 1, Usage: "with --agents-csv: weeks of the rotation (`N`, 1 to 52); the rules hold across each week boundary or are named"},
	)
	flags = append(flags, cliargs.RunFlags("replications per simulation")...)
	flags = append(flags, cliargs.SetFlag())
	return &cli.Command{
		Name:      "roster",
		Usage:     "the week's shifts that cover staff's requirement at least cost, proved by simulation",
		ArgsUsage: "[SCENARIO]",
		Description: "Runs staff for the requirement per group and interval (repeated on every day of the week),\n" +
			"expands the shift templates into weekly patterns that obey the labour rules, chooses how many\n" +
			"agents work each pattern with an integer program (solved by CBC), then simulates the week with\n" +
			"the roster as the agents' schedules and shows, per interval, required vs rostered heads and the\n" +
			"simulated service level. Intervals left short (a head-count cap) are listed under unmet.\n" +
			"Staff sizes a steady-state day (at least two days of warm-up) and the proof simulates a steady-state week.\n" +
			"An agent's start may move within the template's start_band (default 4h) from day to day.\n" +
			"--out FILE.yaml writes a scenario fragment (extends: the scenario) with the roster as the agents'\n" +
			"schedules; the CSV has a row per tour (pattern) and working day. --agents-csv FILE names the agents\n" +
			"(group-001, ...) and rotates them through their group's tours over --rotation-weeks weeks, each week's\n" +
			"tours worked by exactly the roster's agents; a rest or consecutive-days rule the rotation cannot keep\n" +
			"across a week boundary is named on stderr (exit 1).\n\n" +
			"   omnisim roster --interval 30m -n 4 --time-limit 10s\n" +
			"   omnisim roster retail.yaml --shifts roster/testdata/shifts.yaml -n 2 --no-simulate --format csv --out roster.csv\n" +
			"   omnisim roster retail.yaml -n 2 --no-simulate --time-limit 5s --agents-csv agents.csv --rotation-weeks 4",
		Flags: flags,
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("roster takes at most one scenario (none: the embedded default), got %d", c.NArg()))
			}
			format, err := cliargs.CheckFormat(c, roster.Formats...)
			if err != nil {
				return err
			}
			plan, err := roster.Args{Shifts: c.String("shifts"), Solver: c.String("solver"), TimeLimit: c.Duration("time-limit"), Gap: c.String("gap")}.Resolve()
			if err != nil {
				return badInput(err)
			}
			sc, opt, res, err := staffScenario(c, "roster: staff simulations of at most", roster.SteadyState)
			if err != nil {
				return err
			}
			rep, err := plan.Solve(context.Background(), scenarioName(sc), res, opt.Targets.ServiceLevel)
			if err != nil {
				return badInput(err)
			}
			if !c.Bool("no-simulate") {
				prog := progress.New(c.App.ErrWriter, "roster: simulating the week, replication", sc.Replications)
				if err := rep.Prove(sc, res.Interval, prog.Set); err != nil {
					return badInput(err)
				}
				prog.Done()
			}
			write, err := rep.Output(format, c.Args().First(), c.String("out"))
			if err != nil {
				return badInput(err)
			}
			if err := cliargs.WriteOutput(c, write); err != nil {
				return err
			}
			if p := c.String("agents-csv"); p != "" {
				if unmet, err := plan.WriteAgents(p, rep.Roster, c.Int("rotation-weeks"), c.App.ErrWriter); err != nil {
					return badInput(err)
				} else if unmet > 0 {
					return failed(fmt.Errorf("the rotation breaks %d rule(s) at a week boundary (listed above)", unmet))
				}
			}
			if err := rep.Roster.Short(); err != nil {
				return failed(err)
			}
			return nil
		},
	}
}
