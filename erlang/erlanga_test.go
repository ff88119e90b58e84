package erlang

import (
	"container/heap"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

func aInput(a float64, agents int, within, patience time.Duration) AInput {
	return AInput{CInput: cInput(a, agents, within), Patience: patience}
}

// chainMeasures solves the M/M/c+M queue by a route independent of A: the stationary
// distribution of the number in system from the generator matrix truncated at
// c+ahead states (πQ = 0, Σπ = 1, dense LU), and the tagged customer's fate from its
// own absorbing chain "k ahead" → served / abandoned: P(served within t) from the
// matrix exponential, the mean waits from the fundamental matrix (−G)⁻¹.
func chainMeasures(t *testing.T, in AInput, ahead int) (AResult, float64) {
	t.Helper()
	lambda := in.RatePerSecond
	mu := 1 / in.AHT.Seconds()
	theta := 1 / in.Patience.Seconds()
	c := in.Agents
	cmu := float64(c) * mu

	// Stationary distribution: rows of Qᵀ with the last equation replaced by Σπ = 1.
	n := c + ahead + 1
	qt := mat.NewDense(n, n, nil)
	death := func(k int) float64 { return float64(min(k, c))*mu + float64(max(k-c, 0))*theta }
	for k := 0; k < n; k++ {
		if k+1 < n {
			qt.Set(k+1, k, lambda) // Q[k][k+1] = λ
			qt.Set(k, k, qt.At(k, k)-lambda)
		}
		if k > 0 {
			qt.Set(k-1, k, death(k)) // Q[k][k−1]
			qt.Set(k, k, qt.At(k, k)-death(k))
		}
	}
	rhs := mat.NewVecDense(n, nil)
	for k := 0; k < n; k++ {
		qt.Set(n-1, k, 1)
	}
	rhs.SetVec(n-1, 1)
	var pi mat.VecDense
	if err := pi.SolveVec(qt, rhs); err != nil {
		t.Fatal(err)
	}
	if tail := pi.AtVec(n - 1); tail > 1e-18 {
		t.Fatalf("truncation at %d states too early: π = %g", n, tail)
	}

	// Tagged customer with k = 0..ahead−1 customers ahead: transient states 0..m−1,
	// then served (m) and abandoned (m+1).
	m := ahead
	g := mat.NewDense(m+2, m+2, nil)
	for k := 0; k < m; k++ {
		advance := cmu + float64(k)*theta
		if k == 0 {
			g.Set(k, m, advance)
		} else {
			g.Set(k, k-1, advance)
		}
		g.Set(k, m+1, theta)
		g.Set(k, k, -(advance + theta))
	}
	var gt, expGt mat.Dense
	gt.Scale(in.Within.Seconds(), g)
	expGt.Exp(&gt)

	// Fundamental matrix of the transient part: expected time in each state.
	var negT, fund mat.Dense
	negT.Scale(-1, g.Slice(0, m, 0, m))
	if err := fund.Inverse(&negT); err != nil {
		t.Fatal(err)
	}
	intoServed := mat.NewVecDense(m, nil)
	intoServed.SetVec(0, cmu)
	intoAbandon := mat.NewVecDense(m, nil)
	for k := 0; k < m; k++ {
		intoAbandon.SetVec(k, theta)
	}
	var hServed, hAbandon, tServed, tAbandon mat.VecDense
	hServed.MulVec(&fund, intoServed)   // P(served | k ahead)
	hAbandon.MulVec(&fund, intoAbandon) // P(abandoned | k ahead)
	tServed.MulVec(&fund, &hServed)     // E[wait; served | k ahead]
	tAbandon.MulVec(&fund, &hAbandon)   // E[wait; abandoned | k ahead]

	var r AResult
	var served, servedWait, abandonWait, busy, queue float64
	for k := 0; k < n; k++ {
		p := pi.AtVec(k)
		busy += p * float64(min(k, c))
		if k < c {
			r.ServiceLevel += p
			served += p
			continue
		}
		j := k - c
		if j >= m {
			continue // beyond the tagged chain: below 1e-18
		}
		queue += p * float64(j)
		r.PWait += p
		r.ServiceLevel += p * expGt.At(j, m)
		served += p * hServed.AtVec(j)
		r.AbandonRate += p * hAbandon.AtVec(j)
		servedWait += p * tServed.AtVec(j)
		abandonWait += p * tAbandon.AtVec(j)
	}
	r.ASASeconds = servedWait / served
	r.AbandonWaitSeconds = abandonWait / r.AbandonRate
	r.Occupancy = busy / float64(c)
	return r, queue
}

func compareA(t *testing.T, got, want AResult, rel float64) {
	t.Helper()
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"PWait", got.PWait, want.PWait},
		{"ASASeconds", got.ASASeconds, want.ASASeconds},
		{"ServiceLevel", got.ServiceLevel, want.ServiceLevel},
		{"Occupancy", got.Occupancy, want.Occupancy},
		{"AbandonRate", got.AbandonRate, want.AbandonRate},
		{"AbandonWaitSeconds", got.AbandonWaitSeconds, want.AbandonWaitSeconds},
	} {
		if math.IsNaN(f.got) || !near(f.got, f.want, rel*math.Max(1, math.Abs(f.want))) {
			t.Errorf("%s = %.12g, want %.12g (±%g relative)", f.name, f.got, f.want, rel)
		}
	}
}

