package fit

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat/distuv"
)

// Param is one fitted parameter with its standard error (from the observed
// information: the inverse Hessian of the negative log-likelihood).
type Param struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	SE    float64 `json:"se"`
	// Seconds: the parameter is a time in seconds (written as a duration).
	Seconds bool `json:"seconds,omitempty"`
}

// CI95 returns the parameter's 95 % interval.
func (p Param) CI95() (lo, hi float64) { return p.Value - 1.96*p.SE, p.Value + 1.96*p.SE }

// Dist is a fitted distribution in the scenario format's families.
type Dist struct {
	Family     string   `json:"family"`
	Params     []Param  `json:"params,omitempty"`
	Weights    []Param  `json:"weights,omitempty"`    // mixture
	Components []Dist   `json:"components,omitempty"` // mixture
	N          int      `json:"n"`                    // observations
	Censored   int      `json:"censored,omitempty"`   // of which right-censored
	LogLik     float64  `json:"loglik"`
	AIC        float64  `json:"aic"`
	KS         float64  `json:"ks"` // Kolmogorov–Smirnov distance to the data (Kaplan–Meier when censored)
	Others     []Choice `json:"others,omitempty"`
}

// Choice is a family that was fitted and not chosen.
type Choice struct {
	Family string  `json:"family"`
	AIC    float64 `json:"aic"`
}

// Param returns the named parameter.
func (d *Dist) Param(name string) Param {
	for _, p := range d.Params {
		if p.Name == name {
			return p
		}
	}
	return Param{Name: name, Value: math.NaN(), SE: math.NaN()}
}

// family is a continuous positive family fitted by (censored) maximum likelihood.
type family struct {
	name   string
	params []string
	time   []bool // which parameters are in seconds
	build  func(p []float64) (logProb, logSurv func(float64) float64, cdf func(float64) float64)
	start  func(xs []float64) []float64
}

var timeFamilies = []family{
	{name: "exponential", params: []string{"mean"}, time: []bool{true},
		build: func(p []float64) (func(float64) float64, func(float64) float64, func(float64) float64) {
			rate := 1 / p[0]
			return func(x float64) float64 { return math.Log(rate) - rate*x },
				func(x float64) float64 { return -rate * x },
				func(x float64) float64 { return 1 - math.Exp(-rate*x) }
		},
		start: func(xs []float64) []float64 { return []float64{mean(xs)} }},
	{name: "lognormal", params: []string{"median", "sigma"}, time: []bool{true, false},
		build: func(p []float64) (func(float64) float64, func(float64) float64, func(float64) float64) {
			d := distuv.LogNormal{Mu: math.Log(p[0]), Sigma: p[1]}
			return d.LogProb, func(x float64) float64 { return logSurvNormal((math.Log(x) - d.Mu) / d.Sigma) }, d.CDF
		},
		start: func(xs []float64) []float64 {
			m, s := meanSD(logs(xs))
			return []float64{math.Exp(m), math.Max(s, 1e-3)}
		}},
	{name: "gamma", params: []string{"shape", "scale"}, time: []bool{false, true},
		build: func(p []float64) (func(float64) float64, func(float64) float64, func(float64) float64) {
			d := distuv.Gamma{Alpha: p[0], Beta: 1 / p[1]}
			return d.LogProb, func(x float64) float64 { return math.Log(d.Survival(x)) }, d.CDF
		},
		start: func(xs []float64) []float64 {
			m, s := meanSD(xs)
			k := math.Max(m*m/(s*s), 1e-2)
			return []float64{k, m / k}
		}},
	{name: "weibull", params: []string{"shape", "scale"}, time: []bool{false, true},
		build: func(p []float64) (func(float64) float64, func(float64) float64, func(float64) float64) {
			d := distuv.Weibull{K: p[0], Lambda: p[1]}
			return d.LogProb, func(x float64) float64 { return -math.Pow(x/p[1], p[0]) }, d.CDF
		},
		start: func(xs []float64) []float64 { return []float64{1, mean(xs)} }},
}

// logSurvNormal is log(1 − Φ(z)), accurate in the far tail.
func logSurvNormal(z float64) float64 {
	return math.Log(0.5 * math.Erfc(z/math.Sqrt2))
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func meanSD(xs []float64) (float64, float64) {
	m := mean(xs)
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / math.Max(1, float64(len(xs)-1)))
}

func logs(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.Log(x)
	}
	return out
}

// positive drops values ≤ 0 (a time of 0 has no density in these families),
// returning how many it dropped.
func positive(xs []float64) ([]float64, int) {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out, len(xs) - len(out)
}

