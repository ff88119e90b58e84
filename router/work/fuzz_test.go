package work

import (
	"strings"
	"testing"
	"unicode"
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
		roundTrips := func(s string) bool { // upper then lower case gives back the lower case
			for _, r := range s {
				if unicode.ToLower(unicode.ToUpper(r)) != unicode.ToLower(r) {
					return false
				}
			}
			return true
		}
		if roundTrips(text) && roundTrips(keyword) && has(k) != TextHas(strings.ToUpper(text))(Keyword(strings.ToUpper(keyword))) {
			t.Errorf("%q, %q: matching depends on case", text, keyword)
		}
	})
}
