package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/urfave/cli/v2"
)

func staffCommand() *cli.Command {
	return &cli.Command{
		Name:      "staff",
		Usage:     "the fewest agents per group and interval that meet the targets",
		ArgsUsage: "[SCENARIO]",
		Description: "For every interval of the day, the smallest head count per agent group such that the\n" +
			"interval's service level reaches the target (sla.target unless --service-level), and\n" +
			"optionally the abandon rate and utilization stay under their caps. It starts from Erlang C\n" +
			"on each interval's offered load (bot containment, concurrency and inactive release taken\n" +
			"into account), refines by simulating the whole day with common random numbers, searching\n" +
			"all intervals at once, then verifies the chosen staffing and adds agents where an interval\n" +
			"misses (backlog carries over between intervals). The output lists the requirement beside\n" +
			"Erlang C, the simulated service level, the simulations used and what a per-interval linear\n" +
			"search would have needed.\n\n" +
			"   omnisim staff retail.yaml --interval 30m\n" +
			"   omnisim staff retail.yaml --set arrivals.scale=1.2 -n 4   # 20 % more volume, a quick look\n" +
			"   omnisim staff retail.yaml --shrinkage 30% --abandon-rate 5% --format html --out staff.html",
		Flags: append(append(targetFlags(false), runFlags("replications per simulation")...), setFlag(), noShardFlag()),
		Action: func(c *cli.Context) error {
			if c.IsSet("shard") {
				return errStaffShard
			}
			// In an Indexed Job of several pods, each would repeat the whole search.
			if shard, sharded, err := shardOf(c); err != nil {
				return err
			} else if sharded && shard.Count > 1 {
				return badInput(fmt.Errorf("JOB_COMPLETIONS=%d: %w", shard.Count, errStaffShard))
			}
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("staff takes at most one scenario (none: the embedded default), got %d", c.NArg()))
			}
			format, err := checkFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			_, _, res, err := staffScenario(c, "staff: simulations of at most")
			if err != nil {
				return err
			}
			if err := writeOutput(c, func(w io.Writer) error { return res.Write(w, format) }); err != nil {
				return err
			}
			if !res.Met {
				return failed(fmt.Errorf("targets not met in %d interval(s) (%s): %s",
					len(res.UnmetIntervals), strings.Join(res.UnmetIntervals, ", "), res.Advice()))
			}
			return nil
		},
	}
}

// noShardFlag accepts --shard on staff (hidden) only to say why it cannot be
// sharded, instead of urfave/cli's bare "flag provided but not defined".
func noShardFlag() cli.Flag { return &cli.StringFlag{Name: "shard", Hidden: true} }

// errStaffShard explains the refusal: each step of the staff search depends on the
// previous simulation of the whole day, so there is no independent work to split.
var errStaffShard = badInput(errors.New("staff cannot be sharded: its search refines all intervals together, each step depending on the previous one;" +
	" to spread staffing work over machines, shard `omnisim sweep --set agents.NAME.count=FROM..TO` (or tune-bot) instead"))

// staffOptions reads the flags staff and tune-bot share and applies --seed,
// --replications and --interval to sc.
func staffOptions(c *cli.Context, sc *scenarios.Scenario) (planning.StaffOptions, error) {
	var opt planning.StaffOptions
	share := func(name string, def float64) (float64, error) {
		if !c.IsSet(name) && c.String(name) == "" {
			return def, nil
		}
		v, err := scenarios.ParseShare(c.String(name))
		if err != nil {
			return 0, badInput(fmt.Errorf("--%s: %w", name, err))
		}
		return v, nil
	}
	var err error
	if opt.Targets.ServiceLevel, err = share("service-level", sc.SLA.Target); err != nil {
		return opt, err
	}
	if opt.Targets.AbandonRate, err = share("abandon-rate", 0); err != nil {
		return opt, err
	}
	if opt.Targets.MaxUtilization, err = share("max-utilization", 0); err != nil {
		return opt, err
	}
	if opt.Shrinkage, err = share("shrinkage", 0); err != nil {
		return opt, err
	}
	if opt.Shrinkage >= 1 {
		return opt, badInput(fmt.Errorf("--shrinkage: must be below 100%%"))
	}
	if err := applyInterval(c, sc); err != nil {
		return opt, err
	}
	return opt, applyRunFlags(c, sc, 2)
}

// targetFlags are the staffing targets and the output flags, shared by staff and
// tune-bot (which needs no shrinkage: it compares agent hours, hiding the flag).
func targetFlags(hideShrinkage bool) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "service-level", Usage: "target service level (share or %)", DefaultText: "sla.target"},
		&cli.StringFlag{Name: "abandon-rate", Usage: "cap on the abandon rate per interval (share or %)"},
		&cli.StringFlag{Name: "max-utilization", Usage: "cap on utilization per interval (share or %)"},
		&cli.StringFlag{Name: "shrinkage", Usage: "share of paid time agents are unavailable; scheduled heads = agents ÷ (1 − shrinkage)", Value: "0%", Hidden: hideShrinkage},
		&cli.StringFlag{Name: "interval", Usage: "staffing interval (must divide 24h)", DefaultText: "the scenario's"},
		formatFlag(reports.Formats...),
		outFlag(),
	}
}

// staffScenario loads the command's scenario with its --set changes and staff
// flags and runs the staffing search, its progress on stderr under label: the
// common start of staff and roster. adjust, if given, changes the scenario
// staff sizes (roster: a steady-state warm-up); the scenario returned is the
// one loaded, unadjusted.
func staffScenario(c *cli.Context, label string, adjust ...func(*scenarios.Scenario) *scenarios.Scenario) (*scenarios.Scenario, planning.StaffOptions, *planning.StaffResult, error) {
	sc, err := loadScenario(c.Args().First())
	if err != nil {
		return nil, planning.StaffOptions{}, nil, err
	}
	if sc, _, err = applySets(c, sc); err != nil {
		return nil, planning.StaffOptions{}, nil, err
	}
	opt, err := staffOptions(c, sc)
	if err != nil {
		return nil, opt, nil, err
	}
	prog := newProgress(c.App.ErrWriter, label, 200)
	opt.Progress = prog.set
	sized := sc
	for _, f := range adjust {
		sized = f(sized)
	}
	res, err := planning.Staff(sized, opt)
	prog.done()
	if err != nil {
		return nil, opt, nil, badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
	}
	return sc, opt, res, nil
}
