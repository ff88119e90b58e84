package channels

import (
	"errors"
	"testing"
	"time"
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// A WhatsApp template sent outside the customer service window is priced by the
// table in force on the date: the latest whose effective date is not after it.
// Meta's North America rates: utility $0.0150 per conversation from 2023-06-01,
// $0.0040 from 2024-08-01 (per message from 2025-07-01); authentication $0.0135
// per conversation until per-message pricing; service conversations $0.0088
// until they became free on 2024-11-01.
func TestPricesOnDate(t *testing.T) {
	cases := []struct {
		date                         string
		asOf, basis                  string
		utility, auth, service, mktg float64
	}{
		{"2023-06-01", "2023-06-01", BasisConversation, 0.015, 0.0135, 0.0088, 0.025},
		{"2024-07-31", "2023-06-01", BasisConversation, 0.015, 0.0135, 0.0088, 0.025},
		{"2024-08-01", "2024-08-01", BasisConversation, 0.004, 0.0135, 0.0088, 0.025},
		{"2024-11-01", "2024-11-01", BasisConversation, 0.004, 0.0135, 0, 0.025},
		{"2025-06-30", "2024-11-01", BasisConversation, 0.004, 0.0135, 0, 0.025},
		{"2025-07-01", "2025-07-01", BasisMessage, 0.004, 0.004, 0, 0.025},
		{"2031-01-01", "2025-07-01", BasisMessage, 0.004, 0.004, 0, 0.025},
	}
	for _, tc := range cases {
		t.Run(tc.date, func(t *testing.T) {
			cat, err := Default().PricesOn("whatsapp", date(tc.date))
			if err != nil {
				t.Fatal(err)
			}
			ch, _ := cat.Lookup("whatsapp")
			if ch.Prices.AsOf != tc.asOf || ch.Prices.Basis != tc.basis {
				t.Errorf("table of %s (%s), want %s (%s)", ch.Prices.AsOf, ch.Prices.Basis, tc.asOf, tc.basis)
			}
			// An agent reply 25 h after the customer's last message: a utility template.
			in := Outbound{Kind: AgentReply, Now: 25 * time.Hour, LastInbound: 0, HasInbound: true}
			d := ch.Decide(in)
			if d.Verdict != TemplateRequired || d.Category != CategoryUtility {
				t.Fatalf("decision %+v, want a utility template", d)
			}
			for _, p := range []struct {
				cat    string
				inside bool
				want   float64
			}{
				{CategoryUtility, ch.InWindow(in), tc.utility},
				{CategoryAuthentication, false, tc.auth},
				{CategoryMarketing, false, tc.mktg},
				{"", true, tc.service}, // a free-form reply inside the window
			} {
				got, err := ch.Price(OutboundDir, p.cat, p.inside)
				if err != nil || got != p.want {
					t.Errorf("%q (inside %v): %v, %v; want %v", p.cat, p.inside, got, err, p.want)
				}
			}
			// The default catalog is not changed.
			if def, _ := Default().Lookup("whatsapp"); def.Prices.AsOf != "2025-07-01" {
				t.Errorf("default catalog's table changed to %s", def.Prices.AsOf)
			}
		})
	}
}

// A date before the earliest table is an error naming the channel and its
// tables; a channel with one undated table (SMS list prices) has it on any date.
func TestPricesOnTooEarly(t *testing.T) {
	_, err := Default().PricesOn("whatsapp", date("2023-05-31"))
	var pe *PriceDateError
	if !errors.As(err, &pe) || pe.Channel != "whatsapp" || pe.Earliest != date("2023-06-01") {
		t.Fatalf("err %v, want a *PriceDateError from 2023-06-01", err)
	}
	want := "whatsapp has no price table in force on 2023-05-31: its tables start on 2023-06-01 (2023-06-01, 2024-08-01, 2024-11-01, 2025-07-01)"
	if err.Error() != want {
		t.Errorf("error %q\nwant %q", err, want)
	}
	sms, _ := Default().Lookup("sms")
	for _, d := range []string{"1999-01-01", "2030-01-01"} {
		tab, err := sms.PricesOn(date(d))
		if err != nil || tab.AsOf != sms.Prices.AsOf {
			t.Errorf("sms on %s: %v, %v", d, tab.AsOf, err)
		}
	}
	if _, ok := sms.EarliestPrices(); ok {
		t.Error("sms: an undated table has no earliest date")
	}
	if _, err := Default().PricesOn("gbm", date("2025-01-01")); !errors.Is(err, ErrRetiredChannel) {
		t.Errorf("retired channel: %v", err)
	}
}

// Free entry point (WhatsApp, click-to-WhatsApp ads): answered within the 24 h
// window, every message is free for 72 h from the answer.
func TestFreeEntry(t *testing.T) {
	wa, _ := Default().Lookup("whatsapp")
	sms, _ := Default().Lookup("sms")
	h := time.Hour
	for _, tc := range []struct {
		name              string
		ch                *Channel
		entry, reply, now time.Duration
		replied, want     bool
	}{
		{"inside 72 h", wa, 0, 2 * h, 60 * h, true, true},
		{"exactly 72 h after the reply", wa, 0, 2 * h, 74 * h, true, true},
		{"after 72 h", wa, 0, 2 * h, 74*h + 1, true, false},
		{"answered too late", wa, 0, 25 * h, 30 * h, true, false},
		{"not answered", wa, 0, 0, h, false, false},
		{"no free entry point", sms, 0, h, 2 * h, true, false},
	} {
		if got := tc.ch.FreeEntry(tc.entry, tc.reply, tc.now, tc.replied); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
