package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// Under WhatsApp's conversation-based pricing (the 2023-06-01 table) a customer
// conversation answered free-form inside the window costs one service
// conversation ($0.0088), however many replies it takes; under per-message
// pricing (2025-07-01) service messages are free.
func TestConversationBasedServicePrice(t *testing.T) {
	for _, tc := range []struct {
		date string
		per  float64 // per answered conversation
	}{
		{"2023-06-01", 0.0088},
		{"2025-07-01", 0},
	} {
		d, _ := time.Parse(time.DateOnly, tc.date)
		cat, err := channels.Default().PricesOn("whatsapp", d)
		if err != nil {
			t.Fatal(err)
		}
		rules, _ := cat.Lookup("whatsapp")
		q := mmc{ratePerHour: 60, aht: time.Minute, agents: 3, within: 20 * time.Second, reps: 1, horizon: 24 * time.Hour}
		m := q.model()
		m.Channels = []sim.Channel{{Name: "whatsapp", Units: 1, Rules: rules}}
		m.Messages = dist.Constant(3) // three replies each, all inside the 24 h window
		res, err := sim.Run(m, 0)
		if err != nil {
			t.Fatal(err)
		}
		x := &res.Total
		if x.TemplatesRequired != 0 {
			t.Fatalf("%s: %d templates: replies should all be inside the window", tc.date, x.TemplatesRequired)
		}
		// Every measured conversation got its first reply unless it was still
		// open at the stop; first responses are counted once per conversation.
		answered := float64(x.FirstResponse.Count())
		want := answered * tc.per
		if math.Abs(x.Cost-want) > 1e-9 || answered < 1000 {
			t.Errorf("%s: cost %.4f for %v answered conversations, want %.4f", tc.date, x.Cost, answered, want)
		}
	}
}

// A campaign whose recipients include opted-out customers sends to none of them:
// on SMS, of the campaign's messages a share opted_out is blocked (counted in
// OptOutBlocked and Blocked, costing nothing), within 4 binomial standard errors
// of the share; the others are sent and pay the outbound price.
func TestCampaignOptedOut(t *testing.T) {
	rules, _ := channels.Default().Lookup("sms")
	q := mmc{ratePerHour: 10, aht: time.Minute, agents: 2, within: 20 * time.Second, reps: 1, horizon: 200 * time.Hour}
	m := q.model()
	m.Channels = []sim.Channel{{Name: "sms", Units: 1, Rules: rules}}
	m.Arrivals[0].Rate = sim.Constant(0)
	const share = 0.3
	m.Outbound = []sim.Campaign{{Channel: 0, Rate: sim.Constant(30.0 / 3600), OptedOut: share}}
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	x := &res.Total
	n := float64(x.OutboundSent + x.OptOutBlocked)
	got := float64(x.OptOutBlocked) / n
	se := math.Sqrt(share * (1 - share) / n)
	t.Logf("%d sent, %d not sent (opted out): %.3f, want %.2f ± %.3f", x.OutboundSent, x.OptOutBlocked, got, share, 4*se)
	if n < 5000 || math.Abs(got-share) > 4*se || x.Blocked != x.OptOutBlocked {
		t.Errorf("%v messages, %.3f not sent (want %.2f ± %.3f); blocked %d, opted out %d", n, got, share, 4*se, x.Blocked, x.OptOutBlocked)
	}
	if want := float64(x.OutboundSent) * 0.0083; math.Abs(x.Cost-want) > 1e-9*want {
		t.Errorf("cost %.4f, want %d sent × 0.0083 = %.4f", x.Cost, x.OutboundSent, want)
	}
}
