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

// FuzzAdd: for any weekday hours, start and business duration, the deadline is
// not before the start, Between gives the duration back, and it is the earliest
// such instant (a minute earlier holds less business time).
func FuzzAdd(f *testing.F) {
	f.Add("09:00-18:00", int64(4*24*60+17*60+55), int64(240), uint8(0))
	f.Add("00:00-24:00", int64(5*24*60+12*60), int64(24*60), uint8(1))
	f.Add("09:00-12:00, 13:00-18:00", int64(0), int64(9*60), uint8(2))
	zones := []string{"Europe/Paris", "America/New_York", "UTC", "Australia/Lord_Howe"}
	f.Fuzz(func(t *testing.T, hours string, startMin, dMin int64, zone uint8) {
		h, err := ParseHours(hours)
		if err != nil || len(h) == 0 {
			return
		}
		loc, err := LoadLocation(zones[int(zone)%len(zones)])
		if err != nil {
			t.Fatal(err)
		}
		var week [7]Hours
		for d := time.Monday; d <= time.Friday; d++ {
			week[d] = h
		}
		c, err := New(loc, week, []Date{{2026, time.March, 30}})
		if err != nil {
			t.Fatal(err)
		}
		// Starts within a year of a Monday before a DST change, durations up to
		// four weeks of business time.
		from := time.Date(2026, time.March, 23, 0, 0, 0, 0, loc).Add(time.Duration(startMin%(365*24*60)) * time.Minute)
		d := time.Duration(dMin%(28*24*60)) * time.Minute
		if d < 0 {
			d = -d
		}
		due := c.Add(from, d)
		if due.Before(from) {
			t.Fatalf("Add(%v, %v) = %v, before the start", from, d, due)
		}
		if got := c.Between(from, due); got != d {
			t.Fatalf("Between(%v, Add(…, %v) = %v) = %v", from, d, due, got)
		}
		if d > 0 && c.Between(from, due.Add(-time.Minute)) >= d {
			t.Fatalf("Add(%v, %v) = %v is not the earliest deadline", from, d, due)
		}
	})
}
