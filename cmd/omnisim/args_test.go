package main

import (
	"io"
	"slices"
	"testing"
)

func TestInterspersed(t *testing.T) {
	app := newApp(io.Discard, io.Discard)
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
		{"unknown command untouched", []string{"omnisim", "nope", "x", "--y"}, []string{"omnisim", "nope", "x", "--y"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := interspersed(app, c.in); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
