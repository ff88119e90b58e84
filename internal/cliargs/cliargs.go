// Package cliargs reads omnisim's command line the way its users expect and
// urfave/cli does not by itself: flags after positional arguments (Interspersed),
// and an unknown command named with the nearest one (UnknownCommand).
package cliargs

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/internal/suggest"
)

// Interspersed lets flags follow positional arguments (`omnisim run file.yaml
// --format json`), as users of most CLIs expect: urfave/cli v2 stops reading flags
// at the first positional argument, so the arguments of the (sub)command are
// reordered with flags first. Which flags take a value is read from the command's
// own flag definitions; everything after "--" stays as it is.
func Interspersed(app *cli.App, args []string) []string {
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
		next := Find(cmds, a)
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

// Find is the command of cmds named (or aliased) name, or nil.
func Find(cmds []*cli.Command, name string) *cli.Command {
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

// UnknownCommand words an unknown (sub)command name under parent, with the
// nearest name when one is close.
func UnknownCommand(parent, name string, cmds []*cli.Command) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if parent != "omnisim" {
		msg = strings.TrimPrefix(parent, "omnisim ") + ": " + msg
	}
	if s := nearestCommand(cmds, name); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("%s; %s --help lists the commands", msg, parent)
}

// nearestCommand is the visible command name (or alias) closest to name
// (suggest.Nearest), or "".
func nearestCommand(cmds []*cli.Command, name string) string {
	var names []string
	for _, c := range cmds {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	return suggest.Nearest(name, names)
}
