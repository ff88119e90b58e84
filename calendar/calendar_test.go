package calendar

import (
	"strings"
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustHours(t testing.TB, s string) Hours {
	t.Helper()
	h, err := ParseHours(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// weekdays builds a Monday–Friday calendar with the same hours every weekday.
func weekdays(t testing.TB, zone, hours string, holidays ...string) *Calendar {
	t.Helper()
	var week [7]Hours
	for d := time.Monday; d <= time.Friday; d++ {
		week[d] = mustHours(t, hours)
	}
	return build(t, zone, week, holidays...)
}

func build(t testing.TB, zone string, week [7]Hours, holidays ...string) *Calendar {
	t.Helper()
	var hs []Date
	for _, h := range holidays {
		d, err := ParseDate(h)
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, d)
	}
	c, err := New(mustLoc(t, zone), week, hs)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func everyDay(t testing.TB, zone, hours string) *Calendar {
	var week [7]Hours
	for d := range week {
		week[d] = mustHours(t, hours)
	}
	return build(t, zone, week)
}

// at is a local wall time in zone: "2026-12-04 17:55".
func at(t testing.TB, zone, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, mustLoc(t, zone))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The deadlines are computed by hand from the hours: each case's comment says how.
func TestAdd(t *testing.T) {
	const paris = "Europe/Paris"
	nineSix := weekdays(t, paris, "09:00-18:00")
	lunch := weekdays(t, paris, "09:00-12:00, 13:00-18:00")
	xmas := weekdays(t, paris, "09:00-18:00", "2026-12-07") // Monday 7 December closed
	allDay := everyDay(t, paris, "00:00-24:00")
	ny := weekdays(t, "America/New_York", "09:00-17:00")
	tests := []struct {
		name string
		cal  *Calendar
		from time.Time
		d    time.Duration
		want time.Time
	}{
		// Friday 4 Dec 17:55: 5 min on Friday, 3h55 on Monday from 09:00.
		{"friday 17:55 + 4h", nineSix, at(t, paris, "2026-12-04 17:55"), 4 * time.Hour, at(t, paris, "2026-12-07 12:55")},
		// The same with Monday a holiday: Tuesday 12:55.
		{"friday 17:55 + 4h, monday holiday", xmas, at(t, paris, "2026-12-04 17:55"), 4 * time.Hour, at(t, paris, "2026-12-08 12:55")},
		// Saturday: nothing until Monday 09:00, then 4 h.
		{"saturday + 4h", nineSix, at(t, paris, "2026-12-05 11:00"), 4 * time.Hour, at(t, paris, "2026-12-07 13:00")},
		// Before opening: the clock starts at 09:00.
		{"monday 07:00 + 1h", nineSix, at(t, paris, "2026-12-07 07:00"), time.Hour, at(t, paris, "2026-12-07 10:00")},
		// Using up the target exactly at closing time is closing time.
		{"monday 09:00 + 9h", nineSix, at(t, paris, "2026-12-07 09:00"), 9 * time.Hour, at(t, paris, "2026-12-07 18:00")},
		// One minute more goes to Tuesday 09:01.
		{"monday 09:00 + 9h01", nineSix, at(t, paris, "2026-12-07 09:00"), 9*time.Hour + time.Minute, at(t, paris, "2026-12-08 09:01")},
		// Lunch break: 30 min before noon, 30 min after 13:00.
		{"lunch 11:30 + 1h", lunch, at(t, paris, "2026-12-07 11:30"), time.Hour, at(t, paris, "2026-12-07 13:30")},
		// A week of business time (45 h) from Monday 09:00 is Friday 18:00.
		{"a business week", nineSix, at(t, paris, "2026-12-07 09:00"), 45 * time.Hour, at(t, paris, "2026-12-11 18:00")},
		// Spring forward (29 March 2026, 02:00 → 03:00): 24 business hours of an
		// always-open calendar from Saturday noon end Sunday 13:00 local.
		{"spring forward", allDay, at(t, paris, "2026-03-28 12:00"), 24 * time.Hour, at(t, paris, "2026-03-29 13:00")},
		// Fall back (25 October 2026, 03:00 → 02:00): Sunday 11:00 local.
		{"fall back", allDay, at(t, paris, "2026-10-24 12:00"), 24 * time.Hour, at(t, paris, "2026-10-25 11:00")},
		// Instants in another zone: Friday 21:30 in Paris is 15:30 in New York
		// (UTC-5 vs UTC+1): 1.5 h on Friday, 2.5 h on Monday.
		{"other zone", ny, at(t, paris, "2026-12-04 21:30"), 4 * time.Hour, at(t, "America/New_York", "2026-12-07 11:30")},
		{"zero", nineSix, at(t, paris, "2026-12-05 11:00"), 0, at(t, paris, "2026-12-05 11:00")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.Add(tt.from, tt.d)
			if !got.Equal(tt.want) {
				t.Fatalf("Add(%v, %v) = %v, want %v", tt.from, tt.d, got, tt.want)
			}
			if b := tt.cal.Between(tt.from, got); b != tt.d {
				t.Fatalf("Between(from, Add(from, d)) = %v, want %v", b, tt.d)
			}
		})
	}
}

func TestBetween(t *testing.T) {
	const paris = "Europe/Paris"
	nineSix := weekdays(t, paris, "09:00-18:00")
	allDay := everyDay(t, paris, "00:00-24:00")
	var sunday [7]Hours
	sunday[time.Sunday] = mustHours(t, "01:00-04:00")
	night := build(t, paris, sunday)
	tests := []struct {
		name string
		cal  *Calendar
		a, b time.Time
		want time.Duration
	}{
		{"weekend", nineSix, at(t, paris, "2026-12-04 17:55"), at(t, paris, "2026-12-07 12:55"), 4 * time.Hour},
		{"closed stretch", nineSix, at(t, paris, "2026-12-05 00:00"), at(t, paris, "2026-12-07 09:00"), 0},
		{"reversed", nineSix, at(t, paris, "2026-12-07 12:00"), at(t, paris, "2026-12-07 10:00"), 0},
		{"within a day", nineSix, at(t, paris, "2026-12-07 10:00"), at(t, paris, "2026-12-07 12:15"), 2*time.Hour + 15*time.Minute},
		// A full week of 9–18 on weekdays.
		{"week", nineSix, at(t, paris, "2026-12-07 00:00"), at(t, paris, "2026-12-14 00:00"), 45 * time.Hour},
		// The day of spring forward has 23 hours, of fall back 25.
		{"23-hour day", allDay, at(t, paris, "2026-03-29 00:00"), at(t, paris, "2026-03-30 00:00"), 23 * time.Hour},
		{"25-hour day", allDay, at(t, paris, "2026-10-25 00:00"), at(t, paris, "2026-10-26 00:00"), 25 * time.Hour},
		// 01:00–04:00 on the night 02:00 is skipped: 2 real hours.
		{"span over the gap", night, at(t, paris, "2026-03-29 00:00"), at(t, paris, "2026-03-29 12:00"), 2 * time.Hour},
		{"span, normal sunday", night, at(t, paris, "2026-03-22 00:00"), at(t, paris, "2026-03-22 12:00"), 3 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Between(tt.a, tt.b); got != tt.want {
				t.Fatalf("Between = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIsOpen(t *testing.T) {
	c := weekdays(t, "Europe/Paris", "09:00-18:00", "2026-12-25")
	for _, tt := range []struct {
		at   string
		want bool
	}{
		{"2026-12-07 09:00", true}, {"2026-12-07 08:59", false}, {"2026-12-07 18:00", false},
		{"2026-12-05 12:00", false}, {"2026-12-25 12:00", false}, {"2026-12-24 12:00", true},
	} {
		if got := c.IsOpen(at(t, "Europe/Paris", tt.at)); got != tt.want {
			t.Errorf("IsOpen(%s) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "09:00-18:00", want: "09:00-18:00"},
		{in: " 13:00-18:00 , 9:00-12:00", want: "09:00-12:00, 13:00-18:00"},
		{in: "09:00-12:00,12:00-18:00", want: "09:00-18:00"},
		{in: "00:00-24:00", want: "00:00-24:00"},
		{in: "closed", want: "closed"},
		{in: "09:00-12:00, 11:00-13:00", err: "overlapping hours: 09:00-12:00 and 11:00-13:00"},
		{in: "18:00-09:00", err: "must end after it starts"},
		{in: "24:00-24:00", err: "24:00 only as the end"},
		{in: "09:00-25:00", err: "must be HH:MM"},
		{in: "9-18", err: "must be HH:MM"},
		{in: "09:00", err: "must be HH:MM-HH:MM"},
		{in: "", err: "must be opening hours"},
		{in: "+9:00-18:00", err: "must be HH:MM"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			h, err := ParseHours(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseHours(%q) error = %v, want %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h.String() != tt.want {
				t.Fatalf("ParseHours(%q) = %s, want %s", tt.in, h, tt.want)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(time.UTC, [7]Hours{}, nil); err == nil || !strings.Contains(err.Error(), "closed every day") {
		t.Fatalf("a calendar never open: error %v", err)
	}
	var week [7]Hours
	week[time.Monday] = Hours{{9 * time.Hour, 12 * time.Hour}, {10 * time.Hour, 11 * time.Hour}}
	if _, err := New(time.UTC, week, nil); err == nil || !strings.Contains(err.Error(), "Monday: overlapping hours") {
		t.Fatalf("overlap: error %v", err)
	}
	for _, z := range []string{"Mars/Olympus_Mons", "Local", ""} {
		if _, err := LoadLocation(z); err == nil || !strings.Contains(err.Error(), "unknown time zone") {
			t.Errorf("LoadLocation(%q) error = %v", z, err)
		}
	}
}

func TestOpen(t *testing.T) {
	c := weekdays(t, "UTC", "09:00-12:00, 13:00-18:00")
	got := c.Open(at(t, "UTC", "2026-12-04 10:00"), at(t, "UTC", "2026-12-07 09:30"))
	want := []string{"2026-12-04 10:00-12:00", "2026-12-04 13:00-18:00", "2026-12-07 09:00-09:30"}
	if len(got) != len(want) {
		t.Fatalf("Open = %v, want %v", got, want)
	}
	for i, s := range got {
		if f := s[0].Format("2006-01-02 15:04") + "-" + s[1].Format("15:04"); f != want[i] {
			t.Errorf("span %d = %s, want %s", i, f, want[i])
		}
	}
}
