package calendar

import (
	"testing"
	"time"
)

// FuzzParseHours: any input either fails or gives sorted, disjoint spans within the
// day that read back the same.
func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"09:00-18:00", "09:00-12:00, 13:00-18:00", "closed", "00:00-24:00", "18:00-09:00", "9:00-12:00,11:00-13:00", "24:00-24:00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHours(s)
		if err != nil {
			return
		}
		for i, sp := range h {
			if sp.From < 0 || sp.To > Day || sp.To <= sp.From || i > 0 && sp.From <= h[i-1].To {
				t.Fatalf("ParseHours(%q) = %v: spans not sorted and disjoint", s, h)
			}
		}
		again, err := ParseHours(h.String())
		if err != nil || again.String() != h.String() {
			t.Fatalf("ParseHours(%q) = %s does not read back: %v %v", s, h, again, err)
		}
		var week [7]Hours
		week[time.Monday] = h
		if len(h) > 0 {
			c, err := New(time.UTC, week, nil)
			if err != nil {
				t.Fatal(err)
			}
			from := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
			if got := c.Between(from, from.Add(Day)); got != total(h) {
				t.Fatalf("a Monday of %s holds %v, want %v", h, got, total(h))
			}
		}
	})
}

func total(h Hours) time.Duration {
	var d time.Duration
	for _, s := range h {
		d += s.To - s.From
	}
	return d
}
