package main

import (
	"errors"
	"fmt"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/urfave/cli/v2"
)

// scenariosCommand lists and prints the example library embedded in the binary, and
// prints the JSON Schema of the scenario format for editors. The library and the
// schema live in package scenarios.
func scenariosCommand() *cli.Command {
	return &cli.Command{
		Name:      "scenarios",
		Usage:     "list and print the example scenarios; print the scenario file's JSON Schema",
		UsageText: "omnisim scenarios list|show NAME|schema",
		Description: "The examples are complete scenarios with assertions that pass; copy one as a start:\n\n" +
			"   omnisim scenarios list\n" +
			"   omnisim scenarios show bank-weekend > bank.yaml\n" +
			"   omnisim scenarios schema > scenario.schema.json",
		HideHelpCommand: true,
		OnUsageError:    cliargs.OnUsageError,
		Subcommands: []*cli.Command{
			{
				Name:         "list",
				Usage:        "list the example scenarios with their descriptions",
				UsageText:    "omnisim scenarios list",
				Description:  "Example:\n   omnisim scenarios list",
				OnUsageError: cliargs.OnUsageError,
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return badInput(fmt.Errorf("scenarios list takes no arguments, got %q", c.Args().First()))
					}
					return scenarios.WriteExampleList(c.App.Writer, scenarios.Examples())
				},
			},
			{
				Name:         "show",
				Usage:        "print an example scenario's YAML",
				UsageText:    "omnisim scenarios show NAME",
				Description:  "Example:\n   omnisim scenarios show bank-weekend > bank.yaml",
				OnUsageError: cliargs.OnUsageError,
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return badInput(errors.New("scenarios show: want one example name (see omnisim scenarios list)"))
					}
					ex, err := scenarios.FindExample(c.Args().First())
					if err != nil {
						return badInput(err)
					}
					_, err = c.App.Writer.Write(ex.YAML)
					return err
				},
			},
			{
				Name:         "schema",
				Usage:        "print the JSON Schema of scenario files (for editors: validation and completion)",
				UsageText:    "omnisim scenarios schema",
				Description:  "Example:\n   omnisim scenarios schema > scenario.schema.json",
				OnUsageError: cliargs.OnUsageError,
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return badInput(fmt.Errorf("scenarios schema takes no arguments, got %q", c.Args().First()))
					}
					_, err := c.App.Writer.Write(scenarios.JSONSchema())
					return err
				},
			},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return badInput(fmt.Errorf("scenarios %q: want list, show NAME or schema", c.Args().First()))
			}
			return cli.ShowSubcommandHelp(c)
		},
	}
}
