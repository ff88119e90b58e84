package planning

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// The options of the simulating commands as the user wrote them (omnisim run,
// sweep, staff, tune-bot, roster, backtest). Each is text, "" when not given;
// errors name the flag, so that the command only maps its flags here.

// ApplyRun sets sc's seed and replications from --seed and --replications;
// fewer than minReps replications is an error (2 for confidence intervals).
func ApplyRun(sc *scenarios.Scenario, seed, replications string, minReps int) error {
	if seed != "" {
		v, err := strconv.ParseUint(seed, 0, 64)
		if err != nil {
			return fmt.Errorf("--seed %q: want a whole number ≥ 0", seed)
		}
		sc.Seed = v
	}
	if replications == "" {
		return nil
	}
	n, err := strconv.Atoi(replications)
	if err != nil {
		return fmt.Errorf("--replications %q: want a whole number", replications)
	}
	if n < minReps {
		why := ""
		if minReps > 1 {
			why = " for confidence intervals"
		}
		return fmt.Errorf("--replications: must be ≥ %d%s (got %d)", minReps, why, n)
	}
	if n > sim.MaxReplications {
		return fmt.Errorf("--replications: at most %d (got %d)", sim.MaxReplications, n)
	}
	sc.Replications = n
	return flagLimit(sc, "replications", fmt.Sprintf("--replications %d", n))
}

// ApplyInterval sets the reporting (and staffing) interval from --interval: a
// duration of at least a minute that divides 24 h.
func ApplyInterval(sc *scenarios.Scenario, interval string) error {
	if interval == "" {
		return nil
	}
	d, err := scenarios.ParseDuration(interval)
	if err == nil && d < sim.MinInterval {
		return fmt.Errorf("--interval %q: want a duration of at least 1m that divides 24h, such as 30m or 1h", interval)
	}
	if err != nil || (24*time.Hour)%d != 0 {
		return fmt.Errorf("--interval %q: want a duration that divides 24h, such as 30m or 1h", interval)
	}
	sc.Interval = d
	return flagLimit(sc, "interval", "--interval "+interval)
}

// flagLimit checks the size limits of sc after a flag changed its field (a
// scenario field name such as replications or interval): an excess that field can
// fix is reported at the flag. Other problems are left to the caller, which builds
// the model anyway.
func flagLimit(sc *scenarios.Scenario, field, flag string) error {
	_, err := sc.Model()
	var se *sim.SizeError
	if errors.As(err, &se) && se.Field == field {
		return fmt.Errorf("%s: %s", flag, se.Msg)
	}
	return nil
}

// ApplySets returns sc changed by every --set KEY=VALUE (sc itself when there
// are none; else a Clone): the keys and values of sweep's --set, one value each,
// on command. A key set twice, a range or a list of values, an unknown key, a
// value out of range or settings that make the scenario invalid (Apply) are errors.
func ApplySets(sc *scenarios.Scenario, sets []string, command string) (*scenarios.Scenario, error) {
	if len(sets) == 0 {
		return sc, nil
	}
	var axes []Axis
	var point Point
	seen := map[string]bool{}
	for _, s := range sets {
		ax, err := ParseAxis(s)
		if err != nil {
			return nil, errors.New(strings.Replace(err.Error(), "want KEY=FROM..TO:STEP, KEY=V1,V2 or KEY=V", "want KEY=VALUE", 1))
		}
		if len(ax.Values) != 1 {
			return nil, fmt.Errorf("--set %s: one value on %s (got %d); omnisim sweep tries several", ax.Key, command, len(ax.Values))
		}
		if seen[ax.Key] {
			return nil, fmt.Errorf("--set %s: set twice", ax.Key)
		}
		seen[ax.Key] = true
		axes, point = append(axes, ax), append(point, ax.Values[0])
	}
	// Apply checks the changed scenario as the loader would (scenarios.Validate).
	out, err := Apply(sc, axes, point)
	var ke *KeyError
	if errors.As(err, &ke) {
		return nil, fmt.Errorf("--set %w", err)
	} else if err != nil {
		return nil, fmt.Errorf("--set %s: %w", strings.Join(sets, " "), err)
	}
	return out, nil
}

// SetOptions words --set settings for a fingerprint (ScenarioFingerprint).
func SetOptions(sets []string) []string {
	out := make([]string, len(sets))
	for i, s := range sets {
		out[i] = "set " + s
	}
	return out
}

// ParseAxes parses sweep's --set KEY=FROM..TO:STEP settings, at least one.
func ParseAxes(sets []string) ([]Axis, error) {
	if len(sets) == 0 {
		return nil, errors.New("sweep: give at least one --set KEY=FROM..TO:STEP")
	}
	var axes []Axis
	for _, s := range sets {
		ax, err := ParseAxis(s)
		if err != nil {
			return nil, err
		}
		axes = append(axes, ax)
	}
	return axes, nil
}

