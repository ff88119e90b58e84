package main

import "github.com/urfave/cli/v2"

// erlangCommand is a placeholder, replaced by the Erlang C/A calculators.
func erlangCommand() *cli.Command {
	return &cli.Command{Name: "erlang", Usage: "Erlang C and Erlang A calculators (not yet)", Hidden: true}
}
