package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed lets flags follow positional arguments (`omnisim run file.yaml
// --format json`), as users of most CLIs expect: urfave/cli v2 stops reading flags
// at the first positional argument, so the arguments of the (sub)command are
// reordered with flags first. Which flags take a value is read from the command's
// own flag definitions; everything after "--" stays as it is.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	cmds := app.Commands
	i := 1
	var cmd *cli.Command
	// Walk down the command path; global flags (before it) never take values.
	for i < len(args) {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			if cmd != nil {
				break // the command's own flags start here
			}
			out = append(out, a)
			i++
			continue
		}
		next := find(cmds, a)
		if next == nil {
			break
		}
		cmd = next
		out = append(out, a)
		cmds = cmd.Subcommands
		i++
	}
	if cmd == nil {
		return args
	}
	var flags, positional []string
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if !strings.Contains(a, "=") && takesValue(cmd, strings.TrimLeft(a, "-")) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	out = append(out, flags...)
	return append(out, positional...)
}

func find(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func takesValue(cmd *cli.Command, name string) bool {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if _, isBool := f.(*cli.BoolFlag); isBool {
				return false
			}
			return true
		}
	}
	return false
}
