package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/loadtest"
	"github.com/urfave/cli/v2"
)

func loadCommand() *cli.Command {
	return &cli.Command{
		Name:  "load",
		Usage: "stateful conversation load test of the reference router or a real deployment (vegeta)",
		Description: "An open model: conversations start at the scenario's busiest rate (or --rate) whatever\n" +
			"the target answers, and each plays its steps — customer messages (SMS as Twilio webhooks,\n" +
			"WhatsApp as Cloud API webhooks), bot result, agent accept, replies, close, follow-ups —\n" +
			"with the scenario's pauses divided by --time-scale (default: the reference router's own\n" +
			"--time-scale when it compresses time, else 36000: ten hours a second). Reports per-step\n" +
			"latency (vegeta's percentiles), status codes, errors, generator lag, routing checks, and\n" +
			"an audit of every acknowledged message (lost, duplicated). A conversation waiting for\n" +
			"an agent is looked up after 50 ms, then 100, 200 ms ... up to 1 s (or a quarter of the\n" +
			"reference router's push timeout). A mapping file (--mapping) drives a real deployment.\n\n" +
			"Exit 1: a --threshold failed, the run is invalid (p99 generator lag above --max-lag),\n" +
			"every request failed, or conversations were unfinished when --drain ran out (a run that\n" +
			"did not finish is a failed run; --threshold 'unfinished<=N' tolerates N). Exit 2: bad\n" +
			"input (flags, scenario, mapping file).\n\n" +
			"   omnisim load --target http://127.0.0.1:8080 --duration 30s --rate 20 \\\n" +
			"       --threshold 'p99<50ms' --threshold 'errors<0.1%' --threshold 'lost=0'\n" +
			"   omnisim load --target https://chat.example.com --mapping deploy.yaml --var token=$TOKEN\n" +
			"   omnisim load ... --shard 2/4 --format json --out shard2.json; omnisim load merge shard*.json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "target", Usage: "base `URL` of the service under test"},
			&cli.StringFlag{Name: "scenario", Usage: "traffic model from `FILE`", DefaultText: "the embedded default"},
			&cli.DurationFlag{Name: "duration", Value: 10 * time.Second, Usage: "conversations arrive for `D`"},
			&cli.StringFlag{Name: "rate", Usage: "conversation arrival `RATE` (20, 20/s, 600/m)", DefaultText: "the scenario's busiest"},
			&cli.BoolFlag{Name: "poisson", Usage: "exponential gaps between arrivals (default: evenly spaced)"},
			&cli.Float64Flag{Name: "time-scale", Usage: "divide pauses and reply times by `S` (window checks need omnisim serve --time-scale S)", DefaultText: "the reference router's, else 36000"},
			&cli.DurationFlag{Name: "drain", Value: 30 * time.Second, Usage: "after the last arrival, wait up to `D` for conversations to finish (unfinished ones fail the run)"},
			&cli.StringSliceFlag{Name: "threshold", Usage: "fail (exit 1) unless `COND` holds: p99<50ms, message.p99<20ms, lag.p99<5ms, errors<0.1%, lost=0, duplicated=0, checks=0, rate>=98%, unfinished<=5"},
			&cli.DurationFlag{Name: "max-lag", Value: 10 * time.Millisecond, Usage: "a p99 generator lag above `D` makes the run invalid"},
			&cli.StringFlag{Name: "results", Usage: "also write every result to `FILE` in vegeta's format (vegeta report, vegeta plot)"},
			&cli.StringFlag{Name: "mapping", Usage: "real deployment: how steps become requests (`FILE`, see loadtest/MAPPING.md)"},
			&cli.StringSliceFlag{Name: "var", Usage: "`NAME=VALUE` for the mapping's {{.Vars.NAME}}"},
			&cli.StringFlag{Name: "token", EnvVars: []string{"OMNISIM_TOKEN"}, Usage: "bearer `TOKEN` for the reference router"},
			&cli.BoolFlag{Name: "no-webhooks", Usage: "send every message as POST /v1/messages (no Twilio or WhatsApp shapes)"},
			&cli.StringFlag{Name: "shard", Usage: "run shard `I/N` of the arrivals (default: $JOB_COMPLETION_INDEX+1 of $JOB_COMPLETIONS, else 1/1)"},
			&cli.DurationFlag{Name: "timeout", Value: 10 * time.Second, Usage: "per-request timeout"},
			&cli.DurationFlag{Name: "retry-for", Usage: "give a failing step up after `D` (default: retry until the run ends)"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed (conversation ids, texts, draws)"},
			cliargs.FormatFlag("text", "json"),
			cliargs.OutFlag(),
		},
		Subcommands: []*cli.Command{loadMergeCommand()},
		Action:      runLoad,
	}
}

