package check

import (
	"fmt"
	"io"
	"os"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// Write writes the result as a text table or JSON. With quick, QuickNote goes
// before the table, or, beside JSON, on stderr.
func (r Result) Write(w io.Writer, format string, quick bool, stderr io.Writer) error {
	if format == "json" {
		if quick {
			fmt.Fprintln(stderr, QuickNote(r.Scaled, len(r.Suites)))
		}
		return reports.WriteChecksJSON(w, r.Suites)
	}
	if quick {
		fmt.Fprintln(w, QuickNote(r.Scaled, len(r.Suites)))
	}
	return reports.WriteChecksText(w, r.Suites)
}

// WriteJUnitFile writes the result as a JUnit XML report to path (--junit).
func (r Result) WriteJUnitFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	if err := reports.WriteJUnit(f, "omnisim check", r.Suites); err != nil {
		f.Close()
		return fmt.Errorf("--junit: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	return nil
}

// Validate is omnisim validate: it loads the scenario files of paths (Files)
// with their bases inside baseDir ("": each file's directory), lists each valid
// one on stdout as "ok FILE" and every error of the others on stderr, and
// returns an error saying how many were invalid, if any.
func Validate(paths []string, baseDir string, stdout, stderr io.Writer) error {
	files, bad := Files(paths)
	for _, err := range bad {
		fmt.Fprintln(stderr, err)
	}
	invalid, total := len(bad), len(files)+len(bad)
	for _, f := range files {
		_, err := scenarios.LoadIn(f, baseDir)
		if err == nil {
			fmt.Fprintf(stdout, "ok %s\n", f)
			continue
		}
		invalid++
		for _, line := range LoadErrors(f, err) {
			fmt.Fprintln(stderr, line)
		}
	}
	if invalid > 0 {
		noun := "files are"
		if total == 1 {
			noun = "file is"
		}
		return fmt.Errorf("%d of %d scenario %s invalid", invalid, total, noun)
	}
	return nil
}
