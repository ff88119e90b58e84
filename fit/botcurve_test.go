package fit

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
)

// The threshold curve from a log of the bot-status scenario (threshold 0.6 in
// force): at every threshold from 0.3 to 0.9 the curve's containment agrees
// with the scenario's true containment at that threshold ((1 − ask_agent) ×
// Σ intent share × E[resolvable × c; c ≥ t], by 400,000 draws), within
// 3 × its own 95 % half-width / 1.96 (seven correlated points); below 0.6 the
// points are marked extrapolated and a shadow score range is named.
func TestBotCurve(t *testing.T) {
	d, m := simulateScenario(t, loadFile(t, "testdata/bot-status.yaml"), 72*time.Hour)
	r := Fit(d, Options{})
	var ths []float64
	for k := 3; k <= 9; k++ {
		ths = append(ths, float64(k)/10)
	}
	bc, err := NewBotCurve(d, r, ths)
	if err != nil {
		t.Fatal(err)
	}
	share := map[string]float64{"order_status": 0.7, "returns": 0.3}
	for _, p := range bc.Points {
		b := *m.Bot
		b.Threshold = p.Threshold
		var truth float64
		for in, sh := range share {
			truth += sh * b.Containment(in, rand.New(rand.NewPCG(1, 2)), 400000)
		}
		z := (p.Containment - truth) / (p.CI95 / 1.96)
		t.Logf("threshold %.1f: containment %.4f ± %.4f, true %.4f (z %+.2f), extrapolated %v (%d modelled)", p.Threshold, p.Containment, p.CI95, truth, z, p.Extrapolated, p.Modelled)
		if math.Abs(z) > 3 {
			t.Errorf("threshold %.1f: %.4f ± %.4f, true %.4f", p.Threshold, p.Containment, p.CI95, truth)
		}
		if p.Extrapolated != (p.Threshold < 0.6) || (p.Modelled > 0) != p.Extrapolated {
			t.Errorf("threshold %.1f: extrapolated %v with %d modelled outcomes (in force %.4f)", p.Threshold, p.Extrapolated, p.Modelled, bc.InForce)
		}
	}
	if !(bc.ShadowRange[0] < 0.2 && math.Abs(bc.ShadowRange[1]-0.6) < 0.01) || bc.Censored == 0 {
		t.Errorf("shadow range %v, censored %d", bc.ShadowRange, bc.Censored)
	}
	for _, b := range bc.Calibration {
		if b.Off {
			t.Errorf("calibration band %.3f..%.3f off: %.4f vs %.4f (the log's form is resolvable × c)", b.From, b.To, b.Resolved, b.Predicted)
		}
	}
}

func loadFile(t *testing.T, file string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
