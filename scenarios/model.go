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
		SLATarget:    s.SLA.Target,
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
		cat, err := s.priceCatalog(c.Name)
		if err != nil {
			return nil, fmt.Errorf("prices_as_of: %w", err)
		}
		cat, err = cat.With(c.Name, c.Override)
		if err != nil {
			return nil, fmt.Errorf("channels.%s: %w", c.Name, err)
		}
		rules, err := cat.Lookup(c.Name)
		if err != nil {
			return nil, fmt.Errorf("channels.%s: %w", c.Name, err)
		}
		index[c.Name] = len(m.Channels)
		m.Channels = append(m.Channels, sim.Channel{Name: c.Name, Units: units, Rules: rules, OptOut: c.OptOut, HumanAgentTag: c.HumanAgentTag, Silent: c.Silent.model(),
			SkipBot: c.Bot != nil && !*c.Bot})
	}
	for i, a := range s.Arrivals {
		ch, ok := index[a.Channel]
		if !ok {
			return nil, fmt.Errorf("arrivals[%d].channel: %s is not enabled under channels", i, a.Channel)
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
		arr := sim.Arrival{
			Channel:   ch,
			Rate:      sim.FromDaily(points, uint8(days)),
			Intents:   intents,
			Languages: languages,
		}
		if len(a.Tiers) > 0 {
			if arr.Tiers, err = categorical(a.Tiers, ""); err != nil {
				return nil, fmt.Errorf("arrivals[%d].tiers: %w", i, err)
			}
		}
		for _, k := range a.Keywords {
			arr.Keywords = append(arr.Keywords, k.Name)
			arr.KeywordShares = append(arr.KeywordShares, k.Share)
		}
		m.Arrivals = append(m.Arrivals, arr)
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
	if b := s.Bot; b != nil && b.Enabled {
		mb := &sim.Bot{Threshold: b.Threshold, MaxTurns: b.MaxTurns, AskAgent: b.AskAgent, Latency: b.Latency, Turns: b.Turns.model()}
		for _, in := range b.Intents {
			mb.Intents = append(mb.Intents, sim.BotIntent{Intent: in.Intent, Resolvable: in.Resolvable, Confidence: in.Confidence})
		}
		m.Bot = mb
	}
	if f := s.FollowUp; f != nil {
		mf := &sim.FollowUp{Probability: f.Probability, Delay: f.Delay}
		for _, o := range f.ByIntent {
			mf.ByIntent = append(mf.ByIntent, sim.IntentProbability{Intent: o.Name, Probability: o.Share})
		}
		m.FollowUp = mf
	}
	for i, o := range s.Outbound {
		ch, ok := index[o.Channel]
		if !ok {
			return nil, fmt.Errorf("outbound[%d].channel: %s is not enabled under channels", i, o.Channel)
		}
		m.Outbound = append(m.Outbound, sim.Campaign{
			Channel: ch, Rate: sim.Constant(o.Rate), Category: o.Category,
			ReplyProbability: o.ReplyProbability, ReplyDelay: o.ReplyDelay, ReplyWindow: o.ReplyWindow,
			OptedOut: o.OptedOut,
		})
	}
	if err := routing(s, m, index); err != nil {
		return nil, err
	}
	if m.Interval == 0 {
		m.Interval = 30 * time.Minute
	}
	if err := s.messagingModel(m, index); err != nil {
		return nil, err
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

// routing builds the router configuration and the routing behaviour around it:
// one skill id per agent skill, language and intent named anywhere (so that an
// additional skill nobody has is dropped after its timeout, and recorded as such),
// queues with their channels, priorities and attributes, push routing, capacity.
func routing(s *Scenario, m *sim.Model, channelIndex map[string]int) error {
	r := &s.Routing
	skillID := map[string]int{}
	addSkill := func(name string) {
		if _, ok := skillID[name]; !ok {
			skillID[name] = len(m.Skills)
			m.Skills = append(m.Skills, name)
		}
	}
	for _, g := range s.Agents {
		for _, sk := range g.Skills {
			addSkill(sk.Name)
		}
	}
	for _, a := range m.Arrivals {
		for _, n := range a.Languages.Names {
			addSkill(n)
		}
		for _, n := range a.Intents.Names {
			addSkill(n)
		}
	}
	// A rule's agent_group routes on a skill of the group's own (routing_rules.go).
	targeted := map[string]bool{}
	for _, ru := range r.Rules {
		if ru.AgentGroup != "" {
			targeted[ru.AgentGroup] = true
			addSkill(groupSkill(ru.AgentGroup))
		}
	}
	for i, g := range s.Agents {
		levels := make([]int8, len(m.Skills))
		for _, sk := range g.Skills {
			levels[skillID[sk.Name]] = int8(sk.Level)
		}
		if targeted[g.Name] {
			levels[skillID[groupSkill(g.Name)]] = 1
		}
		m.Groups[i].Skills = levels
	}

	var cfg router.Config
	var err error
	if cfg.Model, err = router.ParseModel(orDefault(r.Model, DefaultRoutingModel)); err != nil {
		return fmt.Errorf("routing.model: %w", err)
	}
	if cfg.Capacity, err = router.ParseCapacityModel(orDefault(r.Capacity, DefaultCapacityModel)); err != nil {
		return fmt.Errorf("routing.capacity: %w", err)
	}
	cfg.StickyFor, cfg.PreferredTimeout, cfg.PushTimeout = r.StickyFor, r.PreferredTimeout, r.PushTimeout
	presence := router.Away
	if r.TimeoutPresence != "" {
		if presence, err = router.ParsePresence(r.TimeoutPresence); err != nil {
			return fmt.Errorf("routing.timeout_presence: %w", err)
		}
	}
	cfg.TimeoutPresence, cfg.DeclinePresence = presence, presence
	if err := r.reclaimConfig(&cfg); err != nil {
		return err
	}
	// Agents going offline hand their conversations back under tab capacity and
	// keep them under status capacity, unless the scenario says otherwise.
	cfg.OfflineRequeue = cfg.Capacity == router.Tab
	if r.OfflineRequeue != nil {
		cfg.OfflineRequeue = *r.OfflineRequeue
	}
	queueIndex := map[string]int{}
	for i, q := range r.Queues {
		queueIndex[q.Name] = i
	}
	for i, q := range r.Queues {
		spec := router.QueueSpec{
			Name: q.Name, Priority: q.Priority, DropAdditionalAfter: q.DropAdditionalAfter,
			MinLevel: q.MinLevel, Aging: q.Aging, OverflowTo: -1, OverflowAfter: q.OverflowAfter,
		}
		for _, c := range q.Channels {
			if ch, ok := channelIndex[c]; ok {
				spec.Channels = append(spec.Channels, ch)
			}
		}
		if q.OverflowTo != "" {
			j, ok := queueIndex[q.OverflowTo]
			if !ok {
				return fmt.Errorf("routing.queues[%d].overflow_to: no queue named %s", i, q.OverflowTo)
			}
			spec.OverflowTo = j
		}
		cfg.Queues = append(cfg.Queues, spec)
		qr := sim.QueueRoute{MinLevel: q.MinLevel, Tier: q.Secondary == "tier"}
		for _, a := range q.Skills {
			qr.Language = qr.Language || a == "language"
			qr.Intent = qr.Intent || a == "intent"
		}
		for _, a := range q.AdditionalSkills {
			qr.AdditionalLanguage = qr.AdditionalLanguage || a == "language"
			qr.AdditionalIntent = qr.AdditionalIntent || a == "intent"
		}
		m.QueueRoutes = append(m.QueueRoutes, qr)
	}
	m.Routing = cfg
	m.Rules = r.simRules(channelIndex, queueIndex, skillID)
	m.WaitPredictor = r.waitPredictor()
	if a := r.Announce; a != nil {
		m.Announce = &sim.Announce{Wait: a.Wait, Position: a.Position, Balk: a.Balk}
	}
	m.InactiveAfter, m.EndInactiveAfter = r.InactiveAfter, r.EndInactiveAfter
	m.Nudge, m.BotInactiveAfter = r.Nudge.model(channelIndex), r.BotInactiveAfter
	m.Decline, m.AcceptTime = r.Decline, r.AcceptTime
	for i, t := range r.Transfers {
		q, ok := queueIndex[t.To]
		if !ok {
			return fmt.Errorf("routing.transfers[%d].to: no queue named %s", i, t.To)
		}
		m.Transfers = append(m.Transfers, sim.Transfer{Intent: t.Intent, Probability: t.Probability, Queue: q})
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
