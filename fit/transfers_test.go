package fit

import (
	"math"
	"testing"
	"time"
)

// Transfers measured from a log of the full scenario (technical
// conversations transferred to escalations, probability 0.1): only technical
// ones are, all to escalations. The share of the accepted is not the
// scenario's probability, which the simulator draws at each agent reply on the
// first routing after which the customer has more to say (a conversation of k
// such replies is transferred with 1 − 0.9^k): the share a reply is, and lies
// within its 95 % interval of 0.1, while the share of the accepted is above it.
func TestTransfers(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the full scenario for 48 h (-short)")
	}
	d, _ := simulateScenario(t, loadFile(t, "../scenarios/testdata/valid/full.yaml"), 48*time.Hour)
	r := Fit(d, Options{})
	var tech *TransferFit
	for i := range r.Transfers {
		t.Logf("%s: %.4f ± %.4f of the accepted, %.4f ± %.4f a reply, to %v", r.Transfers[i].Intent, r.Transfers[i].Share.Value, 1.96*r.Transfers[i].Share.SE,
			r.Transfers[i].PerReply.Value, 1.96*r.Transfers[i].PerReply.SE, r.Transfers[i].To)
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
	if p := tech.PerReply; !(math.Abs(p.Value-0.1) <= 1.96*p.SE) {
		t.Errorf("technical: %.4f ± %.4f a reply (n=%d), the scenario's probability 0.1 outside its 95 %% interval", p.Value, 1.96*p.SE, tech.Share.N)
	}
	if tech.Share.Value <= tech.PerReply.Value {
		t.Errorf("technical: %.4f of the accepted, not above %.4f a reply", tech.Share.Value, tech.PerReply.Value)
	}
	if len(r.Transfers) != 1 {
		t.Errorf("transfers measured for %d intents, the scenario has one", len(r.Transfers))
	}
}
