package main

import "github.com/urfave/cli/v2"

// commands lists the subcommands, one file each.
func commands() []*cli.Command {
	return []*cli.Command{
		runCommand(),
		validateCommand(),
		erlangCommand(),
	}
}
