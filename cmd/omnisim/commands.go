package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// commands lists the subcommands, one file each.
func commands() []*cli.Command {
	cmds := []*cli.Command{
		runCommand(),
		validateCommand(),
		checkCommand(),
		scenariosCommand(),
		erlangCommand(),
		serveCommand(), loadCommand(),
		sweepCommand(), staffCommand(), rosterCommand(), tuneBotCommand(), reportCommand(),
		helpCommand(),
		fitCommand(), backtestCommand(),
	}
	for _, c := range cmds {
		oneLineUsageErrors(c, "omnisim "+c.Name)
	}
	return cmds
}

// oneLineUsageErrors makes a usage mistake (unknown flag, bad flag value) a
// one-line error with exit 2 that points to --help, instead of the whole help text.
func oneLineUsageErrors(c *cli.Command, path string) {
	if c.OnUsageError == nil {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return badInput(fmt.Errorf("%w (see %s --help)", err, path))
		}
	}
	for _, sub := range c.Subcommands {
		oneLineUsageErrors(sub, path+" "+sub.Name)
	}
}
