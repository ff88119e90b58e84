package sim_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// nudgeModel: conversations of three customer messages arrive on channel for the
// first 10 hours only (2 an hour), each answered in exactly 60 s by one of many
// free agents; the customer pauses exactly pause after each agent reply. Nothing
// is random but the arrival times, so every conversation follows the same
// timeline and the run's counts are a whole multiple of its arrivals; the 72 h
// horizon holds every timeline whole.
func nudgeModel(t *testing.T, channel string, pause time.Duration, n *sim.Nudge) *sim.Model {
	t.Helper()
	rules, err := channels.Default().Lookup(channel)
	if err != nil {
		t.Fatal(err)
	}
	return &sim.Model{
		Name: "nudge", Seed: 7, Horizon: 72 * time.Hour, Interval: time.Hour, Replications: 1, SLAWithin: time.Minute,
		Channels: []sim.Channel{{Name: channel, Units: 1, Rules: rules}},
		Arrivals: []sim.Arrival{{Channel: 0, Rate: sim.Weekly{{At: 0, Value: 2.0 / 3600}, {At: 10 * time.Hour, Value: 0}},
			Intents: sim.One("general"), Languages: sim.One("en")}},
		Messages: dist.Constant(3), Pause: dist.Constant(pause.Seconds()),
		Groups:        []sim.Group{{Name: "agents", Staff: sim.Constant(40), Concurrency: 5, ResponseTime: dist.Constant(60)}},
		Routing:       router.Config{Model: router.LeastActive},
		InactiveAfter: time.Hour,
		Nudge:         n,
	}
}

// runTotal runs replication 0 of m and returns its whole-run tally and the number
// of arrivals (conversations offered that were not returns).
func runTotal(t *testing.T, m *sim.Model) (sim.Tally, int64) {
	t.Helper()
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	tot := res.Total
	// The counts are the cells', so every scope has them: one channel and one
	// queue are the whole run, and the intervals add up to it.
	var iv sim.Tally
	for i := range res.ByInterval {
		iv.Nudges += res.ByInterval[i].Nudges
		iv.NudgeReplies += res.ByInterval[i].NudgeReplies
		iv.AutoClosed += res.ByInterval[i].AutoClosed
		iv.BotAutoClosed += res.ByInterval[i].BotAutoClosed
	}
	for _, sc := range []*sim.Tally{&res.ByChannel[0], &res.ByQueue[0], &iv} {
		if sc.Nudges != tot.Nudges || sc.NudgeReplies != tot.NudgeReplies || sc.AutoClosed != tot.AutoClosed || sc.BotAutoClosed != tot.BotAutoClosed {
			t.Errorf("a scope's counts %d %d %d %d differ from the total's %d %d %d %d", sc.Nudges, sc.NudgeReplies, sc.AutoClosed, sc.BotAutoClosed,
				tot.Nudges, tot.NudgeReplies, tot.AutoClosed, tot.BotAutoClosed)
		}
	}
	n := tot.Offered - tot.Returns
	if n < 5 {
		t.Fatalf("only %d arrivals: the test means nothing", n)
	}
	return tot, n
}

