package fit

import (
	"math"
	"sort"
)

// FitPauseMixture fits a mixture of 1 to maxK lognormal components to the times
// xs, with right-censored times cens, by EM on the logs (a censored value's
// component moments are those of the normal truncated at its log), and keeps the
// number of components with the lowest AIC among the identified ones: a
// mixture whose observed information is not positive definite (a standard error
// that is not finite, as when EM splits one component into two alike) is not
// identified and not chosen, whatever its likelihood. Components come sorted by
// median.
func FitPauseMixture(xs, cens []float64, maxK int) (Dist, bool) {
	xs, _ = positive(xs)
	cens, _ = positive(cens)
	if len(xs) < 10 {
		return Dist{}, false
	}
	ys, cs := logs(xs), logs(cens)
	var best Dist
	var others []Choice
	found := false
	for k := 1; k <= maxK && len(xs) >= 10*k; k++ {
		w, mu, sd, ll, ok := emLogNormal(ys, cs, k)
		if !ok {
			continue
		}
		d := mixtureDist(w, mu, sd, ll, ys, cs)
		d.N, d.Censored = len(xs)+len(cens), len(cens)
		d.KS = ksDistance(func(x float64) float64 { return mixCDF(w, mu, sd, x) }, xs, cens)
		if k > 1 && !identified(&d) {
			others = append(others, Choice{d.Family + "/" + itoa(k) + " (not identified)", d.AIC})
			continue
		}
		if !found || d.AIC < best.AIC {
			if found {
				others = append(others, Choice{best.Family + "/" + itoa(len(best.Components)), best.AIC})
			}
			best, found = d, true
		} else {
			others = append(others, Choice{d.Family + "/" + itoa(k), d.AIC})
		}
	}
	best.Others = others
	return best, found
}

// identified reports whether every standard error of mixture d is finite (the
// last weight's of a mixture of more than two is not computed and not asked).
func identified(d *Dist) bool {
	ok := func(p Param) bool { return !math.IsNaN(p.SE) && !math.IsInf(p.SE, 0) }
	for j, w := range d.Weights {
		if (j < len(d.Weights)-1 || len(d.Weights) == 2) && !ok(w) {
			return false
		}
	}
	for _, c := range d.Components {
		for _, p := range c.Params {
			if !ok(p) {
				return false
			}
		}
	}
	return true
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func normPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }

func mixCDF(w, mu, sd []float64, x float64) float64 {
	if x <= 0 {
		return 0
	}
	y, f := math.Log(x), 0.0
	for k := range w {
		f += w[k] * 0.5 * math.Erfc(-(y-mu[k])/(sd[k]*math.Sqrt2))
	}
	return f
}

// mixLogLik is the log-likelihood of the logs ys (densities of y) and the
// censored logs cs (survivals).
func mixLogLik(w, mu, sd, ys, cs []float64) float64 {
	ll := 0.0
	for _, y := range ys {
		p := 0.0
		for k := range w {
			z := (y - mu[k]) / sd[k]
			p += w[k] * normPDF(z) / sd[k]
		}
		ll += math.Log(p)
	}
	for _, c := range cs {
		p := 0.0
		for k := range w {
			p += w[k] * 0.5 * math.Erfc((c-mu[k])/(sd[k]*math.Sqrt2))
		}
		ll += math.Log(p)
	}
	return ll
}