// FitTime fits the positive times xs, with right-censored times cens (they are
// known to exceed their value), in each family, and returns the one with the
// lowest AIC with the others' AIC. All values equal (and nothing censored):
// constant.
func FitTime(xs, cens []float64) (Dist, bool) {
	xs, _ = positive(xs)
	cens, _ = positive(cens)
	if len(xs) < 2 {
		return Dist{}, false
	}
	if allEqual(xs) && len(cens) == 0 {
		return Dist{Family: "constant", Params: []Param{{Name: "value", Value: xs[0], Seconds: true}}, N: len(xs)}, true
	}
	var best Dist
	var others []Choice
	found := false
	for _, f := range timeFamilies {
		d, ok := fitFamily(f, xs, cens)
		if !ok {
			continue
		}
		if !found || d.AIC < best.AIC {
			if found {
				others = append(others, Choice{best.Family, best.AIC})
			}
			best, found = d, true
		} else {
			others = append(others, Choice{d.Family, d.AIC})
		}
	}
	sort.Slice(others, func(i, j int) bool { return others[i].AIC < others[j].AIC })
	best.Others = others
	return best, found
}

func allEqual(xs []float64) bool {
	for _, x := range xs {
		if math.Abs(x-xs[0]) > 1e-9*math.Max(1, math.Abs(xs[0])) {
			return false
		}
	}
	return true
}

// nll returns the negative log-likelihood of family f at p.
func nll(f family, p, xs, cens []float64) float64 {
	return nllLogs(f, p, xs, cens, nil, nil)
}

// nllLogs is nll with the logs of xs and cens given (nil: computed as needed),
// which spares the Weibull likelihood a logarithm per point and evaluation.
func nllLogs(f family, p, xs, cens, lxs, lcs []float64) float64 {
	for _, v := range p {
		if !(v > 0) || math.IsInf(v, 0) {
			return math.Inf(1)
		}
	}
	if f.name == "weibull" && lxs != nil {
		k, ll := p[0], math.Log(p[1])
		s := 0.0
		for _, lx := range lxs {
			z := lx - ll
			s -= math.Log(k) + (k-1)*z - ll - math.Exp(k*z)
		}
		for _, lc := range lcs {
			s += math.Exp(k * (lc - ll))
		}
		return s
	}
	if f.name == "gamma" && len(cens) == 0 {
		// The gamma likelihood needs only Σx and Σlog x.
		var sx, slx float64
		for _, x := range xs {
			sx += x
			slx += math.Log(x)
		}
		k, theta := p[0], p[1]
		lg, _ := math.Lgamma(k)
		n := float64(len(xs))
		return n*(lg+k*math.Log(theta)) - (k-1)*slx + sx/theta
	}
	lp, ls, _ := f.build(p)
	s := 0.0
	for _, x := range xs {
		s -= lp(x)
	}
	for _, c := range cens {
		s -= ls(c)
	}
	if math.IsNaN(s) {
		return math.Inf(1)
	}
	return s
}

func fitFamily(f family, xs, cens []float64) (Dist, bool) {
	x0 := f.start(xs)
	lxs, lcs := logs(xs), logs(cens)
	var p []float64
	switch {
	case f.name == "exponential":
		tot := 0.0
		for _, x := range xs {
			tot += x
		}
		for _, c := range cens {
			tot += c
		}
		p = []float64{tot / float64(len(xs))} // events ÷ exposure, the censored MLE
	case f.name == "lognormal" && len(cens) == 0:
		m, _ := meanSD(logs(xs))
		v := 0.0
		for _, x := range xs {
			v += (math.Log(x) - m) * (math.Log(x) - m)
		}
		p = []float64{math.Exp(m), math.Sqrt(v / float64(len(xs)))}
	default:
		var ok bool
		if p, ok = minimizeLog(func(q []float64) float64 { return nllLogs(f, q, xs, cens, lxs, lcs) }, x0); !ok {
			return Dist{}, false
		}
	}
	ll := -nll(f, p, xs, cens)
	if math.IsInf(ll, 0) || math.IsNaN(ll) {
		return Dist{}, false
	}
	se := standardErrors(func(q []float64) float64 { return nllLogs(f, q, xs, cens, lxs, lcs) }, p)
	d := Dist{Family: f.name, N: len(xs) + len(cens), Censored: len(cens), LogLik: ll, AIC: 2*float64(len(p)) - 2*ll}
	for i, name := range f.params {
		d.Params = append(d.Params, Param{Name: name, Value: p[i], SE: se[i], Seconds: f.time[i]})
	}
	_, _, cdf := f.build(p)
	d.KS = ksDistance(cdf, xs, cens)
	return d, true
}

// minimizeLog minimizes f over positive parameters, searching in their logs
// (Nelder–Mead: robust where the likelihood is flat or kinked).
func minimizeLog(f func([]float64) float64, x0 []float64) ([]float64, bool) {
	lx := make([]float64, len(x0))
	for i, v := range x0 {
		lx[i] = math.Log(v)
	}
	g := func(l []float64) float64 {
		p := make([]float64, len(l))
		for i, v := range l {
			p[i] = math.Exp(v)
		}
		return f(p)
	}
	// Converged: 20 iterations without the best value falling by more than 1e-12
	// of itself (gonum's default waits 100 for an absolute 1e-10, below the
	// rounding of a log-likelihood in the hundred thousands: each fit then cost
	// 100 passes over the sample for nothing).
	settings := func() *optimize.Settings {
		return &optimize.Settings{MajorIterations: 2000, Converger: &optimize.FunctionConverge{Relative: 1e-12, Absolute: 1e-10, Iterations: 20}}
	}
	res, err := optimize.Minimize(optimize.Problem{Func: g}, lx, settings(), &optimize.NelderMead{})
	if err != nil && res == nil {
		return nil, false
	}
	// Polish with a second start at the optimum (Nelder–Mead's simplex can stall).
	res2, err2 := optimize.Minimize(optimize.Problem{Func: g}, res.X, settings(), &optimize.NelderMead{})
	if err2 == nil && res2 != nil && res2.F <= res.F {
		res = res2
	}
	p := make([]float64, len(res.X))
	for i, v := range res.X {
		p[i] = math.Exp(v)
	}
	return p, !math.IsInf(res.F, 0) && !math.IsNaN(res.F)
}