// TestNudgeTimeline checks the nudge counts against timelines computed by hand.
// Every conversation has two customer pauses (three messages); inactive_after is
// 1h, so a pause longer than 1h gets a nudge at 1h after the agent's reply. Per
// arriving conversation, over the conversations it leads to (a customer who
// writes after the close opens a new one, a return, with the messages left):
func TestNudgeTimeline(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pause time.Duration
		end   time.Duration // end_inactive_after; 0: none
		nudge *sim.Nudge
		// per arrival
		nudges, replies, closed, returns int64
	}{
		// 30m < inactive_after: nobody is nudged, nothing closes.
		{"short pause", 30 * time.Minute, 0, &sim.Nudge{CloseAfter: 30 * time.Minute}, 0, 0, 0, 0},
		// Nudge at 1h, close at 1h30m, the customer writes at 2h: closed, returns
		// as a new conversation with two messages left, is nudged and closed
		// again, returns with one message (no pause after its reply).
		{"nobody replies", 2 * time.Hour, 0, &sim.Nudge{CloseAfter: 30 * time.Minute}, 2, 0, 2, 2},
		// Every nudge brings its customer back 10m later, before the close at
		// 1h30m: the conversation continues; two nudges, two replies.
		{"everyone replies in time", 2 * time.Hour, 0,
			&sim.Nudge{Reply: 1, ReplyDelay: dist.Constant(600), CloseAfter: 30 * time.Minute}, 2, 2, 0, 0},
		// The reply would come 45m after the nudge, after the close at 1h30m:
		// closed, and the customer comes back at 1h45m as a new conversation.
		{"replies after the close", 2 * time.Hour, 0,
			&sim.Nudge{Reply: 1, ReplyDelay: dist.Constant(2700), CloseAfter: 30 * time.Minute}, 2, 0, 2, 2},
		// The customer writes on their own at 1h20m, after the nudge and before
		// the close at 1h30m: a nudged customer who wrote again.
		{"writes before the close anyway", 80 * time.Minute, 0, &sim.Nudge{CloseAfter: 30 * time.Minute}, 2, 2, 0, 0},
		// No close of its own: end_inactive_after (3h) ends it, an auto-close too;
		// the customer returns at 4h.
		{"end_inactive_after closes", 4 * time.Hour, 3 * time.Hour, &sim.Nudge{}, 2, 0, 2, 2},
		// A close_after past end_inactive_after: the earlier end holds.
		{"end_inactive_after first", 4 * time.Hour, 3 * time.Hour, &sim.Nudge{CloseAfter: 5 * time.Hour}, 2, 0, 2, 2},
		// Without a nudge end_inactive_after still auto-closes.
		{"no nudge", 4 * time.Hour, 3 * time.Hour, nil, 0, 0, 2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := nudgeModel(t, "web", tc.pause, tc.nudge)
			m.EndInactiveAfter = tc.end
			tot, n := runTotal(t, m)
			got := [4]int64{tot.Nudges, tot.NudgeReplies, tot.AutoClosed, tot.Returns}
			want := [4]int64{tc.nudges * n, tc.replies * n, tc.closed * n, tc.returns * n}
			if got != want {
				t.Errorf("%d arrivals: nudges, replies, auto-closed, returns = %v, want %v", n, got, want)
			}
			// Every conversation still ends with its customer's last message answered.
			if tot.Offered != n+tot.Returns || tot.Handled != tot.Offered {
				t.Errorf("offered %d, handled %d, arrivals %d, returns %d", tot.Offered, tot.Handled, n, tot.Returns)
			}
		})
	}
}

// TestNudgePricing: after 25 h of silence a WhatsApp nudge is outside the 24 h
// customer-service window, so it needs an approved template, billed at the
// catalog's utility price outside the window (the window engine's default
// category for a follow-up); on web, which has no window, it is sent as it is
// and costs nothing. Inside the window (1 h) a WhatsApp nudge is a free service
// message.
func TestNudgePricing(t *testing.T) {
	wa, err := channels.Default().Lookup("whatsapp")
	if err != nil {
		t.Fatal(err)
	}
	utility, err := wa.Price(channels.OutboundDir, channels.CategoryUtility, false)
	if err != nil || utility <= 0 {
		t.Fatalf("catalog utility price outside the window: %v, %v", utility, err)
	}
	for _, tc := range []struct {
		channel   string
		silence   time.Duration
		templates int64   // per nudge
		cost      float64 // per nudge
	}{
		{"whatsapp", 25 * time.Hour, 1, utility},
		{"whatsapp", time.Hour, 0, 0},
		{"web", 25 * time.Hour, 0, 0},
	} {
		t.Run(tc.channel+" after "+sim.ShortDuration(tc.silence), func(t *testing.T) {
			// One pause of 30h per conversation would see two nudges; keep one:
			// two messages, and the return is not nudged (its reply is the last).
			m := nudgeModel(t, tc.channel, 30*time.Hour, &sim.Nudge{CloseAfter: time.Hour})
			m.Messages = dist.Constant(2)
			m.InactiveAfter, m.EndInactiveAfter = tc.silence, 48*time.Hour
			m.Horizon = 96 * time.Hour
			tot, n := runTotal(t, m)
			if tot.Nudges != n || tot.AutoClosed != n {
				t.Fatalf("%d arrivals: %d nudges, %d auto-closed; want one each", n, tot.Nudges, tot.AutoClosed)
			}
			if tot.TemplatesRequired != tc.templates*n {
				t.Errorf("templates required %d, want %d", tot.TemplatesRequired, tc.templates*n)
			}
			// Agent replies answer a customer who just wrote: inside the window,
			// free; inbound messages are free on both channels. The nudges are the cost.
			if want := tc.cost * float64(n); math.Abs(tot.Cost-want) > 1e-9 || math.Abs(tot.CostBy[1]-want) > 1e-9 {
				t.Errorf("cost %v (utility %v), want %v", tot.Cost, tot.CostBy[1], want)
			}
		})
	}
}

