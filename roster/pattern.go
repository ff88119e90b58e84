package roster

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"
)

// DayShift is one day's shift: a start time, a length and each of the
// template's breaks at a fixed offset from the start.
type DayShift struct {
	Start     time.Duration   // time of day
	Length    time.Duration   // breaks included
	Breaks    []time.Duration // start offsets from the shift start, one per template break
	BreakLens []time.Duration
	PaidHours float64 // this day
	Cost      float64 // this day
}

// Band is a family of weekly tours of one group: one template and shift
// length, worked on one of DayPatterns, where each working day's shift is any
// of Shifts (its start anywhere in [Lo, Hi] and its breaks anywhere in their
// windows). Hi − Lo is at most the template's start_band less one grid step,
// and small enough that the rest between two consecutive days' shifts, at
// least 24h − length − (Hi − Lo), keeps rules.min_rest.
type Band struct {
	Group       string
	Template    string
	PartTime    bool
	Length      time.Duration
	Lo, Hi      time.Duration
	DayPatterns []uint8 // working days, bit 0 = Monday
	Shifts      []DayShift
	WeeklyPaid  float64 // paid hours per week of one agent
	WeeklyCost  float64 // of one agent
}

// DayNames are the weekday abbreviations, Monday first, as scenario files use them.
var DayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// DaysString spells a day set "mon,tue,wed,thu,fri".
func DaysString(d uint8) string {
	var out []string
	for i := 0; i < 7; i++ {
		if d&(1<<i) != 0 {
			out = append(out, DayNames[i])
		}
	}
	return strings.Join(out, ",")
}

