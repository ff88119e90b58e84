package fit

import (
	"os"
	"testing"

	"github.com/omnisim/omnisim/eventlog"
)

// BenchmarkFitLog reads, observes and fits the event log named by
// OMNISIM_FIT_LOG (skipped without it). The 10-million-event target:
//
//	omnisim run fit/testdata/bench-10m.yaml --events /tmp/big.csv --out /dev/null
//	OMNISIM_FIT_LOG=/tmp/big.csv go test -run XXX -bench FitLog -benchtime 1x ./fit
func BenchmarkFitLog(b *testing.B) {
	path := os.Getenv("OMNISIM_FIT_LOG")
	if path == "" {
		b.Skip("OMNISIM_FIT_LOG not set")
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		o := NewObserver(0)
		s := eventlog.NewScanner(eventlog.Options{})
		if err := s.ReadFile(path, func(e *eventlog.Event) error { o.Observe(e); return nil }); err != nil {
			b.Fatal(err)
		}
		r := Fit(o.Finish(), Options{})
		b.ReportMetric(float64(s.Problems.Rows), "events")
		if r.Response == nil {
			b.Fatal("nothing fitted")
		}
	}
}