// TestNudgeValidate: a nudge a channel can never send, and values out of range,
// are the model's errors.
func TestNudgeValidate(t *testing.T) {
	for _, tc := range []struct {
		name, channel string
		after         time.Duration
		nudge         sim.Nudge
		want          string
	}{
		{"messenger past 24h", "messenger", 25 * time.Hour, sim.Nudge{}, "messenger cannot send a nudge after 25h of silence (outside_24h_window)"},
		{"reply above 1", "web", time.Hour, sim.Nudge{Reply: 1.5}, "routing.nudge.reply 1.5"},
		{"negative close", "web", time.Hour, sim.Nudge{CloseAfter: -time.Minute}, "routing.nudge.close_after -1m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.nudge
			m := nudgeModel(t, tc.channel, time.Hour, &n)
			m.InactiveAfter = tc.after
			err := m.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate: %v, want %q", err, tc.want)
			}
		})
	}
	// Messenger inside its window can send it.
	m := nudgeModel(t, "messenger", time.Hour, &sim.Nudge{})
	if err := m.Validate(); err != nil {
		t.Errorf("messenger after 1h: %v", err)
	}
}

// TestBotInactivity: the bot's own clock. A confident bot that resolves nothing
// hands off after max_turns (3) turns, with a 30m customer pause between turns.
// With bot_inactive_after below the pause every conversation is closed by the
// bot after its first turn; above it, or without it, none is and all are handed
// off.
func TestBotInactivity(t *testing.T) {
	for _, tc := range []struct {
		name       string
		quiet      time.Duration
		closed     bool
		handedOver bool
	}{
		{"clock shorter than the pause", 10 * time.Minute, true, false},
		{"clock longer than the pause", time.Hour, false, true},
		{"no clock", 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := nudgeModel(t, "web", 30*time.Minute, nil)
			m.Bot = &sim.Bot{Threshold: 0.5, MaxTurns: 3, Latency: dist.Constant(2),
				Intents: []sim.BotIntent{{Intent: "general", Resolvable: 0, Confidence: dist.Constant(0.9)}}}
			m.BotInactiveAfter = tc.quiet
			tot, n := runTotal(t, m)
			want := int64(0)
			if tc.closed {
				want = n
			}
			if tot.BotEntered != n || tot.BotAutoClosed != want {
				t.Errorf("%d arrivals: bot entered %d, closed by the bot %d, want %d", n, tot.BotEntered, tot.BotAutoClosed, want)
			}
			routed := int64(0)
			if tc.handedOver {
				routed = n
			}
			if tot.Routed != routed || tot.BotMaxTurns != routed {
				t.Errorf("routed %d, max-turn hand-offs %d, want %d", tot.Routed, tot.BotMaxTurns, routed)
			}
		})
	}
}