// maxRun is the longest run of set bits in a 7-bit week, taken cyclically.
func maxRun(d uint8) int {
	if d&0x7f == 0x7f {
		return 7
	}
	best, run := 0, 0
	for i := 0; i < 14; i++ {
		if d&(1<<(i%7)) != 0 {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// restPaired reports whether the rest days of d form one block, cyclically.
func restPaired(d uint8) bool {
	rest := ^d & 0x7f
	if rest == 0 {
		return true
	}
	return maxRun(rest) == bits.OnesCount8(rest)
}

// dropped counts, per rule, the candidates a rule removed (for the message
// when none is left).
type dropped map[string]int

// Bands expands the templates that apply to group into tour bands that obey
// the rules, on a grid of interval (every start, length and break must fall
// on it). The order is deterministic: template, length, start.
func (s *Shifts) Bands(group string, interval time.Duration) ([]Band, error) {
	bs, _, err := s.bands(group, interval)
	return bs, err
}

func (s *Shifts) bands(group string, interval time.Duration) ([]Band, dropped, error) {
	if interval <= 0 || Day%interval != 0 {
		return nil, nil, fmt.Errorf("interval %s: must divide 24h", interval)
	}
	drop := dropped{}
	var out []Band
	r := s.Rules
	for _, t := range s.Templates {
		if len(t.Groups) > 0 && !slices.Contains(t.Groups, group) {
			continue
		}
		where := t.Name
		if t.at != "" {
			where = t.at + ": " + t.Name
		}
		for _, st := range t.Starts {
			if st%interval != 0 {
				return nil, nil, fmt.Errorf("%s.starts: %s is not on the %s interval grid", where, fmtClock(st), interval)
			}
		}
		for _, b := range t.Breaks {
			if b.Length%interval != 0 || b.From%interval != 0 || b.To%interval != 0 {
				return nil, nil, fmt.Errorf("%s.breaks: length %s, from %s, to %s: not on the %s interval grid", where, b.Length, b.From, b.To, interval)
			}
		}
		for _, length := range t.Lengths {
			if length > Day {
				return nil, nil, fmt.Errorf("%s.lengths: a shift of %s is longer than the day", where, length)
			}
			if length%interval != 0 {
				return nil, nil, fmt.Errorf("%s.lengths: %s is not a multiple of the %s interval", where, length, interval)
			}
			unpaid := time.Duration(0)
			for _, b := range t.Breaks {
				if b.To > length {
					return nil, nil, fmt.Errorf("%s.breaks: a window ending at %s does not fit in the %s shift", where, b.To, length)
				}
				if !b.Paid {
					unpaid += b.Length
				}
			}
			daily := (length - unpaid).Hours()
			paid := daily * float64(t.WorkDays)
			if r.WeeklyHoursMin > 0 && paid < r.WeeklyHoursMin-1e-9 || r.WeeklyHoursMax > 0 && paid > r.WeeklyHoursMax+1e-9 {
				drop["weekly_hours"] += len(t.Starts)
				continue
			}
			// The largest difference between two days' starts: the band, and
			// what keeps the rest between consecutive days' shifts.
			spread := max(t.StartBand, interval) - interval
			spread = min(spread, Day-length)
			consecutiveOK := true
			if r.MinRest > 0 {
				if Day-length < r.MinRest {
					consecutiveOK = false
					spread = 0
				} else {
					spread = min(spread, (Day-length-r.MinRest)/interval*interval)
				}
			}
			var days []uint8
			for d := uint8(1); d < 0x80; d++ {
				if bits.OnesCount8(d) != t.WorkDays {
					continue
				}
				if t.PairedRest && !restPaired(d) {
					continue
				}
				if r.MaxConsecutiveDays > 0 && maxRun(d) > r.MaxConsecutiveDays {
					drop["max_consecutive_days"]++
					continue
				}
				if !consecutiveOK && maxRun(d) >= 2 {
					drop["min_rest"]++
					continue
				}
				if r.PairedRest && !restPaired(d) {
					drop["paired_rest"]++
					continue
				}
				days = append(days, d)
			}
			if len(days) == 0 {
				continue
			}
			combos := breakCombos(t.Breaks, interval)
			var lens []time.Duration
			for _, b := range t.Breaks {
				lens = append(lens, b.Length)
			}
			for i := 0; i < len(t.Starts); {
				lo := t.Starts[i]
				bd := Band{Group: group, Template: t.Name, PartTime: t.PartTime, Length: length, Lo: lo, DayPatterns: days, WeeklyPaid: paid, WeeklyCost: paid * t.CostPerHour}
				for ; i < len(t.Starts) && t.Starts[i]-lo <= spread; i++ {
					bd.Hi = t.Starts[i]
					for _, offs := range combos {
						bd.Shifts = append(bd.Shifts, DayShift{Start: t.Starts[i], Length: length, Breaks: offs, BreakLens: lens,
							PaidHours: daily, Cost: daily * t.CostPerHour})
					}
				}
				out = append(out, bd)
			}
		}
	}
	return out, drop, nil
}

// breakCombos lists every placement of the breaks, in order, each on the grid
// inside its window and after the previous one.
func breakCombos(bs []Break, interval time.Duration) [][]time.Duration {
	var out [][]time.Duration
	var rec func(i int, after time.Duration, cur []time.Duration)
	rec = func(i int, after time.Duration, cur []time.Duration) {
		if i == len(bs) {
			out = append(out, slices.Clone(cur))
			return
		}
		b := bs[i]
		for at := max(b.From, after); at+b.Length <= b.To; at += interval {
			rec(i+1, at+b.Length, append(cur, at))
		}
	}
	rec(0, 0, nil)
	return out
}

// slots lists the intervals of the week the shift covers when worked on day
// d, breaks excluded; the week is cyclic.
func (s *DayShift) slots(d int, interval time.Duration) []int32 {
	perDay := int32(Day / interval)
	week := 7 * perDay
	var out []int32
	n := int(s.Length / interval)
	first := int32(d)*perDay + int32(s.Start/interval)
slot:
	for k := 0; k < n; k++ {
		off := time.Duration(k) * interval
		for b, at := range s.Breaks {
			if off >= at && off < at+s.BreakLens[b] {
				continue slot
			}
		}
		out = append(out, (first+int32(k))%week)
	}
	return out
}

// breakSpans are the shift's breaks as spans from midnight of its day.
func (s *DayShift) breakSpans() []Span {
	var out []Span
	for b, at := range s.Breaks {
		out = append(out, Span{s.Start + at, s.Start + at + s.BreakLens[b]})
	}
	return out
}

// fmtClock prints a time of day (or a time of the week modulo a day) as HH:MM.
func fmtClock(d time.Duration) string {
	d %= Day
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
