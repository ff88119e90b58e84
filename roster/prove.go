package roster

import (
	"fmt"
	"math"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// FromStaff turns staff's requirement (heads to schedule, per group and
// interval) into a week on a grid of grid (which must divide the staff
// interval): each weekday's own requirement when staff sized the weekdays
// apart, else every day of the week repeats the one day staff sized
// (planning.StaffResult.WeekScheduled).
func FromStaff(res *planning.StaffResult, grid time.Duration) (*Requirement, error) {
	if grid <= 0 || res.Interval%grid != 0 || Day%grid != 0 {
		return nil, fmt.Errorf("roster grid %s must divide the staffing interval %s", grid, res.Interval)
	}
	per := int(res.Interval / grid)
	req := &Requirement{Interval: grid, Groups: append([]string(nil), res.Groups...)}
	for _, week := range res.WeekScheduled() {
		var row []int
		for _, n := range week {
			for k := 0; k < per; k++ {
				row = append(row, n)
			}
		}
		req.Agents = append(req.Agents, row)
	}
	return req, nil
}

// Grid is the roster grid for a staffing interval: 30 minutes when it divides
// the interval (shifts start on the half hour), else the interval itself.
func Grid(interval time.Duration) time.Duration {
	if interval%(30*time.Minute) == 0 {
		return 30 * time.Minute
	}
	return interval
}

// IntervalCheck is one interval of the week in the simulation proof.
type IntervalCheck struct {
	Day          int
	Start        time.Duration
	Required     []int // per group
	Rostered     []int // per group: the fewest on the floor during the interval
	ServiceLevel reports.Stat
}

// Scheduled returns a copy of sc whose agent groups follow the roster: per
// weekday an entry at every grid interval where the count changes.
func Scheduled(sc *scenarios.Scenario, r *Roster) *scenarios.Scenario {
	c := planning.Clone(sc)
	perDay := int(Day / r.Interval)
	for gi, name := range r.Groups {
		for a := range c.Agents {
			if c.Agents[a].Name != name {
				continue
			}
			var sched []scenarios.ScheduleEntry
			for d := 0; d < 7; d++ {
				for i := 0; i < perDay; i++ {
					n := r.Rostered[gi][d*perDay+i]
					if i > 0 && n == r.Rostered[gi][d*perDay+i-1] {
						continue
					}
					sched = append(sched, scenarios.ScheduleEntry{At: time.Duration(i) * r.Interval, Count: n, Days: scenarios.Days(1 << d)})
				}
			}
			c.Agents[a].Count, c.Agents[a].Schedule = 0, sched
		}
	}
	return c
}

// SteadyWarmup is the least warm-up of a roster's requirement and proof: two
// days, so that the measured day carries the backlog, the customers who come
// back hours later and the next-day follow-ups of the days before it, as
// every day of a recurring week does. A scenario that measures one day from
// an empty contact center at midnight (warmup 0) under-states the night.
const SteadyWarmup = 2 * Day

// SteadyState returns sc with a warm-up of at least SteadyWarmup, in whole days.
func SteadyState(sc *scenarios.Scenario) *scenarios.Scenario {
	c := planning.Clone(sc)
	w := max(sc.Warmup, SteadyWarmup)
	c.Warmup = (w + Day - 1) / Day * Day
	return c
}

// Prove simulates the rostered scenario over one week after a steady-state
// warm-up (SteadyState: the roster's own days, from an empty contact center)
// and returns, per interval of the scenario's interval and weekday, required
// versus rostered heads and the simulated service level with its CI across
// replications. progress, if not nil, is called with the replications done.
func Prove(sc *scenarios.Scenario, r *Roster, workers int, progress func(done int)) ([]IntervalCheck, error) {
	rs := SteadyState(Scheduled(sc, r))
	interval := sc.Interval
	if interval == 0 {
		interval = 30 * time.Minute
	}
	if interval%r.Interval != 0 {
		return nil, fmt.Errorf("scenario interval %s is not a multiple of the roster grid %s", interval, r.Interval)
	}
	rs.Horizon = Week
	per := int(interval / r.Interval)
	perDay := int(Day / interval)
	gridPerDay := int(Day / r.Interval)
	sl := metrics.Index("service_level")
	m, err := rs.Model()
	if err != nil {
		return nil, err
	}
	rep, err := reports.Simulate(m, workers, progress)
	if err != nil {
		return nil, err
	}
	var out []IntervalCheck
	for d := 0; d < 7; d++ {
		for i := 0; i < perDay; i++ {
			// A roster the same every day keeps no weekday results: each
			// day is then the week's interval of the day.
			st := rep.ByInterval[i][sl]
			if rep.ByWeekdayInterval != nil {
				st = rep.ByWeekdayInterval[d*perDay+i][sl]
			}
			ic := IntervalCheck{Day: d, Start: time.Duration(i) * interval, ServiceLevel: st}
			for g := range r.Groups {
				req, ros := 0, math.MaxInt
				for k := 0; k < per; k++ {
					t := d*gridPerDay + i*per + k
					req = max(req, r.Required[g][t])
					ros = min(ros, r.Rostered[g][t])
				}
				ic.Required = append(ic.Required, req)
				ic.Rostered = append(ic.Rostered, ros)
			}
			out = append(out, ic)
		}
	}
	return out, nil
}