func runLoad(c *cli.Context) error {
	if c.NArg() > 0 {
		return badInput(fmt.Errorf("load takes no arguments (got %q)", c.Args().First()))
	}
	format, err := cliargs.CheckFormat(c, "text", "json")
	if err != nil {
		return err
	}
	target := c.String("target")
	if err := loadtest.CheckTarget(target); err != nil {
		return badInput(err)
	}
	thresholds, err := parseThresholds(c.StringSlice("threshold"))
	if err != nil {
		return err
	}
	sc, err := cliargs.LoadScenario(c.String("scenario"), "")
	if err != nil {
		return err
	}
	traffic, busiest, err := loadtest.FromScenario(sc)
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
	}
	cfg := loadtest.Config{
		Target: target, Token: c.String("token"), Rate: busiest, Poisson: c.Bool("poisson"),
		Duration: c.Duration("duration"), Drain: c.Duration("drain"), TimeScale: c.Float64("time-scale"),
		Traffic: traffic, Timeout: c.Duration("timeout"), RetryFor: c.Duration("retry-for"),
		MaxLag: c.Duration("max-lag"), Webhooks: !c.Bool("no-webhooks"), Seed: c.Uint64("seed"),
		Clock: loadtest.WallClock{}, Vars: map[string]string{},
	}
	shard, sharded, err := cliargs.ShardOf(c, os.Getenv) // --shard, or the Indexed Job's environment
	if err != nil {
		return err
	}
	cfg.Shard, cfg.Shards = 1, 1
	if sharded {
		cfg.Shard, cfg.Shards = shard.Index, shard.Count
	}
	args := loadtest.Args{Rate: cliargs.Given(c, "rate"), Vars: c.StringSlice("var"), Mapping: c.String("mapping"), TimeScaleGiven: c.IsSet("time-scale")}
	if err := args.Apply(&cfg); err != nil {
		return badInput(err)
	}
	prog := progress.New(c.App.ErrWriter, "conversations", cfg.Expected())
	cfg.Progress = prog.Set
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, bad, err := loadtest.RunWithResults(ctx, cfg, c.String("results"))
	prog.Done()
	switch {
	case bad:
		return badInput(err) // the configuration, the results file, or a mapping template that cannot make a request
	case err != nil:
		return failed(err)
	}
	return finishLoad(c, rep, thresholds, format)
}

// finishLoad evaluates the thresholds, writes the report and exits 1 unless the
// run is valid and they all held.
func finishLoad(c *cli.Context, rep *loadtest.Report, thresholds []loadtest.Threshold, format string) error {
	rep.ApplyThresholds(thresholds)
	if err := cliargs.WriteOutput(c, func(w io.Writer) error { return rep.Write(w, format) }); err != nil {
		return err
	}
	if err := rep.Verdict(); err != nil {
		return failed(err)
	}
	return nil
}

func parseThresholds(ss []string) ([]loadtest.Threshold, error) {
	ts, err := loadtest.ParseThresholds(ss)
	if err != nil {
		return nil, badInput(fmt.Errorf("--threshold: %w", err))
	}
	return ts, nil
}

func loadMergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "merge the JSON reports of load-test shards (HDR histograms merged, not percentiles averaged)",
		ArgsUsage: "REPORT.json...",
		Description: "Each shard (omnisim load --shard I/N --format json) reports its own latency histograms,\n" +
			"counts and audit; merge adds them, so percentiles are those of all shards' requests.\n" +
			"The shards must come from one run: the same scenario, target, rate, seed and shard count.\n" +
			"Exit 1: a --threshold failed or a shard's run was invalid; exit 2: unreadable or\n" +
			"mismatched reports.\n\n" +
			"   omnisim load --target http://127.0.0.1:8080 --shard 1/2 --format json --out shard1.json\n" +
			"   omnisim load --target http://127.0.0.1:8080 --shard 2/2 --format json --out shard2.json\n" +
			"   omnisim load merge shard1.json shard2.json --threshold 'p99<50ms' --threshold 'lost=0'",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "threshold", Usage: "fail (exit 1) unless `COND` holds on the merged report"},
			cliargs.FormatFlag("text", "json"),
			cliargs.OutFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("load merge: give the shards' JSON reports"))
			}
			format, err := cliargs.CheckFormat(c, "text", "json")
			if err != nil {
				return err
			}
			thresholds, err := parseThresholds(c.StringSlice("threshold"))
			if err != nil {
				return err
			}
			reps, err := loadtest.ReadReportFiles(c.Args().Slice())
			if err != nil {
				return badInput(err)
			}
			rep, err := loadtest.Merge(reps)
			if err != nil {
				return badInput(err)
			}
			return finishLoad(c, rep, thresholds, format)
		},
	}
}
