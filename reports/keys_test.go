package reports_test

import (
	"slices"
	"testing"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// Assertions may name exactly the keys the report has: the loader's list and the
// report's list are the same, in the same order.
func TestAssertableKeysAreReportKeys(t *testing.T) {
	if !slices.Equal(scenarios.MetricKeys, reports.Keys) {
		t.Fatalf("scenarios.MetricKeys and reports.Keys differ:\n%v\n%v", scenarios.MetricKeys, reports.Keys)
	}
}
