package main

import (
	"fmt"
	"io"
	"os"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/urfave/cli/v2"
)

// exitBadInput is the exit code of bad input or usage (cliargs.Code).
const exitBadInput = cliargs.ExitBadInput

// badInput marks err as the user's mistake (exit 2), failed as a failed
// assertion or threshold (exit 1).
var badInput, failed = cliargs.BadInput, cliargs.Failed

// scenarioName names a scenario in errors: its file, or the embedded default.
func scenarioName(sc *scenarios.Scenario) string { return scenarios.NameOf(sc) }

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:  "omnisim",
		Usage: "simulate, plan and load-test asynchronous customer messaging",
		Description: "omnisim runs conversations on SMS, WhatsApp, Messenger, Instagram, Apple Messages,\n" +
			"RCS, web and in-app chat through a bot tier and an Omni-Channel style router to\n" +
			"human agents, in virtual time. Start with `omnisim run` (embedded default scenario).",
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Commands:        commands(),
		// Our own help command (help.go) keeps urfave/cli from adding --help to the
		// app, so it is added here.
		Flags: []cli.Flag{cli.HelpFlag},
		// Usage errors (unknown flag, missing argument) are bad input: exit 2.
		OnUsageError:   func(c *cli.Context, err error, _ bool) error { return badInput(err) },
		ExitErrHandler: func(*cli.Context, error) {},
		// Without a command: the app's help; with an unknown one: exit 2 and the
		// nearest name (urfave/cli would say "No help topic for 'NAME'").
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cli.ShowAppHelp(c)
			}
			return badInput(cliargs.UnknownCommand("omnisim", c.Args().First(), c.App.Commands))
		},
	}
}

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes the CLI and maps errors onto exit codes, printing one line.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(cliargs.Interspersed(app, args))
	if err != nil {
		fmt.Fprintln(stderr, "omnisim: "+err.Error())
	}
	return cliargs.Code(err)
}
