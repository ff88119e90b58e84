package main

import (
	"errors"
	"fmt"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
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
		if n > sim.MaxReplications {
			return badInput(fmt.Errorf("--replications: at most %d (got %d)", sim.MaxReplications, n))
		}
		sc.Replications = n
		return flagLimit(sc, "replications", fmt.Sprintf("--replications %d", n))
	}
	return nil
}

// flagLimit checks the size limits of sc after a flag changed its field (a
// scenario field name such as replications or interval): an excess that field can
// fix is reported at the flag, as flag. Other problems are left to the caller,
// which builds the model anyway.
func flagLimit(sc *scenarios.Scenario, field, flag string) error {
	_, err := sc.Model()
	var se *sim.SizeError
	if errors.As(err, &se) && se.Field == field {
		return badInput(fmt.Errorf("%s: %s", flag, se.Msg))
	}
	return nil
}
