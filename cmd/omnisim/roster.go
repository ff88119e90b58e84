package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/omnisim/omnisim/roster"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/urfave/cli/v2"
)

func rosterCommand() *cli.Command {
	var flags []cli.Flag
	for _, f := range targetFlags(false) {
		if f.Names()[0] != "format" {
			flags = append(flags, f)
		}
	}
	flags = append(flags, formatFlag(roster.Formats...),
		&cli.StringFlag{Name: "shifts", Usage: "shift templates, labour rules and head counts (`FILE`, YAML)", DefaultText: "8h shifts on the half hour, 30m break, 5 of 7 days"},
		&cli.StringFlag{Name: "solver", Value: "cbc", Usage: "MILP solver: cbc (COIN-OR CBC, Debian coinor-cbc) or glpsol (GLPK)"},
		&cli.DurationFlag{Name: "time-limit", Value: 30 * time.Second, Usage: "stop the solver after this long with its best roster"},
		&cli.StringFlag{Name: "gap", Value: "2%", Usage: "stop the solver within this relative optimality gap (share or %)"},
		&cli.BoolFlag{Name: "no-simulate", Usage: "skip the proof by simulation"},
	)
	flags = append(flags, runFlags("replications per simulation")...)
	flags = append(flags, setFlag())
	return &cli.Command{
		Name:      "roster",
		Usage:     "the week's shifts that cover staff's requirement at least cost, proved by simulation",
		ArgsUsage: "[SCENARIO]",
		Description: "Runs staff for the requirement per group and interval (repeated on every day of the week),\n" +
			"expands the shift templates into weekly patterns that obey the labour rules, chooses how many\n" +
			"agents work each pattern with an integer program (solved by CBC), then simulates the week with\n" +
			"the roster as the agents' schedules and shows, per interval, required vs rostered heads and the\n" +
			"simulated service level. Intervals left short (a head-count cap) are listed under unmet.\n\n" +
			"   omnisim roster --interval 30m\n" +
			"   omnisim roster retail.yaml --shifts roster/testdata/shifts.yaml --time-limit 10s --format csv --out roster.csv",
		Flags: flags,
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("roster takes at most one scenario (none: the embedded default), got %d", c.NArg()))
			}
			format, err := checkFormat(c, roster.Formats...)
			if err != nil {
				return err
			}
			shifts := roster.Default()
			if p := c.String("shifts"); p != "" {
				data, err := os.ReadFile(p)
				if err != nil {
					return badInput(err)
				}
				if shifts, err = roster.ParseShifts(p, data); err != nil {
					return badInput(err)
				}
			}
			var solver roster.Solver
			switch c.String("solver") {
			case "cbc":
				solver = roster.CBC{}
			case "glpsol", "glpk":
				solver = roster.GLPK{}
			default:
				return badInput(fmt.Errorf("--solver %q: want cbc or glpsol", c.String("solver")))
			}
			gap, err := shareFlag(c, "gap")
			if err != nil {
				return err
			}
			if err := roster.Available(solver); err != nil {
				return badInput(err)
			}
			sc, opt, res, err := staffScenario(c, "roster: staff simulations of at most")
			if err != nil {
				return err
			}
			req, err := roster.FromStaff(res, roster.Grid(res.Interval))
			if err != nil {
				return badInput(err)
			}
			r, err := roster.Solve(context.Background(), shifts, req, roster.Options{Solver: solver,
				SolveOptions: roster.SolveOptions{TimeLimit: c.Duration("time-limit"), Gap: gap}})
			if err != nil {
				if errors.Is(err, roster.ErrNoSolver) {
					return badInput(err)
				}
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			rep := &roster.Report{Scenario: scenarioName(sc), Roster: r, TargetSL: opt.Targets.ServiceLevel, ProofInterval: res.Interval}
			if !c.Bool("no-simulate") {
				sc.Interval = res.Interval
				prog := newProgress(c.App.ErrWriter, "roster: simulating day", 7)
				if rep.Checks, err = roster.Prove(sc, r, 0, prog.set); err != nil {
					return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
				}
				prog.done()
			}
			if err := writeOutput(c, func(w io.Writer) error { return rep.Write(w, format) }); err != nil {
				return err
			}
			if len(r.Unmet) > 0 {
				return failed(fmt.Errorf("the roster leaves %d interval(s) short (see unmet)", len(r.Unmet)))
			}
			return nil
		},
	}
}

// shareFlag reads a share or percentage flag.
func shareFlag(c *cli.Context, name string) (float64, error) {
	v, err := scenarios.ParseShare(c.String(name))
	if err != nil {
		return 0, badInput(fmt.Errorf("--%s: %w", name, err))
	}
	return v, nil
}
