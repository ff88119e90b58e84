package roster

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Solver solves a Program with an external MILP solver.
type Solver interface {
	Name() string
	Solve(ctx context.Context, p *Program, opt SolveOptions) (*Solution, error)
}

// SolveOptions bound a solve. Zero values: no time limit, the solver's default gap.
type SolveOptions struct {
	TimeLimit time.Duration
	Gap       float64 // relative optimality gap at which to stop (0.01 = 1 %)
}

// Solution is what a solver returned.
type Solution struct {
	Optimal   bool    // proven optimal within the gap
	Status    string  // the solver's own words
	Objective float64 // of the solution returned
	Values    []float64
	CPU       time.Duration // the solver process's user + system time
}

// ErrNoSolver is wrapped when the solver's binary is not installed.
var ErrNoSolver = errors.New("MILP solver not installed")

// CBC is COIN-OR's branch-and-cut solver through its command line
// (Debian package coinor-cbc, binary /usr/bin/cbc).
type CBC struct {
	Path  string   // default "cbc" on $PATH
	Extra []string // more options, before -solve (such as -cuts off -heur on)
}

// GLPK is GNU GLPK's glpsol (Debian package glpk-utils).
type GLPK struct{ Path string } // Path: default "glpsol" on $PATH

func (CBC) Name() string  { return "cbc" }
func (GLPK) Name() string { return "glpsol" }

func lookPath(path, def, pkg string) (string, error) {
	if path == "" {
		path = def
	}
	p, err := exec.LookPath(path)
	if err != nil {
		return "", fmt.Errorf("%w: %s not found (apt-get install -y %s, or `make solver`)", ErrNoSolver, path, pkg)
	}
	return p, nil
}

// Available reports whether the solver's binary can be found.
func Available(s Solver) error {
	switch v := s.(type) {
	case CBC:
		_, err := lookPath(v.Path, "cbc", "coinor-cbc")
		return err
	case GLPK:
		_, err := lookPath(v.Path, "glpsol", "glpk-utils")
		return err
	}
	return nil
}

// run writes the program into a fresh directory, runs the solver there and
// returns the directory (removed by the caller) and the solver's output.
func run(ctx context.Context, p *Program, bin string, args func(dir string) []string) (string, []byte, time.Duration, error) {
	dir, err := os.MkdirTemp("", "omnisim-roster-")
	if err != nil {
		return "", nil, 0, err
	}
	f, err := os.Create(filepath.Join(dir, "model.mps"))
	if err != nil {
		return dir, nil, 0, err
	}
	if err := p.WriteMPS(f); err != nil {
		f.Close()
		return dir, nil, 0, err
	}
	if err := f.Close(); err != nil {
		return dir, nil, 0, err
	}
	cmd := exec.CommandContext(ctx, bin, args(dir)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var cpu time.Duration
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	if err != nil {
		return dir, out, cpu, fmt.Errorf("%s: %w: %s", filepath.Base(bin), err, lastLines(out, 5))
	}
	return dir, out, cpu, nil
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// Solve runs `cbc model.mps [-sec T] [-ratioGap G] -threads 1 [Extra] -solve -solu sol.txt`.
func (c CBC) Solve(ctx context.Context, p *Program, opt SolveOptions) (*Solution, error) {
	bin, err := lookPath(c.Path, "cbc", "coinor-cbc")
	if err != nil {
		return nil, err
	}
	dir, out, cpu, err := run(ctx, p, bin, func(dir string) []string {
		a := []string{"model.mps"}
		if opt.TimeLimit > 0 {
			a = append(a, "-sec", strconv.FormatFloat(opt.TimeLimit.Seconds(), 'g', -1, 64))
		}
		if opt.Gap > 0 {
			a = append(a, "-ratioGap", strconv.FormatFloat(opt.Gap, 'g', -1, 64))
		}
		a = append(a, "-threads", "1")
		a = append(a, c.Extra...)
		return append(a, "-solve", "-solu", "sol.txt")
	})
	defer os.RemoveAll(dir)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "sol.txt"))
	if err != nil {
		return nil, fmt.Errorf("cbc wrote no solution: %w: %s", err, lastLines(out, 5))
	}
	sol, err := ParseCBCSolution(data, len(p.Obj))
	if sol != nil {
		sol.CPU = cpu
	}
	return sol, err
}

