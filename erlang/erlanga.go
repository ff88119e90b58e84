package erlang

import (
	"fmt"
	"math"
	"time"
)

// AInput describes an M/M/c+M queue: the M/M/c queue of CInput where each waiting
// customer abandons after an exponential patience with mean Patience.
type AInput struct {
	CInput
	Patience time.Duration
}

// AResult is the steady state of Erlang A. Shares are of all arrivals and in [0, 1].
type AResult struct {
	PWait              float64 // share of arrivals that find every agent busy (abandoned ones included)
	ASASeconds         float64 // mean wait of the arrivals an agent accepted, seconds
	ServiceLevel       float64 // accepted within Within ÷ all arrivals
	Occupancy          float64 // share of agent time busy
	AbandonRate        float64 // share of arrivals that abandon
	AbandonWaitSeconds float64 // mean time to abandon of those who abandon, seconds
}

// tailEpsilon is where the chain is truncated: the probability of all states beyond
// the last one computed is below it.
const tailEpsilon = 1e-16

// A returns the Erlang A (M/M/c+M) steady state, exact up to rounding and a truncated
// tail below 1e-16 (see the package documentation). Any load is allowed: abandonment
// keeps the queue finite even when ρ = λ·AHT/c ≥ 1.
func A(in AInput) (AResult, error) {
	a, err := in.validate()
	if err != nil {
		return AResult{}, err
	}
	if err := validPatience(in.Patience); err != nil {
		return AResult{}, err
	}
	lambda := in.RatePerSecond
	mu := 1 / in.AHT.Seconds()
	theta := 1 / in.Patience.Seconds()
	c := in.Agents
	cmu := float64(c) * mu
	t := in.Within.Seconds()

	// The distribution peaks where arrivals balance departures, at about
	// c + (λ − cμ)/θ in system when overloaded; refuse at once what the loop below
	// would refuse after ten million steps.
	tooMany := func() error {
		return &InputError{Field: "Patience", Value: in.Patience.String(), Reason: fmt.Sprintf(
			"with offered load %.2f Erlang on %d agents, more than %d conversations would wait: too many states to compute",
			a, c, maxStates)}
	}
	if mode := float64(c) + (lambda-cmu)/theta; mode > maxStates {
		return AResult{}, tooMany()
	}

	// logRatio(n) = log(π_n/π_{n−1}) = log(λ / death rate of state n).
	logRatio := func(n int) float64 {
		if n <= c {
			return math.Log(a / float64(n))
		}
		return math.Log(lambda / (cmu + float64(n-c)*theta))
	}

	// Pass 1: normalizing constant (log-sum-exp) and truncation point. Death rates grow
	// with n, so the ratios λ/d_n fall: once r = λ/d_{n+1} < 1 the tail beyond n is at
	// most π_n·r/(1 − r).
	logPi, logZ := 0.0, 0.0
	last := 0
	logTail := math.Log(tailEpsilon)
	for n, next := 1, logRatio(1); ; n++ {
		if n > maxStates {
			return AResult{}, tooMany()
		}
		logPi += next
		logZ = logAddExp(logZ, logPi)
		if next = logRatio(n + 1); next < 0 {
			r := math.Exp(next)
			if logPi+math.Log(r/(1-r))-logZ < logTail {
				last = n
				break
			}
		}
	}

	// Pass 2: the measures. For state n ≥ c an arrival has j = n − c ahead of it.
	var (
		total, noWait, pWait        float64 // total: the computed mass, 1 up to rounding
		abandon                     float64
		servedWait, abandonWait     float64 // Σ π·E[wait; served], Σ π·E[wait; abandoned]
		withinWait, busy            float64 // Σ π·P(served within t), Σ π·min(n, c)
		sumInvRate, sumAbandonShare float64 // H_j = Σ_k 1/s_k, G_j = Σ_k (k+1)θ/s_k, s_k = cμ + (k+1)θ
		// P(S_j > t) for S_j = Σ_k Exp(s_k), a negative binomial CDF in j with
		// b = cμ/θ + 1 and x = 1 − exp(−θt), summed from its log terms.
		b         = cmu/theta + 1
		logX      = math.Log(-math.Expm1(-theta * t)) // −Inf when t = 0: nothing is served at once
		logTerm   = -(cmu + theta) * t                // log P(NB = 0) = b·log(1 − x)
		cdfBeyond = 0.0                               // P(S_j > t)
	)
	logPi = 0
	for n := 0; n <= last; n++ {
		if n > 0 {
			logPi += logRatio(n)
		}
		pi := math.Exp(logPi - logZ)
		total += pi
		if n < c {
			noWait += pi
			busy += pi * float64(n)
			continue
		}
		j := n - c
		jj := float64(j + 1)
		s := cmu + jj*theta // rate out of "j ahead": advance or abandon
		sumInvRate += 1 / s
		sumAbandonShare += jj * theta / s
		if j > 0 {
			logTerm += math.Log((float64(j-1)+b)/float64(j)) + logX
		}
		cdfBeyond += math.Exp(logTerm)
		served := cmu / s // P(served | j ahead) = Π_k (cμ+kθ)/(cμ+(k+1)θ), telescoped

		pWait += pi
		busy += pi * float64(c)
		abandon += pi * jj * theta / s // 1 − served, without cancellation
		servedWait += pi * served * sumInvRate
		// E[wait | j] = (j+1)/s; minus the served part leaves Σ_k (k+1)θ/s_k over s.
		abandonWait += pi * sumAbandonShare / s
		withinWait += pi * served * math.Max(0, 1-cdfBeyond)
	}

	// Dividing by the mass actually summed keeps the shares consistent (in [0, 1], the
	// occupancy at most 1) after rounding over millions of states.
	res := AResult{
		PWait:        pWait / total,
		ServiceLevel: (noWait + withinWait) / total,
		Occupancy:    busy / total / float64(c),
		AbandonRate:  abandon / total,
	}
	if accepted := total - abandon; accepted > 0 {
		res.ASASeconds = servedWait / accepted
	}
	if abandon > 0 {
		res.AbandonWaitSeconds = abandonWait / abandon
	}
	return res, nil
}

// logAddExp returns log(exp(x) + exp(y)) without overflow.
func logAddExp(x, y float64) float64 {
	if x < y {
		x, y = y, x
	}
	return x + math.Log1p(math.Exp(y-x))
}
