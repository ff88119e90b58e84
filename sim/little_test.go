package sim_test

import (
	"math"
	"testing"

	"github.com/omnisim/omnisim/scenarios"
)

// Little's law on the default scenario — a non-stationary day with a bot, status
// capacity, push routing and abandonment: mean number waiting for a first agent =
// routing entry rate × (share accepted × ASA + abandon rate × time to abandon).
// Both sides come from the same run; the tolerance is the CI of L plus 5 % for
// the day's edges (conversations waiting when the measured window closes).
func TestLittlesLawOnTheDefaultScenario(t *testing.T) {
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	rep := runReport(t, m)
	L := rep.Metric("waiting_mean")
	routed := rep.Metric("routed").Mean
	lambda := routed / m.Horizon.Seconds()
	w := rep.Metric("handled").Mean / routed * rep.Metric("asa_seconds").Mean
	if ab := rep.Metric("abandon_rate").Mean; ab > 0 {
		w += ab * rep.Metric("abandon_wait_seconds").Mean
	}
	want := lambda * w
	if tol := L.CI95 + 0.05*want; math.Abs(L.Mean-want) > tol {
		t.Errorf("L = %.4f ± %.4f, λW = %.4f", L.Mean, L.CI95, want)
	} else {
		t.Logf("L = %.4f ± %.4f, λW = %.4f", L.Mean, L.CI95, want)
	}
}
