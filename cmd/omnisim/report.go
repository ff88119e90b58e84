package main

import (
	"errors"
	"io"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/urfave/cli/v2"
)

// shardRunExample runs a scenario in two shards, as report's and report merge's
// help show.
const shardRunExample = "   omnisim run retail.yaml --shard 1/2 --out part1.json\n" +
	"   omnisim run retail.yaml --shard 2/2 --out part2.json\n"

// reportCommand works on results written earlier; merge combines shard outputs.
func reportCommand() *cli.Command {
	return &cli.Command{
		Name:            "report",
		Usage:           "work with saved results (merge shard outputs)",
		UsageText:       "omnisim report merge FILES...",
		Description:     "Example:\n" + shardRunExample + "   omnisim report merge part1.json part2.json",
		HideHelpCommand: true,
		Subcommands: []*cli.Command{{
			Name:      "merge",
			Usage:     "combine the partial results of --shard 1/N … N/N into the report of a single run",
			ArgsUsage: "FILES...",
			Description: "Each FILE is the output of `omnisim run --shard I/N`, `omnisim sweep --shard I/N` or\n" +
				"`omnisim tune-bot --shard I/N` (or of an Indexed Job's pods). The merged report is exactly,\n" +
				"byte for byte, what one machine running all the work would print (tune-bot's recommendation\n" +
				"is made over all the points once merged). Partials of different commands, scenarios, seeds\n" +
				"or options, a shard given twice, or a missing shard are refused (exit 2).\n\n" +
				shardRunExample +
				"   omnisim report merge part1.json part2.json --format html --out report.html",
			Flags: []cli.Flag{
				cliargs.FormatFlag(reports.Formats...),
				cliargs.OutFlag(),
				&cli.StringSliceFlag{Name: "metrics", Usage: "sweep table columns (metric keys)", DefaultText: "service level, waits, abandon, utilization, bot, CSAT, cost"},
			},
			Action: func(c *cli.Context) error {
				format, err := cliargs.CheckFormat(c, reports.Formats...)
				if err != nil {
					return err
				}
				if c.NArg() == 0 {
					return badInput(errors.New("report merge: no files given (usage: omnisim report merge FILES...)"))
				}
				names := c.Args().Slice()
				parts, err := planning.ReadPartialFiles(names)
				if err != nil {
					return badInput(err)
				}
				merged, err := planning.Merge(names, parts)
				if err != nil {
					return badInput(err)
				}
				metrics, err := metricKeys(c.StringSlice("metrics"))
				if err != nil {
					return err
				}
				return cliargs.WriteOutput(c, func(w io.Writer) error { return merged.Write(w, format, metrics) })
			},
		}},
	}
}

// metricKeys checks --metrics against the report keys (planning.CheckMetrics).
func metricKeys(keys []string) ([]string, error) {
	return keys, badInput(planning.CheckMetrics(keys))
}