var aCases = []struct {
	name string
	in   AInput
}{
	{"A=2.5 c=3 patience 90s", aInput(2.5, 3, 20*time.Second, 90*time.Second)},
	{"overloaded A=4.5 c=3 patience 30s", aInput(4.5, 3, 10*time.Second, 30*time.Second)},
	{"patient A=2.8 c=3 patience 20m", aInput(2.8, 3, time.Minute, 20*time.Minute)},
	{"A=8 c=10 patience 2m within 30s", AInput{CInput: CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 10, Within: 30 * time.Second}, Patience: 2 * time.Minute}},
	{"impatient A=1 c=1 patience 5s", aInput(1, 1, 3*time.Second, 5*time.Second)},
	{"within 0", aInput(5, 5, 0, time.Minute)},
}

// TestAAgainstChain checks A against the truncated chain solved with dense linear
// algebra and matrix exponentials (chainMeasures), and checks Little's law for the
// queue: E[number waiting] = λ·(P(served)·ASA + P(abandon)·abandon wait).
func TestAAgainstChain(t *testing.T) {
	for _, tt := range aCases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := A(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			want, queue := chainMeasures(t, tt.in, 200)
			compareA(t, got, want, 1e-9)

			little := tt.in.RatePerSecond * ((1-got.AbandonRate)*got.ASASeconds + got.AbandonRate*got.AbandonWaitSeconds)
			if !near(little, queue, 1e-9*math.Max(1, queue)) {
				t.Errorf("Little: λ·(P(served)·ASA + P(abandon)·wait) = %.12g, E[queue] = %.12g", little, queue)
			}
			// Rate balance: abandonments per second θ·E[queue] = λ·P(abandon), and
			// the busy agents carry exactly the accepted work.
			if ab := queue / tt.in.Patience.Seconds() / tt.in.RatePerSecond; !near(got.AbandonRate, ab, 1e-9) {
				t.Errorf("AbandonRate = %.12g, θ·E[queue]/λ = %.12g", got.AbandonRate, ab)
			}
			a := tt.in.RatePerSecond * tt.in.AHT.Seconds()
			if occ := a * (1 - got.AbandonRate) / float64(tt.in.Agents); !near(got.Occupancy, occ, 1e-9) {
				t.Errorf("Occupancy = %.12g, A·P(served)/c = %.12g", got.Occupancy, occ)
			}
		})
	}
}

