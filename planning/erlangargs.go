package planning

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/scenarios"
)

// ErlangArgs are the Erlang calculators' inputs as the user wrote them (omnisim erlang c|a
// --rate 100/h --aht 3m --agents 7 --within 20s [--patience 2m]): every bad value
// gets the same one-line error naming its flag.
type ErlangArgs struct {
	Model                               string // "c" or "a" (Erlang A needs Patience)
	Rate, AHT, Agents, Within, Patience string
	Format                              string // text or json
}

// Input parses the arguments into an erlang.AInput (Patience stays 0 for Erlang C).
// Errors name the flag: missing ones together, then the first bad value.
func (a ErlangArgs) Input() (erlang.AInput, error) {
	var in erlang.AInput
	withPatience := a.Model == "a"
	var missing []string
	for _, f := range a.fields() {
		if f.name == "patience" && !withPatience {
			continue
		}
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, "--"+f.name)
		}
	}
	if len(missing) > 0 {
		return in, fmt.Errorf("missing %s (example: omnisim erlang %s --rate 100/h --aht 3m --agents 7 --within 20s%s)",
			strings.Join(missing, ", "), a.Model, map[bool]string{true: " --patience 2m"}[withPatience])
	}
	if a.Format != "text" && a.Format != "json" {
		return in, fmt.Errorf("--format %q: erlang prints text or json", a.Format)
	}
	var err error
	if in.RatePerSecond, err = scenarios.ParseRate(a.Rate); err != nil {
		return in, erlangFlagError("rate", a.Rate, err)
	}
	if in.AHT, err = scenarios.ParseDuration(a.AHT); err != nil {
		return in, erlangFlagError("aht", a.AHT, err)
	}
	if in.Agents, err = strconv.Atoi(strings.TrimSpace(a.Agents)); err != nil {
		return in, erlangFlagError("agents", a.Agents, errors.New("want a whole number of agents, such as 7"))
	}
	if in.Within, err = scenarios.ParseDuration(a.Within); err != nil {
		return in, erlangFlagError("within", a.Within, err)
	}
	if withPatience {
		if in.Patience, err = scenarios.ParseDuration(a.Patience); err != nil {
			return in, erlangFlagError("patience", a.Patience, err)
		}
	}
	return in, nil
}

type erlangField struct{ name, field, value string }

func (a ErlangArgs) fields() []erlangField {
	return []erlangField{{"rate", "RatePerSecond", a.Rate}, {"aht", "AHT", a.AHT}, {"agents", "Agents", a.Agents},
		{"within", "Within", a.Within}, {"patience", "Patience", a.Patience}}
}

func erlangFlagError(flag, value string, err error) error {
	return fmt.Errorf("--%s %q: %w", flag, value, err)
}

// Run parses the arguments, runs the model and returns its report; an input the
// model refuses (an erlang.InputError) is pointed at its flag.
func (a ErlangArgs) Run() (erlang.Report, error) {
	in, err := a.Input()
	if err != nil {
		return erlang.Report{}, err
	}
	var rep erlang.Report
	if a.Model == "a" {
		var res erlang.AResult
		if res, err = erlang.A(in); err == nil {
			rep = erlang.AReport(in, a.Rate, res)
		}
	} else {
		var res erlang.CResult
		if res, err = erlang.C(in.CInput); err == nil {
			rep = erlang.CReport(in.CInput, a.Rate, res)
		}
	}
	var ie *erlang.InputError
	if errors.As(err, &ie) {
		for _, f := range a.fields() {
			if f.field == ie.Field {
				return rep, erlangFlagError(f.name, f.value, errors.New(ie.Reason))
			}
		}
	}
	return rep, err
}
