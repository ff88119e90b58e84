package channels

import (
	"testing"
	"time"
)

func TestPrice(t *testing.T) {
	tests := []struct {
		name     string
		channel  string
		dir      Direction
		category string
		inside   bool
		want     float64
		wantErr  string
	}{
		{"whatsapp utility inside window is free", "whatsapp", OutboundDir, CategoryUtility, true, 0, ""},
		{"whatsapp utility outside window is charged", "whatsapp", OutboundDir, CategoryUtility, false, 0.004, ""},
		{"whatsapp marketing inside window is charged", "whatsapp", OutboundDir, CategoryMarketing, true, 0.025, ""},
		{"whatsapp marketing outside window", "whatsapp", OutboundDir, CategoryMarketing, false, 0.025, ""},
		{"whatsapp authentication inside window is charged", "whatsapp", OutboundDir, CategoryAuthentication, true, 0.004, ""},
		{"whatsapp service is free", "whatsapp", OutboundDir, CategoryService, true, 0, ""},
		{"whatsapp free-form", "whatsapp", OutboundDir, "", true, 0, ""},
		{"whatsapp inbound is free", "whatsapp", InboundDir, "", false, 0, ""},
		{"sms outbound", "sms", OutboundDir, "", false, 0.0083, ""},
		{"sms inbound", "sms", InboundDir, "", false, 0.0083, ""},
		{"sms window flag is irrelevant", "sms", OutboundDir, "", true, 0.0083, ""},
		{"rcs outbound", "rcs", OutboundDir, "", false, 0.0083, ""},
		{"messenger is free", "messenger", OutboundDir, "", false, 0, ""},
		{"unknown category", "whatsapp", OutboundDir, "promo", false, 0,
			`unknown template category "promo" (valid: marketing, utility, authentication, service)`},
		{"category the channel lacks", "sms", OutboundDir, CategoryMarketing, false, 0,
			`channel sms has no template category "marketing": it has no template categories`},
		{"messenger has no utility templates", "messenger", OutboundDir, CategoryUtility, false, 0,
			`channel messenger has no template category "utility": it has no template categories`},
		{"inbound with a category", "whatsapp", InboundDir, CategoryMarketing, false, 0,
			`channel whatsapp: inbound messages have no template category (got "marketing")`},
		{"invalid direction", "sms", 0, "", false, 0, "channel sms: invalid message direction 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mustLookup(t, tc.channel).Price(tc.dir, tc.category, tc.inside)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Errorf("error\n got %v\nwant %s", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Price = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestPriceOfDecisions checks that what Decide returns can always be priced, and
// the WhatsApp rule end to end: a utility follow-up is free inside the window and
// charged (as a template) outside it.
func TestPriceOfDecisions(t *testing.T) {
	wa := mustLookup(t, "whatsapp")
	for _, tc := range []struct {
		in   Outbound
		want float64
	}{
		{cat(CategoryUtility, at(FollowUp, time.Hour)), 0},
		{at(FollowUp, day), 0},
		{at(FollowUp, day+1), 0.004},
		{noInbound(at(Proactive, 0)), 0.025},
	} {
		d := wa.Decide(tc.in)
		got, err := wa.Price(OutboundDir, d.Category, wa.InWindow(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("%+v ⇒ %+v costs %v, %v; want %v", tc.in, d, got, err, tc.want)
		}
	}
	for _, name := range Default().Names() {
		ch := mustLookup(t, name)
		for _, cases := range decideCases {
			for _, c := range cases {
				d := ch.Decide(c.in)
				if d.Verdict == Blocked {
					continue
				}
				if _, err := ch.Price(OutboundDir, d.Category, ch.InWindow(c.in)); err != nil {
					t.Errorf("%s: %s: %v", name, c.name, err)
				}
			}
		}
	}
}

func TestCheckCategory(t *testing.T) {
	wa, sms := mustLookup(t, "whatsapp"), mustLookup(t, "sms")
	for _, c := range append([]string{""}, Categories...) {
		if err := wa.CheckCategory(c); err != nil {
			t.Errorf("whatsapp %q: %v", c, err)
		}
	}
	if err := sms.CheckCategory(""); err != nil {
		t.Error(err)
	}
	if err := sms.CheckCategory(CategoryUtility); err == nil {
		t.Error("sms accepts utility")
	}
	if (Direction(0)).String() != "Direction(0)" || InboundDir.String() != "inbound" || OutboundDir.String() != "outbound" {
		t.Error("Direction strings")
	}
}
