package main

import (
	"fmt"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/planning"
	"github.com/urfave/cli/v2"
)

// erlangCommand groups the analytic calculators: Erlang C (M/M/c) and Erlang A
// (M/M/c+M). Flags are mapped onto erlang.CInput/AInput; the math lives in package
// erlang.
func erlangCommand() *cli.Command {
	return &cli.Command{
		Name:      "erlang",
		Usage:     "Erlang C and Erlang A calculators (analytic M/M/c and M/M/c+M queues)",
		UsageText: "omnisim erlang c|a --rate RATE --aht DURATION --agents N --within DURATION [--patience DURATION]",
		Description: "Steady-state answers for one queue with Poisson arrivals, exponential handle times and\n" +
			"identical agents. `c` lets customers wait forever (needs offered load < agents);\n" +
			"`a` adds exponential patience, so customers abandon and any load has an answer.\n\n" +
			"Example:\n" +
			"   omnisim erlang c --rate 100/h --aht 3m --agents 7 --within 20s\n" +
			"   omnisim erlang a --rate 100/h --aht 3m --agents 5 --within 20s --patience 2m --format json",
		HideHelpCommand: true,
		OnUsageError:    cliargs.OnUsageError,
		Subcommands:     []*cli.Command{erlangCCommand(), erlangACommand()},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return badInput(fmt.Errorf("erlang %q: want `erlang c` or `erlang a`", c.Args().First()))
			}
			return cli.ShowSubcommandHelp(c)
		},
	}
}

func erlangCCommand() *cli.Command {
	return &cli.Command{
		Name:      "c",
		Usage:     "Erlang C (M/M/c): P(wait), ASA, service level and occupancy",
		UsageText: "omnisim erlang c --rate RATE --aht DURATION --agents N --within DURATION [--format text|json] [--out FILE]",
		Description: "Customers wait as long as it takes, so the offered load (rate × AHT, in Erlang) must\n" +
			"stay below the number of agents.\n\n" +
			"Example:\n" +
			"   omnisim erlang c --rate 100/h --aht 3m --agents 7 --within 20s",
		Flags:        erlangFlags(false),
		OnUsageError: cliargs.OnUsageError,
		Action:       runErlang,
	}
}

func erlangACommand() *cli.Command {
	return &cli.Command{
		Name:      "a",
		Usage:     "Erlang A (M/M/c+M): Erlang C plus exponential patience and abandonment",
		UsageText: "omnisim erlang a --rate RATE --aht DURATION --agents N --within DURATION --patience DURATION [--format text|json] [--out FILE]",
		Description: "Each waiting customer abandons after an exponential patience with mean --patience.\n" +
			"asa_seconds is the mean wait of accepted conversations; service_level counts abandoned\n" +
			"conversations in the denominator. Any load is allowed.\n\n" +
			"Example:\n" +
			"   omnisim erlang a --rate 100/h --aht 3m --agents 5 --within 20s --patience 2m",
		Flags:        erlangFlags(true),
		OnUsageError: cliargs.OnUsageError,
		Action:       runErlang,
	}
}

// erlangFlags are the flags of `erlang c`, plus --patience for `erlang a`. Values are
// strings so that every bad value gets the same one-line error naming its flag.
func erlangFlags(patience bool) []cli.Flag {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "rate", Usage: "arrival rate: N/s, N/m, N/h or N/d, e.g. 100/h (required)"},
		&cli.StringFlag{Name: "aht", Usage: "average handle time, exponential: a Go duration such as 3m or 4m30s (required)"},
		&cli.StringFlag{Name: "agents", Usage: "number of agents, each handling one conversation at a time (required)"},
		&cli.StringFlag{Name: "within", Usage: "service-level threshold: share accepted within this wait, e.g. 20s (required)"},
	}
	if patience {
		flags = append(flags, &cli.StringFlag{Name: "patience", Usage: "mean patience before abandoning, exponential, e.g. 2m (required)"})
	}
	return append(flags,
		&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
		&cli.StringFlag{Name: "out", Usage: "write the report to `FILE` instead of stdout"},
	)
}

// runErlang is `erlang c` and `erlang a`: the flags as given to planning.ErlangArgs, its
// report written in --format to --out or stdout.
func runErlang(c *cli.Context) error {
	if c.NArg() > 0 {
		return badInput(fmt.Errorf("unexpected argument %q: erlang %s takes flags only", c.Args().First(), c.Command.Name))
	}
	args := planning.ErlangArgs{Model: c.Command.Name, Rate: c.String("rate"), AHT: c.String("aht"), Agents: c.String("agents"),
		Within: c.String("within"), Patience: c.String("patience"), Format: c.String("format")}
	return badInput(args.RunTo(c.String("out"), c.App.Writer))
}
