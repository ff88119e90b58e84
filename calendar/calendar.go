package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "time/tzdata" // the zone database, for machines without zoneinfo
)

// Day is the length of a calendar day of opening hours.
const Day = 24 * time.Hour

// Span is one stretch of opening hours: from From to To, offsets from local
// midnight, 0 ≤ From < To ≤ 24h.
type Span struct {
	From, To time.Duration
}

// Hours is a day's opening hours: spans sorted by From, not overlapping. Empty
// means closed all day.
type Hours []Span

// Date is a local calendar date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.compare(o) < 0 }

func (d Date) compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return d.Year - o.Year
	case d.Month != o.Month:
		return int(d.Month) - int(o.Month)
	}
	return d.Day - o.Day
}

// ParseDate parses a date "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("must be a date YYYY-MM-DD such as 2026-12-25, got %q", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// LoadLocation returns the time zone of an IANA name ("Europe/Paris", "UTC"). The
// database is embedded, so it does not depend on the machine's zoneinfo. "Local"
// is refused: it would make results depend on the machine.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Paris, America/New_York or UTC", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Paris, America/New_York or UTC", name)
	}
	return loc, nil
}

// ParseHours parses a day's opening hours: comma-separated spans "HH:MM-HH:MM"
// ("09:00-18:00", "09:00-12:00, 13:00-18:00"; an end of 24:00 is midnight at
// the end of the day), or "closed". Spans must not overlap; touching spans
// ("09:00-12:00, 12:00-18:00") merge.
func ParseHours(s string) (Hours, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "closed" || t == "none" {
		return Hours{}, nil
	}
	if t == "" {
		return nil, errors.New(`must be opening hours such as "09:00-18:00", "09:00-12:00, 13:00-18:00" or "closed"`)
	}
	var h Hours
	for _, part := range strings.Split(t, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(part), "-")
		if !ok {
			return nil, fmt.Errorf("span %q: must be HH:MM-HH:MM such as 09:00-18:00", strings.TrimSpace(part))
		}
		a, err := clock(from, false)
		if err != nil {
			return nil, err
		}
		b, err := clock(to, true)
		if err != nil {
			return nil, err
		}
		if b <= a {
			return nil, fmt.Errorf("span %q: must end after it starts (hours past midnight belong to the next day)", strings.TrimSpace(part))
		}
		h = append(h, Span{a, b})
	}
	return h.Normalize()
}

// Normalize sorts the spans, rejects overlaps and merges touching spans.
func (h Hours) Normalize() (Hours, error) {
	s := slices.Clone(h)
	slices.SortFunc(s, func(x, y Span) int { return int((x.From - y.From) / time.Minute) })
	var out Hours
	for _, sp := range s {
		if sp.From < 0 || sp.To > Day || sp.To <= sp.From {
			return nil, fmt.Errorf("span %s: must lie within 00:00-24:00 and end after it starts", sp)
		}
		if n := len(out); n > 0 {
			switch last := &out[n-1]; {
			case sp.From < last.To:
				return nil, fmt.Errorf("overlapping hours: %s and %s", *last, sp)
			case sp.From == last.To:
				last.To = sp.To
				continue
			}
		}
		out = append(out, sp)
	}
	if out == nil {
		out = Hours{}
	}
	return out, nil
}

// String formats a span as HH:MM-HH:MM.
func (s Span) String() string { return hhmm(s.From) + "-" + hhmm(s.To) }

