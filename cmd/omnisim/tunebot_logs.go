package main

import (
	"errors"
	"fmt"
	"io"

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
	bc, err := fit.BotCurveLogs(logSource(c), c.Args().Slice(), th.Values, c.App.ErrWriter)
	if err != nil {
		return badInput(err)
	}
	return writeOutput(c, func(w io.Writer) error { return bc.Write(w, format) })
}
