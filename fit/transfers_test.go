package fit

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/sim"
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

// TestRoundTripTransfers: a log of two agent groups where agents transfer
// billing conversations to the billing_escalations queue with probability 0.1
// a reply (testdata/transfers.yaml) is fitted to a scenario with that rule:
// the written probability (transfers to the queue over the draws) holds 0.1
// within its 95 % interval, the destination is billing_escalations, and the
// fitted scenario, simulated again over the log's span, transfers as many
// conversations as the log within the prediction interval of its
// replications.
func TestRoundTripTransfers(t *testing.T) {
	const file = "testdata/transfers.yaml"
	d, m := simulate(t, file)
	r := Fit(d, Options{Name: "rt"})
	if len(r.Groups) != 2 {
		t.Fatalf("fitted %d agent groups, want 2: %+v", len(r.Groups), r.Groups)
	}
	var billing *TransferFit
	for i := range r.Transfers {
		if r.Transfers[i].Intent == "billing" {
			billing = &r.Transfers[i]
		}
	}
	if billing == nil || billing.Written == nil || len(r.Transfers) != 1 {
		t.Fatalf("transfers %+v, want billing's written", r.Transfers)
	}
	w := billing.Written
	t.Logf("billing: %.4f ± %.4f of the accepted, %.4f ± %.4f a reply; written: to %s %.4f ± %.4f", billing.Share.Value, 1.96*billing.Share.SE,
		billing.PerReply.Value, 1.96*billing.PerReply.SE, w.To, w.Probability.Value, 1.96*w.Probability.SE)
	if w.To != "billing_escalations" {
		t.Errorf("billing transferred to %s, want billing_escalations", w.To)
	}
	if p := w.Probability; !(math.Abs(p.Value-0.1) <= 1.96*p.SE) {
		t.Errorf("written probability %.4f ± %.4f (n=%d): the scenario's 0.1 outside its 95 %% interval", p.Value, 1.96*p.SE, p.N)
	}
	for _, n := range r.NotFitted {
		if strings.HasPrefix(n.What, "routing.transfers") || strings.HasPrefix(n.What, "routing.queues (") {
			t.Errorf("note %s: %s; every transfer is written", n.What, n.Why)
		}
	}
	sc, written := loadWritten(t, r)
	if len(sc.Routing.Transfers) != 1 || sc.Routing.Transfers[0].Intent != "billing" || sc.Routing.Transfers[0].To != "billing_escalations" {
		t.Errorf("fitted routing.transfers %+v:\n%s", sc.Routing.Transfers, written)
	}
	if testing.Verbose() {
		t.Logf("fitted scenario:\n%s", written)
	}
	fm, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	fm.Horizon, fm.Warmup = m.Horizon, m.Warmup // the log's span, all of it measured
	// The log's transfers (every one is an event), against replications of the
	// fitted scenario. Their spread covers the draws' variation (conversations,
	// messages); the log's own count N adds its binomial variance through the
	// fitted probability (Var(D·p̂) ≈ N). Prediction interval for one more
	// draw: mean ± t(0.975, R−1)·sqrt(s²(1 + 1/R) + N).
	var logged int64
	for _, k := range d.Transfers["billing"] {
		logged += k
	}
	reps := []int{0, 1, 2, 3}
	res, err := sim.RunReplications(fm, reps, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var xs []float64
	for _, x := range res {
		xs = append(xs, float64(x.Total.Transfers))
	}
	mean, sd := meanSD(xs)
	half := 3.182 * math.Sqrt(sd*sd*(1+1/float64(len(reps)))+float64(logged))
	t.Logf("log %d transfers; fitted scenario %v (mean %.1f, sd %.1f), interval ±%.1f", logged, xs, mean, sd, half)
	if math.Abs(mean-float64(logged)) > half {
		t.Errorf("the fitted scenario transfers %.1f a run (%v), the log %d: outside ±%.1f", mean, xs, logged, half)
	}
}

// TestWriteTransfersDropped: the scenario format takes one destination per
// intent (sim keeps the last rule of an intent), so of billing's transfers
// the main destination among the written queues is written, with the
// transfers there over the draws; a second destination and a queue the
// scenario lacks are noted as not written, and a log of one group keeps the
// note that nothing is written.
func TestWriteTransfersDropped(t *testing.T) {
	d := &Data{Transfers: map[string]map[string]int64{"billing": {"tier2": 30, "refunds": 10, "gone": 50}},
		TransferDraws: map[string]int64{"billing": 400}, AcceptedByIntent: map[string]int64{"billing": 300}}
	r := &Result{Queues: []QueueFit{{Name: "billing", Channels: []string{"web"}}, {Name: "refunds"}, {Name: "tier2"}}}
	r.fitTransfers(d)
	r.writeTransfers(d, 0)
	w := r.Transfers[0].Written
	if w == nil || w.To != "tier2" || w.Probability.N != 30 || math.Abs(w.Probability.Value-30.0/400) > 1e-12 {
		t.Fatalf("written %+v, want tier2 at 30/400", w)
	}
	if len(r.NotFitted) != 2 || !strings.Contains(r.NotFitted[0].Why, "no queue gone") ||
		!strings.Contains(r.NotFitted[0].Why, "to refunds 0.0250") || !strings.Contains(r.NotFitted[0].Why, "one destination per intent") ||
		!strings.Contains(r.NotFitted[1].What, "routing.queues (refunds)") {
		t.Errorf("notes %+v", r.NotFitted)
	}
	if len(r.Queues) != 2 || r.Queues[1].Name != "tier2" {
		t.Errorf("queues %+v: refunds, reached by no written transfer, should be dropped", r.Queues)
	}
	one := &Result{}
	one.fitTransfers(d)
	one.writeTransfers(d, 0)
	if one.Transfers[0].Written != nil || len(one.NotFitted) != 1 || !strings.HasSuffix(one.NotFitted[0].Why, "not written: a transfer names a destination queue and the written scenario has one queue") {
		t.Errorf("one group: %+v, notes %+v", one.Transfers, one.NotFitted)
	}
}
