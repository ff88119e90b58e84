package planning

import (
	"fmt"
	"io"

	"github.com/omnisim/omnisim/metrics"
)

// CheckMetrics checks --metrics (the sweep table's columns) against the report
// keys.
func CheckMetrics(keys []string) error {
	for _, k := range keys {
		if metrics.Index(k) < 0 {
			return fmt.Errorf("--metrics: unknown metric %q (the JSON report keys, such as service_level, asa_seconds)", k)
		}
	}
	return nil
}

// Write renders the merged result in format, as the unsharded command would
// have: a sweep's table with the columns cols (nil: the default ones).
func (m *Merged) Write(w io.Writer, format string, cols []string) error {
	switch m.Kind {
	case "run":
		return m.Report.Write(w, format)
	case "tune-bot":
		return m.Tune.Write(w, format)
	}
	return SweepView{SweepResult: m.Sweep, Metrics: cols}.Write(w, format)
}
