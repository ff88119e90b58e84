package main

import (
	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/urfave/cli/v2"
)

// helpCommand is `omnisim help [COMMAND...]`: the same text as `omnisim COMMAND
// --help` (`omnisim --help` without a topic), exit 0; an unknown topic is bad input
// (exit 2) with the nearest command's name. urfave/cli's own help command is
// hidden (HideHelpCommand) because it reads "help" itself as an unknown topic.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Usage:     "show the help of a command (the same as omnisim COMMAND --help)",
		ArgsUsage: "[COMMAND [SUBCOMMAND]]",
		Description: "Example:\n" +
			"   omnisim help run\n" +
			"   omnisim help erlang c",
		Action: func(c *cli.Context) error {
			path := c.Args().Slice()
			if len(path) == 0 {
				return cli.ShowAppHelp(c)
			}
			if err := cliargs.CheckPath(c.App.Commands, path); err != nil {
				return badInput(err)
			}
			// A fresh app prints exactly what --help prints (the help printers
			// work on the parsed context of the command they describe).
			app := newApp(c.App.Writer, c.App.ErrWriter)
			return app.Run(append(append([]string{"omnisim"}, path...), "--help"))
		},
	}
}
