package main

import (
	"fmt"

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

// applyRunFlags sets the scenario's seed and replications from the flags given;
// fewer than minReps replications is bad input.
func applyRunFlags(c *cli.Context, sc *scenarios.Scenario, minReps int) error {
	if c.IsSet("seed") {
		sc.Seed = c.Uint64("seed")
	}
	if c.IsSet("replications") {
		n := c.Int("replications")
		if n < minReps {
			why := ""
			if minReps > 1 {
				why = " for confidence intervals"
			}
			return badInput(fmt.Errorf("--replications: must be ≥ %d%s (got %d)", minReps, why, n))
		}
		sc.Replications = n
	}
	return nil
}
