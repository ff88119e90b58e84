package reports

import "github.com/omnisim/omnisim/sim"

// Simulate runs every replication of m on up to workers goroutines (≤ 0:
// GOMAXPROCS) and summarizes them: the report omnisim run prints and omnisim check
// asserts on. progress, if not nil, is called with the number of replications done.
// The report does not depend on workers.
func Simulate(m *sim.Model, workers int, progress func(done int)) (*Report, error) {
	// Each result becomes its values at once: results, with their histograms, are
	// much larger than values (sim.MaxResultBytes).
	reps := make([]RepValues, m.Replications)
	err := sim.RunEach(m, sim.AllReplications(m), workers, func(i int, r *sim.Result) { reps[i] = FromResult(r) }, progress)
	if err != nil {
		return nil, err
	}
	return Build(MetaOf(m), reps), nil
}
