package channels

import (
	"strings"
	"testing"
)

func TestKeyword(t *testing.T) {
	tests := []struct {
		text string
		want KeywordAction
	}{
		// CTIA / Twilio opt-out keywords, whole message, any case.
		{"STOP", OptOut},
		{"stop", OptOut},
		{"Stop", OptOut},
		{"  stop\n", OptOut},
		{"\tSTOPALL ", OptOut},
		{"unsubscribe", OptOut},
		{"CANCEL", OptOut},
		{"end", OptOut},
		{"Quit", OptOut},
		// Opt back in.
		{"START", OptIn},
		{"start", OptIn},
		{"unstop", OptIn},
		// Help.
		{"HELP", Help},
		{"info", Help},
		// Not keywords: part of a sentence, punctuation, look-alikes, YES.
		{"stop please", None},
		{"please stop", None},
		{"don't stop", None},
		{"STOP.", None},
		{"S T O P", None},
		{"ſtop", None}, // U+017F long s folds to s in Unicode, not in SMS keywords
		{"YES", None},
		{"", None},
		{"   ", None},
		{"Where is my order?", None},
		{strings.Repeat("stop", 100), None},
	}
	for _, name := range []string{"sms", "rcs"} {
		ch := mustLookup(t, name)
		for _, tc := range tests {
			t.Run(name+"/"+tc.text, func(t *testing.T) {
				if got := ch.Keyword(tc.text); got != tc.want {
					t.Errorf("Keyword(%q) = %v, want %v", tc.text, got, tc.want)
				}
			})
		}
	}
	for _, name := range []string{"whatsapp", "messenger", "instagram", "apple", "web", "inapp"} {
		ch := mustLookup(t, name)
		for _, text := range []string{"STOP", "START", "HELP"} {
			if got := ch.Keyword(text); got != None {
				t.Errorf("%s: Keyword(%q) = %v; the channel has no keywords", name, text, got)
			}
		}
	}
}

func TestKeywordActionString(t *testing.T) {
	for a, want := range map[KeywordAction]string{None: "none", OptOut: "opt_out", OptIn: "opt_in", Help: "help", 9: "KeywordAction(9)"} {
		if a.String() != want {
			t.Errorf("String() = %q, want %q", a.String(), want)
		}
	}
}

func TestKeywordAllocatesNothing(t *testing.T) {
	sms := mustLookup(t, "sms")
	allocs := testing.AllocsPerRun(100, func() {
		for _, s := range []string{" stop ", "Where is my order?", "UNSTOP", "help"} {
			_ = sms.Keyword(s)
		}
	})
	if allocs != 0 {
		t.Errorf("Keyword allocates %v times per run", allocs)
	}
}

// Confirms: YES (whole message, any case) confirms a double opt-in on the
// channels with keywords; elsewhere nothing does, and Keyword still takes YES
// for an ordinary message.
func TestConfirms(t *testing.T) {
	for _, name := range []string{"sms", "rcs"} {
		ch := mustLookup(t, name)
		for text, want := range map[string]bool{"YES": true, "yes": true, " Yes\n": true, "yes please": false, "Y": false, "STOP": false, "": false} {
			if got := ch.Confirms(text); got != want {
				t.Errorf("%s: Confirms(%q) = %v, want %v", name, text, got, want)
			}
		}
		if a := ch.Keyword("YES"); a != None {
			t.Errorf("%s: Keyword(YES) = %v", name, a)
		}
		// What a confirmation does is channels' consent model's.
		if got := ConsentExplicit.Next(ConsentConfirm); got != ConsentDoubleOptIn {
			t.Errorf("explicit after a confirmation: %v", got)
		}
	}
	for _, name := range []string{"whatsapp", "messenger", "instagram", "apple", "web", "inapp"} {
		if mustLookup(t, name).Confirms("YES") {
			t.Errorf("%s confirms YES; it has no confirm keyword", name)
		}
	}
	sms := mustLookup(t, "sms")
	if n := testing.AllocsPerRun(100, func() { _ = sms.Confirms(" yes ") }); n != 0 {
		t.Errorf("Confirms allocates %v times per run", n)
	}
}
