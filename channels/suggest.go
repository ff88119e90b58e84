package channels

import "strings"

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
	best, bestD := "", 3
	for _, v := range valid {
		d := editDistance(lower, v)
		if d < bestD && 2*d < max(len(lower), len(v)) {
			best, bestD = v, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b, in
// bytes: insertions, deletions, substitutions and transpositions of adjacent
// bytes ("rsc" → "rcs") each count 1.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30 // nothing in the catalog is that long
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
