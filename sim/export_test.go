package sim

// SetConcurrencyFromIntegrals switches how groups of concurrency 1 get their
// concurrency histogram, for a test, and returns the function that restores it.
func SetConcurrencyFromIntegrals(on bool) (restore func()) {
	old := concurrencyFromIntegrals
	concurrencyFromIntegrals = on
	return func() { concurrencyFromIntegrals = old }
}

// SetWaitPredictionHook sets the function that sees every scored wait prediction
// (conversations ahead, realised wait, prediction), for a test, and returns the
// function that removes it.
func SetWaitPredictionHook(f func(ahead int, wait, predicted Time)) (restore func()) {
	old := waitPredictionHook
	waitPredictionHook = f
	return func() { waitPredictionHook = old }
}
