package sim

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim/dist"
)

func limitModel() *Model {
	return &Model{
		Name: "limits", Seed: 1, Horizon: 24 * time.Hour, Interval: 30 * time.Minute, Replications: 2,
		Channels: []Channel{{Name: "web", Units: 1}},
		Arrivals: []Arrival{{Channel: 0, Rate: Constant(60.0 / 3600), Intents: One("general"), Languages: One("en")}},
		Messages: dist.Constant(1), Pause: dist.Constant(60),
		Groups: []Group{{Name: "g", Staff: Constant(5), Concurrency: 2, ResponseTime: dist.Constant(60)}},
	}
}

// TestSizeLimits: a model built in code beyond a size limit is refused by Validate,
// and so by Run and RunReplications, with the field to change, instead of
// panicking (interval 1s overflowed the int16 interval index, 1ns panicked in
// makeslice; issue 13, item 7) or exhausting memory.
func TestSizeLimits(t *testing.T) {
	tests := []struct {
		name  string
		set   func(m *Model)
		field string
		msg   string
	}{
		{"interval 1s", func(m *Model) { m.Interval = time.Second }, "interval", "at least 1m"},
		{"interval 1ns", func(m *Model) { m.Interval = 1 }, "interval", "at least 1m"},
		{"replications", func(m *Model) { m.Replications = 1e12 }, "replications", "at most 10000"},
		{"rate", func(m *Model) { m.Arrivals[0].Rate = Constant(1e300) }, "arrivals[0]", "expected conversations per replication"},
		{"campaign", func(m *Model) {
			m.Outbound = []Campaign{{Channel: 0, Rate: Constant(2000)}}
		}, "outbound[0].rate", "expected conversations"},
		{"concurrency", func(m *Model) { m.Groups[0].Concurrency = 1001 }, "agents[0].concurrency", "at most 1000"},
		{"agents", func(m *Model) { m.Groups[0].Staff = Constant(1e6 + 1) }, "agents", "at most 1000000"},
		{"messages", func(m *Model) { m.Messages = dist.Constant(1e6) }, "customers.messages", "at most 1000"},
		{"results", func(m *Model) { m.Interval, m.Replications = time.Minute, 1000 }, "replications", "at most 1.0 GiB"},
		{"tallies", func(m *Model) {
			m.Interval = time.Minute
			for i := 0; i < 20; i++ {
				m.Channels = append(m.Channels, Channel{Name: "c", Units: 1})
				m.Routing.Queues = append(m.Routing.Queues, router.QueueSpec{Name: "q", OverflowTo: -1})
			}
		}, "interval", "a replication would take about"},
		{"intents", func(m *Model) {
			names, shares := make([]string, MaxItems+1), make([]float64, MaxItems+1)
			for i := range names {
				names[i], shares[i] = "i", 1/float64(MaxItems+1)
			}
			m.Arrivals[0].Intents, _ = NewCategorical(names, shares)
		}, "arrivals[0].intents", "at most 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := limitModel()
			tt.set(m)
			_, err := Run(m, 0)
			var se *SizeError
			if !errors.As(err, &se) || se.Field != tt.field || !strings.Contains(se.Msg, tt.msg) {
				t.Fatalf("Run: %v, want a SizeError at %s saying %q", err, tt.field, tt.msg)
			}
			if _, err := RunReplications(m, AllReplications(m), 1, nil); !errors.As(err, &se) {
				t.Errorf("RunReplications: %v, want a SizeError", err)
			}
		})
	}
	// At the limits, the model runs.
	m := limitModel()
	m.Interval = MinInterval
	if _, err := Run(m, 0); err != nil {
		t.Fatalf("interval 1m: %v", err)
	}
}

// TestExpected: the integral of a weekly rate over a span, against the sum by hand.
func TestExpected(t *testing.T) {
	// 1/s from 08:00 to 20:00 on weekdays, 0 otherwise: 5 × 12 h = 216000 a week.
	w := FromDaily([]DailyPoint{{At: 0, Value: 0, Days: 0x7f}, {At: 8 * time.Hour, Value: 1, Days: 0x7f}, {At: 20 * time.Hour, Value: 0, Days: 0x7f}}, 0x1f)
	for _, tt := range []struct {
		span time.Duration
		want float64
	}{
		{0, 0},
		{8 * time.Hour, 0},
		{9 * time.Hour, 3600},
		{24 * time.Hour, 12 * 3600},
		{time.Duration(Week), 5 * 12 * 3600},
		{time.Duration(2*Week) + 10*time.Hour, 2*5*12*3600 + 2*3600},
	} {
		if got := w.Expected(tt.span); math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("Expected(%v) = %v, want %v", tt.span, got, tt.want)
		}
	}
}

// TestMessageCount: sampled message counts become counts in [1, MaxMessages],
// whatever the sample (a huge one used to wrap the 32-bit counter negative).
func TestMessageCount(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		want int32
	}{{math.NaN(), 1}, {-5, 1}, {0.5, 1}, {1, 1}, {3.7, 3}, {1e12, MaxMessages}, {math.Inf(1), MaxMessages}} {
		if got := messageCount(tt.x); got != tt.want {
			t.Errorf("messageCount(%v) = %d, want %d", tt.x, got, tt.want)
		}
	}
}
