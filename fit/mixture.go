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
// that is not finite, as when EM splits one component into two alike), or with
// a weight not distinguishable from 0, is not identified and not chosen,
// whatever its likelihood. Components come sorted by
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

// identified reports whether every standard error of mixture d is finite and
// every weight's 95 % interval excludes 0 (the last weight's of a mixture of
// more than two is not computed and not asked): a component whose weight the
// data cannot tell from none is one too many, whatever the likelihood gained
// (on the DESIGN example's pauses a third component of weight 0.34 ± 0.99).
func identified(d *Dist) bool {
	ok := func(p Param) bool { return !math.IsNaN(p.SE) && !math.IsInf(p.SE, 0) }
	for j, w := range d.Weights {
		if (j < len(d.Weights)-1 || len(d.Weights) == 2) && (!ok(w) || w.Value-1.96*w.SE <= 0) {
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

// maxEMSteps bounds the EM steps of one fit. With SQUAREM an identified mixture
// converges in tens of steps (10 to 110 on the round trips' pauses); the
// mixtures that run to the bound are those with more components than the data
// (two alike that EM crawls to split), which identified rejects whatever
// their likelihood. Each step is a pass over up to MaxSample observations.
const maxEMSteps = 250

// emLogNormal runs EM for a k-component normal mixture of the logs, started at
// the data's quantiles, accelerated by SQUAREM (Varadhan and Roland 2008: two EM
// steps extrapolated along their difference, then an EM step from there, kept
// only if the likelihood did not fall; the same fixed point as plain EM, in far
// fewer passes over the data when components overlap and EM crawls).
func emLogNormal(ys, cs []float64, k int) (w, mu, sd []float64, ll float64, ok bool) {
	s := append([]float64(nil), ys...)
	sort.Float64s(s)
	_, all := meanSD(ys)
	th := make([]float64, 3*k) // weights, means, sds
	for j := 0; j < k; j++ {
		th[j] = 1 / float64(k)
		th[k+j] = s[int((float64(j)+0.5)/float64(k)*float64(len(s)))]
		th[2*k+j] = math.Max(all/float64(k), 1e-3)
	}
	e := newEM(ys, cs, k)
	t1, t2, t3 := make([]float64, 3*k), make([]float64, 3*k), make([]float64, 3*k)
	r, v, ext := make([]float64, 3*k), make([]float64, 3*k), make([]float64, 3*k)
	prev := math.Inf(-1)
	steps := 0
	for steps < maxEMSteps {
		ll0, ok := e.step(th, t1)
		steps++
		if !ok {
			return nil, nil, nil, 0, false // a component lost all its data
		}
		if ll0-prev < 1e-10*math.Abs(ll0) {
			copy(th, t1)
			break
		}
		prev = ll0
		ll1, ok := e.step(t1, t2)
		steps++
		if !ok {
			return nil, nil, nil, 0, false
		}
		var rr, vv float64
		for i := range th {
			r[i] = t1[i] - th[i]
			v[i] = t2[i] - t1[i] - r[i]
			rr += r[i] * r[i]
			vv += v[i] * v[i]
		}
		next := t2
		if vv > 0 {
			alpha := math.Min(-math.Sqrt(rr/vv), -1)
			for i := range th {
				ext[i] = th[i] - 2*alpha*r[i] + alpha*alpha*v[i]
			}
			if valid(ext, k) {
				if lle, ok := e.step(ext, t3); ok && lle >= ll1 {
					next = t3
				}
				steps++
			}
		}
		copy(th, next)
	}
	w, mu, sd = th[:k], th[k:2*k], th[2*k:]
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

// valid renormalizes an extrapolated θ's weights and reports whether it is a
// mixture (positive weights and sds).
func valid(th []float64, k int) bool {
	tot := 0.0
	for j := 0; j < k; j++ {
		if !(th[j] > 0) || !(th[2*k+j] > 0) || math.IsInf(th[k+j], 0) || math.IsNaN(th[k+j]) {
			return false
		}
		tot += th[j]
	}
	for j := 0; j < k; j++ {
		th[j] /= tot
	}
	return true
}

// em holds the data and scratch space of emLogNormal's steps.
type em struct {
	ys, cs                []float64
	k                     int
	r, sw, s1, s2, c, inv []float64
}

func newEM(ys, cs []float64, k int) *em {
	f := func() []float64 { return make([]float64, k) }
	return &em{ys: ys, cs: cs, k: k, r: f(), sw: f(), s1: f(), s2: f(), c: f(), inv: f()}
}

// step is one EM step from θ (weights, means, sds) to out; ll is the
// log-likelihood at θ; !ok: a component lost all its data.
func (e *em) step(th, out []float64) (ll float64, ok bool) {
	k := e.k
	w, mu, sd := th[:k], th[k:2*k], th[2*k:]
	r, sw, s1, s2, c, inv := e.r, e.sw, e.s1, e.s2, e.c, e.inv
	for j := 0; j < k; j++ {
		sw[j], s1[j], s2[j] = 0, 0, 0
		inv[j] = 1 / sd[j]
		c[j] = w[j] * inv[j] / math.Sqrt(2*math.Pi)
	}
	for _, y := range e.ys {
		tot := 0.0
		for j := range r {
			z := (y - mu[j]) * inv[j]
			r[j] = c[j] * math.Exp(-z*z/2)
			tot += r[j]
		}
		if tot == 0 {
			continue
		}
		ll += math.Log(tot)
		it := 1 / tot
		for j := range r {
			q := r[j] * it
			sw[j] += q
			s1[j] += q * y
			s2[j] += q * y * y
		}
	}
	for _, cv := range e.cs {
		tot := 0.0
		for j := range r {
			r[j] = w[j] * 0.5 * math.Erfc((cv-mu[j])/(sd[j]*math.Sqrt2))
			tot += r[j]
		}
		if tot == 0 {
			continue
		}
		ll += math.Log(tot)
		for j := range r {
			q := r[j] / tot
			// Moments of N(mu, sd²) truncated to (c, ∞).
			z := (cv - mu[j]) / sd[j]
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
	n := float64(len(e.ys) + len(e.cs))
	for j := 0; j < k; j++ {
		if sw[j] < 1e-9 {
			return ll, false
		}
		m := s1[j] / sw[j]
		out[j] = sw[j] / n
		out[k+j] = m
		out[2*k+j] = math.Sqrt(math.Max(s2[j]/sw[j]-m*m, 1e-8))
	}
	return ll, true
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
