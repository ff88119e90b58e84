package erlang

import (
	"fmt"
	"math"
	"time"
)

// CInput describes an M/M/c queue: Poisson arrivals at RatePerSecond, exponential
// handle times with mean AHT, Agents servers, and the service-level threshold Within.
type CInput struct {
	RatePerSecond float64
	AHT           time.Duration
	Agents        int
	Within        time.Duration
}

// CResult is the steady state of Erlang C. Shares are in [0, 1].
type CResult struct {
	PWait        float64 // share of arrivals that find every agent busy and wait
	ASASeconds   float64 // mean wait of all arrivals (everyone is served), seconds
	ServiceLevel float64 // share of arrivals accepted within Within
	Occupancy    float64 // share of agent time busy: A/c
}

// C returns the Erlang C (M/M/c) steady state. It refuses an offered load at or above
// the number of agents (ρ ≥ 1), for which there is no steady state; the error then
// wraps ErrUnstable.
func C(in CInput) (CResult, error) {
	a, err := in.validate()
	if err != nil {
		return CResult{}, err
	}
	c := float64(in.Agents)
	if a >= c {
		return CResult{}, unstable(a, in.Agents)
	}
	return erlangC(a, in.Agents, in.AHT.Seconds(), in.Within.Seconds(), erlangB(a, in.Agents)), nil
}

// erlangB is the Erlang B blocking probability for offered load a on c servers, by
// the recursion B(k) = a·B(k−1)/(k + a·B(k−1)), B(0) = 1: every step stays in (0, 1],
// so it neither overflows nor loses precision for thousands of servers.
func erlangB(a float64, c int) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		ab := a * b
		b = ab / (float64(k) + ab)
	}
	return b
}

// erlangC derives the Erlang C measures from B = erlangB(a, c), for a < c.
func erlangC(a float64, agents int, ahtSeconds, withinSeconds, b float64) CResult {
	c := float64(agents)
	pWait := c * b / (c - a*(1-b))
	return CResult{
		PWait:      pWait,
		ASASeconds: pWait * ahtSeconds / (c - a),
		// The wait of those who wait is exponential with rate (c − a)/AHT.
		ServiceLevel: 1 - pWait*math.Exp(-(c-a)*withinSeconds/ahtSeconds),
		Occupancy:    a / c,
	}
}

// MinAgents returns the smallest number of agents that carries the load (ρ < 1) and
// reaches targetServiceLevel (a share in [0, 1)) under Erlang C. in.Agents is ignored.
func MinAgents(in CInput, targetServiceLevel float64) (int, error) {
	in.Agents = 1
	a, err := in.validate()
	if err != nil {
		return 0, err
	}
	if math.IsNaN(targetServiceLevel) || targetServiceLevel < 0 || targetServiceLevel >= 1 {
		return 0, &InputError{Field: "targetServiceLevel", Value: fmt.Sprint(targetServiceLevel), Reason: "want a share in [0, 1); 1 would take infinitely many agents"}
	}
	first := math.Floor(a) + 1
	// Far more than enough: at a + 100·√a + 100 agents P(wait) is below any float64
	// target (square-root staffing needs about a + 9·√a for 1 − 1e-16).
	last := a + 100*math.Sqrt(a) + 100
	if last > maxAgents {
		return 0, &InputError{Field: "RatePerSecond", Value: fmt.Sprint(in.RatePerSecond), Reason: fmt.Sprintf("offered load %.0f Erlang: at most %d agents in one group", a, maxAgents)}
	}
	aht, within := in.AHT.Seconds(), in.Within.Seconds()
	c := int(first)
	b := erlangB(a, c)
	for ; c <= int(last); c++ {
		if c > int(first) {
			ab := a * b
			b = ab / (float64(c) + ab)
		}
		if erlangC(a, c, aht, within, b).ServiceLevel >= targetServiceLevel {
			return c, nil
		}
	}
	return 0, &InputError{Field: "targetServiceLevel", Value: fmt.Sprint(targetServiceLevel), Reason: fmt.Sprintf("not reached with %d agents", int(last))}
}
