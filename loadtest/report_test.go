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

// Every run has two implied thresholds: not every request failed (and some was
// answered), and no conversation unfinished — unless a threshold of one's own on
// unfinished says how many are tolerable.
func TestImpliedThresholds(t *testing.T) {
	lost0, _ := loadtest.ParseThreshold("lost=0")
	upTo2, _ := loadtest.ParseThreshold("unfinished<=2")
	for _, tc := range []struct {
		name                 string
		requests, errors     int
		unfinished           int
		own                  []loadtest.Threshold
		failed               bool
		implied, impliedFail int
	}{
		{"clean", 10, 0, 0, nil, false, 2, 0},
		{"some errors", 10, 9, 0, nil, false, 2, 0},
		{"every request failed", 10, 10, 0, nil, true, 2, 1},
		{"nothing answered", 0, 0, 0, nil, true, 2, 1},
		{"unfinished", 10, 0, 1, []loadtest.Threshold{lost0}, true, 2, 1},
		{"unfinished tolerated", 10, 0, 2, []loadtest.Threshold{upTo2}, false, 1, 0},
		{"unfinished beyond tolerance", 10, 0, 3, []loadtest.Threshold{upTo2}, true, 1, 0},
	} {
		r := &loadtest.Report{Valid: true, Requests: tc.requests, Errors: tc.errors, Audit: loadtest.Audit{Audited: true}}
		if tc.requests > 0 {
			r.ErrorRate = float64(tc.errors) / float64(tc.requests)
		}
		r.Conversations.Unfinished = tc.unfinished
		r.ApplyThresholds(tc.own)
		implied, impliedFail := 0, 0
		for _, th := range r.Thresholds {
			if th.Implied {
				implied++
				if !th.Pass {
					impliedFail++
				}
			}
		}
		if r.Failed() != tc.failed || implied != tc.implied || impliedFail != tc.impliedFail {
			t.Errorf("%s: failed %v, %d implied (%d failed): %+v", tc.name, r.Failed(), implied, impliedFail, r.Thresholds)
		}
	}
}
