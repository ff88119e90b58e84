package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/fit"
)

const fitDescription = `Reads event logs (omnisim's event log format, below), fits every scenario parameter the
logs support by maximum likelihood (choosing among the scenario format's distribution
families by AIC), and writes a scenario file whose comments give each parameter's
sample size, 95 % interval and Kolmogorov-Smirnov distance. The fit report (text on
stderr, or --report FILE as --format text|json|html; HTML with QQ and survival plots of
each time distribution against the log) says what could not be fitted and why.
The scenario written is checked by the scenario loader before it is written.

` + fitExample + `
LOGS are read one after another as one log, so give them in time order. Bad rows
(unparseable times, unknown actors or kinds, rows out of time order, conversations
without a customer message, duplicate event ids) are counted and the first few shown
with file:line; --strict makes the first one an error (exit 2).

EVENT LOG FORMAT (stable). CSV with a header row, or JSON Lines (.jsonl, .ndjson):
one event a row, columns (keys) in any order:
  event_id         optional; unique within its conversation
  conversation_id  required, except on agent presence events
  time             RFC 3339 with a zone (2024-01-01T08:00:00.250Z) or epoch milliseconds
  channel          whatsapp, sms, web, ... (the scenario format's channel names)
  actor            customer | bot | agent | system
  kind             message | bot_handoff | routed | offered | accepted | declined |
                    transferred | inactive | closed | abandoned | opted_out |
                    online | away | offline (agent presence)
  cause            bot_handoff: low_confidence | max_turns | asked;
                    routed: first | resume | requeue; declined: declined | push_timeout;
                    closed: done | inactive | blocked;
                    first customer message: new | return | campaign
  agent_id         on offered, accepted, declined, agent messages, presence events
  queue            on routed, accepted, transferred
  intent, language, tier   on the conversation's first customer message
  bot_confidence   in [0, 1], on bot_handoff and on the bot's closed event
  outcome          on closed, for bot conversations: resolved | escalated | recontacted
A conversation starts with its customer's first message and ends with closed or
abandoned; one without an end was open when the log ended (censored, not dropped).
Intervals of the day are taken in UTC, or with --tz in that zone's local time.

OTHER EXPORTS. --columns FILE reads a CSV export, one event a row, through a YAML
mapping: columns (our column: the export's header), values (our column: {theirs:
ours}), constants, time_layout (a Go layout), time_zone. --salesforce reads a
Salesforce export's MessagingSession, ConversationEntry, AgentWork and UserServicePresence CSV files (API
field names; which fields map to what: the eventlog package's ReadSalesforce). Times
without a zone need --tz (exit 2 without it): a zone is never guessed.

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
			formatFlag("text", "json", "html"),
			&cli.DurationFlag{Name: "interval", Value: 30 * 60e9, Usage: "interval of the arrival profile and the schedule (divides 24h)"},
			&cli.StringFlag{Name: "name", Value: "fitted", Usage: "the scenario's name"},
			&cli.IntFlag{Name: "min-samples", Value: 30, Usage: "fewer observations than this: not fitted"},
		}, logFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("fit: no event logs given (usage: omnisim fit LOGS... --out scenario.yaml)"))
			}
			format, err := checkFormat(c, "text", "json", "html")
			if err != nil {
				return err
			}
			f, err := fit.FitLogs(logSource(c), c.Args().Slice(), c.Duration("interval"), fit.Options{Name: c.String("name"), MinSamples: c.Int("min-samples")})
			if err != nil {
				return badInput(err)
			}
			if err := writeReport(c, f, format); err != nil {
				return err
			}
			return writeOutput(c, func(w io.Writer) error { _, err := w.Write(f.Scenario); return err })
		},
	}
}

// writeReport writes the fit report to --report (its format by extension unless
// --format), else stderr; JSON goes to stdout when the scenario is in a file.
func writeReport(c *cli.Context, f *fit.Fitted, format string) error {
	path := c.String("report")
	if path == "" {
		if format == "json" && c.String("out") != "" {
			return f.Report.Write(c.App.Writer, f.Data, format) // the scenario is in a file: stdout is free
		}
		return f.Report.Write(c.App.ErrWriter, f.Data, format)
	}
	file, err := os.Create(path)
	if err != nil {
		return badInput(fmt.Errorf("--report: %w", err))
	}
	if err := f.Report.Write(file, f.Data, fit.ReportFormat(format, c.IsSet("format"), path)); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