// standardErrors returns the square roots of the diagonal of the inverse Hessian
// of nll at p (central differences); NaN where it is not positive definite.
func standardErrors(nll func([]float64) float64, p []float64) []float64 {
	n := len(p)
	h := make([]float64, n)
	for i, v := range p {
		h[i] = 1e-4 * math.Max(math.Abs(v), 1e-8)
	}
	at := func(di, dj int, si, sj float64) float64 {
		q := append([]float64(nil), p...)
		q[di] += si * h[di]
		q[dj] += sj * h[dj]
		return nll(q)
	}
	H := mat.NewSymDense(n, nil)
	f0 := nll(p)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			var v float64
			if i == j {
				q1, q2 := append([]float64(nil), p...), append([]float64(nil), p...)
				q1[i] += h[i]
				q2[i] -= h[i]
				v = (nll(q1) - 2*f0 + nll(q2)) / (h[i] * h[i])
			} else {
				v = (at(i, j, 1, 1) - at(i, j, 1, -1) - at(i, j, -1, 1) + at(i, j, -1, -1)) / (4 * h[i] * h[j])
			}
			H.SetSym(i, j, v)
		}
	}
	se := make([]float64, n)
	var inv mat.Dense
	if err := inv.Inverse(H); err != nil {
		for i := range se {
			se[i] = math.NaN()
		}
		return se
	}
	for i := range se {
		if v := inv.At(i, i); v > 0 {
			se[i] = math.Sqrt(v)
		} else {
			se[i] = math.NaN()
		}
	}
	return se
}

// ksDistance is the Kolmogorov–Smirnov distance between cdf and the empirical
// distribution of xs, or, with censored values, the Kaplan–Meier estimate.
func ksDistance(cdf func(float64) float64, xs, cens []float64) float64 {
	if len(cens) == 0 {
		s := append([]float64(nil), xs...)
		sort.Float64s(s)
		n := float64(len(s))
		d := 0.0
		for i := 0; i < len(s); {
			x, j := s[i], i
			for j < len(s) && s[j] == x {
				j++
			}
			// Below x the model has F(x−), the data i/n; at x, F(x) and j/n (ties
			// together: a discrete distribution has steps there too).
			below := cdf(math.Nextafter(x, math.Inf(-1)))
			d = math.Max(d, math.Max(math.Abs(cdf(x)-float64(j)/n), math.Abs(below-float64(i)/n)))
			i = j
		}
		return d
	}
	km := KaplanMeier(xs, cens)
	d, prev := 0.0, 0.0
	for _, p := range km {
		f := cdf(p.T)
		d = math.Max(d, math.Max(math.Abs(f-(1-p.S)), math.Abs(f-prev)))
		prev = 1 - p.S
	}
	return d
}

// SurvivalPoint is a step of a Kaplan–Meier curve: S just after time T.
type SurvivalPoint struct{ T, S float64 }

// KaplanMeier returns the product-limit estimate of the survival function from
// event times xs and right-censored times cens.
func KaplanMeier(xs, cens []float64) []SurvivalPoint {
	type obs struct {
		t     float64
		event bool
	}
	all := make([]obs, 0, len(xs)+len(cens))
	for _, x := range xs {
		all = append(all, obs{x, true})
	}
	for _, c := range cens {
		all = append(all, obs{c, false})
	}
	// Events before censorings at equal times (the usual convention).
	sort.Slice(all, func(i, j int) bool {
		if all[i].t != all[j].t {
			return all[i].t < all[j].t
		}
		return all[i].event && !all[j].event
	})
	var out []SurvivalPoint
	s, atRisk := 1.0, float64(len(all))
	for i := 0; i < len(all); {
		t, d, n := all[i].t, 0.0, 0.0
		for i < len(all) && all[i].t == t {
			if all[i].event {
				d++
			}
			n++
			i++
		}
		if d > 0 {
			s *= 1 - d/atRisk
			out = append(out, SurvivalPoint{t, s})
		}
		atRisk -= n
	}
	return out
}

// FitFamily fits the times xs (censored cens) in one named family: exponential,
// lognormal, gamma or weibull.
func FitFamily(name string, xs, cens []float64) (Dist, bool) {
	xs, _ = positive(xs)
	cens, _ = positive(cens)
	for _, f := range timeFamilies {
		if f.name == name && len(xs) >= 2 {
			return fitFamily(f, xs, cens)
		}
	}
	return Dist{}, false
}
