package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// checkCommand runs scenario files and evaluates their assert: lines: the command a
// CI pipeline runs (exit 1 when an assertion fails, JUnit XML for the CI server).
// Assertions are evaluated by package reports; quick mode is defined by package
// scenarios.
func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "run scenario files and check their assertions (for CI: exit 1 on failure, JUnit XML)",
		UsageText: "omnisim check PATH... [--quick] [--junit FILE] [--format text|json] [--out FILE]",
		Description: "Each PATH is a scenario file or a directory, searched recursively for *.yaml and *.yml;\n" +
			"as the go tool does, the walk skips directories named testdata and those beginning with\n" +
			". or _ (fixtures, invalid on purpose); name such a directory to check it.\n" +
			"Every scenario runs (several at a time, each with its replications in parallel) and\n" +
			"each line of its assert: list is checked on the mean across replications, or on the\n" +
			"whole confidence interval when it ends in `strict`: a strict line whose interval\n" +
			"straddles its value gets more replications (doubling, up to 4 × the scenario's), each look's\n" +
			"interval widened to 1 − 5 %/3 so that a strict pass holds at 95 %. The table lists scenario,\n" +
			"assertion, value ± CI and verdict, in file order; the bytes do not depend on timing.\n" +
			"Invalid files are reported on stderr with all their errors, as by validate, and the\n" +
			"valid ones still run. A scenario without assert: lines is listed, not run.\n\n" +
			"--quick runs at most 3 replications and a quarter of the horizon, rounded up to whole\n" +
			"days (a scenario whose arrivals or staffing differ by weekday keeps its horizon), for a\n" +
			"pre-commit hook; the output says so.\n\n" +
			"Exit 0 when every assertion passes, 1 when one fails, 2 when a file is invalid.\n\n" +
			"Example:\n" +
			"   omnisim check scenarios/ --junit check.xml\n" +
			"   omnisim check scenarios/examples --quick",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "quick", Usage: "fewer replications and a shorter horizon, for pre-commit use"},
			&cli.StringFlag{Name: "junit", Usage: "also write a JUnit XML report to `FILE`"},
			&cli.IntFlag{Name: "parallel", Usage: "scenarios run at a time", DefaultText: "GOMAXPROCS"},
			formatFlag("text", "json"),
			outFlag(),
			baseDirFlag(),
		},
		HideHelpCommand: true,
		OnUsageError:    onUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return badInput(errors.New("check: no scenario files given (usage: omnisim check PATH...)"))
			}
			format, err := checkFormat(c, "text", "json")
			if err != nil {
				return err
			}
			parallel := runtime.GOMAXPROCS(0)
			if c.IsSet("parallel") {
				if parallel = c.Int("parallel"); parallel < 1 {
					return badInput(fmt.Errorf("--parallel: must be ≥ 1 (got %d)", parallel))
				}
			}
			opts := checkOptions{quick: c.Bool("quick"), parallel: parallel, baseDir: c.String("base-dir")}
			suites, scaled := checkFiles(c.Args().Slice(), opts, c.App.ErrWriter)
			err = writeOutput(c, func(w io.Writer) error {
				if format == "json" {
					if opts.quick {
						fmt.Fprintln(c.App.ErrWriter, quickNote(scaled, len(suites)))
					}
					return reports.WriteChecksJSON(w, suites)
				}
				if opts.quick {
					fmt.Fprintln(w, quickNote(scaled, len(suites)))
				}
				return reports.WriteChecksText(w, suites)
			})
			if err != nil {
				return err
			}
			if path := c.String("junit"); path != "" {
				if err := writeJUnitFile(path, suites); err != nil {
					return err
				}
			}
			return checkExit(reports.CountChecks(suites), suites)
		},
	}
}

// checkOptions are the flags that change how scenarios run.
type checkOptions struct {
	quick    bool
	parallel int    // scenarios at a time
	baseDir  string // bases (extends:) must be inside it; "": each file's directory
}

