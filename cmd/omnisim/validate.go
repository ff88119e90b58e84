package main

import "github.com/urfave/cli/v2"

// validateCommand is a placeholder, replaced by the scenario validator.
func validateCommand() *cli.Command {
	return &cli.Command{Name: "validate", Usage: "validate scenario files (not yet)", Hidden: true}
}
