package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/internal/cliargs"
)

// Exit codes (DESIGN.md, STYLE.md): 0 ok, 1 an assertion or threshold failed,
// 2 bad input or usage.
const (
	exitFailed   = 1
	exitBadInput = 2
)

// exitError carries an exit code with a one-line message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// badInput marks err as the user's mistake: exit 2 (nil stays nil).
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: exitBadInput, err: err}
}

// failed marks err as a failed assertion or threshold: exit 1.
func failed(err error) error { return &exitError{code: exitFailed, err: err} }

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
	if err == nil {
		return 0
	}
	code := exitBadInput
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	fmt.Fprintln(stderr, "omnisim: "+err.Error())
	return code
}
