package check

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// Options are the settings that change how scenarios run.
type Options struct {
	Quick    bool   // scenarios.Scenario.Quick: fewer replications, a shorter horizon
	Parallel int    // scenarios at a time (each runs its replications in parallel too)
	BaseDir  string // bases (extends:) must be inside it; "": each file's directory
	// Progress, when set, is called with the scenarios run so far and their
	// number, from the goroutines that run them (one at a time).
	Progress func(done, total int)
}

// Parallelism is --parallel: n when given, at least 1; else GOMAXPROCS.
func Parallelism(n int, given bool) (int, error) {
	if !given {
		return runtime.GOMAXPROCS(0), nil
	}
	if n < 1 {
		return 0, fmt.Errorf("--parallel: must be ≥ 1 (got %d)", n)
	}
	return n, nil
}

// A Result is what Run found.
type Result struct {
	Suites []reports.Suite // one per file: paths that are not scenarios first, then Files' order
	Scaled int             // scenarios quick mode scaled down
	// RunErrors are the errors of scenarios that were valid but failed to run, in
	// file order (they are also in their suites).
	RunErrors []string
}

// Run loads the scenarios of args, runs the valid ones opts.Parallel at a time
// and checks their assertions. Errors of invalid files go to stderr as they are
// found, in file order; the result does not depend on which run finishes first.
// A scenario without assert: lines is listed, not run.
func Run(args []string, opts Options, stderr io.Writer) Result {
	var res Result
	files, bad := Files(args)
	for _, b := range bad {
		fmt.Fprintln(stderr, b)
		res.Suites = append(res.Suites, reports.Suite{File: b.Path, Errors: []string{b.Error()}})
	}
	type job struct {
		suite int
		sc    *scenarios.Scenario
	}
	var jobs []job
	for _, f := range files {
		sc, err := scenarios.LoadIn(f, opts.BaseDir)
		if err != nil {
			lines := LoadErrors(f, err)
			for _, l := range lines {
				fmt.Fprintln(stderr, l)
			}
			res.Suites = append(res.Suites, reports.Suite{File: f, Errors: lines})
			continue
		}
		if opts.Quick && sc.Quick() {
			res.Scaled++
		}
		res.Suites = append(res.Suites, reports.Suite{Scenario: sc.Name, File: f, Properties: Properties(sc, opts.Quick)})
		if len(sc.Assert) > 0 {
			jobs = append(jobs, job{len(res.Suites) - 1, sc})
		}
	}

	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	slots := make(chan struct{}, max(opts.Parallel, 1))
	for _, j := range jobs {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			verdicts, err := Scenario(j.sc)
			s := &res.Suites[j.suite] // each goroutine writes its own element
			if err != nil {
				s.Errors = []string{fmt.Sprintf("%s: %v", s.File, err)}
			}
			s.Verdicts = verdicts
			mu.Lock()
			done++
			if opts.Progress != nil {
				opts.Progress(done, len(jobs))
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, j := range jobs {
		res.RunErrors = append(res.RunErrors, res.Suites[j.suite].Errors...)
	}
	return res
}

// Scenario runs one scenario and checks its assertions. A panic in the simulator
// (a bug) becomes that scenario's error, so that the other scenarios' results
// still reach the table and the JUnit file.
func Scenario(sc *scenarios.Scenario) (verdicts []reports.Verdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			verdicts, err = nil, fmt.Errorf("internal error while simulating (a bug in omnisim; please report it with this file): %v", r)
		}
	}()
	m, err := sc.Model()
	if err != nil {
		return nil, err
	}
	asserts := Asserts(sc.Assert)
	looks, confidence := strictLooks(asserts, m.Replications)
	var reps []reports.RepValues
	for li, n := range looks {
		idx := make([]int, n-len(reps))
		for k := range idx {
			idx[k] = len(reps) + k // replication k is the same at every look: only the new ones run
		}
		more := make([]reports.RepValues, len(idx))
		if err := sim.RunEach(m, idx, 0, func(i int, r *sim.Result) { more[i] = reports.FromResult(r) }, nil); err != nil {
			return nil, err
		}
		reps = append(reps, more...)
		meta := reports.MetaOf(m)
		meta.Replications = n
		verdicts := reports.CheckAt(reports.Build(meta, append([]reports.RepValues(nil), reps...)), asserts, confidence)
		if li == len(looks)-1 || !slices.ContainsFunc(verdicts, reports.Verdict.Undecided) {
			return verdicts, nil
		}
	}
	return nil, nil // not reached: the last look returns
}

