package fit

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/omnisim/omnisim/reports"
)

// CDF is the fitted distribution function of a time distribution (a family or
// a lognormal mixture) at x seconds; NaN for another family.
func (d *Dist) CDF(x float64) float64 {
	if d.Family == "mixture" {
		var w, mu, sd []float64
		for i, c := range d.Components {
			w = append(w, d.Weights[i].Value)
			mu = append(mu, math.Log(c.Param("median").Value))
			sd = append(sd, c.Param("sigma").Value)
		}
		return mixCDF(w, mu, sd, x)
	}
	for _, f := range timeFamilies {
		if f.name != d.Family {
			continue
		}
		p := make([]float64, len(f.params))
		for i, name := range f.params {
			p[i] = d.Param(name).Value
		}
		_, _, cdf := f.build(p)
		return cdf(x)
	}
	return math.NaN()
}

// quantile inverts d.CDF by bisection on [0, hi].
func (d *Dist) quantile(q, hi float64) float64 {
	lo := 0.0
	for d.CDF(hi) < q && hi < 1e12 {
		hi *= 2
	}
	for i := 0; i < 100; i++ {
		m := (lo + hi) / 2
		if d.CDF(m) < q {
			lo = m
		} else {
			hi = m
		}
	}
	return (lo + hi) / 2
}

// maxPlotted is the most points a QQ or survival curve draws (Kaplan–Meier
// steps are taken evenly).
const maxPlotted = 200

// distCharts draws a fitted time distribution against its sample: a QQ plot
// (observed quantiles, from the Kaplan–Meier estimate when censored, against
// the fit's at the same probabilities) and the survival curves.
func distCharts(name string, d *Dist, xs, cens []float64) []*reports.Chart {
	km := KaplanMeier(positiveOnly(xs), positiveOnly(cens))
	if len(km) < 2 {
		return nil
	}
	step := max(1, len(km)/maxPlotted)
	var obsQ, fitQ, ts, kmS, fitS []float64
	hi := km[len(km)-1].T
	for i := 0; i < len(km); i += step {
		pt := km[i]
		p := 1 - pt.S
		if p <= 0 || p >= 1 {
			continue
		}
		obsQ = append(obsQ, pt.T/60)
		fitQ = append(fitQ, d.quantile(p, hi)/60)
		ts = append(ts, pt.T/60)
		kmS = append(kmS, pt.S)
		fitS = append(fitS, 1-d.CDF(pt.T))
	}
	line := []float64{0, math.Max(obsQ[len(obsQ)-1], fitQ[len(fitQ)-1])}
	what := "Kaplan–Meier"
	if len(cens) == 0 {
		what = "empirical"
	}
	qq := &reports.Chart{Title: fmt.Sprintf("%s: QQ plot (%s quantiles against the fitted %s)", name, what, d.Family),
		XLabel: "fitted quantile (minutes)", YLabel: "observed quantile (minutes)",
		Series: []reports.Series{{Name: "quantiles", X: fitQ, Y: obsQ}, {Name: "y = x", X: line, Y: line, Dashed: true}}}
	surv := &reports.Chart{Title: fmt.Sprintf("%s: survival (%d observations, %d censored)", name, len(xs)+len(cens), len(cens)),
		XLabel: "minutes", YLabel: "share still waiting", Percent: true, YMin: 0, YMax: 1,
		Series: []reports.Series{{Name: what, X: ts, Y: kmS, Steps: true}, {Name: "fitted " + d.Family, X: ts, Y: fitS, Dashed: true}}}
	return []*reports.Chart{qq, surv}
}

func positiveOnly(xs []float64) []float64 {
	out, _ := positive(xs)
	return out
}

// WriteHTML writes the report as one self-contained HTML page: the fitted
// distributions with their KS statistics, QQ and survival plots against the
// log's samples (data, as observed), the arrivals and what was not fitted.
func (rep *Report) WriteHTML(w io.Writer, data *Data) error {
	r := rep.Fit
	page := &reports.Page{Title: "omnisim fit: " + nameOr(r.Name),
		Subtitle: fmt.Sprintf("%d rows, %d conversations, %s to %s", rep.Rows, r.Conversations, r.Start.UTC().Format("2006-01-02 15:04"), r.End.UTC().Format("2006-01-02 15:04"))}
	dists := &reports.Table{Title: "Distributions (95 % intervals; KS to the Kaplan–Meier estimate when censored)",
		Columns: []string{"distribution", "family", "n", "censored", "parameters", "KS", "AIC", "next by AIC"}, Left: 2}
	type sample struct {
		name     string
		d        *Dist
		xs, cens []float64
	}
	samples := []sample{{"customer pause", r.Pause, data.Pauses, data.PauseCens}, {"patience", r.Patience, data.Patience, data.PatCens},
		{"agent response time", r.Response, data.Response, nil}}
	var charts []*reports.Chart
	for _, s := range samples {
		if s.d == nil {
			continue
		}
		next := ""
		if len(s.d.Others) > 0 {
			next = fmt.Sprintf("%s %.1f", s.d.Others[0].Family, s.d.Others[0].AIC)
		}
		dists.Rows = append(dists.Rows, []string{s.name, s.d.Family, fmt.Sprint(s.d.N), fmt.Sprint(s.d.Censored), params(s.d),
			fmt.Sprintf("%.4f", s.d.KS), fmt.Sprintf("%.1f", s.d.AIC), next})
		name := s.name
		if s.name == "agent response time" && r.Penalty != nil {
			name += " (its base, at one open conversation; the penalty is regressed separately)"
		}
		charts = append(charts, distCharts(name, s.d, s.xs, s.cens)...)
	}
	if r.Messages != nil {
		dists.Rows = append(dists.Rows, []string{"messages", r.Messages.Family, fmt.Sprint(r.Messages.N), fmt.Sprint(r.Messages.Censored), params(r.Messages),
			fmt.Sprintf("%.4f", r.Messages.KS), "", ""})
	}
	arr := &reports.Table{Title: "Arrivals (new conversations)", Columns: []string{"channel", "n", "rate /h", "± 95 %", "profile", "day groups"}}
	for _, a := range r.Arrivals {
		kind := "by interval"
		if a.Constant {
			kind = fmt.Sprintf("constant (χ² p=%.3g)", a.HomogeneityP)
		}
		var groups []string
		for _, g := range a.Days {
			groups = append(groups, g.Days)
		}
		arr.Rows = append(arr.Rows, []string{a.Channel, fmt.Sprint(a.N), fmt.Sprintf("%.3f", a.Rate.Value), fmt.Sprintf("%.3f", 1.96*a.Rate.SE), kind, strings.Join(groups, ", ")})
	}
	notes := &reports.Table{Title: "Not fitted, and why", Columns: []string{"what", "why"}, Left: 2}
	for _, n := range r.NotFitted {
		notes.Rows = append(notes.Rows, []string{n.What, n.Why})
	}
	page.Sections = append(page.Sections,
		reports.Section{Heading: "Distributions", Text: "Each time distribution's family has the lowest AIC among those the scenario format offers; the QQ plot lies on y = x when the fit is right, and the survival curves coincide.",
			Tables: []*reports.Table{dists}, Charts: charts},
		reports.Section{Heading: "Arrivals", Tables: []*reports.Table{arr}},
		reports.Section{Heading: "What could not be fitted", Tables: []*reports.Table{notes}})
	return page.WriteHTML(w)
}
