package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

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
			"*.yml. Every error of every file is printed to stderr as FILE:LINE:COL: field: message;\n" +
			"each valid file is listed on stdout as `ok FILE`. Exit 0 when all are valid, 2 otherwise.\n\n" +
			"Example:\n" +
			"   omnisim validate scenarios/",
		HideHelpCommand: true,
		OnUsageError:    onUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("validate: no scenario files given (usage: omnisim validate PATH...)"))
			}
			stdout, stderr := c.App.Writer, c.App.ErrWriter
			files, bad := scenarioFiles(c.Args().Slice())
			for _, err := range bad {
				fmt.Fprintln(stderr, err)
			}
			invalid, total := len(bad), len(files)+len(bad)
			for _, f := range files {
				_, err := scenarios.Load(f)
				if err == nil {
					fmt.Fprintf(stdout, "ok %s\n", f)
					continue
				}
				invalid++
				var list *scenarios.ErrorList
				if errors.As(err, &list) {
					for _, e := range list.Errors {
						fmt.Fprintln(stderr, e.Error())
					}
				} else {
					fmt.Fprintf(stderr, "%s: %v\n", f, err)
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

// scenarioFiles expands the arguments: a file is taken as given (whatever its
// extension), a directory is searched recursively for *.yaml and *.yml, in lexical
// order. A path that cannot be read, or a directory without scenarios, yields an
// error in bad, counted as one invalid file, and the other paths are still checked.
func scenarioFiles(args []string) (files []string, bad []error) {
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isScenarioFile(path) {
				found = append(found, path)
			}
			return nil
		})
		switch {
		case err != nil:
			bad = append(bad, err)
		case len(found) == 0:
			bad = append(bad, fmt.Errorf("%s: no *.yaml or *.yml files in this directory", arg))
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, bad
}

func isScenarioFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}
