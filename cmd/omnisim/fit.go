package main

import (
	"errors"
	"io"

	"github.com/omnisim/omnisim/fit"
	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/urfave/cli/v2"
)

const fitDescription = `Reads event logs, fits every scenario parameter the logs support by maximum likelihood
(choosing among the scenario format's distribution families by AIC), and writes a scenario
file, checked by the scenario loader, whose comments give each parameter's sample size,
95 % interval and Kolmogorov-Smirnov distance. The fit report (text on stderr, or --report
FILE as --format text|json|html; HTML with QQ and survival plots) says what could not be
fitted and why.

` + fitExample + `
LOGS are read one after another as one log, in time order. Bad rows are counted and the
first few shown with file:line; --strict makes the first one an error (exit 2).

EVENT LOG FORMAT (stable): CSV with a header row, or JSON Lines (.jsonl, .ndjson), one
event a row, columns event_id, conversation_id, time, channel, actor, kind, cause,
agent_id, queue, intent, language, tier, bot_confidence, outcome. --columns FILE reads
other CSV exports through a YAML column mapping, --salesforce a Salesforce export; times
without a zone need --tz. The reference: go doc github.com/omnisim/omnisim/eventlog, and
README.md's "Calibrate from history".

   omnisim fit --columns eventlog/testdata/columns/mapping.yaml eventlog/testdata/columns/export.csv --out /dev/null --report /dev/null
   omnisim fit --salesforce eventlog/testdata/salesforce/*.csv --out /dev/null --report /dev/null`

// fitExample is the way from a simulated event log to a fitted scenario, which
// fit's and backtest's help show.
const fitExample = "   omnisim run --events events.csv --events-replication 1 --out /dev/null\n" +
	"   omnisim fit events.csv --out fitted.yaml\n"

func fitCommand() *cli.Command {
	return &cli.Command{
		Name:        "fit",
		Usage:       "fit a scenario to event logs (history in, scenario out)",
		ArgsUsage:   "LOGS...",
		Description: fitDescription,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write the scenario to `FILE` instead of stdout"},
			&cli.StringFlag{Name: "report", Usage: "write the fit report to `FILE` (default: text on stderr)"},
			cliargs.FormatFlag("text", "json", "html"),
			&cli.DurationFlag{Name: "interval", Value: 30 * 60e9, Usage: "interval of the arrival profile and the schedule (divides 24h)"},
			&cli.StringFlag{Name: "name", Value: "fitted", Usage: "the scenario's name"},
			&cli.IntFlag{Name: "min-samples", Value: 30, Usage: "fewer observations than this: not fitted"},
		}, cliargs.LogFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("fit: no event logs given (usage: omnisim fit LOGS... --out scenario.yaml)"))
			}
			format, err := cliargs.CheckFormat(c, "text", "json", "html")
			if err != nil {
				return err
			}
			f, err := fit.FitLogs(cliargs.LogSource(c), c.Args().Slice(), c.Duration("interval"), fit.Options{Name: c.String("name"), MinSamples: c.Int("min-samples")})
			if err != nil {
				return badInput(err)
			}
			if err := f.WriteReport(c.String("report"), format, c.IsSet("format"), c.String("out") != "", c.App.Writer, c.App.ErrWriter); err != nil {
				return err
			}
			return cliargs.WriteOutput(c, func(w io.Writer) error { _, err := w.Write(f.Scenario); return err })
		},
	}
}
