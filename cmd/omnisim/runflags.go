package main

import (
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/urfave/cli/v2"
)

// runFlags are --seed and --replications, which every simulating command takes;
// what says what a replication is for that command ("independent replications",
// "replications per point").
func runFlags(what string) []cli.Flag {
	return []cli.Flag{
		&cli.Uint64Flag{Name: "seed", Usage: "random seed", DefaultText: "the scenario's"},
		&cli.IntFlag{Name: "replications", Aliases: []string{"n"}, Usage: what, DefaultText: "the scenario's"},
	}
}

// applyRunFlags sets the scenario's seed and replications from the flags given
// (planning.ApplyRun); fewer than minReps replications is bad input.
func applyRunFlags(c *cli.Context, sc *scenarios.Scenario, minReps int) error {
	return badInput(planning.ApplyRun(sc, given(c, "seed"), given(c, "replications"), minReps))
}

// given is the text of flag name if it was given, else "".
func given(c *cli.Context, name string) string {
	if c.IsSet(name) {
		return c.String(name)
	}
	return ""
}
