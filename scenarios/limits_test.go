package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// limitBase is a small valid scenario; each case of TestSizeLimits changes one line.
const limitBase = `version: 1
horizon: 24h
replications: 2
interval: 30m
channels: {web: {}}
arrivals:
  - {channel: web, rate: 60/h}
agents:
  - {name: a, count: 5, concurrency: 2, response_time: {dist: exponential, mean: 60s}}
`

// TestSizeLimits: input that would crash the simulator or exhaust memory (issue 13,
// item 7: interval 1s overflowed an int16 and panicked, 1ms ran out of memory, 1ns
// panicked in makeslice, rate 1e300/h grew memory without end) is refused at the
// line of the field, naming the limit; what validates builds a model that runs.
func TestSizeLimits(t *testing.T) {
	many := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(f(i))
		}
		return b.String()
	}
	tests := []struct {
		name, old, new string
		want           string // FILE:LINE:COL: field: and part of the message
	}{
		{"interval 1s", "interval: 30m", "interval: 1s", "s.yaml:4:11: interval: must be at least 1m"},
		{"interval 1ms", "interval: 30m", "interval: 1ms", "s.yaml:4:11: interval: must be at least 1m"},
		{"interval 1ns", "interval: 30m", "interval: 1ns", "s.yaml:4:11: interval: must be at least 1m"},
		{"rate 1e300/h", "rate: 60/h", "rate: 1e300/h", "s.yaml:7:26: arrivals[0].rate: 2.4e+301 expected conversations per replication"},
		{"profile", "rate: 60/h", `profile: [{at: "00:00", rate: 1/h}, {at: "12:00", rate: 1e10/h}]`,
			"s.yaml:7:29: arrivals[0].profile: 1.2e+11 expected conversations per replication (rate × (warmup + horizon), all streams); at most 1e+08"},
		{"long horizon", "horizon: 24h", "horizon: 876000h\nwarmup: 0s", "arrivals[0].rate: 5.26e+07"}, // under the limit: valid
		{"replications 1e12", "replications: 2", "replications: 1000000000000", "s.yaml:3:15: replications: must be ≤ 10000"},
		{"results", "replications: 2\ninterval: 30m", "replications: 10000\ninterval: 1m", "s.yaml:3:15: replications: 10000 replications keep about 13."},
		{"concurrency", "concurrency: 2", "concurrency: 1000000", "s.yaml:9:38: agents[0].concurrency: must be ≤ 1000"},
		{"agents", "count: 5", "count: 1000000, response_time: {dist: constant, value: 1}}\n  - {name: b, count: 1000000", "s.yaml:9:3: agents: 2000000 agents in all groups"},
		{"messages", "agents:", "customers: {messages: {dist: constant, value: 1e6}}\nagents:", "s.yaml:8:23: customers.messages: mean of 1e+06 customer messages per conversation; at most 1000"},
		{"intents", "rate: 60/h}", "rate: 60/h, intents: {" + many(10001, func(i int) string { return fmt.Sprintf("i%d: %.17g, ", i, 1.0/10001) }) + "}}",
			"arrivals[0].intents: 10001 entries; at most 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(limitBase, tt.old) {
				t.Fatalf("base lacks %q", tt.old)
			}
			text := strings.Replace(limitBase, tt.old, tt.new, 1)
			s, err := Parse("s.yaml", []byte(text))
			if tt.name == "long horizon" {
				// Valid: 60/h for 100 years is 5.3e7 conversations, under the limit.
				if err != nil {
					t.Fatalf("valid scenario refused: %v", err)
				}
				if _, err := s.Model(); err != nil {
					t.Fatalf("validates but Model fails: %v", err)
				}
				return
			}
			var list *ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("want an *ErrorList, got %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

// TestLimitsAfterChange: a scenario changed after loading (as flags and sweeps
// do) is refused by Model with the field to change, so that run agrees with
// validate.
func TestLimitsAfterChange(t *testing.T) {
	s, err := Parse("s.yaml", []byte(limitBase))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		set   func(*Scenario)
		field string
	}{
		{"interval 1s", func(s *Scenario) { s.Interval = 1e9 }, "interval: must be at least 1m"},
		{"replications", func(s *Scenario) { s.Replications = 1e12 }, "replications: at most 10000"},
		{"rate", func(s *Scenario) { s.Arrivals[0].Rate = 1e300 }, "arrivals[0]: "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := *s
			c.Arrivals = append([]Arrival(nil), s.Arrivals...)
			tt.set(&c)
			_, err := c.Model()
			if err == nil || !strings.HasPrefix(err.Error(), tt.field) {
				t.Errorf("Model: %v, want an error starting with %q", err, tt.field)
			}
		})
	}
}
