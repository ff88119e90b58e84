package fit

import (
	"os"
	"testing"

	"github.com/omnisim/omnisim/eventlog"
)

// BenchmarkFitLog reads, observes and fits the event log named by
// OMNISIM_FIT_LOG (skipped without it), reporting events read and events/s
// (wall). The 10-million-event target (make bench-fit runs this on
// bench-10m.yaml at 132 h and 1,320 h: 1.0 and 10.1 million events):
//
//	omnisim run fit/testdata/bench-10m.yaml --events /tmp/big.csv --out /dev/null
//	OMNISIM_FIT_LOG=/tmp/big.csv go test -run XXX -bench FitLog -benchtime 1x ./fit
func BenchmarkFitLog(b *testing.B) {
	path := os.Getenv("OMNISIM_FIT_LOG")
	if path == "" {
		b.Skip("OMNISIM_FIT_LOG not set")
	}
	b.ReportAllocs()
	var events int64
	for i := 0; i < b.N; i++ {
		o := NewObserver(0)
		s := eventlog.NewScanner(eventlog.Options{})
		if err := s.ReadFile(path, func(e *eventlog.Event) error { o.Observe(e); return nil }); err != nil {
			b.Fatal(err)
		}
		r := Fit(o.Finish(), Options{})
		events += s.Problems.Rows
		b.ReportMetric(float64(s.Problems.Rows), "events")
		if r.Response == nil {
			b.Fatal("nothing fitted")
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
