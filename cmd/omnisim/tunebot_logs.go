package main

import (
	"errors"
	"io"

	"github.com/omnisim/omnisim/fit"
	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/planning"
	"github.com/urfave/cli/v2"
)

// tuneBotLogsFlags are tune-bot's flags for the curve from logs.
func tuneBotLogsFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.BoolFlag{Name: "logs", Usage: "the arguments are event logs, not a scenario: the threshold curve from the logs themselves (--thresholds; --format text or json)"},
	}, cliargs.LogFlags()...)
}

// tuneBotLogs is tune-bot --logs LOGS...: the curve the logs support, censored
// by the threshold that was in force, the extrapolated region marked.
func tuneBotLogs(c *cli.Context) error {
	format, err := cliargs.CheckFormat(c, "text", "json")
	if err != nil {
		return err
	}
	if c.NArg() == 0 {
		return badInput(errors.New("tune-bot --logs: want at least one event log (usage: omnisim tune-bot --logs LOGS...)"))
	}
	th, err := planning.ParseThresholds(c.String("thresholds"))
	if err != nil {
		return badInput(err)
	}
	bc, err := fit.BotCurveLogs(cliargs.LogSource(c), c.Args().Slice(), th, c.App.ErrWriter)
	if err != nil {
		return badInput(err)
	}
	return cliargs.WriteOutput(c, func(w io.Writer) error { return bc.Write(w, format) })
}
