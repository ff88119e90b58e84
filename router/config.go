package router

import (
	"fmt"
	"time"
)

// CapacityModel says when a conversation holds its agent's capacity units.
type CapacityModel uint8

// Capacity models (Salesforce Omni-Channel's "tab-based" and "status-based" capacity).
const (
	// Tab: a conversation holds its units from assignment until Release, inactive
	// or not.
	Tab CapacityModel = iota
	// Status: an Inactive conversation (SetInactive) frees its units; when the
	// customer writes again (Resume) it re-enters routing.
	Status
)

var capacityNames = [...]string{"tab", "status"}

func (c CapacityModel) String() string {
	if int(c) < len(capacityNames) {
		return capacityNames[c]
	}
	return fmt.Sprintf("CapacityModel(%d)", c)
}

// ParseCapacityModel maps a scenario name ("tab" or "status") onto a CapacityModel.
func ParseCapacityModel(s string) (CapacityModel, error) {
	for i, n := range capacityNames {
		if n == s {
			return CapacityModel(i), nil
		}
	}
	return 0, fmt.Errorf("unknown capacity model %q (want tab or status)", s)
}

// Presence is an agent's presence status. Only Online agents receive work.
type Presence uint8

// Presence statuses. Unchanged is not a status: in Config it means "leave the
// agent's presence as it is", and SetPresence(…, Unchanged, …) does nothing.
const (
	Unchanged Presence = iota
	Offline
	Online
	Busy
	Away
)

var presenceNames = [...]string{"unchanged", "offline", "online", "busy", "away"}

func (p Presence) String() string {
	if int(p) < len(presenceNames) {
		return presenceNames[p]
	}
	return fmt.Sprintf("Presence(%d)", p)
}

// ParsePresence maps a scenario name (online, busy, away, offline; "" or
// unchanged for Unchanged) onto a Presence.
func ParsePresence(s string) (Presence, error) {
	if s == "" {
		return Unchanged, nil
	}
	for i, n := range presenceNames {
		if n == s {
			return Presence(i), nil
		}
	}
	return 0, fmt.Errorf("unknown presence %q (want online, busy, away or offline)", s)
}

// MaxLevel is the highest skill level. Level 0 means the agent lacks the skill.
const MaxLevel = 10

// DefaultPreferredTimeout is how long a resumed conversation waits for its previous
// agent when Config.PreferredTimeout is zero (Omni-Channel's default for routing
// to a preferred agent is of this order: a short wait, then anyone qualified).
const DefaultPreferredTimeout = 30 * time.Second

// Config configures an Engine. The zero value is valid: one queue for every
// channel, no skills, least_active, tab capacity, auto-accept, agents going offline
// keep their conversations.
type Config struct {
	Model    Model
	Capacity CapacityModel

	// Queues, in index order (Work.Queue and QueueSpec.OverflowTo are indices).
	// Empty: one queue, "default", that takes every channel and has no skills.
	Queues []QueueSpec

	// ChannelUnits is the capacity a conversation costs per channel id, used when
	// Work.Units is 0 (missing or 0: 1 unit). For percentage-based capacity give
	// agents Capacity 100 and costs in percent.
	ChannelUnits []int
	// ChannelNames and SkillNames (indexed by id, optional) name channels and skills
	// in error messages.
	ChannelNames []string
	SkillNames   []string

	// StickyFor (status capacity): a conversation resumed within StickyFor of going
	// inactive prefers its previous agent. 0: no preference.
	StickyFor time.Duration
	// PreferredTimeout: how long a resumed conversation waits for its previous agent
	// before any qualified agent may take it. 0: DefaultPreferredTimeout.
	PreferredTimeout time.Duration

	// PushTimeout: 0 routes by auto-accept (Route returns accepted assignments).
	// Otherwise Route returns offers that the agent must Accept before the timeout;
	// an offer that times out or is declined is routed again, never to that agent.
	PushTimeout time.Duration
	// TimeoutPresence and DeclinePresence: the presence an agent moves to when an
	// offer times out or is declined (Busy or Away; Unchanged: stays Online).
	TimeoutPresence Presence
	DeclinePresence Presence

	// OfflineRequeue: an agent going Offline hands its conversations back to their
	// queues, at the front of their priority (usual with tab capacity); false: the
	// agent keeps and finishes them (usual with status capacity). Pending offers
	// are withdrawn and re-routed either way.
	OfflineRequeue bool

	// ReclaimAfter: an agent who has not replied within ReclaimAfter to a
	// conversation it accepted (or to its customer's next message) loses it back
	// to routing (reclaim.go); 0: never. At least PushTimeout when both are set.
	ReclaimAfter time.Duration
	// ReclaimPresence: the presence an agent moves to when work is reclaimed
	// from it (Busy or Away; Unchanged: stays as it is).
	ReclaimPresence Presence
}

// SkillNeed asks for a skill at a minimum level (1–10; 0 means the queue's
// MinLevel, or 1).
type SkillNeed struct {
	Skill    int
	MinLevel int
}

