package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/fit"
	"github.com/omnisim/omnisim/planning"
)

// tuneBotLogsFlags are tune-bot's flags for the curve from logs.
func tuneBotLogsFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.BoolFlag{Name: "logs", Usage: "the arguments are event logs, not a scenario: the threshold curve from the logs themselves (--thresholds; --format text or json)"},
	}, logFlags()...)
}

// tuneBotLogs is tune-bot --logs LOGS...: the curve the logs support, censored
// by the threshold that was in force, the extrapolated region marked.
func tuneBotLogs(c *cli.Context) error {
	format, err := checkFormat(c, "text", "json")
	if err != nil {
		return err
	}
	if c.NArg() == 0 {
		return badInput(errors.New("tune-bot --logs: want at least one event log (usage: omnisim tune-bot --logs LOGS...)"))
	}
	th, err := planning.ParseAxis("bot.threshold=" + c.String("thresholds"))
	if err != nil {
		return badInput(fmt.Errorf("--thresholds: %w", err))
	}
	in, err := logInputOf(c)
	if err != nil {
		return err
	}
	obs := fit.NewObserver(30 * time.Minute)
	obs.Zone = in.zone
	if err := readLogs(c, in, c.Args().Slice(), obs.Observe); err != nil {
		return err
	}
	d := obs.Finish()
	bc, err := fit.NewBotCurve(d, fit.Fit(d, fit.Options{}), th.Values)
	if err != nil {
		return badInput(fmt.Errorf("tune-bot --logs: %w", err))
	}
	return writeOutput(c, func(w io.Writer) error {
		if format == "json" {
			return bc.WriteJSON(w)
		}
		return bc.WriteText(w)
	})
}
