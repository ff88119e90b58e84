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
