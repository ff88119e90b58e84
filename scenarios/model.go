package scenarios

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// Model turns a loaded scenario into the simulator's model. The scenario has been
// validated with positions by Parse; errors here name the field without a line.
func (s *Scenario) Model() (*sim.Model, error) {
	m := &sim.Model{
		Name:         s.Name,
		Seed:         s.Seed,
		Horizon:      s.Horizon,
		Warmup:       s.Warmup,
		Interval:     s.Interval,
		Replications: s.Replications,
		SLAWithin:    s.SLA.Within,
		Messages:     s.Customers.Messages,
		Pause:        s.Customers.Pause,
		Patience:     s.Customers.Patience,
	}
	if m.Messages.IsZero() {
		m.Messages = dist.Constant(1)
	}
	if m.Pause.IsZero() {
		m.Pause = dist.Constant(60)
	}
	index := map[string]int{}
	for _, c := range s.Channels {
		units := int(c.Cost)
		if units < 1 {
			units = 1
		}
		index[c.Name] = len(m.Channels)
		m.Channels = append(m.Channels, sim.Channel{Name: c.Name, Units: units})
	}
	for i, a := range s.Arrivals {
		ch, ok := index[a.Channel]
		if !ok {
			return nil, fmt.Errorf("arrivals[%d].channel: %s is not enabled under channels:", i, a.Channel)
		}
		days := orAll(a.Days)
		var points []sim.DailyPoint
		if len(a.Profile) == 0 {
			points = []sim.DailyPoint{{At: 0, Value: a.Rate, Days: uint8(AllDays)}}
		}
		for _, p := range a.Profile {
			points = append(points, sim.DailyPoint{At: p.At, Value: p.Rate, Days: uint8(orAll(p.Days))})
		}
		intents, err := categorical(a.Intents, "general")
		if err != nil {
			return nil, fmt.Errorf("arrivals[%d].intents: %w", i, err)
		}
		languages, err := categorical(a.Languages, "en")
		if err != nil {
			return nil, fmt.Errorf("arrivals[%d].languages: %w", i, err)
		}
		m.Arrivals = append(m.Arrivals, sim.Arrival{
			Channel:   ch,
			Rate:      sim.FromDaily(points, uint8(days)),
			Intents:   intents,
			Languages: languages,
		})
	}
	for _, g := range s.Agents {
		var staff sim.Weekly
		if len(g.Schedule) == 0 {
			staff = sim.Constant(float64(g.Count))
		} else {
			var points []sim.DailyPoint
			for _, e := range g.Schedule {
				points = append(points, sim.DailyPoint{At: e.At, Value: float64(e.Count), Days: uint8(orAll(e.Days))})
			}
			staff = sim.FromDaily(points, uint8(AllDays))
		}
		conc := g.Concurrency
		if conc < 1 {
			conc = 1
		}
		m.Groups = append(m.Groups, sim.Group{
			Name:         g.Name,
			Staff:        staff,
			Concurrency:  conc,
			ResponseTime: g.ResponseTime,
			Penalty:      g.ConcurrencyPenalty,
			WrapUp:       g.WrapUp,
		})
	}
	model := s.Routing.Model
	if model == "" {
		model = "least_active"
	}
	rm, err := router.ParseModel(model)
	if err != nil {
		return nil, fmt.Errorf("routing.model: %w", err)
	}
	m.Routing = router.Config{Model: rm}
	if m.Interval == 0 {
		m.Interval = 30 * time.Minute
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

func orAll(d Days) Days {
	if d == 0 {
		return AllDays
	}
	return d
}

func categorical(shares []Share, def string) (sim.Categorical, error) {
	if len(shares) == 0 {
		return sim.One(def), nil
	}
	names := make([]string, len(shares))
	ps := make([]float64, len(shares))
	for i, s := range shares {
		names[i], ps[i] = s.Name, s.Share
	}
	return sim.NewCategorical(names, ps)
}
