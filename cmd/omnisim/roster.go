package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/omnisim/omnisim/internal/progress"
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
		&cli.StringFlag{Name: "agents-csv", Usage: "also name the agents and rotate them through their group's tours: a row per agent, week and working day to `FILE` (CSV)"},
		&cli.IntFlag{Name: "rotation-weeks", Value: 1, Usage: "with --agents-csv: weeks of the rotation (`N`, 1 to 52); the rules hold across each week boundary or are named"},
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
			sc, opt, res, err := staffScenario(c, "roster: staff simulations of at most", roster.SteadyState)
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
			for _, in := range res.Intervals {
				rep.StaffSL = append(rep.StaffSL, in.ServiceLevel)
			}
			if !c.Bool("no-simulate") {
				sc.Interval = res.Interval
				prog := progress.New(c.App.ErrWriter, "roster: simulating the week, replication", sc.Replications)
				if rep.Checks, err = roster.Prove(sc, r, 0, prog.Set); err != nil {
					return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
				}
				prog.Done()
			}
			write := func(w io.Writer) error { return rep.Write(w, format) }
			if out := c.String("out"); strings.HasSuffix(out, ".yaml") || strings.HasSuffix(out, ".yml") {
				frag, err := rosterFragment(c.Args().First(), out, r)
				if err != nil {
					return err
				}
				write = func(w io.Writer) error { _, err := w.Write(frag); return err }
			}
			if err := writeOutput(c, write); err != nil {
				return err
			}
			if p := c.String("agents-csv"); p != "" {
				as, err := roster.Assign(r, shifts.Rules, c.Int("rotation-weeks"))
				if err != nil {
					return badInput(fmt.Errorf("--rotation-weeks: %w", err))
				}
				var buf bytes.Buffer
				if err := as.WriteCSV(&buf, r); err != nil {
					return err
				}
				if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
					return err
				}
				for _, u := range as.Unmet {
					fmt.Fprintf(c.App.ErrWriter, "rotation: %s, week %d to the next: %s: %s\n", u.Agent, u.Week+1, u.Rule, u.Reason)
				}
				if len(as.Unmet) > 0 {
					return failed(fmt.Errorf("the rotation breaks %d rule(s) at a week boundary (listed above)", len(as.Unmet)))
				}
			}
			if len(r.Unmet) > 0 {
				return failed(fmt.Errorf("the roster leaves %d interval(s) short (see unmet)", len(r.Unmet)))
			}
			return nil
		},
	}
}

// rosterFragment is the roster as a scenario fragment extending the scenario
// file (named relative to the fragment's directory, which must contain it:
// extends: stays inside the extending file's tree); for the embedded default,
// extends: default.yaml, the file `omnisim scenarios show default` writes.
func rosterFragment(scenario, out string, r *roster.Roster) ([]byte, error) {
	if scenario == "" {
		return roster.Fragment(scenarios.DefaultYAML(), scenarios.DefaultName, "default.yaml", r)
	}
	data, err := os.ReadFile(scenario)
	if err != nil {
		return nil, badInput(err)
	}
	absOut, err1 := filepath.Abs(filepath.Dir(out))
	absSc, err2 := filepath.Abs(scenario)
	rel, err3 := filepath.Rel(absOut, absSc)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, badInput(fmt.Errorf("--out %s: %w", out, err))
	}
	if strings.HasPrefix(rel, "..") {
		return nil, badInput(fmt.Errorf("--out %s: a scenario fragment extends %s, which must be in the fragment's directory or below it", out, scenario))
	}
	frag, err := roster.Fragment(data, scenario, filepath.ToSlash(rel), r)
	if err != nil {
		return nil, badInput(err)
	}
	return frag, nil
}

// shareFlag reads a share or percentage flag.
func shareFlag(c *cli.Context, name string) (float64, error) {
	v, err := scenarios.ParseShare(c.String(name))
	if err != nil {
		return 0, badInput(fmt.Errorf("--%s: %w", name, err))
	}
	return v, nil
}