// strictLooks are the replication counts a check looks at, and the confidence
// of each look. Without strict assertions, one look at the scenario's
// replications, as always. With them, a strict assertion still undecided (its
// interval straddles the value) gets more replications: the scenario's count
// doubled, up to 4 × it, the sequential rule of omnisim staff (planning.Rule),
// each look's interval at 1 − 5 %/K for K looks (Bonferroni) so that a strict
// pass stays a pass at 95 %.
func strictLooks(asserts []reports.Assert, n0 int) ([]int, float64) {
	if !slices.ContainsFunc(asserts, func(a reports.Assert) bool { return a.Strict }) {
		return []int{n0}, 0.95
	}
	r := planning.Rule{Initial: max(2, n0), Max: min(sim.MaxReplications, 4*max(2, n0))}
	return r.Looks(), r.LookConfidence()
}

// Asserts converts the scenario's parsed assertions for the evaluator.
func Asserts(as []scenarios.Assertion) []reports.Assert {
	out := make([]reports.Assert, len(as))
	for i, a := range as {
		out[i] = reports.Assert{Text: a.Text, Scope: a.Scope, Metric: a.Metric, Op: a.Op, Value: a.Value, Strict: a.Strict}
	}
	return out
}

// Properties describe how a scenario ran, for the JUnit report.
func Properties(sc *scenarios.Scenario, quick bool) []reports.Property {
	return []reports.Property{
		{Name: "seed", Value: strconv.FormatUint(sc.Seed, 10)},
		{Name: "replications", Value: strconv.Itoa(sc.Replications)},
		{Name: "horizon", Value: sc.Horizon.String()},
		{Name: "warmup", Value: sc.Warmup.String()},
		{Name: "quick", Value: strconv.FormatBool(quick)},
	}
}

// QuickNote says that quick mode scaled scaled of total scenarios down.
func QuickNote(scaled, total int) string {
	return fmt.Sprintf("quick mode: %d of %d scenarios scaled down to at most %d replications and 1/%d of the horizon, "+
		"rounded up to whole days (weekday-dependent scenarios keep theirs); run without --quick for the full check",
		scaled, total, scenarios.QuickReplications, scenarios.QuickHorizonDivisor)
}

// An Outcome is a check's verdict in one line: Invalid when a file was invalid
// (bad input, exit 2), else Failed when an assertion failed (exit 1); Message
// says so, naming up to five failing suites. Both false: every assertion passed.
type Outcome struct {
	Invalid, Failed bool
	Message         string
}

// Summarize words the outcome of suites.
func Summarize(suites []reports.Suite) Outcome {
	n := reports.CountChecks(suites)
	var failing []string
	for _, s := range suites {
		for _, v := range s.Verdicts {
			if !v.Pass && !slices.Contains(failing, s.Label()) {
				failing = append(failing, s.Label())
			}
		}
	}
	const maxNames = 5 // the line stays one line
	if len(failing) > maxNames {
		failing = append(failing[:maxNames], "…")
	}
	failedPart := fmt.Sprintf("%d of %d assertions failed", n.Failed, n.Assertions)
	if n.Failed > 0 {
		failedPart += " (" + strings.Join(failing, ", ") + ")"
	}
	switch {
	case n.Invalid > 0:
		msg := fmt.Sprintf("%d of %d scenario files invalid", n.Invalid, n.Scenarios)
		if n.Failed > 0 {
			msg += "; " + failedPart
		}
		return Outcome{Invalid: true, Failed: n.Failed > 0, Message: msg}
	case n.Failed > 0:
		return Outcome{Failed: true, Message: failedPart}
	}
	return Outcome{Message: failedPart}
}
