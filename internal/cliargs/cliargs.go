// Package cliargs is the part of omnisim's command line that its commands
// share, so that cmd/omnisim keeps only each command's own flags and the call
// they map onto. It reads the command line the way users expect and urfave/cli
// does not by itself: flags after positional arguments (Interspersed), and an
// unknown command named with the nearest one (UnknownCommand). It holds the
// exit codes (BadInput, Failed, Code), the output flags and writer (FormatFlag,
// OutFlag, WriteOutput), and the flag groups several commands take, each with
// the function that maps it onto its package's options: --seed and
// --replications, --set, the scenario (Scenario), --shard, the event log
// flags, the staffing targets. Like cmd, and unlike the packages it maps onto,
// it reads flags; the environment it is handed (ShardOf's getenv).
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

// CheckPath returns the UnknownCommand error of the first name of path (a
// command and its subcommands, as `omnisim help run` names them) that is not
// a command of cmds or of its parent's subcommands; nil if every one is.
func CheckPath(cmds []*cli.Command, path []string) error {
	for i, name := range path {
		cmd := Find(cmds, name)
		if cmd == nil {
			return UnknownCommand(strings.Join(append([]string{"omnisim"}, path[:i]...), " "), name, cmds)
		}
		cmds = cmd.Subcommands
	}
	return nil
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