// TestAReducesToC: with patience far beyond any wait, nobody abandons and Erlang A is
// Erlang C.
func TestAReducesToC(t *testing.T) {
	tests := []struct {
		name string
		in   CInput
	}{
		{"A=10 c=11", cInput(10, 11, 20*time.Second)},
		{"A=2 c=3", cInput(2, 3, 0)},
		{"contract 120/h 4m 10", CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 10, Within: 30 * time.Second}},
		{"A=95 c=100", cInput(95, 100, time.Minute)},
		{"A=950 c=1000", cInput(950, 1000, 20*time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := C(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			// A mean patience of 10⁶ hours: θ·(mean wait) is below 1e-7.
			got, err := A(AInput{CInput: tt.in, Patience: 1e6 * time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			compareA(t, got, AResult{
				PWait: want.PWait, ASASeconds: want.ASASeconds, ServiceLevel: want.ServiceLevel,
				Occupancy: want.Occupancy, AbandonRate: got.AbandonRate, AbandonWaitSeconds: got.AbandonWaitSeconds,
			}, 1e-5)
			if got.AbandonRate > 1e-6 {
				t.Errorf("AbandonRate = %g, want ≈ 0", got.AbandonRate)
			}
		})
	}
}

// TestAReducesToB: with patience far below the handle time, whoever finds every
// agent busy leaves at once: the M/M/c/c loss system, whose blocking is Erlang B.
func TestAReducesToB(t *testing.T) {
	for _, tt := range []struct {
		name   string
		a      float64
		agents int
	}{{"B(10,10)", 10, 10}, {"A=4.461 c=10", 4.461, 10}, {"overloaded A=30 c=10", 30, 10}} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := A(aInput(tt.a, tt.agents, 20*time.Second, time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			b := erlangB(tt.a, tt.agents)
			// θ/μ = 180000: corrections are of order 1e-5.
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"PWait", got.PWait, b},
				{"AbandonRate", got.AbandonRate, b},
				{"ServiceLevel", got.ServiceLevel, 1 - b},
				{"Occupancy", got.Occupancy, tt.a * (1 - b) / float64(tt.agents)},
				{"AbandonWaitSeconds", got.AbandonWaitSeconds, 0.001},
			} {
				if !near(f.got, f.want, 1e-4*math.Max(f.want, 1e-3)) {
					t.Errorf("%s = %.8g, Erlang B limit %.8g", f.name, f.got, f.want)
				}
			}
		})
	}
}

// TestAMonteCarlo simulates the queue itself, FCFS with exponential patience, and
// compares with A inside four standard errors (batch means). The simulation uses the
// fact that under FCFS a customer's offered wait depends only on earlier customers:
// it is the time until the earliest of the c agents frees up after its arrival.
func TestAMonteCarlo(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte Carlo")
	}
	for _, tt := range aCases[:4] {
		t.Run(tt.name, func(t *testing.T) {
			want, err := A(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			const batches, perBatch = 20, 20000
			rng := rand.New(rand.NewPCG(1, 2))
			lambda := tt.in.RatePerSecond
			aht, patience, within := tt.in.AHT.Seconds(), tt.in.Patience.Seconds(), tt.in.Within.Seconds()
			free := make(freeTimes, tt.in.Agents) // when each agent is next free
			clock := 0.0
			stats := make([][5]float64, batches) // p_wait, SL, abandon, ASA, abandon wait
			for i := -perBatch; i < batches*perBatch; i++ {
				clock += rng.ExpFloat64() / lambda
				offered := math.Max(0, free[0]-clock)
				tau := rng.ExpFloat64() * patience
				if i < 0 {
					if offered <= tau {
						free[0] = clock + offered + rng.ExpFloat64()*aht
						heap.Fix(&free, 0)
					}
					continue // warm-up
				}
				s := &stats[i/perBatch]
				if offered > 0 {
					s[0]++
				}
				if offered <= tau {
					free[0] = clock + offered + rng.ExpFloat64()*aht
					heap.Fix(&free, 0)
					s[3] += offered
					if offered <= within {
						s[1]++
					}
				} else {
					s[2]++
					s[4] += tau
				}
			}
			means := func(f func(s [5]float64) float64) (float64, float64) {
				var sum, sq float64
				for _, s := range stats {
					v := f(s)
					sum += v
					sq += v * v
				}
				m := sum / batches
				return m, math.Sqrt((sq/batches - m*m) / (batches - 1))
			}
			for _, f := range []struct {
				name string
				want float64
				get  func(s [5]float64) float64
			}{
				{"PWait", want.PWait, func(s [5]float64) float64 { return s[0] / perBatch }},
				{"ServiceLevel", want.ServiceLevel, func(s [5]float64) float64 { return s[1] / perBatch }},
				{"AbandonRate", want.AbandonRate, func(s [5]float64) float64 { return s[2] / perBatch }},
				{"ASASeconds", want.ASASeconds, func(s [5]float64) float64 { return s[3] / (perBatch - s[2]) }},
				{"AbandonWaitSeconds", want.AbandonWaitSeconds, func(s [5]float64) float64 { return s[4] / s[2] }},
			} {
				m, se := means(f.get)
				if math.Abs(m-f.want) > 4*se+1e-9 {
					t.Errorf("%s: simulated %.5g ± %.2g, A says %.5g", f.name, m, se, f.want)
				}
			}
		})
	}
}

