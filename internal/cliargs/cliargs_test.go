package cliargs

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// testApp has the shapes of omnisim's commands: run with value and bool flags,
// erlang with a subcommand.
func testApp() *cli.App {
	return &cli.App{Commands: []*cli.Command{
		{Name: "run", Flags: []cli.Flag{&cli.StringFlag{Name: "format"}, &cli.Uint64Flag{Name: "seed"}, &cli.BoolFlag{Name: "quick"}}},
		{Name: "erlang", Subcommands: []*cli.Command{{Name: "c", Flags: []cli.Flag{&cli.StringFlag{Name: "rate"}, &cli.StringFlag{Name: "aht"}}}}},
		{Name: "secret", Hidden: true},
	}}
}

func TestInterspersed(t *testing.T) {
	app := testApp()
	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"flags after the scenario", []string{"omnisim", "run", "a.yaml", "--format", "json"}, []string{"omnisim", "run", "--format", "json", "a.yaml"}},
		{"flags already first", []string{"omnisim", "run", "--seed", "3", "a.yaml"}, []string{"omnisim", "run", "--seed", "3", "a.yaml"}},
		{"flag=value form", []string{"omnisim", "run", "a.yaml", "--format=json"}, []string{"omnisim", "run", "--format=json", "a.yaml"}},
		{"subcommand flags", []string{"omnisim", "erlang", "c", "--rate", "120/h", "--aht", "4m"}, []string{"omnisim", "erlang", "c", "--rate", "120/h", "--aht", "4m"}},
		{"after -- stays positional", []string{"omnisim", "run", "--", "--odd.yaml"}, []string{"omnisim", "run", "--", "--odd.yaml"}},
		{"bool flags take no value", []string{"omnisim", "run", "a.yaml", "--quick", "b.yaml"}, []string{"omnisim", "run", "--quick", "a.yaml", "b.yaml"}},
		{"unknown command untouched", []string{"omnisim", "nope", "x", "--y"}, []string{"omnisim", "nope", "x", "--y"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Interspersed(app, c.in); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	app := testApp()
	for _, tt := range []struct{ parent, name, want string }{
		{"omnisim", "rnu", `unknown command "rnu" (did you mean "run"?); omnisim --help lists the commands`},
		{"omnisim", "zzzzzz", `unknown command "zzzzzz"; omnisim --help lists the commands`},
		{"omnisim", "secre", `unknown command "secre"; omnisim --help lists the commands`},
		{"omnisim erlang", "b", `erlang: unknown command "b"`},
	} {
		cmds := app.Commands
		if tt.parent != "omnisim" {
			cmds = Find(cmds, "erlang").Subcommands
		}
		if got := UnknownCommand(tt.parent, tt.name, cmds).Error(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("UnknownCommand(%q, %q) = %q, want prefix %q", tt.parent, tt.name, got, tt.want)
		}
	}
}

func TestCheckPath(t *testing.T) {
	app := testApp()
	for _, tt := range []struct {
		path []string
		want string // "": no error
	}{
		{[]string{"run"}, ""},
		{[]string{"erlang", "c"}, ""},
		{nil, ""},
		{[]string{"rnu"}, `unknown command "rnu" (did you mean "run"?); omnisim --help lists the commands`},
		{[]string{"erlang", "b"}, `erlang: unknown command "b"`},
		{[]string{"run", "x"}, `run: unknown command "x"; omnisim run --help lists the commands`},
	} {
		err := CheckPath(app.Commands, tt.path)
		if got := fmt.Sprint(err); tt.want == "" && err != nil || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("CheckPath(%q) = %v, want %q", tt.path, err, tt.want)
		}
	}
}
