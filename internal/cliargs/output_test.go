package cliargs

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/planning"
)

// runApp runs one command "x" with flags and action, as omnisim runs its
// commands, and returns stdout, the exit code and the action's error.
func runApp(t *testing.T, flags []cli.Flag, action cli.ActionFunc, args ...string) (string, int, error) {
	t.Helper()
	var stdout strings.Builder
	cmd := &cli.Command{Name: "x", Flags: flags, Action: action}
	OneLineUsageErrors(cmd, "omnisim x")
	app := &cli.App{Name: "omnisim", Writer: &stdout, ErrWriter: io.Discard, Commands: []*cli.Command{cmd},
		ExitErrHandler: func(*cli.Context, error) {}}
	err := app.Run(append([]string{"omnisim", "x"}, args...))
	return stdout.String(), Code(err), err
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	_, code, err := runApp(t, nil, func(*cli.Context) error { return nil }, "--nope")
	if code != ExitBadInput || err == nil || !strings.HasSuffix(err.Error(), "(see omnisim x --help)") || strings.Contains(err.Error(), "\n") {
		t.Errorf("unknown flag: %v (exit %d)", err, code)
	}
}

func TestFormatAndOutput(t *testing.T) {
	flags := []cli.Flag{FormatFlag("text", "json"), OutFlag()}
	write := func(c *cli.Context) error {
		f, err := CheckFormat(c, "text", "json")
		if err != nil {
			return err
		}
		return WriteOutput(c, func(w io.Writer) error { _, err := fmt.Fprintf(w, "format %s\n", f); return err })
	}
	if out, _, err := runApp(t, flags, write); err != nil || out != "format text\n" {
		t.Errorf("default: %v, %q", err, out)
	}
	if out, _, err := runApp(t, flags, write, "-f", "json"); err != nil || out != "format json\n" {
		t.Errorf("-f json: %v, %q", err, out)
	}
	if _, code, err := runApp(t, flags, write, "--format", "html"); code != ExitBadInput || err == nil || err.Error() != `--format "html": want text or json` {
		t.Errorf("--format html: %v (exit %d)", err, code)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	if out, _, err := runApp(t, flags, write, "--out", p); err != nil || out != "" {
		t.Errorf("--out: %v, stdout %q", err, out)
	}
	if data, err := os.ReadFile(p); err != nil || string(data) != "format text\n" {
		t.Errorf("--out file: %q, %v", data, err)
	}
	if _, code, err := runApp(t, flags, write, "--out", filepath.Join(dir, "none", "x")); code != ExitBadInput || err == nil || !strings.HasPrefix(err.Error(), "--out: ") {
		t.Errorf("unwritable --out: %v (exit %d)", err, code)
	}
}

func TestGivenAndRepeats(t *testing.T) {
	flags := []cli.Flag{&cli.StringFlag{Name: "seed", Value: "1"}, &cli.GenericFlag{Name: "set", Value: &Repeated{}}}
	var seed string
	var sets []string
	action := func(c *cli.Context) error { seed, sets = Given(c, "seed"), Repeats(c, "set"); return nil }
	if _, _, err := runApp(t, flags, action); err != nil || seed != "" || len(sets) != 0 {
		t.Errorf("nothing given: %v, seed %q, sets %q", err, seed, sets)
	}
	if _, _, err := runApp(t, flags, action, "--seed", "7", "--set", "a=1,2", "--set", "b=3"); err != nil || seed != "7" ||
		strings.Join(sets, "|") != "a=1,2|b=3" {
		t.Errorf("given: %v, seed %q, sets %q (commas must not split)", err, seed, sets)
	}
}

// TestScenario: the resolver loads the embedded default without an argument,
// applies --set and the run flags, and names a bad value's flag.
func TestScenario(t *testing.T) {
	flags := append([]cli.Flag{SetFlag(), BaseDirFlag()}, RunFlags("replications")...)
	var seed uint64
	var reps int
	var sets []string
	action := func(c *cli.Context) error {
		sc, s, err := Scenario(c)
		if err != nil {
			return err
		}
		sets = s
		if err := ApplyRunFlags(c, sc, 2); err != nil {
			return err
		}
		seed, reps = sc.Seed, sc.Replications
		return nil
	}
	if _, _, err := runApp(t, flags, action, "--set", "arrivals.scale=1.2", "--seed", "9", "-n", "3"); err != nil || seed != 9 || reps != 3 || len(sets) != 1 {
		t.Errorf("default scenario: %v, seed %d, replications %d, sets %q", err, seed, reps, sets)
	}
	if _, code, err := runApp(t, flags, action, "-n", "1"); code != ExitBadInput || err == nil || !strings.Contains(err.Error(), "replications") {
		t.Errorf("-n 1 with at least 2: %v (exit %d)", err, code)
	}
	if _, code, err := runApp(t, flags, action, "--set", "no.such.key=1"); code != ExitBadInput || err == nil {
		t.Errorf("unknown --set key: %v (exit %d)", err, code)
	}
	if _, code, err := runApp(t, flags, action, filepath.Join(t.TempDir(), "none.yaml")); code != ExitBadInput || err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("missing scenario file: %v (exit %d)", err, code)
	}
}

