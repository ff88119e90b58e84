package erlang

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// cInput builds an input from an offered load in Erlang: AHT 180 s, so the rate is a/180.
func cInput(a float64, agents int, within time.Duration) CInput {
	return CInput{RatePerSecond: a / 180, AHT: 180 * time.Second, Agents: agents, Within: within}
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// naiveC is the textbook Erlang C formula, P(wait) = (A^c/c!·c/(c−A)) / (Σ_{k<c} A^k/k! +
// A^c/c!·c/(c−A)), evaluated term by term in log space with lgamma: an implementation
// independent of the Erlang B recursion used by C.
func naiveC(a float64, c int) float64 {
	logTerm := func(k int) float64 {
		lg, _ := math.Lgamma(float64(k) + 1)
		return float64(k)*math.Log(a) - lg
	}
	logTail := logTerm(c) + math.Log(float64(c)/(float64(c)-a))
	m := logTail
	for k := 0; k < c; k++ {
		m = math.Max(m, logTerm(k))
	}
	sum := math.Exp(logTail - m)
	for k := 0; k < c; k++ {
		sum += math.Exp(logTerm(k) - m)
	}
	return math.Exp(logTail-m) / sum
}

// Erlang B values read from the standard blocking (grade-of-service) tables printed in
// teletraffic handbooks and traffic-table booklets: B(10 trunks, 10 Erlang) = 0.2146,
// and the offered loads that give a grade of service of 1 % or 2 %, tabulated to three
// decimals.
func TestErlangBTables(t *testing.T) {
	tests := []struct {
		name    string
		agents  int
		erlang  float64
		want    float64
		tol     float64
		comment string
	}{
		{"B(10,10)", 10, 10, 0.2146, 5e-5, "4 decimals"},
		{"N=5 at 1%", 5, 1.361, 0.01, 3e-5, "A to 3 decimals"},
		{"N=10 at 1%", 10, 4.461, 0.01, 3e-5, "A to 3 decimals"},
		{"N=10 at 2%", 10, 5.084, 0.02, 3e-5, "A to 3 decimals"},
		{"N=20 at 1%", 20, 12.031, 0.01, 3e-5, "A to 3 decimals"},
		{"N=100 at 1%", 100, 84.064, 0.01, 3e-5, "A to 3 decimals"},
		{"one trunk", 1, 1, 0.5, 1e-15, "B(1, A) = A/(1+A)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := erlangB(tt.erlang, tt.agents); !near(got, tt.want, tt.tol) {
				t.Errorf("B(%d, %v) = %.6f, table says %v (%s)", tt.agents, tt.erlang, got, tt.want, tt.comment)
			}
		})
	}
}

func TestCPublishedValues(t *testing.T) {
	tests := []struct {
		name      string
		in        CInput
		wantPWait float64
		tol       float64
		wantASA   float64 // seconds; NaN = not checked
		wantSL    float64 // NaN = not checked
	}{
		// Standard Erlang C (probability of delay) table value: A = 10 Erlang on 11
		// agents ⇒ 0.6821, the textbook 100-calls-per-half-hour, 3-minute example.
		{"A=10 c=11", cInput(10, 11, 20*time.Second), 0.6821, 5e-5, math.NaN(), math.NaN()},
		// A = 2 on 3 agents ⇒ 0.4444 in the same tables; by hand C = 4/9 exactly:
		// (8/6·3)/(1 + 2 + 2 + 8/6·3).
		{"A=2 c=3", cInput(2, 3, 0), 4.0 / 9, 1e-12, 4.0 / 9 * 180 / 1, 1 - 4.0/9},
		// M/M/1: P(wait) = ρ and Wq = ρ/(μ − λ) (every queueing textbook, e.g. Gross
		// et al. 2008, §2.2): λ = 1/min, AHT = 45 s.
		{"M/M/1 rho=0.75", CInput{RatePerSecond: 1.0 / 60, AHT: 45 * time.Second, Agents: 1, Within: 30 * time.Second},
			0.75, 1e-12, 0.75 / (1.0/45 - 1.0/60), 1 - 0.75*math.Exp(-(1.0/45-1.0/60)*30)},
		// M/M/2: P(wait) = 2ρ²/(1 + ρ) (Gross et al. 2008, §2.3), ρ = 0.9.
		{"M/M/2 rho=0.9", cInput(1.8, 2, 0), 2 * 0.81 / 1.9, 1e-12, math.NaN(), math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := C(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got.PWait, tt.wantPWait, tt.tol) {
				t.Errorf("PWait = %.8f, want %.8f ± %g", got.PWait, tt.wantPWait, tt.tol)
			}
			if !math.IsNaN(tt.wantASA) && !near(got.ASASeconds, tt.wantASA, 1e-6*tt.wantASA+1e-9) {
				t.Errorf("ASASeconds = %.8f, want %.8f", got.ASASeconds, tt.wantASA)
			}
			if !math.IsNaN(tt.wantSL) && !near(got.ServiceLevel, tt.wantSL, 1e-6) {
				t.Errorf("ServiceLevel = %.8f, want %.8f", got.ServiceLevel, tt.wantSL)
			}
		})
	}
}

