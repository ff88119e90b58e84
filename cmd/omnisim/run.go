package main

import "github.com/urfave/cli/v2"

// runCommand is a placeholder, replaced by the simulator.
func runCommand() *cli.Command {
	return &cli.Command{Name: "run", Usage: "run a scenario (not yet)", Hidden: true}
}
