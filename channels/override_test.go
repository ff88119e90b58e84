package channels

import (
	"errors"
	"math"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestWithErrors(t *testing.T) {
	tests := []struct {
		name    string
		channel string
		o       Override
		wantErr string
	}{
		{"negative marketing price", "whatsapp", Override{Prices: &PriceOverride{Outbound: map[string]float64{"marketing": -0.01}}},
			"prices.outbound.marketing: must be ≥ 0"},
		{"negative message price", "sms", Override{Prices: &PriceOverride{Outbound: map[string]float64{"message": -1}}},
			"prices.outbound.message: must be ≥ 0"},
		{"NaN price", "sms", Override{Prices: &PriceOverride{Outbound: map[string]float64{"message": math.NaN()}}},
			"prices.outbound.message: must be ≥ 0"},
		{"infinite price", "sms", Override{Prices: &PriceOverride{Outbound: map[string]float64{"message": math.Inf(1)}}},
			"prices.outbound.message: must be ≥ 0"},
		{"negative inbound price", "sms", Override{Prices: &PriceOverride{Inbound: ptr(-0.0083)}},
			"prices.inbound: must be ≥ 0"},
		{"first bad key in sorted order", "whatsapp", Override{Prices: &PriceOverride{Outbound: map[string]float64{"utility": -1, "authentication": -2}}},
			"prices.outbound.authentication: must be ≥ 0"},
		{"category the channel lacks", "sms", Override{Prices: &PriceOverride{Outbound: map[string]float64{"marketing": 0.01}}},
			`prices.outbound.marketing: channel sms has no template category "marketing"`},
		{"unknown price key", "whatsapp", Override{Prices: &PriceOverride{Outbound: map[string]float64{"promo": 0.01}}},
			"prices.outbound.promo: unknown price key (valid for whatsapp: message, marketing, utility, authentication, service)"},
		{"negative throughput", "sms", Override{Throughput: ptr(-1.0)}, "throughput: must be ≥ 0"},
		{"NaN throughput", "sms", Override{Throughput: ptr(math.NaN())}, "throughput: must be ≥ 0"},
		{"window on a channel without one", "sms", Override{Window: ptr(time.Hour)}, "window: channel sms has no messaging window"},
		{"zero window", "whatsapp", Override{Window: ptr(time.Duration(0))}, "window: must be > 0"},
		{"negative window", "whatsapp", Override{Window: ptr(-time.Hour)}, "window: must be > 0"},
		{"human agent window on whatsapp", "whatsapp", Override{HumanAgentWindow: ptr(week)}, "human_agent_window: channel whatsapp has no human-agent window"},
		{"window beyond the human agent window", "messenger", Override{Window: ptr(8 * day)}, "human_agent_window: must be ≥ window (192h0m0s)"},
		{"human agent window below the window", "instagram", Override{HumanAgentWindow: ptr(time.Hour)}, "human_agent_window: must be ≥ window (24h0m0s)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Default().With(tc.channel, tc.o)
			if c != nil || err == nil {
				t.Fatalf("With = %v, %v; want an error", c, err)
			}
			if err.Error() != tc.wantErr {
				t.Errorf("error\n got %s\nwant %s", err, tc.wantErr)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not a *FieldError", err)
			}
		})
	}
	if _, err := Default().With("google_business_messages", Override{}); !errors.Is(err, ErrRetiredChannel) {
		t.Errorf("With(gbm) error = %v", err)
	}
	if _, err := Default().With("whatsap", Override{}); !errors.Is(err, ErrUnknownChannel) {
		t.Errorf("With(whatsap) error = %v", err)
	}
}

func TestWith(t *testing.T) {
	base := Default()
	c, err := base.With("whatsapp", Override{
		Throughput: ptr(1000.0),
		Prices: &PriceOverride{
			Inbound:  ptr(0.001),
			Outbound: map[string]float64{"marketing": 0.05, "utility": 0},
			Source:   "negotiated BSP rates 2026",
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err = c.With("messenger", Override{HumanAgentWindow: ptr(3 * day)})
	if err != nil {
		t.Fatal(err)
	}
	wa, _ := c.Lookup("whatsapp")
	if wa.Throughput != 1000 {
		t.Errorf("throughput %v", wa.Throughput)
	}
	if p, _ := wa.Price(OutboundDir, CategoryMarketing, false); p != 0.05 {
		t.Errorf("marketing %v, want 0.05", p)
	}
	if p, _ := wa.Price(OutboundDir, CategoryAuthentication, false); p != 0.004 {
		t.Errorf("authentication %v, want the default 0.004", p)
	}
	if p, _ := wa.Price(InboundDir, "", false); p != 0.001 {
		t.Errorf("inbound %v", p)
	}
	if !wa.Prices.Overridden || wa.Prices.Source != "negotiated BSP rates 2026" || wa.Prices.AsOf != "2025-07-01" {
		t.Errorf("price table %+v", wa.Prices)
	}
	ms, _ := c.Lookup("messenger")
	if got := ms.Decide(tagged(at(AgentReply, 3*day+1))); got != blocked(ReasonOutsideHumanAgentWindow) {
		t.Errorf("3-day human agent window at 3d+1ns: %+v", got)
	}

	// The default catalog is untouched.
	orig := mustLookup(t, "whatsapp")
	if p, _ := orig.Price(OutboundDir, CategoryMarketing, false); p != 0.025 || orig.Throughput != 80 || orig.Prices.Overridden {
		t.Errorf("default catalog changed: marketing %v, throughput %v", p, orig.Throughput)
	}
	if got := mustLookup(t, "messenger").Decide(tagged(at(AgentReply, 3*day+1))); got.Verdict != Sent {
		t.Errorf("default messenger changed: %+v", got)
	}
	if len(c.Names()) != len(base.Names()) {
		t.Error("With changed the channel list")
	}
}
