package sim

import (
	"math"
	"slices"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/router/work"
)

// SkillID returns the router's skill id of a skill name (an agent skill, or a
// language or intent an arrival stream names), or -1 if the model has no such skill.
func (m *Model) SkillID(name string) int {
	for i, s := range m.Skills {
		if s == name {
			return i
		}
	}
	return -1
}

// Work describes a conversation to the router as the simulator does: in queue (a
// router queue index), costing its channel's units, requiring or asking for its
// language and intent as the queue's QueueRoute says (work.Route.Describe), and
// ordered by its customer tier when the queue routes on it. tier is an index into
// the arrival stream's tiers (0: the first listed, routed first). A language or
// intent that is not one of Model.Skills adds no need.
//
// The simulator resolves names to skill ids once per arrival stream and builds the
// same Work without looking names up; a test keeps the two equal.
func (m *Model) Work(queue, channel int, language, intent string, tier int) router.Work {
	w := router.Work{Queue: queue, Channel: channel}
	if channel >= 0 && channel < len(m.Channels) {
		w.Units = m.Channels[channel].Units
	}
	if queue < 0 || queue >= len(m.QueueRoutes) {
		return w
	}
	m.QueueRoutes[queue].Describe(&w, nil, nil, m.SkillID(language), m.SkillID(intent), tier)
	return w
}

// Serving returns what a router service (omnisim serve) needs of the model to
// route as the simulator does: the routing configuration, skills, channels with
// the language, intent and tiers of their arrival streams (the first stream's
// language and intent are a channel's defaults), the queues' routes, each agent
// group with its largest head count, the bot, and inactivity.
func (m *Model) Serving() *work.Model {
	s := &work.Model{Routing: m.Routing, Skills: m.Skills, QueueRoutes: m.QueueRoutes, Bot: m.Bot != nil,
		InactiveAfter: m.InactiveAfter, EndInactiveAfter: m.EndInactiveAfter}
	for i, ch := range m.Channels {
		c := work.Channel{Name: ch.Name, Units: ch.Units, Rules: ch.Rules}
		found := false
		for _, a := range m.Arrivals {
			if a.Channel != i {
				continue
			}
			if !found && len(a.Languages.Names) > 0 && len(a.Intents.Names) > 0 {
				c.Language, c.Intent, found = a.Languages.Names[0], a.Intents.Names[0], true
			}
			for _, t := range a.Tiers.Names {
				if !slices.Contains(c.Tiers, t) {
					c.Tiers = append(c.Tiers, t)
				}
			}
		}
		s.Channels = append(s.Channels, c)
	}
	for _, g := range m.Groups {
		s.Groups = append(s.Groups, work.Group{Name: g.Name, Skills: g.Skills, Agents: int(math.Ceil(g.Staff.Max())), Concurrency: g.Concurrency})
	}
	return s
}
