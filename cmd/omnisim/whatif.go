package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
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

// applySets returns sc changed by every --set KEY=VALUE (sc itself when there are
// none), and the settings as given, for fingerprints. A key set twice, a range or a
// list of values, an unknown key, a value out of range or settings that make the
// scenario invalid (planning.Apply) are bad input.
func applySets(c *cli.Context, sc *scenarios.Scenario) (*scenarios.Scenario, []string, error) {
	sets := c.Generic("set").(*repeated).values
	if len(sets) == 0 {
		return sc, nil, nil
	}
	var axes []planning.Axis
	var point planning.Point
	seen := map[string]bool{}
	for _, s := range sets {
		ax, err := planning.ParseAxis(s)
		if err != nil {
			return nil, nil, badInputText(strings.Replace(err.Error(), "want KEY=FROM..TO:STEP, KEY=V1,V2 or KEY=V", "want KEY=VALUE", 1))
		}
		if len(ax.Values) != 1 {
			return nil, nil, badInput(fmt.Errorf("--set %s: one value on %s (got %d); omnisim sweep tries several", ax.Key, c.Command.Name, len(ax.Values)))
		}
		if seen[ax.Key] {
			return nil, nil, badInput(fmt.Errorf("--set %s: set twice", ax.Key))
		}
		seen[ax.Key] = true
		axes, point = append(axes, ax), append(point, ax.Values[0])
	}
	out, err := planning.Apply(sc, axes, point)
	var ke *planning.KeyError
	if errors.As(err, &ke) {
		return nil, nil, badInput(fmt.Errorf("--set %w", err))
	} else if err != nil {
		return nil, nil, badInput(fmt.Errorf("--set %s: %w", strings.Join(sets, " "), err))
	}
	return out, sets, nil
}

// badInputText is badInput for a message that is already worded.
func badInputText(msg string) error { return badInput(errors.New(msg)) }

// applyInterval sets the reporting (and staffing) interval from --interval: a
// duration that divides 24 h.
func applyInterval(c *cli.Context, sc *scenarios.Scenario) error {
	if !c.IsSet("interval") {
		return nil
	}
	d, err := scenarios.ParseDuration(c.String("interval"))
	if err == nil && d < sim.MinInterval {
		return badInput(fmt.Errorf("--interval %q: want a duration of at least 1m that divides 24h, such as 30m or 1h", c.String("interval")))
	}
	if err != nil || (24*time.Hour)%d != 0 {
		return badInput(fmt.Errorf("--interval %q: want a duration that divides 24h, such as 30m or 1h", c.String("interval")))
	}
	sc.Interval = d
	return flagLimit(sc, "interval", fmt.Sprintf("--interval %s", c.String("interval")))
}
