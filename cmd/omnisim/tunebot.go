package main

import (
	"fmt"
	"io"
	"os"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/urfave/cli/v2"
)

func tuneBotCommand() *cli.Command {
	return &cli.Command{
		Name:      "tune-bot",
		Usage:     "bot threshold curve (containment, escalations, agent hours, cost, CSAT) and a recommendation",
		ArgsUsage: "[SCENARIO]",
		Description: "Simulates the scenario at each bot.threshold (and --max-turns value), with the same\n" +
			"customers at every point, and reports containment, hand-offs by cause (asked for an agent,\n" +
			"low confidence, tried and failed), the share of failed attempts, the CSAT proxy, the agent\n" +
			"hours needed at the targets (as omnisim staff finds them, or Erlang C with --staffing\n" +
			"erlang) and the cost per day. It recommends a point for the objective:\n" +
			"min-cost (agents + messages + bot), or max-containment with --min-csat.\n\n" +
			"Points are independent, so --shard I/N (or an Indexed Job's environment) runs only every\n" +
			"Nth point — point k (max_turns outer, thresholds inner, from 0) goes to shard (k mod N)+1 —\n" +
			"and writes a partial result (JSON); omnisim report merge recommends over all the points and\n" +
			"prints, in any --format, what the unsharded command would have printed.\n\n" +
			"--staffing erlang, fewer --thresholds and -n 4 make a first look take seconds:\n\n" +
			"   omnisim tune-bot retail.yaml --objective min-cost --thresholds 0.6..0.8:0.1 -n 4\n" +
			"   omnisim tune-bot retail.yaml --objective max-containment --min-csat 4.2 --staffing erlang --format html --out bot.html\n" +
			"   omnisim tune-bot retail.yaml --set arrivals.scale=1.2 --staffing erlang   # the curve at 20 % more volume\n" +
			"   for i in 1 2 3; do omnisim tune-bot retail.yaml --max-turns 2..4 --thresholds 0.5..0.9:0.1 -n 4 --staffing erlang --shard $i/3 --out part$i.json; done\n" +
			"   omnisim report merge part1.json part2.json part3.json --format html --out bot.html\n\n" +
			"--logs LOGS... draws the curve from event logs instead (omnisim fit --help for their\n" +
			"format): below the threshold that was in force the bot handed off and no outcome was\n" +
			"observed, so those points are marked extrapolated (the calibrated form resolvable ×\n" +
			"confidence, fitted above it) and the range a shadow confidence score would measure is named.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "thresholds", Usage: "thresholds to try: `FROM..TO:STEP` or V1,V2,…", Value: "0..1:0.1"},
			&cli.StringFlag{Name: "max-turns", Usage: "bot.max_turns values to try: FROM..TO or V1,V2,…", DefaultText: "the scenario's"},
			&cli.StringFlag{Name: "objective", Usage: "min-cost or max-containment", Value: planning.MinCost},
			&cli.Float64Flag{Name: "min-csat", Usage: "recommend only points with a CSAT proxy (1–5) at least this"},
			&cli.Float64Flag{Name: "agent-cost", Usage: "cost of an agent hour", Value: 30},
			&cli.Float64Flag{Name: "bot-cost", Usage: "cost of a conversation the bot takes", Value: 0.05},
			&cli.StringFlag{Name: "staffing", Usage: "agent hours by `simulate` (staff search per point) or erlang (Erlang C start, fast)", Value: "simulate"},
			cliargs.ShardFlag(),
			cliargs.SetFlag(),
		}, append(append(cliargs.TargetFlags(true), cliargs.RunFlags("replications per simulation")...), tuneBotLogsFlags()...)...),
		Action: func(c *cli.Context) error {
			if c.Bool("logs") {
				return tuneBotLogs(c) // tunebot_logs.go
			}
			if c.NArg() > 1 {
				return badInput(fmt.Errorf("tune-bot takes at most one scenario (none: the embedded default), got %d", c.NArg()))
			}
			format, err := cliargs.CheckFormat(c, reports.Formats...)
			if err != nil {
				return err
			}
			th, err := planning.ParseThresholds(c.String("thresholds"))
			if err != nil {
				return badInput(err)
			}
			turns, err := planning.ParseMaxTurns(cliargs.Given(c, "max-turns"))
			if err != nil {
				return badInput(err)
			}
			sc, sets, err := cliargs.Scenario(c)
			if err != nil {
				return err
			}
			staff, err := cliargs.StaffOptions(c, sc)
			if err != nil {
				return err
			}
			opt := planning.TuneOptions{
				Thresholds: th, MaxTurns: turns, Objective: c.String("objective"), MinCSAT: c.Float64("min-csat"),
				AgentHourCost: c.Float64("agent-cost"), BotConversationCost: c.Float64("bot-cost"),
				Staffing: c.String("staffing"), Staff: staff,
			}
			shard, sharded, err := cliargs.ShardOf(c, os.Getenv)
			if err != nil {
				return err
			}
			if sharded { // the fingerprint covers the options as resolved, --interval (applied to sc) and every --set
				fingerprint := planning.ScenarioFingerprint(sc, append([]string{opt.Key(), "interval=" + sc.Interval.String()}, planning.SetOptions(sets)...)...)
				return cliargs.WriteShard(c, shard, "tune-bot: points of shard "+shard.String(), planning.TuneShardPoints(shard, len(th)*max(1, len(turns))),
					func(p *progress.Bar) (*planning.Partial, error) {
						opt.Progress = p.Set
						part, err := planning.TuneBotShard(sc, opt, shard, fingerprint)
						if err != nil {
							return nil, fmt.Errorf("%s: %w", scenarioName(sc), err)
						}
						return part, nil
					})
			}
			prog := progress.New(c.App.ErrWriter, "tune-bot: points", len(th)*max(1, len(turns)))
			opt.Progress = prog.Set
			res, err := planning.TuneBot(sc, opt)
			prog.Done()
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			return cliargs.WriteOutput(c, func(w io.Writer) error { return res.Write(w, format) })
		},
	}
}