// TestCClosedForm compares C with the textbook formula (naiveC) and the derived measures,
// from a few agents to thousands.
func TestCClosedForm(t *testing.T) {
	tests := []struct {
		name string
		in   CInput
	}{
		// The contract check's case: 120/h, AHT 4 min, 10 agents, 30 s (A = 8).
		{"contract 120/h 4m 10 agents", CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 10, Within: 30 * time.Second}},
		// DESIGN.md's example: 100/h, AHT 3 min, 7 agents, 20 s (A = 5).
		{"design 100/h 3m 7 agents", CInput{RatePerSecond: 100.0 / 3600, AHT: 3 * time.Minute, Agents: 7, Within: 20 * time.Second}},
		// 360 calls per half hour, AHT 4 min, 55 agents, 15 s: the worked example of
		// the widely copied "Erlang-C formula" page (A = 48).
		{"360 per 30m 4m 55 agents", CInput{RatePerSecond: 360.0 / 1800, AHT: 4 * time.Minute, Agents: 55, Within: 15 * time.Second}},
		{"heavy rho=0.99", cInput(99, 100, time.Minute)},
		{"1000 agents rho=0.95", cInput(950, 1000, 20*time.Second)},
		{"5000 agents rho=0.98", cInput(4900, 5000, 20*time.Second)},
		{"light load", cInput(0.01, 3, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := C(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			a := tt.in.RatePerSecond * tt.in.AHT.Seconds()
			c := float64(tt.in.Agents)
			h := tt.in.AHT.Seconds()
			pw := naiveC(a, tt.in.Agents)
			want := CResult{
				PWait:        pw,
				ASASeconds:   pw * h / (c - a),
				ServiceLevel: 1 - pw*math.Exp(-(c-a)*tt.in.Within.Seconds()/h),
				Occupancy:    a / c,
			}
			const rel = 1e-9
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"PWait", got.PWait, want.PWait},
				{"ASASeconds", got.ASASeconds, want.ASASeconds},
				{"ServiceLevel", got.ServiceLevel, want.ServiceLevel},
				{"Occupancy", got.Occupancy, want.Occupancy},
			} {
				if !near(f.got, f.want, rel*math.Max(1, math.Abs(f.want))) || math.IsNaN(f.got) {
					t.Errorf("%s = %.12g, closed form %.12g", f.name, f.got, f.want)
				}
			}
		})
	}
}

