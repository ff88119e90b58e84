package roster

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"
)

// Pattern is one weekly shift pattern: a start time and length worked on Days,
// with each of the template's breaks at a fixed offset from the start.
type Pattern struct {
	Group     string
	Template  string
	Days      uint8           // bit 0 = Monday
	Start     time.Duration   // time of day
	Length    time.Duration   // breaks included
	Breaks    []time.Duration // start offsets from the shift start, one per template break
	BreakLens []time.Duration
	PaidHours float64 // per week
	Cost      float64 // per week
	slots     []int32 // covered intervals of the week (breaks excluded), cyclic
}

// Slots returns the intervals of the week the pattern's agent is on the floor.
func (p *Pattern) Slots() []int32 { return p.slots }

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

// dropped counts, per rule, the candidate patterns a rule removed (for the
// message when none is left).
type dropped map[string]int

// Patterns expands the templates that apply to group into weekly patterns that
// obey the rules, on a grid of interval (every start, length and break must
// fall on it). The order is deterministic: template, length, start, days, breaks.
func (s *Shifts) Patterns(group string, interval time.Duration) ([]Pattern, error) {
	ps, _, err := s.patterns(group, interval)
	return ps, err
}

func (s *Shifts) patterns(group string, interval time.Duration) ([]Pattern, dropped, error) {
	if interval <= 0 || Day%interval != 0 {
		return nil, nil, fmt.Errorf("interval %s: must divide 24h", interval)
	}
	perDay := int(Day / interval)
	drop := dropped{}
	var out []Pattern
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
			paid := (length - unpaid).Hours() * float64(t.WorkDays)
			if r.WeeklyHoursMin > 0 && paid < r.WeeklyHoursMin-1e-9 || r.WeeklyHoursMax > 0 && paid > r.WeeklyHoursMax+1e-9 {
				drop["weekly_hours"] += len(t.Starts)
				continue
			}
			combos := breakCombos(t.Breaks, interval)
			for _, st := range t.Starts {
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
					// The same start every working day: the rest between two
					// shifts on consecutive days is 24h − length.
					if r.MinRest > 0 && maxRun(d) >= 2 && Day-length < r.MinRest {
						drop["min_rest"]++
						continue
					}
					for _, offs := range combos {
						p := Pattern{
							Group: group, Template: t.Name, Days: d, Start: st, Length: length,
							Breaks: offs, PaidHours: paid, Cost: paid * t.CostPerHour,
						}
						for _, b := range t.Breaks {
							p.BreakLens = append(p.BreakLens, b.Length)
						}
						p.slots = coverage(d, st, length, offs, p.BreakLens, interval, perDay)
						out = append(out, p)
					}
				}
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

// coverage lists the intervals of the week covered, breaks excluded.
func coverage(days uint8, start, length time.Duration, breaks, lens []time.Duration, interval time.Duration, perDay int) []int32 {
	week := int32(7 * perDay)
	var out []int32
	n := int(length / interval)
	for d := 0; d < 7; d++ {
		if days&(1<<d) == 0 {
			continue
		}
		first := int32(d*perDay) + int32(start/interval)
	slot:
		for k := 0; k < n; k++ {
			off := time.Duration(k) * interval
			for b, at := range breaks {
				if off >= at && off < at+lens[b] {
					continue slot
				}
			}
			out = append(out, (first+int32(k))%week)
		}
	}
	slices.Sort(out)
	return out
}

// fmtClock prints a time of day (or a time of the week modulo a day) as HH:MM.
func fmtClock(d time.Duration) string {
	d %= Day
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