// QueueSpec describes one queue.
type QueueSpec struct {
	Name string
	// Priority is the routing priority: lower is routed first. Inside equal
	// (effective) priority, Work.Priority2 then arrival order decide.
	Priority int
	// Channels the queue takes (QueueFor); empty: every channel.
	Channels []int
	// RequiredSkills every conversation in the queue needs, on top of its own
	// Work.Skills (how a queue routes on a conversation attribute such as the
	// language is the caller's mapping: attribute value → skill id in Work.Skills).
	RequiredSkills []SkillNeed
	// AdditionalSkills every conversation in the queue asks for, on top of its own
	// Work.Additional. They are dropped after DropAdditionalAfter in the queue
	// without a qualified agent free; 0: never dropped.
	AdditionalSkills    []SkillNeed
	DropAdditionalAfter time.Duration
	// MinLevel is the level a SkillNeed with MinLevel 0 asks for (0: 1).
	MinLevel int
	// Aging: the priority improves by 1 for every Aging a conversation has waited
	// since it entered routing. 0: no aging.
	Aging time.Duration
	// OverflowTo is the index of the queue a conversation moves to after
	// OverflowAfter in this queue (OverflowAfter 0: no overflow; OverflowTo -1: none).
	OverflowTo    int
	OverflowAfter time.Duration
}

// AgentSpec describes one agent to the engine.
type AgentSpec struct {
	Capacity int // capacity units
	// Skills holds the agent's level (0–10) per skill id; missing ids are 0.
	Skills []int8
}

// Work is a conversation as routing sees it.
type Work struct {
	Queue   int // queue index (see QueueFor)
	Channel int // channel id, for Config.ChannelUnits
	Units   int // capacity units the conversation costs; 0: Config.ChannelUnits[Channel], or 1
	// Priority2 is the secondary priority (e.g. customer tier): lower first inside
	// the same routing priority.
	Priority2 int
	// Skills the conversation requires (e.g. its language) and Additional skills it
	// prefers (e.g. its intent), on top of its queue's.
	Skills     []SkillNeed
	Additional []SkillNeed
}

// Assignment is a routing decision: conversation Conv goes to agent Agent.
type Assignment struct {
	Conv  int32
	Agent int32
	Queue int32 // the queue it was routed from
	// Offer: push routing; the agent must Accept before Config.PushTimeout.
	Offer bool
	// Sticky: a resumed conversation went back to its previous agent.
	Sticky bool
	// DroppedSkills: routed after its additional skills were dropped.
	DroppedSkills bool
}

// Timeout is an offer withdrawn because its agent did not accept it in time, or
// (Reclaimed) an assigned conversation taken back because its agent did not reply
// within Config.ReclaimAfter.
type Timeout struct {
	Conv      int32
	Agent     int32
	Reclaimed bool
}

// ConvState is the state of a conversation in the engine.
type ConvState uint8

// Conversation states.
const (
	Free     ConvState = iota // unknown to the engine, or ended
	Waiting                   // in a queue (or waiting for its preferred agent)
	Offered                   // offered to an agent, not accepted yet (push routing)
	Assigned                  // held by an agent
	Inactive                  // status capacity: attached to its agent, holding no units
	Paused                    // status capacity: set aside by its agent (Pause), attached to it, holding no units
)

var stateNames = [...]string{"free", "waiting", "offered", "assigned", "inactive", "paused"}

func (s ConvState) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("ConvState(%d)", s)
}

// Counts are the engine's event counters, in total or for one queue.
type Counts struct {
	Enqueued      int64 // Enqueue calls
	Offered       int64 // offers made (push routing)
	Assigned      int64 // conversations an agent accepted (auto-accept or Accept)
	Resumed       int64 // Resume calls that re-entered routing
	Requeues      int64 // conversations handed back by an agent going offline (incl. withdrawn offers)
	Transfers     int64 // Transfer calls, counted on the queue the conversation left
	Overflows     int64 // overflows, counted on the queue the conversation left
	SkillDrops    int64 // conversations whose additional skills were dropped
	DroppedSkills int64 // assignments made after a drop
	PushTimeouts  int64 // offers not accepted in time
	Declines      int64 // offers declined
	StickyHits    int64 // resumed conversations routed to their previous agent
	StickyMisses  int64 // resumed conversations that preferred an agent but went to another
	Reclaimed     int64 // assigned conversations taken back for no reply (Config.ReclaimAfter)
	Fallbacks     int64 // direct-routed conversations moved to their fallback queue (EnqueueDirect)
	Paused        int64 // conversations their agent paused (Pause)
	Unpaused      int64 // paused conversations back with their agent (Unpause)
}

func (c *Counts) add(o *Counts) {
	c.Enqueued += o.Enqueued
	c.Offered += o.Offered
	c.Assigned += o.Assigned
	c.Resumed += o.Resumed
	c.Requeues += o.Requeues
	c.Transfers += o.Transfers
	c.Overflows += o.Overflows
	c.SkillDrops += o.SkillDrops
	c.DroppedSkills += o.DroppedSkills
	c.PushTimeouts += o.PushTimeouts
	c.Declines += o.Declines
	c.StickyHits += o.StickyHits
	c.StickyMisses += o.StickyMisses
	c.Reclaimed += o.Reclaimed
	c.Fallbacks += o.Fallbacks
	c.Paused += o.Paused
	c.Unpaused += o.Unpaused
}

// Stats are the engine's counters: Total, and per queue index.
type Stats struct {
	Total  Counts
	Queues []Counts
}
