package roster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/scenarios"
)

// Args are omnisim roster's options as written; errors name the flags.
type Args struct {
	Shifts    string // shift templates file ("": Default)
	Solver    string // cbc, or glpsol (glpk)
	TimeLimit time.Duration
	Gap       string // relative optimality gap, a share or %
}

// Plan is a roster request resolved: the shift templates and how to solve.
type Plan struct {
	Shifts  *Shifts
	Options Options
}

// Resolve reads the shift templates and checks that the solver is installed.
func (a Args) Resolve() (*Plan, error) {
	p := &Plan{Shifts: Default()}
	if a.Shifts != "" {
		data, err := os.ReadFile(a.Shifts)
		if err != nil {
			return nil, err
		}
		if p.Shifts, err = ParseShifts(a.Shifts, data); err != nil {
			return nil, err
		}
	}
	switch a.Solver {
	case "cbc":
		p.Options.Solver = CBC{}
	case "glpsol", "glpk":
		p.Options.Solver = GLPK{}
	default:
		return nil, fmt.Errorf("--solver %q: want cbc or glpsol", a.Solver)
	}
	gap, err := scenarios.ParseShare(a.Gap)
	if err != nil {
		return nil, fmt.Errorf("--gap: %w", err)
	}
	p.Options.SolveOptions = SolveOptions{TimeLimit: a.TimeLimit, Gap: gap}
	if err := Available(p.Options.Solver); err != nil {
		return nil, err
	}
	return p, nil
}

// Solve rosters staff's requirement (res, of scenario name at targetSL) and
// returns the report, not yet proved by simulation (Prove sets its Checks).
func (p *Plan) Solve(ctx context.Context, name string, res *planning.StaffResult, targetSL float64) (*Report, error) {
	req, err := FromStaff(res, Grid(res.Interval))
	if err != nil {
		return nil, err
	}
	r, err := Solve(ctx, p.Shifts, req, p.Options)
	if err != nil {
		if errors.Is(err, ErrNoSolver) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rep := &Report{Scenario: name, Roster: r, TargetSL: targetSL, ProofInterval: res.Interval}
	rep.StaffSL = res.WeekServiceLevel()
	return rep, nil
}

// WriteAgents names the roster's agents and rotates them through their group's
// tours over weeks weeks (Assign), writes their CSV to path and each rule the
// rotation cannot keep at a week boundary to w; unmet is how many.
func (p *Plan) WriteAgents(path string, r *Roster, weeks int, w io.Writer) (unmet int, err error) {
	as, err := Assign(r, p.Shifts.Rules, weeks)
	if err != nil {
		return 0, fmt.Errorf("--rotation-weeks: %w", err)
	}
	var buf bytes.Buffer
	if err := as.WriteCSV(&buf, r); err != nil {
		return 0, err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return 0, err
	}
	for _, u := range as.Unmet {
		fmt.Fprintf(w, "rotation: %s, week %d to the next: %s: %s\n", u.Agent, u.Week+1, u.Rule, u.Reason)
	}
	return len(as.Unmet), nil
}

// FragmentFile is the roster as a scenario fragment (Fragment) to be written to
// out, extending the scenario file (named relative to the fragment's directory,
// which must contain it: extends: stays inside the extending file's tree); for
// the embedded default (scenario ""), extends: default.yaml, the file `omnisim
// scenarios show default` writes.
func FragmentFile(scenario, out string, r *Roster) ([]byte, error) {
	if scenario == "" {
		return Fragment(scenarios.DefaultYAML(), scenarios.DefaultName, "default.yaml", r)
	}
	data, err := os.ReadFile(scenario)
	if err != nil {
		return nil, err
	}
	absOut, err1 := filepath.Abs(filepath.Dir(out))
	absSc, err2 := filepath.Abs(scenario)
	rel, err3 := filepath.Rel(absOut, absSc)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, fmt.Errorf("--out %s: %w", out, err)
	}
	if strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("--out %s: a scenario fragment extends %s, which must be in the fragment's directory or below it", out, scenario)
	}
	return Fragment(data, scenario, filepath.ToSlash(rel), r)
}

// Prove sets rp.Checks: the week of sc simulated with the roster as the agents'
// schedules (Prove), reported per interval of the staffing (interval, set on
// sc); an error names the scenario.
func (rp *Report) Prove(sc *scenarios.Scenario, interval time.Duration, progress func(done int)) error {
	sc.Interval = interval
	var err error
	if rp.Checks, err = Prove(sc, rp.Roster, 0, progress); err != nil {
		return fmt.Errorf("%s: %w", scenarios.NameOf(sc), err)
	}
	return nil
}

// Output is how omnisim roster writes rp to the file out: in format, or, when
// out names a YAML file, as the roster's scenario fragment extending the
// scenario file (FragmentFile; "": the embedded default).
func (rp *Report) Output(format, scenario, out string) (func(io.Writer) error, error) {
	if !strings.HasSuffix(out, ".yaml") && !strings.HasSuffix(out, ".yml") {
		return func(w io.Writer) error { return rp.Write(w, format) }, nil
	}
	frag, err := FragmentFile(scenario, out, rp.Roster)
	if err != nil {
		return nil, err
	}
	return func(w io.Writer) error { _, err := w.Write(frag); return err }, nil
}

// Short is the error of a roster that leaves intervals short (Unmet), or nil.
func (r *Roster) Short() error {
	if len(r.Unmet) == 0 {
		return nil
	}
	return fmt.Errorf("the roster leaves %d interval(s) short (see unmet)", len(r.Unmet))
}
