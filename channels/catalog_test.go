package channels

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	want := []string{"apple", "inapp", "instagram", "messenger", "rcs", "sms", "web", "whatsapp"}
	if got := Default().Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	names := Default().Names()
	names[0] = "changed"
	if Default().Names()[0] != "apple" {
		t.Error("Names returns the catalog's own slice")
	}
	first, second := Default(), Default()
	if first != second {
		t.Error("Default parses more than once")
	}
}

func TestLookupErrors(t *testing.T) {
	const valid = "valid channels: apple, inapp, instagram, messenger, rcs, sms, web, whatsapp"
	tests := []struct {
		name    string
		lookup  string
		wantErr string
		is      error
	}{
		{"retired google business messages", "google_business_messages",
			`channel "google_business_messages" is retired: Google retired Business Messages in July 2024 (shut down 2024-07-31); RCS Business Messaging is the successor, use channel "rcs"`,
			ErrRetiredChannel},
		{"retired, abbreviated", "gbm",
			`channel "gbm" is retired: Google retired Business Messages in July 2024 (shut down 2024-07-31); RCS Business Messaging is the successor, use channel "rcs"`,
			ErrRetiredChannel},
		{"typo", "whatsap", `unknown channel "whatsap" (did you mean "whatsapp"?); ` + valid, ErrUnknownChannel},
		{"transposition", "mesenger", `unknown channel "mesenger" (did you mean "messenger"?); ` + valid, ErrUnknownChannel},
		{"upper case", "SMS", `unknown channel "SMS" (did you mean "sms"?); ` + valid, ErrUnknownChannel},
		{"alias", "imessage", `unknown channel "imessage" (did you mean "apple"?); ` + valid, ErrUnknownChannel},
		{"hyphen", "in-app", `unknown channel "in-app" (did you mean "inapp"?); ` + valid, ErrUnknownChannel},
		{"far from everything", "telegram", `unknown channel "telegram"; ` + valid, ErrUnknownChannel},
		{"empty", "", `unknown channel ""; ` + valid, ErrUnknownChannel},
		{"short and far", "x", `unknown channel "x"; ` + valid, ErrUnknownChannel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Default().Lookup(tc.lookup)
			if ch != nil || err == nil {
				t.Fatalf("Lookup(%q) = %v, %v; want an error", tc.lookup, ch, err)
			}
			if err.Error() != tc.wantErr {
				t.Errorf("error\n got %s\nwant %s", err, tc.wantErr)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(err, %v) = false", tc.is)
			}
		})
	}
	_, err := Default().Lookup("google_business_messages")
	var r *RetiredChannelError
	if !errors.As(err, &r) || r.Successor != "rcs" || r.Retired != "2024-07-31" {
		t.Errorf("RetiredChannelError = %+v", r)
	}
}

func TestCatalogContents(t *testing.T) {
	for _, name := range Default().Names() {
		t.Run(name, func(t *testing.T) {
			ch := mustLookup(t, name)
			if ch.Name != name || ch.Title == "" || len(ch.Notes) == 0 {
				t.Errorf("name %q, title %q, %d notes", ch.Name, ch.Title, len(ch.Notes))
			}
			p := ch.Prices
			if p.Currency != "USD" || p.Source == "" || p.AsOf == "" || !p.Representative || p.Overridden {
				t.Errorf("price table %+v: want USD, a source and date, representative", p)
			}
			if ch.ThroughputNote == "" {
				t.Error("throughput is undocumented")
			}
			if err := ch.Supports(ContentText); err != nil {
				t.Error(err)
			}
		})
	}
	wa := mustLookup(t, "whatsapp")
	if !strings.Contains(wa.Prices.Source, "Meta WhatsApp") || wa.Prices.AsOf != "2025-07-01" {
		t.Errorf("whatsapp prices: source %q as of %q", wa.Prices.Source, wa.Prices.AsOf)
	}
	if !slices.Equal(wa.Categories, Categories) {
		t.Errorf("whatsapp categories %v, want all of %v", wa.Categories, Categories)
	}
	if sms := mustLookup(t, "sms"); !strings.Contains(sms.Prices.Source, "Twilio US SMS") {
		t.Errorf("sms price source %q", sms.Prices.Source)
	}
	throughput := map[string]float64{"sms": 1, "whatsapp": 80, "messenger": 300, "instagram": 300}
	for name, want := range throughput {
		if got := mustLookup(t, name).Throughput; got != want {
			t.Errorf("%s throughput = %v, want %v", name, got, want)
		}
	}
	windows := map[string][2]string{
		"whatsapp": {"24h0m0s", "0s"}, "messenger": {"24h0m0s", "168h0m0s"}, "instagram": {"24h0m0s", "168h0m0s"},
		"apple": {"0s", "0s"}, "sms": {"0s", "0s"}, "rcs": {"0s", "0s"}, "web": {"0s", "0s"}, "inapp": {"0s", "0s"},
	}
	for name, w := range windows {
		ch := mustLookup(t, name)
		if ch.Window.String() != w[0] || ch.HumanAgentWindow.String() != w[1] {
			t.Errorf("%s windows = %v, %v; want %s, %s", name, ch.Window, ch.HumanAgentWindow, w[0], w[1])
		}
	}
	for _, name := range []string{"messenger", "instagram", "apple", "sms", "rcs", "web", "inapp"} {
		if c := mustLookup(t, name).Categories; len(c) != 0 {
			t.Errorf("%s has template categories %v; only whatsapp has any", name, c)
		}
	}
}

