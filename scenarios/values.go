package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseTimeOfDay parses a time of day "HH:MM" (00:00 to 23:59; "8:00" is accepted as
// 08:00) and returns it as the offset from midnight.
func ParseTimeOfDay(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	hh, mm, ok := strings.Cut(t, ":")
	bad := func() (time.Duration, error) {
		return 0, fmt.Errorf("must be a time of day \"HH:MM\" from 00:00 to 23:59, got %s", quote(s))
	}
	if !ok || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 || !digits(hh) || !digits(mm) {
		return bad()
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if h > 23 || m > 59 {
		return bad()
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// FormatTimeOfDay formats an offset from midnight as "HH:MM".
func FormatTimeOfDay(d time.Duration) string {
	m := int(d/time.Minute) % (24 * 60)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

var longDayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// Weekdays is Monday to Friday; Weekends is Saturday and Sunday.
const (
	Weekdays Days = 0x1f
	Weekends Days = 0x60
)

// ParseDays parses a set of weekdays: comma-separated days (mon, tue, …, or full names)
// and ranges (mon-fri), or one of weekdays, weekends, all. A range may wrap around the
// week: fri-mon is Friday to Monday. Case does not matter.
func ParseDays(s string) (Days, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return 0, fmt.Errorf("must name days such as mon-fri, sat,sun, weekdays, weekends or all")
	}
	var set Days
	for _, part := range strings.Split(t, ",") {
		part = strings.TrimSpace(part)
		switch part {
		case "all":
			set |= AllDays
			continue
		case "weekdays":
			set |= Weekdays
			continue
		case "weekends", "weekend":
			set |= Weekends
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		a, err := day(from, s)
		if err != nil {
			return 0, err
		}
		if !isRange {
			set |= 1 << uint(a)
			continue
		}
		b, err := day(to, s)
		if err != nil {
			return 0, err
		}
		for d := a; ; d = (d + 1) % 7 {
			set |= 1 << uint(d)
			if d == b {
				break
			}
		}
	}
	return set, nil
}

// day parses one day name, 0 = Monday.
func day(name, whole string) (int, error) {
	n := strings.TrimSpace(name)
	for i := range dayNames {
		if n == dayNames[i] || n == longDayNames[i] {
			return i, nil
		}
	}
	if n == "" {
		return 0, fmt.Errorf("days %s: empty day in the list; write days such as mon-fri or sat,sun", quote(whole))
	}
	return 0, fmt.Errorf("days %s: unknown day %s%s; days are mon, tue, wed, thu, fri, sat, sun",
		quote(whole), quote(n), didYouMean(n, dayNames))
}

// String formats a set of days the way ParseDays reads it: "mon-fri", "sat,sun", "all".
func (s Days) String() string {
	s &= AllDays
	switch s {
	case AllDays:
		return "all"
	case 0:
		return "none"
	}
	var parts []string
	for d := 0; d < 7; {
		if !s.Has(d) {
			d++
			continue
		}
		e := d
		for e+1 < 7 && s.Has(e+1) {
			e++
		}
		switch {
		case e == d:
			parts = append(parts, dayNames[d])
		case e == d+1:
			parts = append(parts, dayNames[d], dayNames[e])
		default:
			parts = append(parts, dayNames[d]+"-"+dayNames[e])
		}
		d = e + 1
	}
	return strings.Join(parts, ",")
}
