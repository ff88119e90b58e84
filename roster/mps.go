package roster

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Program is a mixed-integer program in the form the solvers take:
// minimise Σ Obj[j]·x_j subject to rows, 0 ≤ x_j ≤ Upper[j], x_j integer where
// Integer[j]. Names are generated (C1…, R1…): the MPS file and the solution
// files are matched back by position and name, never by user text.
type Program struct {
	Obj     []float64
	Upper   []float64 // < 0: no upper bound
	Integer []bool
	Rows    []Row
}

// Row is Σ coef·x {≥, ≤, =} RHS.
type Row struct {
	Cols  []int
	Coefs []float64
	Sense byte // 'G', 'L' or 'E'
	RHS   float64
}

func colName(j int) string { return "C" + strconv.Itoa(j+1) }
func rowName(i int) string { return "R" + strconv.Itoa(i+1) }

// WriteMPS writes the program in fixed-format MPS (names of at most 8
// characters, fields in their columns), which CBC and glpsol --mps both read;
// CBC's free-format reader misreads the BOUNDS section. Columns appear in
// index order so that a solver's by-position solution maps back; integer
// columns are bracketed by markers and given an explicit upper bound (readers
// differ on the default bound of a marked column: some take 1).
func (p *Program) WriteMPS(w io.Writer) error {
	bw := bufio.NewWriter(w)
	// line writes fields 1–4 in columns 2–3, 5–12, 15–22 and 25–36.
	line := func(f1, f2, f3, f4 string) {
		l := fmt.Sprintf(" %-2s %-8s  %-8s  %s", f1, f2, f3, f4)
		fmt.Fprintln(bw, strings.TrimRight(l, " "))
	}
	num := func(v float64) string {
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if len(s) > 12 {
			s = strconv.FormatFloat(v, 'g', 6, 64)
		}
		return s
	}
	fmt.Fprintln(bw, "NAME          ROSTER")
	fmt.Fprintln(bw, "ROWS")
	line("N", "COST", "", "")
	for i, r := range p.Rows {
		line(string(r.Sense), rowName(i), "", "")
	}
	// Column-major entries.
	type ent struct {
		row  int
		coef float64
	}
	byCol := make([][]ent, len(p.Obj))
	for i, r := range p.Rows {
		for k, j := range r.Cols {
			byCol[j] = append(byCol[j], ent{i, r.Coefs[k]})
		}
	}
	fmt.Fprintln(bw, "COLUMNS")
	inInt, marker := false, 0
	for j := range p.Obj {
		if p.Integer[j] != inInt {
			kind := "'INTORG'"
			if inInt {
				kind = "'INTEND'"
			}
			fmt.Fprintf(bw, "    %-8s  'MARKER'                 %s\n", "M"+strconv.Itoa(marker), kind)
			marker++
			inInt = p.Integer[j]
		}
		// Every column gets its objective entry, even 0, so that it exists.
		line("", colName(j), "COST", num(p.Obj[j]))
		for _, e := range byCol[j] {
			line("", colName(j), rowName(e.row), num(e.coef))
		}
	}
	if inInt {
		fmt.Fprintf(bw, "    %-8s  'MARKER'                 'INTEND'\n", "M"+strconv.Itoa(marker))
	}
	fmt.Fprintln(bw, "RHS")
	for i, r := range p.Rows {
		if r.RHS != 0 {
			line("", "RHS", rowName(i), num(r.RHS))
		}
	}
	fmt.Fprintln(bw, "BOUNDS")
	for j := range p.Obj {
		if p.Upper[j] >= 0 {
			line("UP", "BND", colName(j), num(p.Upper[j]))
		} else {
			line("PL", "BND", colName(j), "")
		}
	}
	fmt.Fprintln(bw, "ENDATA")
	return bw.Flush()
}
