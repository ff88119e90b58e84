package suggest

import "testing"

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"staff", "staff", 0},
		{"staf", "staff", 1}, {"kitten", "sitting", 3}, {"tunebot", "tune-bot", 1},
		{"ab", "ba", 2},       // a transposition is two edits here
		{"ñandú", "nandu", 2}, // runes, not bytes
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
