package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/internal/check"
	"github.com/omnisim/omnisim/scenarios"
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
		Flags:           []cli.Flag{baseDirFlag()},
		HideHelpCommand: true,
		OnUsageError:    onUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("validate: no scenario files given (usage: omnisim validate PATH...)"))
			}
			stdout, stderr := c.App.Writer, c.App.ErrWriter
			files, bad := check.Files(c.Args().Slice())
			for _, err := range bad {
				fmt.Fprintln(stderr, err)
			}
			invalid, total := len(bad), len(files)+len(bad)
			for _, f := range files {
				_, err := scenarios.LoadIn(f, c.String("base-dir"))
				if err == nil {
					fmt.Fprintf(stdout, "ok %s\n", f)
					continue
				}
				invalid++
				for _, line := range check.LoadErrors(f, err) {
					fmt.Fprintln(stderr, line)
				}
			}
			if invalid > 0 {
				noun := "files are"
				if total == 1 {
					noun = "file is"
				}
				return badInput(fmt.Errorf("%d of %d scenario %s invalid", invalid, total, noun))
			}
			return nil
		},
	}
}
