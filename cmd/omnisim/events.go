package main

import (
	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/sim"
	"github.com/urfave/cli/v2"
)

// eventFlags are run's --events and --events-replication.
func eventFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "events", Usage: "write every simulated event to `FILE` in omnisim's event log format " +
			"(CSV, or JSONL for .jsonl; see omnisim fit --help), in replication order"},
		&cli.IntFlag{Name: "events-replication", Usage: "write the events of replication `K` only (counted from 1)"},
	}
}

// setupEvents sets m.Events from the flags (eventlog.Record); finish, called
// after the run with its error, writes the file.
func setupEvents(c *cli.Context, m *sim.Model) (finish func(runErr error) error, err error) {
	finish, err = eventlog.Record(m, c.String("events"), given(c, "events-replication"))
	return finish, badInput(err)
}
