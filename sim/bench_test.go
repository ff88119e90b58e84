package sim_test

import (
	"testing"
	"time"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

// BenchmarkMMc50 is the headline benchmark: M/M/50 at ρ = 0.9, mean service
// 180 s, 1,000,000 customers through the whole stack (router API, statistics,
// report values) in one replication. Compare with ../shared/bench (SimPy and the
// bare Go kernel) via `make bench`, which prints the ratios.
func BenchmarkMMc50(b *testing.B) {
	benchmarkMMc(b, 1_000_000)
}

func benchmarkMMc(b *testing.B, customers int) {
	q := mmc{ratePerHour: 900, aht: 3 * time.Minute, agents: 50, within: 20 * time.Second, k: 1, reps: 1}
	q.horizon = time.Duration(float64(customers) / q.ratePerHour * float64(time.Hour))
	m := q.model()
	m.Warmup = 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := sim.Run(m, 0)
		if err != nil {
			b.Fatal(err)
		}
		v := reports.FromResult(res)
		if v.Total[0] < float64(customers)*0.99 {
			b.Fatalf("offered %v", v.Total[0])
		}
		b.ReportMetric(float64(res.Events)/b.Elapsed().Seconds()*float64(i+1), "events/s")
	}
	b.ReportMetric(float64(customers), "customers")
}
