package sim

// SetConcurrencyFromIntegrals switches how groups of concurrency 1 get their
// concurrency histogram, for a test, and returns the function that restores it.
func SetConcurrencyFromIntegrals(on bool) (restore func()) {
	old := concurrencyFromIntegrals
	concurrencyFromIntegrals = on
	return func() { concurrencyFromIntegrals = old }
}