func TestCErrors(t *testing.T) {
	valid := CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 10, Within: 30 * time.Second}
	with := func(f func(*CInput)) CInput { in := valid; f(&in); return in }
	tests := []struct {
		name     string
		in       CInput
		field    string
		substr   string
		unstable bool
	}{
		{"zero rate", with(func(in *CInput) { in.RatePerSecond = 0 }), "RatePerSecond", "positive", false},
		{"negative rate", with(func(in *CInput) { in.RatePerSecond = -1 }), "RatePerSecond", "positive", false},
		{"NaN rate", with(func(in *CInput) { in.RatePerSecond = math.NaN() }), "RatePerSecond", "positive", false},
		{"infinite rate", with(func(in *CInput) { in.RatePerSecond = math.Inf(1) }), "RatePerSecond", "finite", false},
		{"zero AHT", with(func(in *CInput) { in.AHT = 0 }), "AHT", "> 0", false},
		{"no agents", with(func(in *CInput) { in.Agents = 0 }), "Agents", "at least 1", false},
		{"negative within", with(func(in *CInput) { in.Within = -time.Second }), "Within", "≥ 0", false},
		// ρ = 1 exactly: 8 Erlang on 8 agents.
		{"rho = 1", with(func(in *CInput) { in.Agents = 8 }), "Agents",
			"offered load 8.00 Erlang needs more than 8 agents (ρ = 1.00 ≥ 1): the queue grows without bound", true},
		// The contract's refusal: 200/h × 4 min = 13.33 Erlang on 10 agents.
		{"rho > 1", with(func(in *CInput) { in.RatePerSecond = 200.0 / 3600 }), "Agents",
			"offered load 13.33 Erlang needs more than 13 agents (ρ = 1.33 ≥ 1)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := C(tt.in)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *InputError", err)
			}
			if ie.Field != tt.field || !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("err = %q (field %s), want field %s and %q", err, ie.Field, tt.field, tt.substr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %q spans lines", err)
			}
			if errors.Is(err, ErrUnstable) != tt.unstable {
				t.Errorf("errors.Is(err, ErrUnstable) = %v, want %v", !tt.unstable, tt.unstable)
			}
		})
	}
}

func TestMinAgents(t *testing.T) {
	tests := []struct {
		name   string
		in     CInput
		target float64
	}{
		{"80/20 at 10 Erlang", cInput(10, 0, 20*time.Second), 0.8},
		{"80/20 at 48 Erlang", CInput{RatePerSecond: 360.0 / 1800, AHT: 4 * time.Minute, Within: 20 * time.Second}, 0.8},
		{"90/30 at 950 Erlang", cInput(950, 0, 30*time.Second), 0.9},
		{"target 0: just stable", cInput(7.5, 0, 0), 0},
		{"integer load", cInput(8, 0, 0), 0},
		{"tiny load, 99.99% at once", cInput(0.001, 0, 0), 0.9999},
		{"P(wait) ≤ 1e-12", cInput(50, 0, 0), 1 - 1e-12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MinAgents(tt.in, tt.target)
			if err != nil {
				t.Fatal(err)
			}
			// Brute force: the first stable c whose service level reaches the target.
			a := tt.in.RatePerSecond * tt.in.AHT.Seconds()
			want := 0
			for c := 1; want == 0; c++ {
				in := tt.in
				in.Agents = c
				if float64(c) <= a {
					continue
				}
				r, err := C(in)
				if err != nil {
					t.Fatal(err)
				}
				if r.ServiceLevel >= tt.target {
					want = c
				}
			}
			if got != want {
				t.Errorf("MinAgents = %d, brute force %d", got, want)
			}
		})
	}
	if _, err := MinAgents(cInput(10, 0, 0), 1); err == nil {
		t.Error("target 1: want an error")
	}
	if _, err := MinAgents(cInput(10, 0, 0), math.NaN()); err == nil {
		t.Error("target NaN: want an error")
	}
	if _, err := MinAgents(CInput{AHT: time.Minute}, 0.8); err == nil {
		t.Error("rate 0: want an error")
	}
}

// BenchmarkC1000 is Erlang C for 1000 agents at ρ = 0.95: the Erlang B recursion runs
// 1000 steps.
func BenchmarkC1000(b *testing.B) {
	in := cInput(950, 1000, 20*time.Second)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := C(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMinAgents1000(b *testing.B) {
	in := cInput(950, 0, 20*time.Second)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MinAgents(in, 0.8); err != nil {
			b.Fatal(err)
		}
	}
}
