package roster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestArgsResolve(t *testing.T) {
	for _, tt := range []struct {
		args Args
		want string
	}{
		{Args{Shifts: "testdata/none.yaml", Solver: "cbc", Gap: "2%"}, "testdata/none.yaml"},
		{Args{Solver: "gurobi", Gap: "2%"}, `--solver "gurobi": want cbc or glpsol`},
		{Args{Solver: "cbc", Gap: "some"}, "--gap: "},
	} {
		if _, err := tt.args.Resolve(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.args, err, tt.want)
		}
	}
	requireSolver(t)
	p, err := Args{Shifts: "testdata/shifts.yaml", Solver: "cbc", TimeLimit: 5 * time.Second, Gap: "1%"}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if p.Options.Solver.Name() != "cbc" || p.Options.Gap != 0.01 || p.Options.TimeLimit != 5*time.Second || len(p.Shifts.Templates) == 0 {
		t.Errorf("plan: %+v", p.Options)
	}
}

func TestFragmentFileStaysInsideItsTree(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "retail.yaml")
	if err := os.WriteFile(sc, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := FragmentFile(sc, filepath.Join(dir, "sub", "roster.yaml"), nil)
	if err == nil || !strings.Contains(err.Error(), "which must be in the fragment's directory or below it") {
		t.Errorf("fragment below its base: %v", err)
	}
	if _, err := FragmentFile(filepath.Join(dir, "none.yaml"), filepath.Join(dir, "roster.yaml"), nil); err == nil {
		t.Error("a missing scenario: no error")
	}
}

// TestReportOutput: --out FILE.yaml writes the roster as a scenario fragment
// extending the scenario, any other --out the report in its format; Short is
// the error of a roster with intervals left short.
func TestReportOutput(t *testing.T) {
	r := &Roster{Interval: time.Hour}
	rp := &Report{Scenario: "x", Roster: r, TargetSL: 0.8}
	var want, got strings.Builder
	if err := rp.Write(&want, "csv"); err != nil {
		t.Fatal(err)
	}
	write, err := rp.Output("csv", "", "roster.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := write(&got); err != nil || got.String() != want.String() {
		t.Errorf("--out roster.json: %v\n%s\nwant the CSV report:\n%s", err, got.String(), want.String())
	}
	frag, err := FragmentFile("", "roster.yaml", r)
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"roster.yaml", "roster.yml"} {
		write, err := rp.Output("csv", "", out)
		got.Reset()
		if err != nil || write(&got) != nil || got.String() != string(frag) {
			t.Errorf("--out %s: %v\n%s\nwant the fragment:\n%s", out, err, got.String(), frag)
		}
	}
	if _, err := rp.Output("text", filepath.Join(t.TempDir(), "none.yaml"), "roster.yaml"); err == nil {
		t.Error("a fragment of a missing scenario: no error")
	}
	if err := r.Short(); err != nil {
		t.Errorf("no unmet intervals: %v", err)
	}
	r.Unmet = make([]Unmet, 2)
	if err := r.Short(); err == nil || err.Error() != "the roster leaves 2 interval(s) short (see unmet)" {
		t.Errorf("two unmet intervals: %v", err)
	}
}
