package main

import (
	"github.com/omnisim/omnisim/internal/cliargs"
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
		cliargs.OneLineUsageErrors(c, "omnisim "+c.Name)
	}
	return cmds
}
