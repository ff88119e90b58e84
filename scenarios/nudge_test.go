package scenarios

import (
	"testing"
	"time"
)

// TestNudgeModel: routing.nudge and routing.bot_inactive_after reach the
// simulator's model, channels by index, with the reply delay and the close.
func TestNudgeModel(t *testing.T) {
	for _, tc := range []struct {
		name, nudge string
		channels    []int // nil: every channel
		reply       float64
		delay       bool
		close       time.Duration
	}{
		{"every channel", "nudge: {reply: 30%, reply_delay: {dist: exponential, mean: 20m}, close_after: 2h}", nil, 0.3, true, 2 * time.Hour},
		{"listed channels", "nudge: {channels: [web], close_after: 1h}", []int{1}, 0, false, time.Hour},
		{"null: a nudge nobody answers", "nudge:", nil, 0, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `version: 1
horizon: 10h
channels: {whatsapp: {}, web: {}}
arrivals:
  - {channel: web, rate: 10/h}
agents:
  - {name: pool, count: 2, response_time: {dist: exponential, mean: 2m}}
routing:
  inactive_after: 25h
  end_inactive_after: 48h
  bot_inactive_after: 15m
  ` + tc.nudge + "\n"
			s, err := Parse("n.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			m, err := s.Model()
			if err != nil {
				t.Fatal(err)
			}
			n := m.Nudge
			if n == nil {
				t.Fatal("no nudge in the model")
			}
			if len(n.Channels) != len(tc.channels) || (tc.channels == nil) != (n.Channels == nil) {
				t.Fatalf("channels %v, want %v", n.Channels, tc.channels)
			}
			for i := range tc.channels {
				if n.Channels[i] != tc.channels[i] {
					t.Errorf("channels %v, want %v", n.Channels, tc.channels)
				}
			}
			if n.Reply != tc.reply || n.CloseAfter != tc.close || n.ReplyDelay.IsZero() == tc.delay {
				t.Errorf("reply %v, close %v, delay set %v; want %v, %v, %v", n.Reply, n.CloseAfter, !n.ReplyDelay.IsZero(), tc.reply, tc.close, tc.delay)
			}
			if m.BotInactiveAfter != 15*time.Minute || m.InactiveAfter != 25*time.Hour {
				t.Errorf("bot_inactive_after %v, inactive_after %v", m.BotInactiveAfter, m.InactiveAfter)
			}
			if err := m.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}
