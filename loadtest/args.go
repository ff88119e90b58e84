package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// The checks of omnisim load's options that the Config cannot make by itself;
// errors name the flags.

// CheckTarget checks --target: an http or https URL with a host.
func CheckTarget(target string) error {
	if u, err := url.Parse(target); target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--target: want an http(s) URL, got %q", target)
	}
	return nil
}

// Args are the options of omnisim load that are text (or whose absence
// matters), applied onto a Config by Apply.
type Args struct {
	Rate           string   // ParseRate; "": the Config's (the scenario's busiest)
	Vars           []string // NAME=VALUE for the mapping's {{.Vars.NAME}}
	Mapping        string   // mapping file ("": the reference router)
	TimeScaleGiven bool     // --time-scale was given: Config.TimeScale must be in (0, 1e6]
}

// Apply sets cfg's rate, vars and mapping from the arguments and checks the
// durations.
func (a Args) Apply(cfg *Config) error {
	var err error
	if a.Rate != "" {
		if cfg.Rate, err = ParseRate(a.Rate); err != nil {
			return fmt.Errorf("--rate: %w", err)
		}
	}
	if cfg.Vars == nil {
		cfg.Vars = map[string]string{}
	}
	for _, v := range a.Vars {
		k, val, ok := strings.Cut(v, "=")
		if !ok || k == "" {
			return fmt.Errorf("--var %q: want NAME=VALUE", v)
		}
		cfg.Vars[k] = val
	}
	if a.Mapping != "" {
		if cfg.Mapping, err = LoadMapping(a.Mapping); err != nil {
			return err
		}
	}
	switch {
	case cfg.Duration <= 0:
		return fmt.Errorf("--duration: must be > 0 (got %v)", cfg.Duration)
	case a.TimeScaleGiven && !(cfg.TimeScale > 0 && cfg.TimeScale <= 1e6):
		return fmt.Errorf("--time-scale: must be in (0, 1e6] (got %v)", cfg.TimeScale)
	case cfg.MaxLag <= 0 || cfg.Timeout <= 0 || cfg.Drain < 0:
		return errors.New("--max-lag and --timeout must be > 0, --drain ≥ 0")
	}
	return nil
}

// Expected is the number of conversations the run starts on this shard.
func (c *Config) Expected() int {
	return int(c.Rate*c.Duration.Seconds()) / max(c.Shards, 1)
}

// RunWithResults is Run with every result also written to the file results in
// vegeta's format (vegeta report, vegeta plot; "": none). badInput tells an
// error of the configuration, of the results file or of a mapping template
// that cannot make a request (RequestError) from a run that failed.
func RunWithResults(ctx context.Context, cfg Config, results string) (rep *Report, badInput bool, err error) {
	if results != "" {
		f, err := os.Create(results)
		if err != nil {
			return nil, true, fmt.Errorf("--results: %w", err)
		}
		defer f.Close()
		cfg.Results = f
	}
	rep, err = Run(ctx, cfg)
	var reqErr *RequestError
	return rep, err != nil && (rep == nil || errors.As(err, &reqErr)), err
}
