package sim

import (
	"math"
	"slices"

	"github.com/omnisim/omnisim/router/work"
)

// Serving returns what a router service (omnisim serve) needs of the model to
// route as the simulator does: the routing configuration, skills, channels with
// the language, intent and tiers of their arrival streams (the first stream's
// language and intent are a channel's defaults), the queues' routes, each agent
// group with its largest head count, the bot, and inactivity. Its Work describes a
// conversation by attribute names as the simulator does by skill ids (a test keeps
// the two equal).
func (m *Model) Serving() *work.Model {
	s := &work.Model{Routing: m.Routing, Skills: m.Skills, QueueRoutes: m.QueueRoutes, Rules: m.Rules, Bot: m.Bot != nil,
		InactiveAfter: m.InactiveAfter, EndInactiveAfter: m.EndInactiveAfter, BotInactiveAfter: m.BotInactiveAfter}
	for i, ch := range m.Channels {
		c := work.Channel{Name: ch.Name, Units: ch.Units, Rules: ch.Rules, SkipBot: ch.SkipBot}
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
	if m.Nudge != nil {
		s.Nudge = &work.Nudge{Channels: nudgeTable(m), CloseAfter: m.Nudge.CloseAfter}
	}
	if a := m.Announce; a != nil {
		s.Announce = &work.Announce{Wait: a.Wait, Position: a.Position, Balk: a.Balk}
	}
	for _, g := range m.Groups {
		s.Groups = append(s.Groups, work.Group{Name: g.Name, Skills: g.Skills, Agents: int(math.Ceil(g.Staff.Max())), Concurrency: g.Concurrency})
	}
	return s
}
