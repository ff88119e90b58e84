package sim_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

func reportJSON(t *testing.T, m *sim.Model, workers int) []byte {
	t.Helper()
	res, err := sim.RunReplications(m, sim.AllReplications(m), workers, nil)
	if err != nil {
		t.Fatal(err)
	}
	reps := make([]reports.RepValues, len(res))
	for i, r := range res {
		reps[i] = reports.FromResult(r)
	}
	var b bytes.Buffer
	if err := reports.Build(reports.MetaOf(m), reps).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Same seed ⇒ the same bytes, whatever the number of workers.
func TestSameSeedSameBytes(t *testing.T) {
	q := mmc{ratePerHour: 300, aht: 4 * time.Minute, agents: 22, k: 1, within: 30 * time.Second, patience: 2 * time.Minute, horizon: 50 * time.Hour, reps: 6}
	m := q.model()
	one := reportJSON(t, m, 1)
	for _, w := range []int{2, 3, 6} {
		if got := reportJSON(t, m, w); !bytes.Equal(one, got) {
			t.Fatalf("workers=%d changed the report", w)
		}
	}
	m.Seed++
	if bytes.Equal(one, reportJSON(t, m, 2)) {
		t.Fatal("a different seed gave the same report")
	}
}

// Common random numbers: staffing changes what happens to customers, not which
// customers come. The offered count per replication is identical across staffing
// levels, and more agents never make the service level worse here.
func TestStaffingKeepsTheSameTraffic(t *testing.T) {
	q := mmc{ratePerHour: 300, aht: 4 * time.Minute, k: 1, within: 30 * time.Second, patience: 2 * time.Minute, horizon: 20 * time.Hour, reps: 4}
	var offered []int64
	prevSL := -1.0
	for _, agents := range []int{18, 20, 22, 26} {
		q.agents = agents
		res, err := sim.RunReplications(q.model(), []int{0, 1, 2, 3}, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if agents == 18 {
				offered = append(offered, r.Total.Offered)
			} else if r.Total.Offered != offered[i] {
				t.Fatalf("agents=%d replication %d offered %d, with 18 agents %d", agents, i, r.Total.Offered, offered[i])
			}
		}
		sl := reports.Summarize([]float64{metrics.Values(&res[0].Total)[metrics.Index("service_level")]}).Mean
		if sl < prevSL {
			t.Errorf("agents=%d: service level %.4f below the %.4f of fewer agents", agents, sl, prevSL)
		}
		prevSL = sl
	}
}
