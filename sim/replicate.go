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
	out := make([]*Result, len(reps))
	err := RunEach(m, reps, workers, func(i int, r *Result) { out[i] = r }, progress)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RunEach is RunReplications handing each result to each(i, result), i indexing
// reps, as soon as its replication ends, from the goroutine that ran it (calls for
// different i may run at once). A caller that keeps a summary of each result
// instead of the result holds one result per worker, not one per replication:
// a result's histograms take tens of kilobytes per interval of the day.
func RunEach(m *Model, reps []int, workers int, each func(i int, r *Result), progress func(done int)) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(reps))
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
					err = r.eventsDone()
					if err == nil {
						each(i, r.res)
					}
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
			return err
		}
	}
	return nil
}

// AllReplications returns 0, 1, …, m.Replications-1.
// A count beyond MaxReplications, which Validate refuses, is cut at one more than
// it: the list is built before the model is validated.
func AllReplications(m *Model) []int {
	reps := make([]int, max(0, min(m.Replications, MaxReplications+1)))
	for i := range reps {
		reps[i] = i
	}
	return reps
}
