package sim

import (
	"runtime"
	"sync"
)

// RunReplications runs the replications listed in reps (0-based indices) of m on
// up to workers goroutines (workers ≤ 0: GOMAXPROCS) and returns their results in
// the order of reps. Each replication has its own random streams, so the results
// do not depend on workers or on scheduling. progress, if not nil, is called after
// each finished replication with the number done so far.
func RunReplications(m *Model, reps []int, workers int, progress func(done int)) ([]*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(reps))
	out := make([]*Result, len(reps))
	errs := make([]error, len(reps))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
		done int
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(reps) {
					return
				}
				r, err := newReplication(m, reps[i])
				if err == nil {
					r.run()
					out[i] = r.res
					err = r.eventsDone()
				}
				errs[i] = err
				mu.Lock()
				done++
				if progress != nil {
					progress(done)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AllReplications returns 0, 1, …, m.Replications-1.
func AllReplications(m *Model) []int {
	reps := make([]int, m.Replications)
	for i := range reps {
		reps[i] = i
	}
	return reps
}
