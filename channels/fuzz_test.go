package channels

import (
	"strings"
	"testing"
	"time"
)

func FuzzKeyword(f *testing.F) {
	for _, s := range []string{"STOP", "stop", " Stop\n", "STOPALL", "unsubscribe", "START", "unstop", "HELP", "info",
		"stop please", "ſtop", "", "\u00a0STOP\u00a0", "\xff", "QUIT!"} {
		f.Add(s)
	}
	names := Default().Names()
	f.Fuzz(func(t *testing.T, text string) {
		for _, name := range names {
			ch := mustLookup(t, name)
			a := ch.Keyword(text)
			if a > Help {
				t.Fatalf("%s: Keyword(%q) = %d", name, text, a)
			}
			kw := ch.Keywords
			if len(kw.OptOut)+len(kw.OptIn)+len(kw.Help) == 0 && a != None {
				t.Fatalf("%s has no keywords but Keyword(%q) = %v", name, text, a)
			}
			// Case and surrounding white space never matter.
			if b := ch.Keyword(" \t" + asciiUpper(text) + "\r\n"); b != a {
				t.Fatalf("%s: Keyword(%q) = %v but upper-cased and padded %v", name, text, a, b)
			}
			if a != None {
				word := asciiUpper(strings.TrimSpace(text))
				lists := map[KeywordAction][]string{OptOut: kw.OptOut, OptIn: kw.OptIn, Help: kw.Help}
				found := false
				for _, k := range lists[a] {
					found = found || k == word
				}
				if !found {
					t.Fatalf("%s: Keyword(%q) = %v, but %q is not in that list", name, text, a, word)
				}
			}
		}
	})
}

func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

var validReasons = map[string]Verdict{
	ReasonInsideWindow: Sent, ReasonNoWindow: Sent, ReasonHumanAgentTag: Sent,
	ReasonOutsideWindow: 0, ReasonNoInbound: 0, // TemplateRequired or Blocked
	ReasonOutsideHumanAgentWindow: Blocked, ReasonNotAllowed: Blocked, ReasonNoSession: Blocked,
	ReasonOptedOut: Blocked, ReasonCustomerClosed: Blocked, ReasonUnknownKind: Blocked, ReasonInvalidCategory: Blocked,
}

func FuzzDecide(f *testing.F) {
	f.Add(uint8(0), uint8(1), int64(24*time.Hour), int64(0), true, false, false, false, "")
	f.Add(uint8(1), uint8(2), int64(24*time.Hour+1), int64(0), true, false, false, true, "utility")
	f.Add(uint8(2), uint8(3), int64(0), int64(0), false, false, false, false, "marketing")
	f.Add(uint8(3), uint8(1), int64(7*24*time.Hour+1), int64(0), true, false, true, true, "")
	f.Add(uint8(4), uint8(0), int64(-1), int64(1<<62), true, true, false, false, "service")
	f.Add(uint8(7), uint8(9), int64(1<<63-1), int64(-1<<63), true, false, false, false, "bogus")
	names := Default().Names()
	f.Fuzz(func(t *testing.T, chIdx, kind uint8, now, lastIn int64, has, opted, closedConv, tag bool, category string) {
		ch := mustLookup(t, names[int(chIdx)%len(names)])
		in := Outbound{Kind: Kind(kind), Now: time.Duration(now), LastInbound: time.Duration(lastIn),
			HasInbound: has, OptedOut: opted, CustomerClosed: closedConv, HumanAgentTag: tag, Category: category}
		d := ch.Decide(in)
		if d != ch.Decide(in) {
			t.Fatal("Decide is not deterministic")
		}
		want, ok := validReasons[d.Reason]
		if !ok || !d.Verdict.valid() || (want != 0 && want != d.Verdict) || (want == 0 && d.Verdict == Sent) {
			t.Fatalf("%s: Decide(%+v) = %+v", ch.Name, in, d)
		}
		if opted && in.Kind.valid() && ch.CheckCategory(category) == nil && d != blocked(ReasonOptedOut) {
			t.Fatalf("%s: opted out but %+v", ch.Name, d)
		}
		if d.Verdict == TemplateRequired && (!ch.hasTemplates() || !isTemplateCategory(d.Category)) {
			t.Fatalf("%s: %+v without a template category", ch.Name, d)
		}
		if d.Reason == ReasonInsideWindow && !ch.InWindow(in) {
			t.Fatalf("%s: %+v but InWindow false for %+v", ch.Name, d, in)
		}
		if d.Verdict != Blocked {
			p, err := ch.Price(OutboundDir, d.Category, ch.InWindow(in))
			if err != nil || p < 0 {
				t.Fatalf("%s: %+v is not priceable: %v, %v", ch.Name, d, p, err)
			}
		}
	})
}

// FuzzConsent: any inbound text moves any consent to a valid state; parsing a
// consent's name round-trips, and anything else is an error; an opted-out
// customer stays opted out unless the text is an opt-in keyword.
func FuzzConsent(f *testing.F) {
	for _, s := range []string{"STOP", "start", "HELP", "hi", "opted_out", "double_opt_in", "", "\xff"} {
		f.Add(s)
	}
	names := Default().Names()
	f.Fuzz(func(t *testing.T, text string) {
		if c, err := ParseConsent(text); err == nil && c.String() != text {
			t.Fatalf("ParseConsent(%q) = %v", text, c)
		}
		for _, name := range names {
			ch := mustLookup(t, name)
			e := ch.ConsentEventOf(text)
			for s := ConsentNone; s <= ConsentOptedOut; s++ {
				n := s.Next(e)
				if n > ConsentOptedOut {
					t.Fatalf("%s: %v after %q: %d", name, s, text, n)
				}
				if s == ConsentOptedOut && n != ConsentOptedOut && ch.Keyword(text) != OptIn {
					t.Fatalf("%s: %q lifted an opt-out", name, text)
				}
			}
		}
	})
}
