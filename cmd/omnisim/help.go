package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// helpCommand is `omnisim help [COMMAND...]`: the same text as `omnisim COMMAND
// --help` (`omnisim --help` without a topic), exit 0; an unknown topic is bad input
// (exit 2) with the nearest command's name. urfave/cli's own help command is
// hidden (HideHelpCommand) because it reads "help" itself as an unknown topic.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Usage:     "show the help of a command (the same as omnisim COMMAND --help)",
		ArgsUsage: "[COMMAND [SUBCOMMAND]]",
		Description: "Example:\n" +
			"   omnisim help run\n" +
			"   omnisim help erlang c",
		Action: func(c *cli.Context) error {
			path := c.Args().Slice()
			if len(path) == 0 {
				return cli.ShowAppHelp(c)
			}
			cmds := c.App.Commands
			for i, name := range path {
				cmd := find(cmds, name)
				if cmd == nil {
					return badInput(unknownCommand(strings.Join(append([]string{"omnisim"}, path[:i]...), " "), name, cmds))
				}
				cmds = cmd.Subcommands
			}
			// A fresh app prints exactly what --help prints (the help printers
			// work on the parsed context of the command they describe).
			app := newApp(c.App.Writer, c.App.ErrWriter)
			return app.Run(append(append([]string{"omnisim"}, path...), "--help"))
		},
	}
}

// unknownCommand words an unknown (sub)command name under parent, with the
// nearest name when one is close.
func unknownCommand(parent, name string, cmds []*cli.Command) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if parent != "omnisim" {
		msg = strings.TrimPrefix(parent, "omnisim ") + ": " + msg
	}
	if s := nearestCommand(cmds, name); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("%s; %s --help lists the commands", msg, parent)
}

// nearestCommand is the visible command name (or alias) closest to name in edit
// distance, or "" when none is within a third of its length (at least 2 edits):
// "staf" → "staff", "tunebot" → "tune-bot", "xyz" → nothing.
func nearestCommand(cmds []*cli.Command, name string) string {
	best, bestDist := "", 0
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		for _, n := range c.Names() {
			if d := editDistance(n, name); best == "" || d < bestDist {
				best, bestDist = n, d
			}
		}
	}
	if best == "" || bestDist > max(2, len([]rune(name))/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