func TestSupports(t *testing.T) {
	tests := []struct {
		channel, content string
		wantErr          string
		wantMax          int
	}{
		{"sms", "text", "", 1600},
		{"sms", "media", "", 10},
		{"sms", "quick_replies", `channel sms does not support content type "quick_replies" (it supports: text, media)`, 0},
		{"sms", "carousel", `channel sms does not support content type "carousel" (it supports: text, media)`, 0},
		{"rcs", "carousel", "", 10},
		{"rcs", "quick_replies", "", 11},
		{"rcs", "forms", `channel rcs does not support content type "forms" (it supports: text, media, quick_replies, carousel)`, 0},
		{"apple", "list_picker", "", 0},
		{"apple", "forms", "", 0},
		{"apple", "quick_replies", "", 5},
		{"apple", "carousel", `channel apple does not support content type "carousel" (it supports: text, media, quick_replies, list_picker, forms)`, 0},
		{"whatsapp", "quick_replies", "", 3},
		{"whatsapp", "list_picker", "", 10},
		{"messenger", "quick_replies", "", 13},
		{"messenger", "list_picker", `channel messenger does not support content type "list_picker" (it supports: text, media, quick_replies, carousel)`, 0},
		{"web", "forms", "", 0},
		{"inapp", "carousel", "", 0},
		{"web", "video", `unknown content type "video" (valid: text, media, quick_replies, list_picker, forms, carousel)`, 0},
		{"sms", "", `unknown content type "" (valid: text, media, quick_replies, list_picker, forms, carousel)`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.channel+"/"+tc.content, func(t *testing.T) {
			ch := mustLookup(t, tc.channel)
			err := ch.Supports(tc.content)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Supports = %v", err)
				}
				if l, ok := ch.ContentLimit(tc.content); !ok || l.Max != tc.wantMax {
					t.Errorf("ContentLimit = %+v, %v; want max %d", l, ok, tc.wantMax)
				}
				return
			}
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("Supports error\n got %v\nwant %s", err, tc.wantErr)
			}
		})
	}
	for _, name := range []string{"web", "inapp"} {
		for _, ct := range ContentTypes {
			if err := mustLookup(t, name).Supports(ct); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestParseCatalogRejects(t *testing.T) {
	good := string(catalogJSON)
	tests := []struct {
		name, old, new, wantErr string
	}{
		{"negative price", `"marketing": 0.025`, `"marketing": -1`, "channels.whatsapp.prices.outbound.marketing: must be ≥ 0"},
		{"unknown field", `"title": "SMS`, `"titel": "SMS`, "unknown field"},
		{"bad window", `"window": "24h",`, `"window": "a day",`, "channels.whatsapp.window"},
		{"unknown category", `"categories": ["marketing", "utility", "authentication", "service"]`, `"categories": ["marketing", "utility", "promo"]`, "unknown or repeated category"},
		{"price for a missing category", `"categories": ["marketing", "utility", "authentication", "service"]`, `"categories": ["marketing", "utility", "service"]`, "prices.outbound.authentication: not a category"},
		{"unknown content", `{"type": "forms", "max": 0, "unit": "", "note": "WhatsApp Flows"}`, `{"type": "video"}`, "unknown or repeated content type"},
		{"lower-case keyword", `"opt_in": ["START", "UNSTOP"],`, `"opt_in": ["start"],`, "upper-case"},
		{"successor", `"successor": "rcs"`, `"successor": "gbm"`, "legacy.google_business_messages.successor"},
		{"version", `"version": 1`, `"version": 2`, "version 2"},
		{"earlier table not before", `"as_of": "2024-08-01"`, `"as_of": "2024-12-01"`, "earlier_prices[1].as_of: \"2024-12-01\": want a date (YYYY-MM-DD) before 2024-11-01, newest first"},
		{"undated earlier table", `"as_of": "2023-06-01"`, `"as_of": "mid 2023"`, "earlier_prices[2].as_of"},
		{"undated current table with history", `"as_of": "2025-07-01"`, `"as_of": "retrieved 2025-07-01"`, "prices.as_of: \"retrieved 2025-07-01\": a channel with earlier_prices dates its tables"},
		{"bad basis", `"basis": "conversation"`, `"basis": "session"`, "earlier_prices[0].basis"},
		{"bad free entry point", `"free_entry_point": "72h"`, `"free_entry_point": "3 days"`, "prices.free_entry_point"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.old) {
				t.Fatalf("catalog.json no longer contains %s", tc.old)
			}
			_, err := parseCatalog([]byte(strings.Replace(good, tc.old, tc.new, 1)))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	names := Default().Names()
	tests := map[string]string{
		"whatsapp": "whatsapp", "whatsap": "whatsapp", "whatapp": "whatsapp", "watsapp": "whatsapp",
		"instgram": "instagram", "sns": "sms", "webb": "web", "rsc": "rcs", "aple": "apple",
		"facebook": "messenger", "WhatsApp": "whatsapp",
		"telegram": "", "line": "", "viber": "", "": "", "google_business_messages": "",
	}
	for in, want := range tests {
		if got := suggest(in, names); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
