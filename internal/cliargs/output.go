package cliargs

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// FormatFlag is --format (-f), defaulting to the first of formats.
func FormatFlag(formats ...string) cli.Flag {
	return &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: formats[0],
		Usage: "output format: " + strings.Join(formats, ", ")}
}

// OutFlag is --out (-o), the report's file.
func OutFlag() cli.Flag {
	return &cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write the report to `FILE` instead of stdout"}
}

// CheckFormat returns the --format value if it is one of allowed, else bad input.
func CheckFormat(c *cli.Context, allowed ...string) (string, error) {
	f := c.String("format")
	if !slices.Contains(allowed, f) {
		return "", BadInput(fmt.Errorf("--format %q: want %s", f, strings.Join(allowed, " or ")))
	}
	return f, nil
}

// WriteOutput runs write against --out (created or truncated; one that cannot
// be created is bad input) or the app's stdout, buffered.
func WriteOutput(c *cli.Context, write func(io.Writer) error) error {
	path := c.String("out")
	if path == "" {
		bw := bufio.NewWriter(c.App.Writer)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	f, err := os.Create(path)
	if err != nil {
		return BadInput(fmt.Errorf("--out: %w", err))
	}
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Given is the text of flag name if it was given, else "".
func Given(c *cli.Context, name string) string {
	if c.IsSet(name) {
		return c.String(name)
	}
	return ""
}

// Repeated collects every value of a repeatable flag (a cli.GenericFlag's
// Value) as given: unlike StringSliceFlag it does not split at commas, which
// --set uses for value lists.
type Repeated struct{ Values []string }

func (r *Repeated) Set(v string) error { r.Values = append(r.Values, v); return nil }
func (r *Repeated) String() string     { return strings.Join(r.Values, " ") }

// Repeats is the values of the Repeated flag name, in the order given.
func Repeats(c *cli.Context, name string) []string { return c.Generic(name).(*Repeated).Values }
