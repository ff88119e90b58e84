package main

import (
	"fmt"
	"time"

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

// logInput is how the logs are read.
type logInput struct {
	opts       eventlog.Options
	salesforce bool
	zone       *time.Location // intervals of the day in this zone (nil: UTC)
}

func logInputOf(c *cli.Context) (*logInput, error) {
	in := &logInput{opts: eventlog.Options{Strict: c.Bool("strict")}, salesforce: c.Bool("salesforce")}
	if tz := c.String("tz"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			return nil, badInput(fmt.Errorf("--tz %q: want an IANA zone name such as Europe/Berlin or UTC", tz))
		}
		in.opts.Location, in.zone = loc, loc
	}
	if path := c.String("columns"); path != "" {
		if in.salesforce {
			return nil, badInput(fmt.Errorf("--columns and --salesforce: give one"))
		}
		m, err := eventlog.LoadMapping(path)
		if err != nil {
			return nil, badInput(fmt.Errorf("--columns: %w", err))
		}
		in.opts.Mapping = m
		if in.zone == nil {
			in.zone = m.Location
		}
	}
	return in, nil
}

// scan reads the logs in order (a Salesforce export's files together), calling
// f on each good event, and returns the scanner with its problems.
func (in *logInput) scan(paths []string, f func(*eventlog.Event)) (*eventlog.Scanner, error) {
	s := eventlog.NewScanner(in.opts)
	each := func(e *eventlog.Event) error { f(e); return nil }
	if in.salesforce {
		if err := s.ReadSalesforce(paths, each); err != nil {
			return s, badInput(err)
		}
	} else {
		for _, path := range paths {
			if err := s.ReadFile(path, each); err != nil {
				return s, badInput(err)
			}
		}
	}
	if err := s.Close(); err != nil {
		return s, badInput(err)
	}
	return s, nil
}