// emLogNormal runs EM for a k-component normal mixture of the logs, started at
// the data's quantiles.
func emLogNormal(ys, cs []float64, k int) (w, mu, sd []float64, ll float64, ok bool) {
	s := append([]float64(nil), ys...)
	sort.Float64s(s)
	_, all := meanSD(ys)
	w, mu, sd = make([]float64, k), make([]float64, k), make([]float64, k)
	for j := 0; j < k; j++ {
		w[j] = 1 / float64(k)
		mu[j] = s[int((float64(j)+0.5)/float64(k)*float64(len(s)))]
		sd[j] = math.Max(all/float64(k), 1e-3)
	}
	n := len(ys) + len(cs)
	r := make([]float64, k)
	prev := math.Inf(-1)
	for it := 0; it < 1000; it++ {
		sw, s1, s2 := make([]float64, k), make([]float64, k), make([]float64, k)
		ll = 0 // of the parameters of this E-step
		for _, y := range ys {
			tot := 0.0
			for j := range w {
				r[j] = w[j] * normPDF((y-mu[j])/sd[j]) / sd[j]
				tot += r[j]
			}
			if tot == 0 {
				continue
			}
			ll += math.Log(tot)
			for j := range w {
				q := r[j] / tot
				sw[j] += q
				s1[j] += q * y
				s2[j] += q * y * y
			}
		}
		for _, c := range cs {
			tot := 0.0
			for j := range w {
				r[j] = w[j] * 0.5 * math.Erfc((c-mu[j])/(sd[j]*math.Sqrt2))
				tot += r[j]
			}
			if tot == 0 {
				continue
			}
			ll += math.Log(tot)
			for j := range w {
				q := r[j] / tot
				// Moments of N(mu, sd²) truncated to (c, ∞).
				z := (c - mu[j]) / sd[j]
				surv := 0.5 * math.Erfc(z/math.Sqrt2)
				lam := 0.0
				if surv > 0 {
					lam = normPDF(z) / surv
				} else {
					lam = z
				}
				m1 := mu[j] + sd[j]*lam
				v := sd[j] * sd[j] * (1 + z*lam - lam*lam)
				sw[j] += q
				s1[j] += q * m1
				s2[j] += q * (v + m1*m1)
			}
		}
		for j := range w {
			if sw[j] < 1e-9 {
				return nil, nil, nil, 0, false // a component lost all its data
			}
			w[j] = sw[j] / float64(n)
			mu[j] = s1[j] / sw[j]
			sd[j] = math.Sqrt(math.Max(s2[j]/sw[j]-mu[j]*mu[j], 1e-8))
		}
		if ll-prev < 1e-10*math.Abs(ll) {
			break
		}
		prev = ll
	}
	ll = mixLogLik(w, mu, sd, ys, cs)
	idx := make([]int, k)
	for j := range idx {
		idx[j] = j
	}
	sort.Slice(idx, func(a, b int) bool { return mu[idx[a]] < mu[idx[b]] })
	w2, mu2, sd2 := make([]float64, k), make([]float64, k), make([]float64, k)
	for a, j := range idx {
		w2[a], mu2[a], sd2[a] = w[j], mu[j], sd[j]
	}
	return w2, mu2, sd2, ll, !math.IsNaN(ll)
}

// mixtureDist packs an EM result with standard errors from the observed
// information of the mixture likelihood in (weights but the last, medians, sigmas).
func mixtureDist(w, mu, sd []float64, ll float64, ys, cs []float64) Dist {
	k := len(w)
	if k == 1 {
		d := Dist{Family: "lognormal", LogLik: ll, AIC: 4 - 2*ll}
		p := []float64{math.Exp(mu[0]), sd[0]}
		se := standardErrors(func(q []float64) float64 {
			if q[0] <= 0 || q[1] <= 0 {
				return math.Inf(1)
			}
			return -mixLogLik([]float64{1}, []float64{math.Log(q[0])}, []float64{q[1]}, ys, cs)
		}, p)
		d.Params = []Param{{Name: "median", Value: p[0], SE: se[0], Seconds: true}, {Name: "sigma", Value: p[1], SE: se[1]}}
		return d
	}
	// θ = (w_1..w_{k-1}, median_1..k, sigma_1..k).
	theta := append(append(append([]float64(nil), w[:k-1]...), expAll(mu)...), sd...)
	unpack := func(q []float64) (ww, mm, ss []float64, ok bool) {
		ww = append([]float64(nil), q[:k-1]...)
		last := 1.0
		for _, v := range ww {
			last -= v
		}
		ww = append(ww, last)
		for _, v := range ww {
			if v <= 0 {
				return nil, nil, nil, false
			}
		}
		mm, ss = make([]float64, k), make([]float64, k)
		for j := 0; j < k; j++ {
			if q[k-1+j] <= 0 || q[2*k-1+j] <= 0 {
				return nil, nil, nil, false
			}
			mm[j], ss[j] = math.Log(q[k-1+j]), q[2*k-1+j]
		}
		return ww, mm, ss, true
	}
	se := standardErrors(func(q []float64) float64 {
		ww, mm, ss, ok := unpack(q)
		if !ok {
			return math.Inf(1)
		}
		return -mixLogLik(ww, mm, ss, ys, cs)
	}, theta)
	// The last weight's SE: that of 1 − Σ others, from the others' alone (an
	// underestimate of nothing for k = 2, where it is exact).
	lastSE := 0.0
	for j := 0; j < k-1; j++ {
		lastSE += se[j] * se[j]
	}
	d := Dist{Family: "mixture", LogLik: ll, AIC: 2*float64(3*k-1) - 2*ll}
	for j := 0; j < k; j++ {
		wse := math.Sqrt(lastSE)
		if j < k-1 {
			wse = se[j]
		}
		if k > 2 && j == k-1 {
			wse = math.NaN() // covariances ignored: not reported as exact
		}
		d.Weights = append(d.Weights, Param{Name: "weight", Value: w[j], SE: wse})
		d.Components = append(d.Components, Dist{Family: "lognormal", Params: []Param{
			{Name: "median", Value: math.Exp(mu[j]), SE: se[k-1+j], Seconds: true},
			{Name: "sigma", Value: sd[j], SE: se[2*k-1+j]}}})
	}
	return d
}

func expAll(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.Exp(x)
	}
	return out
}
