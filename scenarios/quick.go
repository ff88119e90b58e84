package scenarios

import "time"

// Quick mode (omnisim check --quick) trades precision for time, for a pre-commit hook:
// fewer replications and a shorter horizon, the same scenario otherwise.
const (
	// QuickReplications is the most replications a quick run makes: three still give
	// a 95 % confidence interval, if a wide one.
	QuickReplications = 3
	// QuickHorizonDivisor divides the horizon of a quick run, which is then rounded up
	// to whole days.
	QuickHorizonDivisor = 4
)

// Quick scales s down for a quick run: at most QuickReplications replications, and
// the horizon divided by QuickHorizonDivisor and rounded up to whole days (never
// longer than it was), so that every time of day of the profiles and schedules is
// still simulated. A scenario whose arrivals or staffing differ by weekday keeps its
// horizon: a shorter run would leave out the days it is about, such as a weekend
// closure. The warm-up is kept, so that measurement starts from the same state.
// Quick reports whether it changed anything.
func (s *Scenario) Quick() bool {
	changed := false
	if s.Replications > QuickReplications {
		s.Replications = QuickReplications
		changed = true
	}
	if !s.weekdayDependent() {
		const day = 24 * time.Hour
		h := s.Horizon / QuickHorizonDivisor
		h = (h + day - 1) / day * day
		if h < s.Horizon {
			s.Horizon = h
			changed = true
		}
	}
	return changed
}

// weekdayDependent reports whether some arrival stream or staffing schedule differs
// between days of the week.
func (s *Scenario) weekdayDependent() bool {
	for _, a := range s.Arrivals {
		if orAll(a.Days) != AllDays {
			return true
		}
		for _, p := range a.Profile {
			if orAll(p.Days) != AllDays {
				return true
			}
		}
	}
	for _, g := range s.Agents {
		for _, e := range g.Schedule {
			if orAll(e.Days) != AllDays {
				return true
			}
		}
	}
	return false
}
