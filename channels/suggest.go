package channels

import (
	"strings"

	suggestpkg "github.com/omnisim/omnisim/internal/suggest"
)

// aliases are names people try for a channel; they are only suggested, never
// accepted, so a scenario file always spells the catalog name.
var aliases = map[string]string{
	"imessage":            "apple",
	"apple_business_chat": "apple",
	"abc":                 "apple",
	"amb":                 "apple",
	"facebook":            "messenger",
	"fb":                  "messenger",
	"ig":                  "instagram",
	"wa":                  "whatsapp",
	"mms":                 "sms",
	"text":                "sms",
	"webchat":             "web",
	"web_chat":            "web",
	"chat":                "web",
	"in_app":              "inapp",
	"in-app":              "inapp",
	"app":                 "inapp",
	"rbm":                 "rcs",
}

// suggest returns the valid name closest to name (ignoring case), or "" when
// none is close: at most 2 edits, and fewer than half the name's length.
func suggest(name string, valid []string) string {
	lower := strings.ToLower(strings.TrimSpace(name))
	if a, ok := aliases[lower]; ok {
		for _, v := range valid {
			if v == a {
				return a
			}
		}
	}
	return suggestpkg.Best(lower, valid, func(d int, v string) bool { return d < 3 && 2*d < max(len(lower), len(v)) })
}