// freeTimes is a min-heap of the times agents become free.
type freeTimes []float64

func (h freeTimes) Len() int           { return len(h) }
func (h freeTimes) Less(i, j int) bool { return h[i] < h[j] }
func (h freeTimes) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *freeTimes) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *freeTimes) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func TestAProperties(t *testing.T) {
	base := aInput(9, 10, 20*time.Second, time.Minute)
	r, err := A(base)
	if err != nil {
		t.Fatal(err)
	}
	if r.ServiceLevel > 1-r.AbandonRate {
		t.Errorf("ServiceLevel %v exceeds the accepted share %v", r.ServiceLevel, 1-r.AbandonRate)
	}
	if r.ServiceLevel < 1-r.PWait {
		t.Errorf("ServiceLevel %v below the no-wait share %v", r.ServiceLevel, 1-r.PWait)
	}
	// More patience: fewer abandonments, longer waits of the served.
	patient := base
	patient.Patience = 10 * time.Minute
	p, err := A(patient)
	if err != nil {
		t.Fatal(err)
	}
	if !(p.AbandonRate < r.AbandonRate && p.ASASeconds > r.ASASeconds) {
		t.Errorf("patience 1m → 10m: abandon %v → %v, ASA %v → %v", r.AbandonRate, p.AbandonRate, r.ASASeconds, p.ASASeconds)
	}
	// Thousands of agents, overloaded: stable, finite, no overflow.
	big, err := A(aInput(5500, 5000, 20*time.Second, 2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if big.AbandonRate < 0.05 || big.AbandonRate > 0.2 || big.Occupancy > 1 || big.Occupancy < 0.99 {
		t.Errorf("A=5500 c=5000: %+v", big)
	}
	// Almost no load on many agents: nobody waits.
	light, err := A(aInput(0.5, 1000, 0, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if light.PWait != 0 || light.ServiceLevel < 1-1e-15 {
		t.Errorf("A=0.5 c=1000: %+v", light)
	}
}

func TestAErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     AInput
		field  string
		substr string
	}{
		{"zero patience", aInput(2, 3, 0, 0), "Patience", "> 0"},
		{"negative patience", aInput(2, 3, 0, -time.Second), "Patience", "> 0"},
		{"zero agents", aInput(2, 0, 0, time.Minute), "Agents", "at least 1"},
		{"zero rate", AInput{CInput: CInput{AHT: time.Minute, Agents: 1}, Patience: time.Minute}, "RatePerSecond", "positive"},
		// Overloaded and patient for a century: about 10⁸ would wait.
		{"too many states", aInput(20, 10, 0, 100*365*24*time.Hour), "Patience", "too many states"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := A(tt.in)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field || !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("err = %v, want field %s and %q", err, tt.field, tt.substr)
			}
		})
	}
	// ρ ≥ 1 is fine for Erlang A.
	if _, err := A(aInput(20, 10, 0, time.Minute)); err != nil {
		t.Errorf("ρ = 2 with abandonment: %v", err)
	}
}

func BenchmarkA1000(b *testing.B) {
	in := aInput(950, 1000, 20*time.Second, 2*time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := A(in); err != nil {
			b.Fatal(err)
		}
	}
}
