package planning

import (
	"math"
	"time"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// Staffing by weekday: when arrivals or schedules differ by weekday
// (sim.Model.ByWeekday), one requirement for every day together would staff a
// closed Sunday like a Monday. Staff then sizes every weekday the measured
// window reaches on its own: a cell of the search is (weekday, interval of the
// day), decided on the simulation's by-weekday tallies (Result.ByWeekdayInterval)
// and started from Erlang C on that weekday's load alone. The plan simulated is
// a week: each weekday's own counts; a weekday the measured window does not
// reach (a warm-up day, a horizon shorter than a week) gets, per interval, the
// most any staffed weekday needs there, so the backlog it hands on is not
// understaffed.

// cell is one unit of the staffing search: an interval of the day, on one
// weekday (0 = Monday) or, with weekday −1, on every day together.
type cell struct{ weekday, interval int }

// staffCells are the cells of a staffing search for m: the intervals of the
// day when the weekdays do not differ, else every measured weekday's intervals,
// Monday first.
func staffCells(m *sim.Model) []cell {
	perDay := int(24 * time.Hour / m.Interval)
	var out []cell
	if !m.ByWeekday() {
		for i := 0; i < perDay; i++ {
			out = append(out, cell{-1, i})
		}
		return out
	}
	for _, d := range measuredWeekdays(m) {
		for i := 0; i < perDay; i++ {
			out = append(out, cell{d, i})
		}
	}
	return out
}

// measuredWeekdays are the weekdays (0 = Monday) of the days the measured
// window covers, in weekday order.
func measuredWeekdays(m *sim.Model) []int {
	first := int(m.Warmup / (24 * time.Hour))
	last := int((m.Warmup + m.Horizon - 1) / (24 * time.Hour))
	var seen [7]bool
	for d := first; d <= last && d < first+7; d++ {
		seen[d%7] = true
	}
	var out []int
	for d, ok := range seen {
		if ok {
			out = append(out, d)
		}
	}
	return out
}

// firstDayOf is the first measured day (simulated day index) of weekday.
func firstDayOf(m *sim.Model, weekday int) int {
	d := int(m.Warmup / (24 * time.Hour))
	for d%7 != weekday {
		d++
	}
	return d
}

// values are cell c's metric values in one replication: the interval's over
// every day, or its weekday's. A plan the same on every weekday, of a scenario
// whose arrivals are too, keeps no weekday tallies: then every weekday is the day.
func (c cell) values(v *reports.RepValues, perDay int) []float64 {
	if c.weekday < 0 || v.ByWeekdayInterval == nil {
		return v.ByInterval[c.interval]
	}
	return v.ByWeekdayInterval[c.weekday*perDay+c.interval]
}

// stats are cell c's metric statistics in a report.
func (c cell) stats(r *reports.Report, perDay int) []reports.Stat {
	if c.weekday < 0 || r.ByWeekdayInterval == nil {
		return r.ByInterval[c.interval]
	}
	return r.ByWeekdayInterval[c.weekday*perDay+c.interval]
}

// weekdayName is c's weekday key ("mon"…"sun"), "" for every day together.
func (c cell) weekdayName() string {
	if c.weekday < 0 {
		return ""
	}
	return reports.Weekdays[c.weekday]
}

// label names c in lists of intervals: "10:00", or "sat 10:00" by weekday.
func (c cell) label(start string) string {
	if c.weekday < 0 {
		return start
	}
	return reports.Weekdays[c.weekday] + " " + start
}

// withCellStaffing returns a copy of s staffed by plan (per group, one count per
// cell): WithStaffing for a day, else a week of weekday schedules.
func withCellStaffing(s *scenarios.Scenario, cells []cell, perDay int, plan [][]int) *scenarios.Scenario {
	if len(cells) == 0 || cells[0].weekday < 0 {
		return WithStaffing(s, plan)
	}
	week := make([][]int, len(plan))
	for g := range plan {
		week[g] = weekPlan(cells, perDay, plan[g])
	}
	return WithWeekStaffing(s, week)
}

// weekPlan spreads one group's counts per cell over the 7 × perDay intervals of
// the week: a weekday without cells takes, per interval, the most of the
// weekdays with.
func weekPlan(cells []cell, perDay int, counts []int) []int {
	week := make([]int, 7*perDay)
	has := [7]bool{}
	top := make([]int, perDay)
	for k, c := range cells {
		week[c.weekday*perDay+c.interval] = counts[k]
		has[c.weekday] = true
		top[c.interval] = max(top[c.interval], counts[k])
	}
	for d := 0; d < 7; d++ {
		if !has[d] {
			copy(week[d*perDay:], top)
		}
	}
	return week
}

// WithWeekStaffing returns a copy of s whose agent groups follow week:
// week[g][d×n + i] agents of group g from the start of interval i of weekday d
// (0 = Monday), n intervals a day; each weekday a schedule of its own.
func WithWeekStaffing(s *scenarios.Scenario, week [][]int) *scenarios.Scenario {
	return withSchedules(s, len(week), func(g int, interval time.Duration) []scenarios.ScheduleEntry {
		perDay := int(24 * time.Hour / interval)
		var sched []scenarios.ScheduleEntry
		for d := 0; d < 7; d++ {
			sched = appendChanges(sched, week[g][d*perDay:(d+1)*perDay], interval, scenarios.Days(1<<d))
		}
		return sched
	})
}

// WeekScheduled is, per group, the heads to schedule in each of the week's
// 7 × intervals-of-the-day intervals (weekday 0 = Monday): each weekday's own
// requirement when staffed by weekday (a weekday the measured window did not
// reach: per interval the most of the staffed ones), else the day's on every
// weekday.
func (r *StaffResult) WeekScheduled() [][]int {
	perDay := int(24 * time.Hour / r.Interval)
	cells := r.cells()
	out := make([][]int, len(r.Groups))
	for g := range r.Groups {
		counts := make([]int, len(r.Intervals))
		for k, in := range r.Intervals {
			counts[k] = in.Scheduled[g]
		}
		if len(cells) > 0 && cells[0].weekday >= 0 {
			out[g] = weekPlan(cells, perDay, counts)
			continue
		}
		for d := 0; d < 7; d++ {
			out[g] = append(out[g], counts...)
		}
	}
	return out
}

// WeekServiceLevel is staff's simulated service level of each of the week's
// 7 × intervals-of-the-day intervals: by weekday when staffed by weekday (NaN
// for a weekday not staffed), else the day's on every weekday.
func (r *StaffResult) WeekServiceLevel() []reports.Stat {
	perDay := int(24 * time.Hour / r.Interval)
	cells := r.cells()
	out := make([]reports.Stat, 7*perDay)
	if len(cells) > 0 && cells[0].weekday < 0 {
		for d := 0; d < 7; d++ {
			for k, in := range r.Intervals {
				out[d*perDay+k] = in.ServiceLevel
			}
		}
		return out
	}
	for k := range out {
		out[k] = reports.Stat{Mean: math.NaN(), CI95: math.NaN()}
	}
	for k, c := range cells {
		out[c.weekday*perDay+c.interval] = r.Intervals[k].ServiceLevel
	}
	return out
}

// cells recovers the cells of a result from its intervals.
func (r *StaffResult) cells() []cell {
	perDay := int(24 * time.Hour / r.Interval)
	out := make([]cell, len(r.Intervals))
	for k, in := range r.Intervals {
		out[k] = cell{-1, k % perDay}
		for d, name := range reports.Weekdays {
			if in.Weekday == name {
				out[k].weekday = d
			}
		}
	}
	return out
}

// WeekdayHours are the agent hours of one staffed weekday.
type WeekdayHours struct {
	Weekday                                  string // "mon"…"sun"
	AgentHours, ScheduledHours, ErlangCHours float64
}
