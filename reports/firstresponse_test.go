package reports_test

import (
	"fmt"
	"math"
	"testing"
)

// TestFirstResponseByHand checks first_response_p90_seconds against DESIGN.md's
// definition — the time from the customer's first message to the first agent
// reply sent: bot time + wait + reply time — on scenarios where every part is a
// constant, so every conversation's first response is known by hand:
//
//   - bot time: each bot turn takes the bot's latency (2 s), and between turns the
//     customer pauses (the customers' pause, 30 s), so three turns take
//     2 + 30 + 2 + 30 + 2 = 66 s and one turn 2 s;
//   - wait: with push routing the agent accepts an offer after accept_time (5 s),
//     and agents are plenty, so every wait is exactly 5 s;
//   - reply time: the agents' response time, 40 s (no concurrency penalty).
//
// The histogram resolves values to 1/128 relative (sim.Hist), the tolerance.
func TestFirstResponseByHand(t *testing.T) {
	const base = `version: 1
seed: 3
horizon: 24h
replications: 2
interval: 1h
channels: {web: {}}
arrivals:
  - channel: web
    rate: 20/h
    intents: {order_status: 1}
customers:
  messages: {dist: constant, value: 4}
  pause: {dist: constant, value: 30s}
agents:
  - name: pool
    count: 60
    concurrency: 2
    response_time: {dist: constant, value: 40s}
routing:
  push_timeout: 1m
  accept_time: {dist: constant, value: 5s}
`
	bot := func(confidence float64) string {
		return fmt.Sprintf(`bot:
  enabled: true
  threshold: 0.7
  max_turns: 3
  latency: {dist: constant, value: 2s}
  intents:
    order_status: {resolvable: 0, confidence: {dist: constant, value: %g}}
`, confidence)
	}
	cases := []struct {
		name    string
		extra   string
		botTime float64
	}{
		{"no bot", "", 0},
		// confidence 0.5 < threshold: hand-off after the first turn
		{"low confidence", bot(0.5), 2},
		// confidence 0.9 ≥ threshold, resolvable 0: never contained, hand-off after max_turns
		{"max turns", bot(0.9), 2 + 30 + 2 + 30 + 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := simulateYAML(t, base+tc.extra)
			const wait, reply = 5.0, 40.0
			if got := rep.Metric("asa_seconds").Mean; math.Abs(got-wait) > 1e-9 {
				t.Fatalf("asa_seconds = %v, want the accept time %v", got, wait)
			}
			want := tc.botTime + wait + reply
			got := rep.Metric("first_response_p90_seconds").Mean
			if math.Abs(got-want) > want/128 {
				t.Errorf("first_response_p90_seconds = %v, want bot %v + wait %v + reply %v = %v", got, tc.botTime, wait, reply, want)
			}
			if tc.botTime > 0 {
				if bs := rep.Metric("bot_seconds").Mean; math.Abs(bs-tc.botTime) > 1e-9 {
					t.Errorf("bot_seconds = %v, want %v", bs, tc.botTime)
				}
			}
		})
	}
}
