package loadtest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/scenarios"
)

// ParseThresholds parses every threshold of ss, in order (ParseThreshold).
func ParseThresholds(ss []string) ([]Threshold, error) {
	var out []Threshold
	for _, s := range ss {
		t, err := ParseThreshold(s)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// ParseRate reads a conversation arrival rate: "20" (per second) or a scenario
// rate ("20/s", "600/m", "72000/h"). It must be > 0.
func ParseRate(s string) (float64, error) {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if !(v > 0) {
			return 0, fmt.Errorf("%q must be > 0", s)
		}
		return v, nil
	}
	v, err := scenarios.ParseRate(s)
	if err == nil && !(v > 0) {
		err = fmt.Errorf("%q must be > 0", s)
	}
	return v, err
}

// Verdict is nil when the run is valid and every threshold held, the implied ones
// included (ApplyThresholds: some request answered, no conversation left
// unfinished); else one line that says why ("load: invalid run: …; 2
// threshold(s) failed: p99<50ms (actual 61ms); …").
func (r *Report) Verdict() error {
	var why []string
	if !r.Valid {
		why = append(why, "invalid run: "+r.Invalid)
	}
	var bad []string
	for _, t := range r.Thresholds {
		if !t.Pass {
			bad = append(bad, fmt.Sprintf("%s (actual %s)", t.Threshold, t.Actual))
		}
	}
	if len(bad) > 0 {
		why = append(why, fmt.Sprintf("%d threshold(s) failed: %s", len(bad), strings.Join(bad, "; ")))
	}
	if len(why) > 0 {
		return errors.New("load: " + strings.Join(why, "; "))
	}
	return nil
}

// Write writes the report as text or json.
func (r *Report) Write(w io.Writer, format string) error {
	if format == "json" {
		return r.WriteJSON(w)
	}
	return r.WriteText(w)
}

// ReadReportFiles reads the reports of load-test shards (WriteJSON), in order; an
// error names the file it is about.
func ReadReportFiles(paths []string) ([]*Report, error) {
	var reps []*Report
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		r, err := ReadReport(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		reps = append(reps, r)
	}
	return reps, nil
}