// checkFiles loads the scenarios of args, runs the valid ones opts.parallel at a time
// and checks their assertions. It returns one suite per file, in the order of
// scenarioFiles (paths that are not scenarios first), and how many scenarios quick
// mode scaled down. Errors of invalid files go to stderr as they are found, in that
// order; the suites do not depend on which run finishes first.
func checkFiles(args []string, opts checkOptions, stderr io.Writer) (suites []reports.Suite, scaled int) {
	files, bad := scenarioFiles(args)
	for _, b := range bad {
		fmt.Fprintln(stderr, b)
		suites = append(suites, reports.Suite{File: b.path, Errors: []string{b.Error()}})
	}
	type job struct {
		suite int
		sc    *scenarios.Scenario
	}
	var jobs []job
	for _, f := range files {
		sc, err := scenarios.LoadIn(f, opts.baseDir)
		if err != nil {
			lines := loadErrors(f, err)
			for _, l := range lines {
				fmt.Fprintln(stderr, l)
			}
			suites = append(suites, reports.Suite{File: f, Errors: lines})
			continue
		}
		if opts.quick && sc.Quick() {
			scaled++
		}
		suites = append(suites, reports.Suite{Scenario: sc.Name, File: f, Properties: runProperties(sc, opts.quick)})
		if len(sc.Assert) > 0 {
			jobs = append(jobs, job{len(suites) - 1, sc})
		}
	}

	prog := newProgress(stderr, "scenarios", len(jobs))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	slots := make(chan struct{}, max(opts.parallel, 1))
	for _, j := range jobs {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			verdicts, err := checkScenario(j.sc)
			s := &suites[j.suite] // each goroutine writes its own element
			if err != nil {
				s.Errors = []string{fmt.Sprintf("%s: %v", s.File, err)}
			}
			s.Verdicts = verdicts
			mu.Lock()
			done++
			prog.set(done)
			mu.Unlock()
		}()
	}
	wg.Wait()
	prog.done()
	// Run errors are printed after the runs, in file order, so that stderr is as
	// deterministic as stdout.
	for _, j := range jobs {
		for _, e := range suites[j.suite].Errors {
			fmt.Fprintln(stderr, e)
		}
	}
	return suites, scaled
}

// checkScenario runs one scenario and checks its assertions. A panic in the
// simulator (a bug) becomes that scenario's error, so that the other scenarios' results
// still reach the table and the JUnit file.
func checkScenario(sc *scenarios.Scenario) (verdicts []reports.Verdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			verdicts, err = nil, fmt.Errorf("internal error while simulating (a bug in omnisim; please report it with this file): %v", r)
		}
	}()
	m, err := sc.Model()
	if err != nil {
		return nil, err
	}
	asserts := reportAsserts(sc.Assert)
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

// reportAsserts converts the scenario's parsed assertions for the evaluator.
func reportAsserts(as []scenarios.Assertion) []reports.Assert {
	out := make([]reports.Assert, len(as))
	for i, a := range as {
		out[i] = reports.Assert{Text: a.Text, Scope: a.Scope, Metric: a.Metric, Op: a.Op, Value: a.Value, Strict: a.Strict}
	}
	return out
}

// runProperties describe how a scenario ran, for the JUnit report.
func runProperties(sc *scenarios.Scenario, quick bool) []reports.Property {
	return []reports.Property{
		{Name: "seed", Value: strconv.FormatUint(sc.Seed, 10)},
		{Name: "replications", Value: strconv.Itoa(sc.Replications)},
		{Name: "horizon", Value: sc.Horizon.String()},
		{Name: "warmup", Value: sc.Warmup.String()},
		{Name: "quick", Value: strconv.FormatBool(quick)},
	}
}

// quickNote says that quick mode scaled the scenarios down.
func quickNote(scaled, total int) string {
	return fmt.Sprintf("quick mode: %d of %d scenarios scaled down to at most %d replications and 1/%d of the horizon, "+
		"rounded up to whole days (weekday-dependent scenarios keep theirs); run without --quick for the full check",
		scaled, total, scenarios.QuickReplications, scenarios.QuickHorizonDivisor)
}

func writeJUnitFile(path string, suites []reports.Suite) error {
	f, err := os.Create(path)
	if err != nil {
		return badInput(fmt.Errorf("--junit: %w", err))
	}
	if err := reports.WriteJUnit(f, "omnisim check", suites); err != nil {
		f.Close()
		return fmt.Errorf("--junit: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	return nil
}

// checkExit maps the outcome onto the exit code: 2 when a file was invalid, else 1
// when an assertion failed, with a one-line summary.
func checkExit(n reports.CheckCount, suites []reports.Suite) error {
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
		return badInput(errors.New(msg))
	case n.Failed > 0:
		return failed(errors.New(failedPart))
	}
	return nil
}
