package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/scenarios"
)

// erlangCommand groups the analytic calculators: Erlang C (M/M/c) and Erlang A
// (M/M/c+M). Flags are mapped onto erlang.CInput/AInput; the math lives in package
// erlang.
func erlangCommand() *cli.Command {
	return &cli.Command{
		Name:      "erlang",
		Usage:     "Erlang C and Erlang A calculators (analytic M/M/c and M/M/c+M queues)",
		UsageText: "omnisim erlang c|a --rate RATE --aht DURATION --agents N --within DURATION [--patience DURATION]",
		Description: "Steady-state answers for one queue with Poisson arrivals, exponential handle times and\n" +
			"identical agents. `c` lets customers wait forever (needs offered load < agents);\n" +
			"`a` adds exponential patience, so customers abandon and any load has an answer.\n\n" +
			"Example:\n" +
			"   omnisim erlang c --rate 100/h --aht 3m --agents 7 --within 20s\n" +
			"   omnisim erlang a --rate 100/h --aht 3m --agents 5 --within 20s --patience 2m --format json",
		HideHelpCommand: true,
		OnUsageError:    onUsageError,
		Subcommands:     []*cli.Command{erlangCCommand(), erlangACommand()},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return badInput(fmt.Errorf("erlang %q: want `erlang c` or `erlang a`", c.Args().First()))
			}
			return cli.ShowSubcommandHelp(c)
		},
	}
}

func onUsageError(_ *cli.Context, err error, _ bool) error { return badInput(err) }

func erlangCCommand() *cli.Command {
	return &cli.Command{
		Name:      "c",
		Usage:     "Erlang C (M/M/c): P(wait), ASA, service level and occupancy",
		UsageText: "omnisim erlang c --rate RATE --aht DURATION --agents N --within DURATION [--format text|json] [--out FILE]",
		Description: "Customers wait as long as it takes, so the offered load (rate × AHT, in Erlang) must\n" +
			"stay below the number of agents.\n\n" +
			"Example:\n" +
			"   omnisim erlang c --rate 100/h --aht 3m --agents 7 --within 20s",
		Flags:        erlangFlags(false),
		OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			in, err := parseErlangFlags(c, false)
			if err != nil {
				return err
			}
			res, err := erlang.C(in.CInput)
			if err != nil {
				return erlangInputError(c, err)
			}
			rep := erlangReport{PWait: res.PWait, ASASeconds: res.ASASeconds, ServiceLevel: res.ServiceLevel, Occupancy: res.Occupancy}
			return writeErlang(c, in, rep, nil)
		},
	}
}

func erlangACommand() *cli.Command {
	return &cli.Command{
		Name:      "a",
		Usage:     "Erlang A (M/M/c+M): Erlang C plus exponential patience and abandonment",
		UsageText: "omnisim erlang a --rate RATE --aht DURATION --agents N --within DURATION --patience DURATION [--format text|json] [--out FILE]",
		Description: "Each waiting customer abandons after an exponential patience with mean --patience.\n" +
			"asa_seconds is the mean wait of accepted conversations; service_level counts abandoned\n" +
			"conversations in the denominator. Any load is allowed.\n\n" +
			"Example:\n" +
			"   omnisim erlang a --rate 100/h --aht 3m --agents 5 --within 20s --patience 2m",
		Flags:        erlangFlags(true),
		OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			in, err := parseErlangFlags(c, true)
			if err != nil {
				return err
			}
			res, err := erlang.A(in)
			if err != nil {
				return erlangInputError(c, err)
			}
			rep := erlangReport{PWait: res.PWait, ASASeconds: res.ASASeconds, ServiceLevel: res.ServiceLevel, Occupancy: res.Occupancy}
			return writeErlang(c, in, rep, &erlangAbandon{AbandonRate: res.AbandonRate, AbandonWaitSeconds: res.AbandonWaitSeconds})
		},
	}
}

// erlangFlags are the flags of `erlang c`, plus --patience for `erlang a`. Values are
// strings so that every bad value gets the same one-line error naming its flag.
func erlangFlags(patience bool) []cli.Flag {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "rate", Usage: "arrival rate: N/s, N/m, N/h or N/d, e.g. 100/h (required)"},
		&cli.StringFlag{Name: "aht", Usage: "average handle time, exponential: a Go duration such as 3m or 4m30s (required)"},
		&cli.StringFlag{Name: "agents", Usage: "number of agents, each handling one conversation at a time (required)"},
		&cli.StringFlag{Name: "within", Usage: "service-level threshold: share accepted within this wait, e.g. 20s (required)"},
	}
	if patience {
		flags = append(flags, &cli.StringFlag{Name: "patience", Usage: "mean patience before abandoning, exponential, e.g. 2m (required)"})
	}
	return append(flags,
		&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
		&cli.StringFlag{Name: "out", Usage: "write the report to `FILE` instead of stdout"},
	)
}

