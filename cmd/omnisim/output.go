package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

func formatFlag(formats ...string) cli.Flag {
	return &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: formats[0],
		Usage: "output format: " + strings.Join(formats, ", ")}
}

func outFlag() cli.Flag {
	return &cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write the report to `FILE` instead of stdout"}
}

// checkFormat returns the --format value if it is one of allowed.
func checkFormat(c *cli.Context, allowed ...string) (string, error) {
	f := c.String("format")
	if !slices.Contains(allowed, f) {
		return "", badInput(fmt.Errorf("--format %q: want %s", f, strings.Join(allowed, " or ")))
	}
	return f, nil
}

// writeOutput runs write against --out (created or truncated) or stdout.
func writeOutput(c *cli.Context, write func(io.Writer) error) error {
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
		return badInput(fmt.Errorf("--out: %w", err))
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
