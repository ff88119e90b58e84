package fit

import (
	"testing"
	"time"
)

// Transfers measured from a log of the full scenario (technical
// conversations transferred to escalations): only technical ones are, all to
// escalations. The share is the log's, of the accepted; it is not the
// scenario's probability, which applies after an agent's first reply to the
// conversations of some streams only (not compared).
func TestTransfers(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the full scenario for 48 h (-short)")
	}
	d, _ := simulateScenario(t, loadFile(t, "../scenarios/testdata/valid/full.yaml"), 48*time.Hour)
	r := Fit(d, Options{})
	var tech *TransferFit
	for i := range r.Transfers {
		t.Logf("%s: %.4f ± %.4f, to %v", r.Transfers[i].Intent, r.Transfers[i].Share.Value, 1.96*r.Transfers[i].Share.SE, r.Transfers[i].To)
		if r.Transfers[i].Intent == "technical" {
			tech = &r.Transfers[i]
		}
	}
	if tech == nil {
		t.Fatalf("no technical transfers measured: %+v", r.Transfers)
	}
	if tech.Share.Value <= 0 || tech.Share.Value >= 1 || len(tech.To) != 1 || tech.To[0].Name != "escalations" || tech.To[0].Value != 1 {
		t.Errorf("technical: %+v", tech)
	}
	if len(r.Transfers) != 1 {
		t.Errorf("transfers measured for %d intents, the scenario has one", len(r.Transfers))
	}
}
