package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/fit"
	"github.com/omnisim/omnisim/scenarios"
)

const fitDescription = `Reads event logs (omnisim's event log format, below), fits every scenario parameter the
logs support by maximum likelihood (choosing among the scenario format's distribution
families by AIC), and writes a scenario file whose comments give each parameter's
sample size, 95 % interval and Kolmogorov-Smirnov distance. The fit report (text on
stderr, or --report FILE as --format text|json|html; HTML with QQ and survival plots of
each time distribution against the log) says what could not be fitted and why.
The scenario written is checked by the scenario loader before it is written.

   omnisim run --events events.csv --events-replication 1 --out /dev/null
   omnisim fit events.csv --out fitted.yaml

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
			iv := c.Duration("interval")
			if iv <= 0 || (24*60*60e9)%int64(iv) != 0 {
				return badInput(fmt.Errorf("--interval %v: must divide 24h", iv))
			}
			in, err := logInputOf(c)
			if err != nil {
				return err
			}
			obs := fit.NewObserver(iv)
			obs.Zone = in.zone
			scan, err := in.scan(c.Args().Slice(), obs.Observe)
			if err != nil {
				return err
			}
			data := obs.Finish()
			res := fit.Fit(data, fit.Options{Name: c.String("name"), MinSamples: c.Int("min-samples")})
			if len(res.Arrivals) == 0 {
				return badInput(errors.New("fit: the logs have no new conversation on a channel: nothing to fit a scenario to"))
			}
			var sc bytes.Buffer
			if err := res.WriteScenario(&sc); err != nil {
				return err
			}
			// The scenario must load: a fit that writes an invalid file is a bug.
			if _, err := scenarios.Parse("fitted.yaml", sc.Bytes()); err != nil {
				return fmt.Errorf("fit: the scenario written does not validate (a bug): %w", err)
			}
			rep := fit.NewReport(res, &scan.Problems)
			if err := writeReport(c, rep, data, format); err != nil {
				return err
			}
			return writeOutput(c, func(w io.Writer) error { _, err := w.Write(sc.Bytes()); return err })
		},
	}
}

func writeReport(c *cli.Context, rep *fit.Report, data *fit.Data, format string) error {
	write := func(w io.Writer) error {
		switch format {
		case "json":
			return rep.WriteJSON(w)
		case "html":
			return rep.WriteHTML(w, data)
		}
		return rep.WriteText(w)
	}
	path := c.String("report")
	if path == "" {
		if format == "json" && c.String("out") != "" {
			return write(c.App.Writer) // the scenario is in a file: stdout is free
		}
		return write(c.App.ErrWriter)
	}
	if ext := strings.ToLower(filepath.Ext(path)); format == "text" && !c.IsSet("format") {
		switch ext {
		case ".json":
			format = "json"
		case ".html", ".htm":
			format = "html"
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return badInput(fmt.Errorf("--report: %w", err))
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
