package reports

import "github.com/omnisim/omnisim/sim"

// Simulate runs every replication of m on up to workers goroutines (≤ 0:
// GOMAXPROCS) and summarizes them: the report omnisim run prints and omnisim check
// asserts on. progress, if not nil, is called with the number of replications done.
// The report does not depend on workers.
func Simulate(m *sim.Model, workers int, progress func(done int)) (*Report, error) {
	results, err := sim.RunReplications(m, sim.AllReplications(m), workers, progress)
	if err != nil {
		return nil, err
	}
	reps := make([]RepValues, len(results))
	for i, r := range results {
		reps[i] = FromResult(r)
	}
	return Build(MetaOf(m), reps), nil
}