// StaffArgs are the options staff, tune-bot and roster share, as written ("":
// not given). Shares are a share or a percentage (scenarios.ParseShare).
type StaffArgs struct {
	ServiceLevel, AbandonRate, MaxUtilization, Shrinkage, Confidence string
	Tolerance                                                        string // ParseTolerance
	MaxReplications, VerifyReplications                              string // whole numbers, 2 to sim.MaxReplications
	Scale                                                            string // what-if: arrivals.scale, above 0
	Interval                                                         string // ApplyInterval
	Seed, Replications                                               string // ApplyRun, at least 2
}

// Apply resolves the options against sc (the service level defaults to
// sla.target) and applies --scale, --interval, --seed and --replications to sc.
func (a StaffArgs) Apply(sc *scenarios.Scenario) (StaffOptions, error) {
	var opt StaffOptions
	share := func(name, v string, def float64) (float64, error) {
		if v == "" {
			return def, nil
		}
		s, err := scenarios.ParseShare(v)
		if err != nil {
			return 0, fmt.Errorf("--%s: %w", name, err)
		}
		return s, nil
	}
	var err error
	if opt.Targets.ServiceLevel, err = share("service-level", a.ServiceLevel, sc.SLA.Target); err != nil {
		return opt, err
	}
	if opt.Targets.AbandonRate, err = share("abandon-rate", a.AbandonRate, 0); err != nil {
		return opt, err
	}
	if opt.Targets.MaxUtilization, err = share("max-utilization", a.MaxUtilization, 0); err != nil {
		return opt, err
	}
	if opt.Shrinkage, err = share("shrinkage", a.Shrinkage, 0); err != nil {
		return opt, err
	}
	if opt.Shrinkage >= 1 {
		return opt, errors.New("--shrinkage: must be below 100%")
	}
	if opt.Confidence, err = share("confidence", a.Confidence, DefaultConfidence); err != nil {
		return opt, err
	}
	if !(opt.Confidence > 0 && opt.Confidence < 1) {
		return opt, fmt.Errorf("--confidence: want a level above 0 and below 100%% (got %s)", a.Confidence)
	}
	opt.Tolerance = DefaultTolerance
	if a.Tolerance != "" {
		if opt.Tolerance, err = ParseTolerance(a.Tolerance); err != nil {
			return opt, fmt.Errorf("--tolerance: %w", err)
		}
	}
	for _, f := range []struct {
		name, v string
		to      *int
	}{{"max-replications", a.MaxReplications, &opt.MaxReplications}, {"verify-replications", a.VerifyReplications, &opt.VerifyReplications}} {
		if f.v == "" {
			continue
		}
		n, err := strconv.Atoi(f.v)
		if err != nil || n < 2 || n > sim.MaxReplications {
			return opt, fmt.Errorf("--%s: want 2 to %d (got %s)", f.name, sim.MaxReplications, f.v)
		}
		*f.to = n
	}
	if a.Scale != "" {
		v, err := strconv.ParseFloat(a.Scale, 64)
		if err != nil || !(v > 0) || math.IsInf(v, 0) {
			return opt, fmt.Errorf("--scale: want a factor above 0 (got %s)", a.Scale)
		}
		if err := Set(sc, "arrivals.scale", v); err != nil {
			return opt, fmt.Errorf("--scale: %w", err)
		}
	}
	if err := ApplyInterval(sc, a.Interval); err != nil {
		return opt, err
	}
	return opt, ApplyRun(sc, a.Seed, a.Replications, 2)
}

// ParseThresholds parses tune-bot's --thresholds (FROM..TO:STEP or V1,V2,…) as
// values of bot.threshold (ParseAxis).
func ParseThresholds(s string) ([]float64, error) {
	th, err := ParseAxis("bot.threshold=" + s)
	if err != nil {
		return nil, fmt.Errorf("--thresholds: %w", err)
	}
	return th.Values, nil
}

// ParseMaxTurns parses tune-bot's --max-turns values (FROM..TO or V1,V2,…):
// whole numbers ≥ 1; "" is none.
func ParseMaxTurns(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	ax, err := ParseAxis("bot.max_turns=" + s)
	if err != nil {
		return nil, fmt.Errorf("--max-turns: %w", err)
	}
	var turns []int
	for _, v := range ax.Values {
		if v < 1 || v != float64(int(v)) {
			return nil, fmt.Errorf("--max-turns: %g is not a whole number ≥ 1", v)
		}
		turns = append(turns, int(v))
	}
	return turns, nil
}