// String formats hours the way ParseHours reads them.
func (h Hours) String() string {
	if len(h) == 0 {
		return "closed"
	}
	parts := make([]string, len(h))
	for i, s := range h {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}

func hhmm(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// clock parses HH:MM; 24:00 only as an end.
func clock(s string, end bool) (time.Duration, error) {
	t := strings.TrimSpace(s)
	hh, mm, ok := strings.Cut(t, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 || hh[0] == '+' || hh[0] == '-' || mm[0] == '+' || mm[0] == '-' ||
		h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && (m != 0 || !end)) {
		return 0, fmt.Errorf("time %q: must be HH:MM from 00:00 to 23:59 (24:00 only as the end of a span)", t)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// Calendar is a business-hours calendar: opening hours per weekday in a time
// zone, and holidays (local dates closed all day).
type Calendar struct {
	loc      *time.Location
	week     [7]Hours // index time.Weekday: Sunday = 0
	holidays []Date   // sorted
}

// New builds a calendar. week is indexed by time.Weekday (Sunday = 0); the
// calendar must be open some time in the week.
func New(loc *time.Location, week [7]Hours, holidays []Date) (*Calendar, error) {
	if loc == nil {
		return nil, errors.New("calendar: no time zone")
	}
	c := &Calendar{loc: loc}
	open := false
	for d, h := range week {
		n, err := h.Normalize()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", time.Weekday(d), err)
		}
		c.week[d] = n
		open = open || len(n) > 0
	}
	if !open {
		return nil, errors.New("calendar: closed every day of the week; give opening hours for at least one day")
	}
	c.holidays = slices.Clone(holidays)
	slices.SortFunc(c.holidays, Date.compare)
	c.holidays = slices.Compact(c.holidays)
	return c, nil
}

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Hours returns the opening hours of weekday d.
func (c *Calendar) Hours(d time.Weekday) Hours { return c.week[d] }

// Holidays returns the holidays, sorted.
func (c *Calendar) Holidays() []Date { return c.holidays }

// IsHoliday reports whether d is a holiday.
func (c *Calendar) IsHoliday(d Date) bool {
	_, found := slices.BinarySearchFunc(c.holidays, d, Date.compare)
	return found
}

// spans appends the opening spans of local date d (a day offset from y-m-dd) as
// instants.
func (c *Calendar) spans(y int, m time.Month, dd int, out [][2]time.Time) [][2]time.Time {
	midnight := time.Date(y, m, dd, 0, 0, 0, 0, c.loc)
	if c.IsHoliday(DateOf(midnight)) {
		return out
	}
	y, m, dd = midnight.Date() // normalized
	for _, s := range c.week[midnight.Weekday()] {
		out = append(out, [2]time.Time{c.at(y, m, dd, s.From), c.at(y, m, dd, s.To)})
	}
	return out
}

// at is the instant of local time of day off on date y-m-d (24h: the next midnight).
// A wall time that does not exist (the hour skipped in spring) is moved forward by
// the gap, as time.Date does.
func (c *Calendar) at(y int, m time.Month, d int, off time.Duration) time.Time {
	if off == Day {
		return time.Date(y, m, d+1, 0, 0, 0, 0, c.loc)
	}
	return time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute), 0, 0, c.loc)
}

// IsOpen reports whether the calendar is open at t.
func (c *Calendar) IsOpen(t time.Time) bool {
	y, m, d := t.In(c.loc).Date()
	for _, s := range c.spans(y, m, d, nil) {
		if !t.Before(s[0]) && t.Before(s[1]) {
			return true
		}
	}
	return false
}

// Between returns the business time in [a, b): the real time elapsed inside
// opening hours. It is 0 when b is not after a.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	var total time.Duration
	y, m, d := a.In(c.loc).Date()
	var buf [][2]time.Time
	for i := 0; ; i++ {
		buf = c.spans(y, m, d+i, buf[:0])
		if !time.Date(y, m, d+i, 0, 0, 0, 0, c.loc).Before(b) {
			return total
		}
		for _, s := range buf {
			from, to := later(s[0], a), earlier(s[1], b)
			if to.After(from) {
				total += to.Sub(from)
			}
		}
	}
}

// Add returns the deadline t + d in business time: the earliest instant u ≥ t
// with Between(t, u) = d. A deadline that uses up d exactly at a closing time is
// that closing time, not the next opening. d ≤ 0 gives t.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	y, m, dd := t.In(c.loc).Date()
	var buf [][2]time.Time
	for i := 0; ; i++ {
		buf = c.spans(y, m, dd+i, buf[:0])
		for _, s := range buf {
			from := later(s[0], t)
			if !s[1].After(from) {
				continue
			}
			if avail := s[1].Sub(from); d <= avail {
				return from.Add(d)
			} else {
				d -= avail
			}
		}
	}
}

// Open returns the opening spans that overlap [from, to), as instants clipped to
// it, in order.
func (c *Calendar) Open(from, to time.Time) [][2]time.Time {
	var out, buf [][2]time.Time
	y, m, d := from.In(c.loc).Date()
	for i := 0; time.Date(y, m, d+i, 0, 0, 0, 0, c.loc).Before(to); i++ {
		buf = c.spans(y, m, d+i, buf[:0])
		for _, s := range buf {
			a, b := later(s[0], from), earlier(s[1], to)
			if b.After(a) {
				out = append(out, [2]time.Time{a, b})
			}
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