// ParseCBCSolution reads CBC's -solu file: a status line
// ("Optimal - objective value 12.5", "Stopped on time - objective value …",
// "Infeasible - objective value …") then one line per nonzero column:
// "index name value reduced-cost", possibly prefixed by "**" when the value
// breaks a bound. Columns are matched by name (C1…), so lines CBC leaves out
// are zero.
func ParseCBCSolution(data []byte, cols int) (*Solution, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	if !sc.Scan() {
		return nil, errors.New("cbc solution: empty file")
	}
	head := strings.TrimSpace(sc.Text())
	status, obj, ok := strings.Cut(head, " - objective value ")
	if !ok {
		return nil, fmt.Errorf("cbc solution: unexpected first line %q", head)
	}
	s := &Solution{Status: strings.TrimSpace(status), Values: make([]float64, cols)}
	var err error
	if s.Objective, err = strconv.ParseFloat(strings.TrimSpace(obj), 64); err != nil {
		return nil, fmt.Errorf("cbc solution: objective %q: %w", obj, err)
	}
	low := strings.ToLower(s.Status)
	switch {
	case strings.HasPrefix(low, "optimal"):
		s.Optimal = true
	case strings.Contains(low, "infeasible"), strings.Contains(low, "unbounded"):
		return nil, fmt.Errorf("cbc: %s", s.Status)
	case strings.Contains(low, "no integer solution"), strings.Contains(low, "no feasible"):
		return nil, fmt.Errorf("cbc: %s", s.Status)
	}
	for line := 2; sc.Scan(); line++ {
		fs := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "**"))
		if len(fs) == 0 {
			continue
		}
		if len(fs) < 3 {
			return nil, fmt.Errorf("cbc solution line %d: %q: want index name value", line, sc.Text())
		}
		name := fs[1]
		if !strings.HasPrefix(name, "C") {
			continue // a row (printed with some options)
		}
		j, err := strconv.Atoi(name[1:])
		if err != nil || j < 1 || j > cols {
			return nil, fmt.Errorf("cbc solution line %d: unknown column %q", line, name)
		}
		v, err := strconv.ParseFloat(fs[2], 64)
		if err != nil || math.IsNaN(v) {
			return nil, fmt.Errorf("cbc solution line %d: value %q", line, fs[2])
		}
		s.Values[j-1] = v
	}
	return s, sc.Err()
}

// Solve runs `glpsol --mps model.mps [--tmlim T] [--mipgap G] -w sol.txt`.
func (g GLPK) Solve(ctx context.Context, p *Program, opt SolveOptions) (*Solution, error) {
	bin, err := lookPath(g.Path, "glpsol", "glpk-utils")
	if err != nil {
		return nil, err
	}
	dir, out, cpu, err := run(ctx, p, bin, func(dir string) []string {
		a := []string{"--mps", "model.mps"}
		if opt.TimeLimit > 0 {
			a = append(a, "--tmlim", strconv.Itoa(max(1, int(math.Ceil(opt.TimeLimit.Seconds())))))
		}
		if opt.Gap > 0 {
			a = append(a, "--mipgap", strconv.FormatFloat(opt.Gap, 'g', -1, 64))
		}
		return append(a, "-w", "sol.txt")
	})
	defer os.RemoveAll(dir)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "sol.txt"))
	if err != nil {
		return nil, fmt.Errorf("glpsol wrote no solution: %w: %s", err, lastLines(out, 5))
	}
	sol, err := ParseGLPKSolution(data, len(p.Rows), len(p.Obj))
	if sol != nil {
		sol.CPU = cpu
	}
	return sol, err
}

// ParseGLPKSolution reads glpsol's -w (GLPK raw, version 5) MIP solution:
// "c" comment lines, "s mip ROWS COLS STATUS OBJ" (STATUS o optimal,
// f feasible, n no feasible solution, u undefined), "i ROW VALUE",
// "j COL VALUE", "e". Columns are by position, as written by WriteMPS.
func ParseGLPKSolution(data []byte, rows, cols int) (*Solution, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var s *Solution
	for line := 1; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || fs[0] == "c" || fs[0] == "i" || fs[0] == "e" {
			continue
		}
		switch fs[0] {
		case "s":
			if len(fs) != 6 || fs[1] != "mip" {
				return nil, fmt.Errorf("glpsol solution line %d: %q: want s mip ROWS COLS STATUS OBJ", line, sc.Text())
			}
			if r, _ := strconv.Atoi(fs[2]); r != rows {
				return nil, fmt.Errorf("glpsol solution: %s rows, the program has %d", fs[2], rows)
			}
			if c, _ := strconv.Atoi(fs[3]); c != cols {
				return nil, fmt.Errorf("glpsol solution: %s columns, the program has %d", fs[3], cols)
			}
			s = &Solution{Values: make([]float64, cols)}
			switch fs[4] {
			case "o":
				s.Optimal, s.Status = true, "optimal"
			case "f":
				s.Status = "feasible (stopped before proving optimality)"
			default:
				return nil, fmt.Errorf("glpsol: no feasible integer solution (status %s)", fs[4])
			}
			var err error
			if s.Objective, err = strconv.ParseFloat(fs[5], 64); err != nil {
				return nil, fmt.Errorf("glpsol solution line %d: objective %q", line, fs[5])
			}
		case "j":
			if s == nil {
				return nil, fmt.Errorf("glpsol solution line %d: column before the s line", line)
			}
			if len(fs) != 3 {
				return nil, fmt.Errorf("glpsol solution line %d: %q: want j COL VALUE", line, sc.Text())
			}
			j, err := strconv.Atoi(fs[1])
			if err != nil || j < 1 || j > cols {
				return nil, fmt.Errorf("glpsol solution line %d: column %q out of range", line, fs[1])
			}
			v, err := strconv.ParseFloat(fs[2], 64)
			if err != nil || math.IsNaN(v) {
				return nil, fmt.Errorf("glpsol solution line %d: value %q", line, fs[2])
			}
			s.Values[j-1] = v
		default:
			return nil, fmt.Errorf("glpsol solution line %d: unexpected %q", line, fs[0])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errors.New("glpsol solution: no s line")
	}
	return s, nil
}
