package main

import (
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/urfave/cli/v2"
)

// setFlag is --set KEY=VALUE on run, staff and tune-bot: a what-if in one flag
// (+20 % volume: --set arrivals.scale=1.2), with the keys and values of sweep's
// --set (planning.Set), one value each.
func setFlag() cli.Flag {
	return &cli.GenericFlag{Name: "set", Value: &repeated{},
		Usage: "change a scenario setting before running: `KEY=VALUE`, the keys of omnisim sweep --help " +
			"(arrivals.scale=1.2 is 20 % more volume, agents.tier1.count=8, sla.within=30s); repeatable"}
}

// applySets returns sc changed by every --set KEY=VALUE (planning.ApplySets),
// and the settings as given, for fingerprints.
func applySets(c *cli.Context, sc *scenarios.Scenario) (*scenarios.Scenario, []string, error) {
	sets := c.Generic("set").(*repeated).values
	sc, err := planning.ApplySets(sc, sets, c.Command.Name)
	return sc, sets, badInput(err)
}
