package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/omnisim/omnisim/internal/check"
	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/internal/progress"
	"github.com/urfave/cli/v2"
)

// checkCommand runs scenario files and evaluates their assert: lines: the command a
// CI pipeline runs (exit 1 when an assertion fails, JUnit XML for the CI server).
// The runs and the verdict are package internal/check's.
func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "run scenario files and check their assertions (for CI: exit 1 on failure, JUnit XML)",
		UsageText: "omnisim check PATH... [--quick] [--junit FILE] [--format text|json] [--out FILE]",
		Description: "Each PATH is a scenario file or a directory, searched recursively for *.yaml and *.yml;\n" +
			"as the go tool does, the walk skips directories named testdata and those beginning with\n" +
			". or _ (fixtures, invalid on purpose); name such a directory to check it.\n" +
			"Every scenario runs (several at a time, each with its replications in parallel) and\n" +
			"each line of its assert: list is checked on the mean across replications, or on the\n" +
			"whole confidence interval when it ends in `strict`: a strict line whose interval\n" +
			"straddles its value gets more replications (doubling, up to 4 × the scenario's), each look's\n" +
			"interval widened to 1 − 5 %/3 so that a strict pass holds at 95 %. The table lists scenario,\n" +
			"assertion, value ± CI and verdict, in file order; the bytes do not depend on timing.\n" +
			"Invalid files are reported on stderr with all their errors, as by validate, and the\n" +
			"valid ones still run. A scenario without assert: lines is listed, not run.\n\n" +
			"--quick runs at most 3 replications and a quarter of the horizon, rounded up to whole\n" +
			"days (a scenario whose arrivals or staffing differ by weekday keeps its horizon), for a\n" +
			"pre-commit hook; the output says so.\n\n" +
			"Exit 0 when every assertion passes, 1 when one fails, 2 when a file is invalid.\n\n" +
			"Example:\n" +
			"   omnisim check scenarios/ --junit check.xml\n" +
			"   omnisim check scenarios/examples --quick",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "quick", Usage: "fewer replications and a shorter horizon, for pre-commit use"},
			&cli.StringFlag{Name: "junit", Usage: "also write a JUnit XML report to `FILE`"},
			&cli.IntFlag{Name: "parallel", Usage: "scenarios run at a time", DefaultText: "GOMAXPROCS"},
			cliargs.FormatFlag("text", "json"),
			cliargs.OutFlag(),
			cliargs.BaseDirFlag(),
		},
		HideHelpCommand: true,
		OnUsageError:    cliargs.OnUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("check: no scenario files given (usage: omnisim check PATH...)"))
			}
			format, err := cliargs.CheckFormat(c, "text", "json")
			if err != nil {
				return err
			}
			parallel, err := check.Parallelism(c.Int("parallel"), c.IsSet("parallel"))
			if err != nil {
				return badInput(err)
			}
			prog := progress.New(c.App.ErrWriter, "scenarios", 0)
			opts := check.Options{Quick: c.Bool("quick"), Parallel: parallel, BaseDir: c.String("base-dir"), Progress: prog.SetOf}
			res := check.Run(c.Args().Slice(), opts, c.App.ErrWriter)
			prog.Done()
			// Run errors after the runs, in file order: stderr is as deterministic as stdout.
			for _, e := range res.RunErrors {
				fmt.Fprintln(c.App.ErrWriter, e)
			}
			if err := cliargs.WriteOutput(c, func(w io.Writer) error { return res.Write(w, format, opts.Quick, c.App.ErrWriter) }); err != nil {
				return err
			}
			if path := c.String("junit"); path != "" {
				if err := res.WriteJUnitFile(path); err != nil {
					return err
				}
			}
			switch o := check.Summarize(res.Suites); {
			case o.Invalid:
				return badInput(errors.New(o.Message))
			case o.Failed:
				return failed(errors.New(o.Message))
			}
			return nil
		},
	}
}
