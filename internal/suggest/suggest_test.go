package suggest

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"staff", "staff", 0},
		{"staf", "staff", 1}, {"kitten", "sitting", 3}, {"tunebot", "tune-bot", 1},
		{"ab", "ba", 1}, {"intnets", "intents", 1}, {"rsc", "rcs", 1}, // a transposition is one edit
		{"ca", "abc", 3},      // optimal string alignment: no edit of a transposed pair
		{"ñandú", "nandu", 2}, // runes, not bytes
		{"sns", "sms", 1}, {"whatsap", "whatsapp", 1},
		{strings.Repeat("a", 65), "a", 66}, // too long to be a typo: the lengths' sum
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func TestNearest(t *testing.T) {
	commands := []string{"run", "validate", "check", "staff", "sweep", "tune-bot", "report"}
	cases := []struct{ word, want string }{
		{"staf", "staff"},
		{"tunebot", "tune-bot"},
		{"rn", "run"},
		{"xyz", ""}, // 3 edits from run: more than 2
		{"validte", "validate"},
		{"chekc", "check"}, // 2 edits: within the floor of 2
		{"reprot", "report"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Nearest(c.word, commands); got != c.want {
			t.Errorf("Nearest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	if got := Nearest("run", nil); got != "" {
		t.Errorf("no candidates: %q", got)
	}
}

// TestBest: the nearest candidate the caller's rule accepts, the first of equals.
func TestBest(t *testing.T) {
	keys := []string{"rate", "days", "date", "intents"}
	within := func(n int) func(int, string) bool { return func(d int, _ string) bool { return d <= n } }
	cases := []struct {
		word string
		near func(int, string) bool
		want string
	}{
		{"dats", within(1), "days"}, // days and date both 1 edit: the first listed
		{"intnets", within(1), "intents"},
		{"intnets", within(0), ""},
		{"rat", func(_ int, c string) bool { return c != "rate" }, "date"}, // the rule may look at the candidate
		{"rat", func(int, string) bool { return false }, ""},
	}
	for _, c := range cases {
		if got := Best(c.word, keys, c.near); got != c.want {
			t.Errorf("Best(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}
