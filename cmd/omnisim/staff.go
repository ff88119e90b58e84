package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/internal/progress"
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
			"all intervals at once, then checks the chosen staffing as a whole and adds agents where an\n" +
			"interval misses (backlog carries over between intervals). Each \"meets the target\" is a\n" +
			"sequential decision: replications are added (the scenario's first, doubling up to\n" +
			"--max-replications) until the interval's confidence interval lies on one side of the target\n" +
			"or is narrower than --tolerance, at --confidence. The chosen staffing is then re-simulated\n" +
			"on --verify-replications fresh replications the search never saw; an interval that misses\n" +
			"there gets an agent more and is verified again on new ones. The output lists the\n" +
			"requirement (integer and fractional) beside Erlang C, the occupancy it implies, the\n" +
			"simulated and the verified service level, agent hours per group and the simulations used.\n\n" +
			"   omnisim staff retail.yaml --interval 30m\n" +
			"   omnisim staff retail.yaml --scale 1.2 -n 4   # what-if: 20 % more volume\n" +
			"   omnisim staff retail.yaml --confidence 99% --tolerance 1pp\n" +
			"   omnisim staff retail.yaml --shrinkage 30% --abandon-rate 5% --format html --out staff.html",
		Flags: append(append(cliargs.TargetFlags(false), cliargs.RunFlags("replications per simulation")...), cliargs.SetFlag(), noShardFlag()),
		Action: func(c *cli.Context) error {
			if c.IsSet("shard") {
				return errStaffShard
			}
			// In an Indexed Job of several pods, each would repeat the whole search.
			if shard, sharded, err := cliargs.ShardOf(c, os.Getenv); err != nil {
				return err
			} else if sharded && shard.Count > 1 {
				return badInput(fmt.Errorf("JOB_COMPLETIONS=%d: %w", shard.Count, errStaffShard))
			}
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("staff takes at most one scenario (none: the embedded default), got %d", c.NArg()))
			}
			format, err := cliargs.CheckFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			_, _, res, err := staffScenario(c, "staff: simulations of at most")
			if err != nil {
				return err
			}
			if err := cliargs.WriteOutput(c, func(w io.Writer) error { return res.Write(w, format) }); err != nil {
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

// staffScenario loads the command's scenario with its --set changes and staff
// flags and runs the staffing search, its progress on stderr under label: the
// common start of staff and roster. adjust, if given, changes the scenario
// staff sizes (roster: a steady-state warm-up); the scenario returned is the
// one loaded, unadjusted.
func staffScenario(c *cli.Context, label string, adjust ...func(*scenarios.Scenario) *scenarios.Scenario) (*scenarios.Scenario, planning.StaffOptions, *planning.StaffResult, error) {
	sc, _, err := cliargs.Scenario(c)
	if err != nil {
		return nil, planning.StaffOptions{}, nil, err
	}
	opt, err := cliargs.StaffOptions(c, sc)
	if err != nil {
		return nil, opt, nil, err
	}
	prog := progress.New(c.App.ErrWriter, label, 200)
	opt.Progress = prog.Set
	sized := sc
	for _, f := range adjust {
		sized = f(sized)
	}
	res, err := planning.Staff(sized, opt)
	prog.Done()
	if err == nil && c.IsSet("scale") {
		res.Scale = c.Float64("scale")
	}
	if err != nil {
		return nil, opt, nil, badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
	}
	return sc, opt, res, nil
}
