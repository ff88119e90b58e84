package main

import (
	"errors"
	"fmt"

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

// setupEvents sets m.Events from the flags; finish, called after the run with its
// error, writes the file (or, after a failed run, only removes the parts).
// Without --events, both do nothing.
func setupEvents(c *cli.Context, m *sim.Model) (finish func(runErr error) error, err error) {
	nothing := func(runErr error) error { return runErr }
	path := c.String("events")
	if path == "" {
		if c.IsSet("events-replication") {
			return nil, badInput(errors.New("--events-replication needs --events FILE"))
		}
		return nothing, nil
	}
	only := -1
	if c.IsSet("events-replication") {
		k := c.Int("events-replication")
		if k < 1 || k > m.Replications {
			return nil, badInput(fmt.Errorf("--events-replication: %d is not one of the run's replications 1..%d", k, m.Replications))
		}
		only = k - 1
	}
	parts := eventlog.NewParts(path, m, only)
	m.Events = parts.Sink
	return func(runErr error) error {
		if err := parts.Finish(runErr); err != nil && runErr == nil {
			return fmt.Errorf("--events: %w", err)
		}
		return runErr
	}, nil
}
