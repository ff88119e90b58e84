package planning

import (
	"fmt"
	"math"
	"time"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// Deferred channels in staff: a channel with channels.C.deferred (a target
// longer than the interval, such as an email answered within 24 h) is taken out
// of the interval search — its arrivals and start-of-day backlog are not
// simulated against the interval service level — and planned with
// PlanDeferred: the fewest agents of the group that takes it which, present
// when the scenario's schedule has that group on the floor, clear its backlog
// and its arrivals within the deadline at the maximum occupancy. The interval
// requirement and the deferred one add up: the page lists both.

// DeferredStaff is the requirement of one deferred channel.
type DeferredStaff struct {
	Channel      string
	Group        string        // the agent group that takes it (the most of its conversations)
	Within       time.Duration // the deadline
	MaxOccupancy float64
	ItemsPerDay  float64       // arrivals per day, mean over the planning period
	Initial      float64       // start-of-day backlog (initial:), in conversations
	Age          time.Duration // the oldest backlog's age
	Work         time.Duration // agent time per conversation: messages × the group's mean response time + wrap-up
	// Period is the cyclic planning period: a day, or a week when arrivals or
	// schedules differ by weekday.
	Period time.Duration
	// Present is the share of the period the group is on the floor (the
	// scenario's schedule has heads): the agents' working hours.
	Present float64
	Plan    DeferredPlan
	// Bound is the work-conservation lower bound on the head count: the work
	// of a period over the capacity of a period, and the start-of-day backlog
	// over the capacity present before its deadline (each at MaxOccupancy).
	// Plan.Fluid is at least Bound, equal when only one of them binds.
	Bound float64
	// AgentHours is Plan.Agents × the hours present, per day.
	AgentHours float64
}

// deferredWork is the deferred workload of channel c of sc, on model m (the
// scenario's own, deferred channels included).
func deferredWork(sc *scenarios.Scenario, m *sim.Model, c *scenarios.Channel) (DeferredStaff, DeferredWork, error) {
	ds := DeferredStaff{Channel: c.Name, Within: c.Deferred.Within, MaxOccupancy: c.Deferred.MaxOccupancy}
	if ds.MaxOccupancy == 0 {
		ds.MaxOccupancy = scenarios.DefaultDeferredOccupancy
	}
	ch := -1
	for i := range m.Channels {
		if m.Channels[i].Name == c.Name {
			ch = i
		}
	}
	perDay := int(24 * time.Hour / m.Interval)
	days := 1
	if m.ByWeekday() {
		days = 7
	}
	first := int(m.Warmup / (24 * time.Hour))
	last := int((m.Warmup + m.Horizon - 1) / (24 * time.Hour))
	arr := make([]float64, days*perDay)
	share := make([]float64, len(m.Groups))
	skill := map[string]int{}
	for i, s := range m.Skills {
		skill[s] = i
	}
	for k := range m.Arrivals {
		a := &m.Arrivals[k]
		if a.Channel != ch {
			continue
		}
		for j := range arr {
			d, i := j/perDay, j%perDay
			var rate float64
			if days == 1 {
				rate = meanRate(a.Rate, i, m.Interval, first, last)
			} else {
				rate = meanRate(a.Rate, i, m.Interval, d, d)
			}
			arr[j] += rate * m.Interval.Seconds()
		}
		q := -1
		for qi, spec := range m.Routing.Queues {
			for _, qc := range spec.Channels {
				if qc == ch && q < 0 {
					q = qi
				}
			}
		}
		for _, intent := range a.Intents.Names {
			for _, lang := range a.Languages.Names {
				groups := takers(m, q, skill, intent, lang)
				for _, g := range groups {
					share[g] += 1 / float64(len(groups))
				}
			}
		}
	}
	g := -1
	for i, s := range share {
		if s > 0 && (g < 0 || s > share[g]) {
			g = i
		}
	}
	if g < 0 {
		return ds, DeferredWork{}, fmt.Errorf("channels.%s.deferred: no agent group takes the channel's conversations", c.Name)
	}
	grp := &m.Groups[g]
	ds.Group = grp.Name
	ds.Work = time.Duration((m.Messages.Mean()*grp.ResponseTime.Mean() + grp.WrapUp.Seconds()) * float64(time.Second))
	for _, b := range sc.Initial {
		if b.Channel == c.Name {
			ds.Initial += float64(max(b.Count, 1))
			ds.Age = max(ds.Age, b.Age)
		}
	}
	// The group's working hours: present where the scenario schedules heads.
	avail := make([]float64, len(arr))
	onFloor := false
	for j := range avail {
		d, i := j/perDay, j%perDay
		day := first
		if days == 7 {
			day = d
		}
		if meanRate(grp.Staff, i, m.Interval, day, day) > 0 {
			avail[j], onFloor = 1, true
		}
	}
	if !onFloor {
		avail = nil // never scheduled: plan as if always present
	}
	w := DeferredWork{Interval: m.Interval, Arrivals: arr, Work: ds.Work, Deadline: ds.Within, MaxOccupancy: ds.MaxOccupancy,
		Available: avail, Initial: ds.Initial, Age: min(ds.Age, ds.Within)}
	ds.Period = time.Duration(len(arr)) * m.Interval
	ds.Present = w.presentHours(len(arr)) / ds.Period.Hours()
	for _, a := range arr {
		ds.ItemsPerDay += a / float64(days)
	}
	return ds, w, nil
}

// bound is the work-conservation lower bound of w (see DeferredStaff.Bound).
func (w *DeferredWork) bound() float64 {
	work := 0.0
	for _, a := range w.Arrivals {
		work += a * w.Work.Hours()
	}
	b := work / (w.occ() * w.presentHours(len(w.Arrivals)))
	if w.Initial > 0 {
		due := w.Deadline - w.Age
		present := 0.0
		for k := 0; time.Duration(k)*w.Interval < due; k++ {
			part := math.Min(1, (due-time.Duration(k)*w.Interval).Hours()/w.Interval.Hours())
			present += w.avail(k) * part * w.Interval.Hours()
		}
		b = math.Max(b, w.Initial*w.Work.Hours()/(w.occ()*present))
	}
	return b
}

// planDeferredChannels plans every deferred channel of sc.
func planDeferredChannels(sc *scenarios.Scenario) ([]DeferredStaff, error) {
	var out []DeferredStaff
	var m *sim.Model
	for i := range sc.Channels {
		c := &sc.Channels[i]
		if c.Deferred == nil {
			continue
		}
		if m == nil {
			var err error
			if m, err = sc.Model(); err != nil {
				return nil, err
			}
		}
		ds, w, err := deferredWork(sc, m, c)
		if err != nil {
			return nil, err
		}
		if ds.Plan, err = PlanDeferred(w); err != nil {
			return nil, fmt.Errorf("channels.%s.deferred: %w", c.Name, err)
		}
		ds.Bound = w.bound()
		ds.AgentHours = float64(ds.Plan.Agents) * ds.Present * 24
		out = append(out, ds)
	}
	return out, nil
}

// withoutDeferred returns sc without the work of its deferred channels (their
// arrivals at a rate of 0, their start-of-day backlog dropped), for the
// interval search; sc itself when it has none.
func withoutDeferred(sc *scenarios.Scenario) *scenarios.Scenario {
	deferred := map[string]bool{}
	for _, c := range sc.Channels {
		if c.Deferred != nil {
			deferred[c.Name] = true
		}
	}
	if len(deferred) == 0 {
		return sc
	}
	c := Clone(sc)
	for i := range c.Arrivals {
		if deferred[c.Arrivals[i].Channel] {
			c.Arrivals[i].Rate, c.Arrivals[i].Profile = 0, nil
		}
	}
	var keep []scenarios.Backlog
	for _, b := range c.Initial {
		if !deferred[b.Channel] {
			keep = append(keep, b)
		}
	}
	c.Initial = keep
	return c
}

// liveWork reports whether sc has work for the interval search: an arrival
// stream with a rate, a start-of-day backlog or a campaign.
func liveWork(sc *scenarios.Scenario) bool {
	for _, a := range sc.Arrivals {
		if a.Rate > 0 {
			return true
		}
		for _, p := range a.Profile {
			if p.Rate > 0 {
				return true
			}
		}
	}
	return len(sc.Initial) > 0 || len(sc.Outbound) > 0
}

// deferredOnly is the result of a scenario whose only work is deferred: no
// interval needs an agent (nothing to simulate), the deferred channels do.
func deferredOnly(m *sim.Model, opt StaffOptions, deferred []DeferredStaff) *StaffResult {
	nan := reports.Stat{Mean: math.NaN(), CI95: math.NaN()}
	res := &StaffResult{Scenario: m.Name, Seed: m.Seed, Replications: m.Replications, Interval: m.Interval, Targets: opt.Targets,
		SLAWithin: m.SLAWithin, Shrinkage: opt.Shrinkage, Met: true, Scale: 1, ServiceLevelDaily: nan, Deferred: deferred,
		Rule: Rule{Confidence: opt.Confidence, Tolerance: opt.Tolerance, Initial: m.Replications, Max: opt.MaxReplications}.withDefaults()}
	for _, g := range m.Groups {
		res.Groups = append(res.Groups, g.Name)
	}
	res.GroupAgentHours = make([]float64, len(m.Groups))
	res.Current = SimulatedStaffing(m)
	for i := 0; i < int(24*time.Hour/m.Interval); i++ {
		at := time.Duration(i) * m.Interval
		is := IntervalStaff{Start: fmt.Sprintf("%02d:%02d", int(at.Hours()), int(at.Minutes())%60), OfferedPerHour: 0, RoutedPerHour: 0,
			ServiceLevel: nan, AbandonRate: nan, Utilization: nan,
			Verified: Verification{ServiceLevel: nan, AbandonRate: nan, Utilization: nan, Holds: true, Confident: true}}
		for range m.Groups {
			is.Agents, is.Scheduled, is.ErlangC = append(is.Agents, 0), append(is.Scheduled, 0), append(is.ErlangC, 0)
			is.OneLess, is.Fractional, is.Occupancy = append(is.OneLess, nan), append(is.Fractional, 0), append(is.Occupancy, math.NaN())
		}
		res.Intervals = append(res.Intervals, is)
	}
	return res
}