// TestStaffOptions: the target flags reach planning.StaffArgs by their names.
func TestStaffOptions(t *testing.T) {
	flags := append(TargetFlags(false), RunFlags("replications")...)
	var opt planning.StaffOptions
	action := func(c *cli.Context) error {
		sc, err := LoadScenario("", "")
		if err != nil {
			return err
		}
		opt, err = StaffOptions(c, sc)
		return err
	}
	if _, _, err := runApp(t, flags, action, "--service-level", "90%", "--abandon-rate", "5%", "--max-replications", "8"); err != nil ||
		opt.Targets.ServiceLevel != 0.9 || opt.Targets.AbandonRate != 0.05 || opt.MaxReplications != 8 {
		t.Errorf("staff options: %v, %+v", err, opt)
	}
	if _, code, err := runApp(t, flags, action, "--confidence", "100%"); code != ExitBadInput || err == nil || !strings.HasPrefix(err.Error(), "--confidence") {
		t.Errorf("--confidence 100%%: %v (exit %d)", err, code)
	}
}

// TestWriteShard: a shard's partial result is JSON on --out or stdout; another
// --format is refused before the work runs, and the work's error is returned.
func TestWriteShard(t *testing.T) {
	flags := []cli.Flag{FormatFlag("text", "json"), OutFlag(), ShardFlag()}
	ran := false
	work := func(fail bool) cli.ActionFunc {
		return func(c *cli.Context) error {
			s, sharded, err := ShardOf(c, func(string) string { return "" })
			if err != nil || !sharded {
				return fmt.Errorf("shard: %v, sharded %v", err, sharded)
			}
			return WriteShard(c, s, "test", 1, func(*progress.Bar) (*planning.Partial, error) {
				ran = true
				if fail {
					return nil, fmt.Errorf("the work failed")
				}
				return &planning.Partial{Kind: "run", Shard: s.String()}, nil
			})
		}
	}
	out, _, err := runApp(t, flags, work(false), "--shard", "2/3")
	if err != nil || !ran || !strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Errorf("shard 2/3: %v, ran %v, stdout %q", err, ran, out)
	}
	ran = false
	if _, code, err := runApp(t, flags, work(false), "--shard", "1/2", "--format", "text"); code != ExitBadInput || err == nil || ran {
		t.Errorf("--format text: %v (exit %d), ran %v", err, code, ran)
	}
	if _, _, err := runApp(t, flags, work(true), "--shard", "1/2"); err == nil || err.Error() != "the work failed" {
		t.Errorf("failing work: %v", err)
	}
	if _, code, err := runApp(t, flags, work(false), "--shard", "3/2"); code != ExitBadInput || err == nil {
		t.Errorf("--shard 3/2: %v (exit %d)", err, code)
	}
}
