// Package work describes a scenario's conversations to the router as the
// simulator does, for both the simulator (package sim) and omnisim serve
// (package server): which conversation attributes each queue routes on
// (Route), and the routing setup around the engine that serve takes from a
// scenario (Model): skill names, channels with their costs and default
// attributes, agent groups, inactivity.
package work

import (
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
)

// Route says which conversation attributes a queue routes on: required
// (Language, Intent) or additional (dropped after the queue's timeout), at
// MinLevel, and whether the customer tier orders it (Tier).
type Route struct {
	Language, Intent                     bool
	AdditionalLanguage, AdditionalIntent bool
	MinLevel                             int
	Tier                                 bool
}

// Describe sets w's skills and secondary priority for a conversation in a queue
// that routes as r: its language and intent (router skill ids, -1: no such
// skill, which adds no need) and its tier (0: the first listed, routed first).
// need and addl are buffers for w.Skills and w.Additional (their contents are
// replaced), so that the simulator allocates nothing per conversation.
func (r *Route) Describe(w *router.Work, need, addl []router.SkillNeed, language, intent, tier int) {
	add := func(list []router.SkillNeed, on bool, skill int) []router.SkillNeed {
		if on && skill >= 0 {
			list = append(list, router.SkillNeed{Skill: skill, MinLevel: r.MinLevel})
		}
		return list
	}
	w.Skills = add(add(need[:0], r.Language, language), r.Intent, intent)
	w.Additional = add(add(addl[:0], r.AdditionalLanguage, language), r.AdditionalIntent, intent)
	if r.Tier {
		w.Priority2 = tier
	}
}

// Model is what a router service needs of a scenario to route as the simulator
// does (sim.Model.Serving builds it).
type Model struct {
	Routing     router.Config // queues, capacity model, push routing, routing model
	Skills      []string      // skill names; index = the router's skill id
	Channels    []Channel
	QueueRoutes []Route // per queue (router index): the attributes it routes on
	Rules       []Rule  // routing rules, in order (rules.go); empty: queues by channel
	Groups      []Group
	Bot         bool // the scenario has a bot tier
	// Customer silence after which a conversation is Inactive, and after which
	// it ends (0: never).
	InactiveAfter, EndInactiveAfter time.Duration
	// Nudge: a reminder to a customer silent for InactiveAfter, then an
	// auto-close (nil: none).
	Nudge *Nudge
	// Announce: what a customer whose first routing finds no agent with room
	// is told (nil: nothing).
	Announce *Announce
	// BotInactiveAfter: customer silence after which the bot closes a
	// conversation it still owns (0: never).
	BotInactiveAfter time.Duration
}

// Nudge is what a router service needs of a scenario's nudge (sim.Nudge): the
// customer's reply is the real customer's.
type Nudge struct {
	Channels   []bool        // per channel index: its silent customers are nudged
	CloseAfter time.Duration // silence after the nudge that closes the conversation; 0: none
}

// Announce is what a router service needs of a scenario's delay announcement
// (sim.Announce): announce the predicted wait, the position in line, or both.
// Balk is the share of customers told a wait beyond their patience who leave
// at once: in a service the real customers decide, so it is carried only for
// what the service documents.
type Announce struct {
	Wait, Position bool
	Balk           float64
}

// Nudged reports whether conversations on channel ch are nudged.
func (m *Model) Nudged(ch int) bool {
	return m.Nudge != nil && ch >= 0 && ch < len(m.Nudge.Channels) && m.Nudge.Channels[ch]
}

// Channel is an enabled channel.
type Channel struct {
	Name  string
	Units int               // capacity units a conversation costs
	Rules *channels.Channel // window engine; nil: no window
	// Language and Intent a conversation has when its messages name none: those
	// of the channel's first arrival stream ("" if it has none); Tiers, its
	// streams' customer tiers in order.
	Language, Intent string
	Tiers            []string
	// SkipBot: its conversations skip the bot unless a rule sends them to it.
	SkipBot bool
}

// Group is a group of identical agents.
type Group struct {
	Name        string
	Skills      []int8 // level (0–10) per skill id
	Agents      int    // the largest head count the scenario schedules
	Concurrency int    // capacity units per agent
}

// SkillID returns the router's skill id of a skill name, or -1 if the model has
// no such skill.
func (m *Model) SkillID(name string) int {
	for i, s := range m.Skills {
		if s == name {
			return i
		}
	}
	return -1
}

// Work describes a conversation to the router: in queue (a router queue index),
// costing its channel's units, requiring or asking for its language and intent
// as the queue's Route says, ordered by its tier when the queue routes on it. A
// language or intent that is not one of Skills adds no need; a caller taking
// attributes from outside checks them first.
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
