package work

import (
	"strings"
	"testing"
)

// FuzzTextHas: keyword matching never panics, a text contains its own words
// as a keyword, and matching ignores case.
func FuzzTextHas(f *testing.F) {
	for _, s := range []string{"I want a REFUND!", "money, back", "", "?!", "Ünïcode ÉTÉ 42", "a\u00a0b\tc"} {
		f.Add(s, "refund")
	}
	f.Fuzz(func(t *testing.T, text, keyword string) {
		has := TextHas(text)
		if k := Keyword(text); k != "" && !has(k) {
			t.Errorf("%q does not contain its own words %q", text, k)
		}
		k := Keyword(keyword)
		if k == "" {
			if has(k) {
				t.Errorf("%q contains the empty keyword", text)
			}
			return
		}
		roundTrips := func(s string) bool { return strings.ToLower(strings.ToUpper(s)) == strings.ToLower(s) }
		if roundTrips(text) && roundTrips(keyword) && has(k) != TextHas(strings.ToUpper(text))(Keyword(strings.ToUpper(keyword))) {
			t.Errorf("%q, %q: matching depends on case", text, keyword)
		}
	})
}
