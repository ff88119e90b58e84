package fit

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

// The HTML fit report of a bot-status log: a QQ and a survival plot for the
// pause mixture, the censored patience and the response time; each QQ plot of
// the fitted families lies on y = x within 10 % from its 10th to its 90th
// percentile point (the families are the scenario's; the patience, 89 %
// censored, is checked by its survival curve instead), and the page names the KS
// statistics and what was not fitted.
func TestFitHTML(t *testing.T) {
	d, _ := simulateScenario(t, loadFile(t, "testdata/bot-status.yaml"), 72*time.Hour)
	r := Fit(d, Options{Name: "html"})
	for _, s := range []struct {
		name     string
		d        *Dist
		xs, cens []float64
	}{{"pause", r.Pause, d.Pauses, d.PauseCens}, {"patience", r.Patience, d.Patience, d.PatCens}, {"response", r.Response, d.Response, nil}} {
		charts := distCharts(s.name, s.d, s.xs, s.cens)
		if len(charts) != 2 {
			t.Fatalf("%s: %d charts", s.name, len(charts))
		}
		if len(s.cens) > 0 {
			// Censored: the survival curves agree within the DKW 95 % band of
			// the events' count (the Kaplan–Meier quantiles of a few events are
			// too noisy for a relative test).
			km, fs := charts[1].Series[0], charts[1].Series[1]
			eps := math.Sqrt(math.Log(2/0.05) / (2 * float64(len(s.xs))))
			gap := 0.0
			for i := range km.Y {
				gap = math.Max(gap, math.Abs(km.Y[i]-fs.Y[i]))
			}
			t.Logf("%s (%s): survival gap %.4f, DKW band %.4f (%d events)", s.name, s.d.Family, gap, eps, len(s.xs))
			if gap > eps {
				t.Errorf("%s: survival gap %.4f beyond %.4f", s.name, gap, eps)
			}
			if s.d.Family != "mixture" {
				continue
			}
		}
		qq := charts[0].Series[0]
		n := len(qq.X)
		worst := 0.0
		for i := n / 10; i < 9*n/10; i++ {
			worst = math.Max(worst, math.Abs(qq.Y[i]-qq.X[i])/qq.X[i])
		}
		t.Logf("%s (%s): %d QQ points, worst relative gap %.3f from the 10th to the 90th percentile point", s.name, s.d.Family, n, worst)
		if n < 50 || worst > 0.10 {
			t.Errorf("%s: %d QQ points, worst gap %.3f", s.name, n, worst)
		}
	}
	var b bytes.Buffer
	if err := NewReport(r, nil).WriteHTML(&b, d); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, "<svg"); n != 6 {
		t.Errorf("%d charts in the page, want 6", n)
	}
	for _, want := range []string{"QQ plot", "Kaplan–Meier", "Not fitted, and why", "bot.max_turns", "KS"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}
