package loadtest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/omnisim/omnisim/loadtest"
	"github.com/omnisim/omnisim/sim/dist"
)

func TestParseThreshold(t *testing.T) {
	for _, tc := range []struct {
		in     string
		metric string
		op     string
		value  float64
	}{
		{"p99<50ms", "p99", "<", 50},
		{"message.p90 <= 1.5s", "message.p90", "<=", 1500},
		{"lag.p99<5ms", "lag.p99", "<", 5},
		{"errors<0.1%", "errors", "<", 0.001},
		{"errors<0.001", "errors", "<", 0.001},
		{"lost=0", "lost", "=", 0},
		{"duplicated==0", "duplicated", "=", 0},
		{"rate>=98%", "rate", ">=", 0.98},
		{"max<250", "max", "<", 250},
	} {
		th, err := loadtest.ParseThreshold(tc.in)
		if err != nil || th.Metric != tc.metric || th.Op != tc.op || th.Value != tc.value {
			t.Errorf("%q: %+v, %v", tc.in, th, err)
		}
	}
	for _, bad := range []string{"", "p99", "p98<5ms", "lost<x", "p99<5 parsecs", "nope=1", "errors<%"} {
		if _, err := loadtest.ParseThreshold(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// Two shards against one server make the schedule of one machine; merged, their
// reports add up, and the histograms merge (the merged count is the sum).
func TestShardsMerge(t *testing.T) {
	clock := newVirtualClock()
	ts := startServer(t, clock, 40, nil)
	tr := traffic(t)
	tr.Messages = dist.Constant(2)
	reps := make([]*loadtest.Report, 2)
	for i := range reps { // one after the other, on the server's virtual clock
		rep, err := loadtest.Run(context.Background(), loadtest.Config{
			Target: ts.URL, Rate: 60, Duration: time.Second, TimeScale: 3600, Traffic: tr, Webhooks: true,
			Shard: i + 1, Shards: 2, Seed: 5, Clock: clock,
		})
		if err != nil {
			t.Fatal(err)
		}
		reps[i] = rep
	}
	// Through JSON, as the merge command reads them.
	for i, r := range reps {
		var b bytes.Buffer
		if err := r.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		back, err := loadtest.ReadReport(&b)
		if err != nil {
			t.Fatal(err)
		}
		reps[i] = back
	}
	m, err := loadtest.Merge(reps)
	if err != nil {
		t.Fatal(err)
	}
	if m.Shards != 2 || m.Conversations.Started != 60 || reps[0].Conversations.Started != 30 {
		t.Fatalf("merged %d shards, %d conversations (shard 1: %d), want 2, 60 (30)", m.Shards, m.Conversations.Started, reps[0].Conversations.Started)
	}
	if m.Audit.Acknowledged != 120 || m.Audit.Lost != 0 || m.Audit.Duplicated != 0 || !m.Audit.Audited {
		t.Fatalf("merged audit %+v", m.Audit)
	}
	if got, want := m.Latency["all"].Count, int64(reps[0].Requests+reps[1].Requests); got != want {
		t.Fatalf("merged histogram counts %d requests, want %d", got, want)
	}
	if m.LatencyEstimator != "hdr_histograms" || reps[0].LatencyEstimator != "vegeta" {
		t.Errorf("latency estimators: merged %q, shard %q", m.LatencyEstimator, reps[0].LatencyEstimator)
	}
	if m.RateTarget != 60 {
		t.Fatalf("merged target rate %v", m.RateTarget)
	}
}
