package main

import (
	"errors"

	"github.com/omnisim/omnisim/internal/check"
	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/urfave/cli/v2"
)

// validateCommand parses and validates scenario files without running them: the
// cheap check for an editor or a pre-commit hook. The format and its checks live in
// package scenarios.
func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "parse and validate scenario files without running them",
		UsageText: "omnisim validate PATH...",
		Description: "Each PATH is a scenario file or a directory, searched recursively for *.yaml and\n" +
			"*.yml, skipping directories named testdata and those beginning with . or _ (as the go\n" +
			"tool does; name such a directory to validate it). Every error of every file is printed to stderr as FILE:LINE:COL: field: message;\n" +
			"each valid file is listed on stdout as `ok FILE`. Exit 0 when all are valid, 2 otherwise.\n" +
			"A base named by extends: must be inside the file's directory, or inside --base-dir.\n\n" +
			"Example:\n" +
			"   omnisim validate scenarios/\n" +
			"   omnisim validate scenarios/testdata/valid",
		Flags:           []cli.Flag{cliargs.BaseDirFlag()},
		HideHelpCommand: true,
		OnUsageError:    cliargs.OnUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("validate: no scenario files given (usage: omnisim validate PATH...)"))
			}
			return badInput(check.Validate(c.Args().Slice(), c.String("base-dir"), c.App.Writer, c.App.ErrWriter))
		},
	}
}
