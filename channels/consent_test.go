package channels

import "testing"

// The consent state machine: every state under every event.
func TestConsentNext(t *testing.T) {
	const (
		n = ConsentNone
		i = ConsentImplicit
		e = ConsentExplicit
		d = ConsentDoubleOptIn
		o = ConsentOptedOut
	)
	// want[state][event-1]: Wrote, OptIn, Confirm, OptOut.
	want := map[Consent][4]Consent{
		n: {i, e, n, o},
		i: {i, e, i, o},
		e: {e, e, d, o},
		d: {d, d, d, o},
		o: {o, e, o, o}, // writing does not undo an opt-out; START does
	}
	for s, row := range want {
		for k, w := range row {
			ev := ConsentEvent(k + 1)
			if got := s.Next(ev); got != w {
				t.Errorf("%s after event %d: %s, want %s", s, ev, got, w)
			}
		}
	}
}

// SMS keywords (CTIA) drive the events; WhatsApp has no keywords, so every
// message is the customer writing.
func TestConsentEventOf(t *testing.T) {
	sms, _ := Default().Lookup("sms")
	wa, _ := Default().Lookup("whatsapp")
	for _, tc := range []struct {
		ch   *Channel
		text string
		want ConsentEvent
	}{
		{sms, "STOP", ConsentOptOut},
		{sms, " unsubscribe\n", ConsentOptOut},
		{sms, "QUIT", ConsentOptOut},
		{sms, "START", ConsentOptIn},
		{sms, "unstop", ConsentOptIn},
		{sms, "HELP", ConsentWrote},
		{sms, "please stop texting me", ConsentWrote},
		{sms, "where is my order", ConsentWrote},
		{wa, "STOP", ConsentWrote},
		{wa, "hi", ConsentWrote},
	} {
		if got := tc.ch.ConsentEventOf(tc.text); got != tc.want {
			t.Errorf("%s %q: event %d, want %d", tc.ch.Name, tc.text, got, tc.want)
		}
	}
}

// What each consent allows: conversational replies need the customer to have
// written, business-initiated messages (informational or promotional) an
// explicit opt-in; an opted-out SMS number gets nothing, an opted-out WhatsApp
// customer no business-initiated message but answers when they write.
func TestConsentAllows(t *testing.T) {
	sms, _ := Default().Lookup("sms")
	wa, _ := Default().Lookup("whatsapp")
	type msg struct {
		kind     Kind
		category string
	}
	reply, follow := msg{AgentReply, ""}, msg{FollowUp, ""}
	notice, promo := msg{Proactive, CategoryUtility}, msg{Proactive, CategoryMarketing}
	smsNotice := msg{Proactive, ""}
	for _, tc := range []struct {
		ch      *Channel
		consent Consent
		m       msg
		ok      bool
		reason  string
	}{
		{sms, ConsentNone, reply, false, ReasonNoConsent},
		{sms, ConsentImplicit, reply, true, ""},
		{sms, ConsentImplicit, follow, true, ""},
		{sms, ConsentImplicit, smsNotice, false, ReasonNoConsent},
		{sms, ConsentExplicit, smsNotice, true, ""},
		{sms, ConsentDoubleOptIn, smsNotice, true, ""},
		{sms, ConsentOptedOut, reply, false, ReasonOptedOut},
		{sms, ConsentOptedOut, smsNotice, false, ReasonOptedOut},
		{wa, ConsentImplicit, reply, true, ""},
		{wa, ConsentImplicit, notice, false, ReasonNoConsent},
		{wa, ConsentImplicit, promo, false, ReasonNoConsent},
		{wa, ConsentExplicit, promo, true, ""},
		{wa, ConsentOptedOut, reply, true, ""},
		{wa, ConsentOptedOut, promo, false, ReasonOptedOut},
		{wa, ConsentOptedOut, notice, false, ReasonOptedOut},
	} {
		ok, reason := tc.ch.ConsentAllows(tc.consent, tc.m.kind, tc.m.category)
		if ok != tc.ok || reason != tc.reason {
			t.Errorf("%s, %s, %s %q: %v %q, want %v %q", tc.ch.Name, tc.consent, tc.m.kind, tc.m.category, ok, reason, tc.ok, tc.reason)
		}
	}
	if p := Purpose(Proactive, CategoryMarketing); p != PurposePromotional {
		t.Errorf("marketing template: purpose %s", p)
	}
	for _, s := range []Consent{ConsentNone, ConsentImplicit, ConsentExplicit, ConsentDoubleOptIn, ConsentOptedOut} {
		if got, err := ParseConsent(s.String()); err != nil || got != s {
			t.Errorf("ParseConsent(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseConsent("yes"); err == nil {
		t.Error("ParseConsent(yes): no error")
	}
}
