package main

import (
	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/eventlog"
)

// logFlags are the flags of the commands that read event logs or exports.
func logFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "strict", Usage: "a bad log row is an error (exit 2)"},
		&cli.StringFlag{Name: "columns", Usage: "read CSV exports with the column mapping `FILE` (YAML: columns, values, constants, time_layout, time_zone)"},
		&cli.BoolFlag{Name: "salesforce", Usage: "LOGS are a Salesforce export: MessagingSession, ConversationEntry, AgentWork and (optional) UserServicePresence CSV files (API field names)"},
		&cli.StringFlag{Name: "tz", Usage: "the `ZONE` of times written without one (Europe/Berlin); intervals of the day are then its local time"},
	}
}

// logSource maps the log flags onto an eventlog.Source.
func logSource(c *cli.Context) eventlog.Source {
	return eventlog.Source{Strict: c.Bool("strict"), Columns: c.String("columns"), Salesforce: c.Bool("salesforce"), TZ: c.String("tz")}
}
