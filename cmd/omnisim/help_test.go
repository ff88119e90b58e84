package main

import (
	"strings"
	"testing"
)

// TestHelpCommand: `omnisim help X` prints what `omnisim X --help` prints and
// exits 0 (it printed "No help topic for 'help'" and exited 2); an unknown topic or
// command exits 2 and names the nearest command.
func TestHelpCommand(t *testing.T) {
	same := []struct{ help, flag []string }{
		{[]string{"help"}, []string{"--help"}},
		{[]string{"help", "run"}, []string{"run", "--help"}},
		{[]string{"help", "check"}, []string{"check", "--help"}},
		{[]string{"help", "erlang", "c"}, []string{"erlang", "c", "--help"}},
		{[]string{"help", "report", "merge"}, []string{"report", "merge", "--help"}},
	}
	for _, tc := range same {
		code, out, errOut := runCLI(tc.help...)
		if code != 0 || errOut != "" {
			t.Errorf("omnisim %s: exit %d, stderr %q", strings.Join(tc.help, " "), code, errOut)
		}
		_, want, _ := runCLI(tc.flag...)
		if out != want || !strings.Contains(out, "USAGE:") {
			t.Errorf("omnisim %s printed\n%s\nwant (omnisim %s)\n%s", strings.Join(tc.help, " "), out, strings.Join(tc.flag, " "), want)
		}
	}
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"help", "staf"}, `unknown command "staf" (did you mean "staff"?)`},
		{[]string{"help", "tunebot"}, `did you mean "tune-bot"?`},
		{[]string{"help", "erlang", "x"}, `erlang: unknown command "x"`},
		{[]string{"help", "zzzzzzzz"}, `unknown command "zzzzzzzz"; omnisim --help lists the commands`},
		{[]string{"chek", "x.yaml"}, `unknown command "chek" (did you mean "check"?)`},
	}
	for _, tc := range bad {
		code, out, errOut := runCLI(tc.args...)
		if code != exitBadInput || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("omnisim %s: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q",
				strings.Join(tc.args, " "), code, out, errOut, tc.want)
		}
	}
	if code, out, _ := runCLI(); code != 0 || !strings.Contains(out, "COMMANDS:") {
		t.Errorf("omnisim without arguments: exit %d\n%s", code, out)
	}
}