// parseErlangFlags maps the flags onto an erlang.AInput (Patience stays 0 for Erlang C).
func parseErlangFlags(c *cli.Context, withPatience bool) (erlang.AInput, error) {
	var in erlang.AInput
	if c.NArg() > 0 {
		return in, badInput(fmt.Errorf("unexpected argument %q: erlang %s takes flags only", c.Args().First(), c.Command.Name))
	}
	required := []string{"rate", "aht", "agents", "within"}
	if withPatience {
		required = append(required, "patience")
	}
	var missing []string
	for _, name := range required {
		if strings.TrimSpace(c.String(name)) == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		return in, badInput(fmt.Errorf("missing %s (example: omnisim erlang %s --rate 100/h --aht 3m --agents 7 --within 20s%s)",
			strings.Join(missing, ", "), c.Command.Name, map[bool]string{true: " --patience 2m"}[withPatience]))
	}
	if f := c.String("format"); f != "text" && f != "json" {
		return in, badInput(fmt.Errorf("--format %q: erlang prints text or json", f))
	}

	var err error
	if in.RatePerSecond, err = scenarios.ParseRate(c.String("rate")); err != nil {
		return in, flagError("rate", c.String("rate"), err)
	}
	if in.AHT, err = scenarios.ParseDuration(c.String("aht")); err != nil {
		return in, flagError("aht", c.String("aht"), err)
	}
	if in.Agents, err = strconv.Atoi(strings.TrimSpace(c.String("agents"))); err != nil {
		return in, flagError("agents", c.String("agents"), errors.New("want a whole number of agents, such as 7"))
	}
	if in.Within, err = scenarios.ParseDuration(c.String("within")); err != nil {
		return in, flagError("within", c.String("within"), err)
	}
	if withPatience {
		if in.Patience, err = scenarios.ParseDuration(c.String("patience")); err != nil {
			return in, flagError("patience", c.String("patience"), err)
		}
	}
	return in, nil
}

func flagError(flag, value string, err error) error {
	return badInput(fmt.Errorf("--%s %q: %w", flag, value, err))
}

// erlangFieldFlags maps the erlang input fields onto the flags that set them.
var erlangFieldFlags = map[string]string{
	"RatePerSecond": "rate",
	"AHT":           "aht",
	"Agents":        "agents",
	"Within":        "within",
	"Patience":      "patience",
}

// erlangInputError points an erlang.InputError at its flag.
func erlangInputError(c *cli.Context, err error) error {
	var ie *erlang.InputError
	if errors.As(err, &ie) {
		if flag, ok := erlangFieldFlags[ie.Field]; ok {
			return flagError(flag, c.String(flag), errors.New(ie.Reason))
		}
	}
	return badInput(err)
}

// erlangReport is the JSON object of `erlang c`; `erlang a` adds erlangAbandon.
// Keys are the stable report keys of DESIGN.md.
type erlangReport struct {
	PWait        float64 `json:"p_wait"`
	ASASeconds   float64 `json:"asa_seconds"`
	ServiceLevel float64 `json:"service_level"`
	Occupancy    float64 `json:"occupancy"`
}

type erlangAbandon struct {
	AbandonRate        float64 `json:"abandon_rate"`
	AbandonWaitSeconds float64 `json:"abandon_wait_seconds"`
}

func writeErlang(c *cli.Context, in erlang.AInput, rep erlangReport, ab *erlangAbandon) error {
	var buf bytes.Buffer
	if c.String("format") == "json" {
		var v any = rep
		if ab != nil {
			v = struct {
				erlangReport
				erlangAbandon
			}{rep, *ab}
		}
		if err := json.NewEncoder(&buf).Encode(v); err != nil {
			return err
		}
	} else {
		writeErlangText(&buf, c, in, rep, ab)
	}
	if out := c.String("out"); out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return badInput(fmt.Errorf("--out %q: %w", out, err))
		}
		return nil
	}
	_, err := c.App.Writer.Write(buf.Bytes())
	return err
}

// writeErlangText prints a small table: the JSON key, the value with its unit, and
// what it means.
func writeErlangText(w io.Writer, c *cli.Context, in erlang.AInput, rep erlangReport, ab *erlangAbandon) {
	load := in.RatePerSecond * in.AHT.Seconds()
	model, asa, sl := "Erlang C (M/M/c)", "mean wait until an agent accepts", "accepted within "+in.Within.String()
	if ab != nil {
		model, asa, sl = "Erlang A (M/M/c+M)", "mean wait of accepted conversations", "accepted within "+in.Within.String()+" ÷ all conversations"
	}
	fmt.Fprintf(w, "%s: rate %s, AHT %v, %d agents, offered load %.2f Erlang (ρ = %.2f)",
		model, strings.TrimSpace(c.String("rate")), in.AHT, in.Agents, load, load/float64(in.Agents))
	if ab != nil {
		fmt.Fprintf(w, ", mean patience %v", in.Patience)
	}
	fmt.Fprintln(w)
	row := func(key string, v float64, unit, what string) {
		if unit == "%" {
			v *= 100
		}
		fmt.Fprintf(w, "  %-20s %10.2f %-2s %s\n", key, v, unit, what)
	}
	row("p_wait", rep.PWait, "%", "conversations that find no agent free")
	row("asa_seconds", rep.ASASeconds, "s", asa)
	row("service_level", rep.ServiceLevel, "%", sl)
	row("occupancy", rep.Occupancy, "%", "agent time busy")
	if ab != nil {
		row("abandon_rate", ab.AbandonRate, "%", "conversations that abandon")
		row("abandon_wait_seconds", ab.AbandonWaitSeconds, "s", "mean time to abandon of those who abandon")
	}
}
