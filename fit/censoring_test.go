package fit

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/omnisim/omnisim/eventlog"
)

// The DESIGN's two-component pause (0.7 / 0.3), simulated and fitted back: the
// weights come back within 0.03 (the bound) and within their 95 %
// intervals, although the long component's tail is cut by end_inactive_after.
func TestPauseMixtureRecovered(t *testing.T) {
	d, _ := simulate(t, "testdata/pause-mixture.yaml")
	r := Fit(d, Options{})
	if r.Pause == nil || r.Pause.Family != "mixture" || len(r.Pause.Components) != 2 {
		t.Fatalf("pause: %+v, want a two-component mixture", r.Pause)
	}
	w := r.Pause.Weights
	t.Logf("weights %.4f ± %.4f / %.4f; medians %.1f s, %.0f s; sigmas %.3f, %.3f; %d pauses, %d censored",
		w[0].Value, 1.96*w[0].SE, w[1].Value, r.Pause.Components[0].Param("median").Value, r.Pause.Components[1].Param("median").Value,
		r.Pause.Components[0].Param("sigma").Value, r.Pause.Components[1].Param("sigma").Value, r.Pause.N, r.Pause.Censored)
	for i, want := range []float64{0.7, 0.3} {
		if got := w[i].Value; math.Abs(got-want) > 0.03 || math.Abs(got-want) > 1.96*w[i].SE {
			t.Errorf("weight %d: %.4f ± %.4f, want %.1f within 0.03 and its 95 %% interval", i, got, 1.96*w[i].SE, want)
		}
	}
	for i, want := range []float64{45, 3 * 3600} {
		p := r.Pause.Components[i].Param("median")
		if math.Abs(p.Value-want) > 1.96*p.SE {
			t.Errorf("median %d: %.1f ± %.1f, want %v", i, p.Value, 1.96*p.SE, want)
		}
	}
	if r.Pause.Censored == 0 {
		t.Error("no censored pauses: the test does not test the tail")
	}
}

// patienceLog writes n conversations arriving uniformly over window, routed at
// once, with lognormal patience (median 5m, sigma 0.8) and an agent who would
// accept after an exponential time (mean 10m): the earlier of the two is what
// the log shows. With cut, the log ends at the end of the window, and it
// returns how many conversations were then still waiting.
func patienceLog(n int, window time.Duration, cut bool) (*Data, int) {
	end := time.Duration(0)
	if cut {
		end = window
	}
	rng := rand.New(rand.NewPCG(17, 1))
	pat := distuv.LogNormal{Mu: math.Log(300), Sigma: 0.8, Src: rng}
	var evs []eventlog.Event
	t0 := eventlog.Epoch
	waiting := 0
	for i := 0; i < n; i++ {
		id := "c" + strconv.Itoa(i)
		at := time.Duration(rng.Float64() * float64(window))
		p := time.Duration(pat.Rand() * float64(time.Second))
		acc := time.Duration(rng.ExpFloat64() * 600 * float64(time.Second))
		ev := func(d time.Duration, actor, kind, agent string) {
			evs = append(evs, eventlog.Event{Conversation: id, Time: t0.Add(d), Channel: "web", Actor: actor, Kind: kind,
				AgentID: agent, BotConfidence: eventlog.NoConfidence})
		}
		ev(at, eventlog.Customer, eventlog.Message, "")
		ev(at, eventlog.System, eventlog.Routed, "")
		if end > 0 && at+min(p, acc) >= end {
			waiting++
		}
		if acc < p {
			ev(at+acc, eventlog.Agent, eventlog.Accepted, "a1")
			ev(at+acc+time.Minute, eventlog.Agent, eventlog.Message, "a1")
			ev(at+acc+time.Minute, eventlog.System, eventlog.Closed, "")
		} else {
			ev(at+p, eventlog.Customer, eventlog.Abandoned, "")
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Time.Before(evs[j].Time) })
	o := NewObserver(time.Hour)
	for i := range evs {
		if end > 0 && !evs[i].Time.Before(t0.Add(end)) {
			break
		}
		o.Observe(&evs[i])
	}
	return o.Finish(), waiting
}

// Patience with censoring done right: with 30 % of the conversations cut off by
// the end of the log (they had neither given up nor been answered), the censored
// fit agrees with the fit of the whole log and with the truth, while the mean of
// the abandoned only is far off.
func TestPatienceCensoredByTheEndOfTheLog(t *testing.T) {
	const n = 6000
	// Conversations arrive over 14 minutes and last about 3.6 minutes (the
	// earlier of patience and answer): a log that ends with the last arrival
	// leaves about 30 % of them waiting, neither abandoned nor answered.
	full, _ := patienceLog(n, 14*time.Minute, false)
	cutData, cut := patienceLog(n, 14*time.Minute, true)
	share := float64(cut) / n
	if share < 0.27 || share > 0.33 {
		t.Fatalf("%.3f of conversations cut off, want about 0.30", share)
	}
	whole, ok1 := FitFamily("lognormal", full.Patience, full.PatCens)
	censored, ok2 := FitFamily("lognormal", cutData.Patience, cutData.PatCens)
	if !ok1 || !ok2 {
		t.Fatal("no fit")
	}
	wm, cm := whole.Param("median"), censored.Param("median")
	t.Logf("cut off %.1f %%; median: whole log %.2f ± %.2f s, cut log %.2f ± %.2f s (true 300); sigma %.4f vs %.4f (true 0.8)",
		100*share, wm.Value, 1.96*wm.SE, cm.Value, 1.96*cm.SE, whole.Param("sigma").Value, censored.Param("sigma").Value)
	for _, f := range []Dist{whole, censored} {
		for _, c := range []struct {
			name  string
			truth float64
		}{{"median", 300}, {"sigma", 0.8}} {
			p := f.Param(c.name)
			if math.Abs(p.Value-c.truth) > 1.96*p.SE {
				t.Errorf("%s %.4f ± %.4f (n %d, censored %d): true %v outside its 95 %% interval", c.name, p.Value, 1.96*p.SE, f.N, f.Censored, c.truth)
			}
		}
	}
	// Unbiased relative to the uncensored fit: the two estimates differ by less
	// than the cut log's own standard error allows.
	if diff := math.Abs(cm.Value - wm.Value); diff > 1.96*cm.SE {
		t.Errorf("cut log's median %.2f differs from the whole log's %.2f by more than 1.96 SE (%.2f)", cm.Value, wm.Value, 1.96*cm.SE)
	}
	// The mistake the issue warns about: the median of the abandoned only.
	s := append([]float64(nil), cutData.Patience...)
	sort.Float64s(s)
	naive := s[len(s)/2]
	if math.Abs(naive-300) < 5*cm.SE*1.96 {
		t.Errorf("the median of the abandoned only (%.1f s) is not far from the truth: the test cannot tell censoring from not", naive)
	}
	t.Logf("median of the abandoned only: %.1f s", naive)
}
