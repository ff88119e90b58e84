package check

import (
	"math"
	"slices"
	"testing"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// TestStrictLooks: a check without strict assertions looks once, at 95 %, as it
// always did; with one, it may add replications (doubling to 4 × the scenario's)
// and judges each look at 1 − 5 %/3.
func TestStrictLooks(t *testing.T) {
	plain := []reports.Assert{{Metric: "service_level", Op: ">=", Value: 0.8}}
	strict := append(slices.Clone(plain), reports.Assert{Metric: "abandon_rate", Op: "<=", Value: 0.05, Strict: true})
	for _, tc := range []struct {
		name    string
		asserts []reports.Assert
		n0      int
		looks   []int
		level   float64
	}{
		{"no strict", plain, 10, []int{10}, 0.95},
		{"strict", strict, 10, []int{10, 20, 40}, 1 - 0.05/3},
		{"strict, one replication", strict, 1, []int{2, 4, 8}, 1 - 0.05/3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			looks, level := strictLooks(tc.asserts, tc.n0)
			if !slices.Equal(looks, tc.looks) || math.Abs(level-tc.level) > 1e-12 {
				t.Errorf("looks %v at %v, want %v at %v", looks, level, tc.looks, tc.level)
			}
		})
	}
}

// TestStrictCheckAddsReplications: a strict assertion whose 4-replication
// interval straddles its value is decided on more replications, and the verdict
// says how many it rested on. The value is set between the mean and the 95 %
// bound of a first run, so the first look cannot decide.
func TestStrictCheckAddsReplications(t *testing.T) {
	const text = `version: 1
seed: 5
horizon: 24h
warmup: 2h
replications: 4
sla: {within: 20s, target: 80%}
channels:
  web: {}
arrivals:
  - {channel: web, rate: 100/h}
customers:
  messages: {dist: constant, value: 1}
agents:
  - {name: pool, count: 6, concurrency: 1, response_time: {dist: exponential, mean: 3m}}
routing: {capacity: tab}
`
	sc, err := scenarios.Parse("strict.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	first, err := Scenario(sc) // no assertions: one look
	if err != nil || len(first) != 0 {
		t.Fatalf("%v, %v", first, err)
	}
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := reports.Simulate(m, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Metric("service_level")
	sc.Assert = []scenarios.Assertion{{Text: "service_level >= x strict", Metric: "service_level", Op: ">=", Value: s.Mean - s.CI95/2, Strict: true}}
	v, err := Scenario(sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("4 replications: %.4f ± %.4f; asserted ≥ %.4f; decided on %d: %.4f ± %.4f (×%.3f), pass %v %s",
		s.Mean, s.CI95, sc.Assert[0].Value, v[0].Value.N, v[0].Value.Mean, v[0].Value.CI95, v[0].Level, v[0].Pass, v[0].Why)
	if v[0].Value.N <= 4 {
		t.Errorf("decided on %d replications; the first look straddles, so more were due", v[0].Value.N)
	}
	if v[0].Undecided() && v[0].Value.N < 16 {
		t.Errorf("still undecided after %d replications, before the last look", v[0].Value.N)
	}
}
