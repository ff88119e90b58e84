package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

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

// staffOptions maps the flags staff, tune-bot and roster share onto
// planning.StaffArgs, which applies --scale, --interval, --seed and
// --replications to sc.
func staffOptions(c *cli.Context, sc *scenarios.Scenario) (planning.StaffOptions, error) {
	opt, err := staffArgs(c).Apply(sc)
	return opt, badInput(err)
}

func staffArgs(c *cli.Context) planning.StaffArgs {
	return planning.StaffArgs{ServiceLevel: c.String("service-level"), AbandonRate: c.String("abandon-rate"),
		MaxUtilization: c.String("max-utilization"), Shrinkage: c.String("shrinkage"), Confidence: c.String("confidence"),
		Tolerance: given(c, "tolerance"), MaxReplications: given(c, "max-replications"), VerifyReplications: given(c, "verify-replications"),
		Scale: given(c, "scale"), Interval: given(c, "interval"), Seed: given(c, "seed"), Replications: given(c, "replications")}
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
		&cli.StringFlag{Name: "confidence", Usage: "confidence of each interval's decision (share or %)", Value: "95%"},
		&cli.StringFlag{Name: "tolerance", Usage: "decide on the mean once the CI's half-width is this small (points: 0.5pp, or a share)", Value: "0.5pp"},
		&cli.IntFlag{Name: "max-replications", Usage: "most replications one evaluation adds before deciding", DefaultText: "4 × the scenario's, at least 32"},
		&cli.IntFlag{Name: "verify-replications", Usage: "fresh replications the chosen staffing is verified on", DefaultText: "20, or the scenario's if more"},
		&cli.Float64Flag{Name: "scale", Usage: "what-if: multiply every arrival rate by this factor (1.2: a 20 % surge)", DefaultText: "1"},
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
