package router

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Validate reports the first problem with a configuration and its agents, naming
// the field: an unknown model, an overflow to a missing queue, a queue whose
// required skills no agent has, a channel that costs more than any agent's
// capacity. It is New, AddAgent for each agent, then Check.
func Validate(cfg Config, agents []AgentSpec) error {
	e, err := New(cfg)
	if err != nil {
		return err
	}
	for _, a := range agents {
		e.AddAgent(a)
	}
	return e.Check()
}

// checkConfig validates what New can check without agents.
func checkConfig(cfg *Config) error {
	if int(cfg.Model) >= len(rankers) {
		return fmt.Errorf("model: unknown routing model %v", cfg.Model)
	}
	if int(cfg.Capacity) >= len(capacityNames) {
		return fmt.Errorf("capacity: unknown capacity model %v", cfg.Capacity)
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"push_timeout", cfg.PushTimeout}, {"sticky_for", cfg.StickyFor}, {"preferred_timeout", cfg.PreferredTimeout}} {
		if d.d < 0 {
			return fmt.Errorf("%s: %v is negative", d.name, d.d)
		}
	}
	for _, p := range []struct {
		name string
		p    Presence
	}{{"timeout_presence", cfg.TimeoutPresence}, {"decline_presence", cfg.DeclinePresence}} {
		switch {
		case p.p == Offline:
			return fmt.Errorf("%s: offline is not allowed (use away or busy: the agent stays logged in and keeps its conversations)", p.name)
		case p.p > Away:
			return fmt.Errorf("%s: unknown presence %v", p.name, p.p)
		}
	}
	if err := checkReclaim(cfg); err != nil {
		return err
	}
	for ch, u := range cfg.ChannelUnits {
		if u < 0 {
			return fmt.Errorf("channel_units[%d]%s: %d is negative", ch, nameSuffix(cfg.ChannelNames, ch), u)
		}
	}
	for i := range cfg.Queues {
		q := &cfg.Queues[i]
		qn := queueName(i, q.Name)
		for j, ch := range q.Channels {
			if ch < 0 || (len(cfg.ChannelNames) > 0 && ch >= len(cfg.ChannelNames)) {
				return fmt.Errorf("%s.channels[%d]: no channel %d", qn, j, ch)
			}
		}
		if err := checkNeeds(qn+".skills", q.RequiredSkills); err != nil {
			return err
		}
		if err := checkNeeds(qn+".additional_skills", q.AdditionalSkills); err != nil {
			return err
		}
		if q.MinLevel < 0 || q.MinLevel > MaxLevel {
			return fmt.Errorf("%s.min_level: %d outside 0–%d", qn, q.MinLevel, MaxLevel)
		}
		for _, d := range []struct {
			name string
			d    time.Duration
		}{{"drop_additional_after", q.DropAdditionalAfter}, {"aging", q.Aging}, {"overflow_after", q.OverflowAfter}} {
			if d.d < 0 {
				return fmt.Errorf("%s.%s: %v is negative", qn, d.name, d.d)
			}
		}
		if q.OverflowAfter > 0 {
			switch {
			case q.OverflowTo == i:
				return fmt.Errorf("%s.overflow_to: the queue overflows to itself", qn)
			case q.OverflowTo < 0 || q.OverflowTo >= len(cfg.Queues):
				return fmt.Errorf("%s.overflow_to: queue %d does not exist (%d queues)", qn, q.OverflowTo, len(cfg.Queues))
			}
		}
	}
	return nil
}

func checkNeeds(field string, needs []SkillNeed) error {
	for j, n := range needs {
		if n.Skill < 0 {
			return fmt.Errorf("%s[%d]: negative skill id %d", field, j, n.Skill)
		}
		if n.MinLevel < 0 || n.MinLevel > MaxLevel {
			return fmt.Errorf("%s[%d]: level %d outside 0–%d", field, j, n.MinLevel, MaxLevel)
		}
	}
	return nil
}

func queueName(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("queues[%d]", i)
	}
	return fmt.Sprintf("queues[%d] (%s)", i, name)
}

func nameSuffix(names []string, i int) string {
	if i >= 0 && i < len(names) && names[i] != "" {
		return " (" + names[i] + ")"
	}
	return ""
}

func (e *Engine) skillName(s int) string {
	if s >= 0 && s < len(e.cfg.SkillNames) && e.cfg.SkillNames[s] != "" {
		return e.cfg.SkillNames[s]
	}
	return fmt.Sprint(s)
}

func (e *Engine) channelName(ch int) string {
	if ch >= 0 && ch < len(e.cfg.ChannelNames) && e.cfg.ChannelNames[ch] != "" {
		return e.cfg.ChannelNames[ch]
	}
	return fmt.Sprint(ch)
}

// channelUnits is what a conversation on channel ch costs when Work.Units is 0.
func (e *Engine) channelUnits(ch int) int {
	if ch >= 0 && ch < len(e.cfg.ChannelUnits) && e.cfg.ChannelUnits[ch] > 0 {
		return e.cfg.ChannelUnits[ch]
	}
	return 1
}

// Check reports the first configuration problem that the agents added so far make
// impossible, naming the field: a queue whose required skills no agent has at the
// minimum level, a channel cost above every agent's capacity, an agent with no
// capacity or a skill level outside 0–10. Such problems would otherwise show up as
// an eternal queue.
func (e *Engine) Check() error {
	if len(e.agents) == 0 {
		return errors.New("agents: none")
	}
	maxCap := 0
	for i := range e.agents {
		ag := &e.agents[i]
		if ag.capacity < 1 {
			return fmt.Errorf("agents[%d].capacity: %d, want ≥ 1", i, ag.capacity)
		}
		maxCap = max(maxCap, int(ag.capacity))
		for s, l := range e.classes[ag.class].skills {
			if l < 0 || l > MaxLevel {
				return fmt.Errorf("agents[%d].skills[%s]: level %d outside 0–%d", i, e.skillName(s), l, MaxLevel)
			}
		}
	}
	for ch, u := range e.cfg.ChannelUnits {
		if u > maxCap {
			return fmt.Errorf("channel_units[%d]%s: a conversation costs %d units, more than any agent's capacity (%d)",
				ch, nameSuffix(e.cfg.ChannelNames, ch), u, maxCap)
		}
	}
	for i := range e.queues {
		q := &e.queues[i]
		qn := queueName(i, q.Name)
		base := normalize(appendNeeds(nil, q.RequiredSkills, q.minLevel))
		if msg := e.unmet(base, 1); msg != "" {
			return fmt.Errorf("%s: %s", qn, msg)
		}
		if q.DropAdditionalAfter == 0 && len(q.AdditionalSkills) > 0 {
			full := normalize(appendNeeds(appendNeeds(nil, q.RequiredSkills, q.minLevel), q.AdditionalSkills, q.minLevel))
			if msg := e.unmet(full, 1); msg != "" {
				return fmt.Errorf("%s: %s, and drop_additional_after is 0 (additional skills are never dropped)", qn, msg)
			}
		}
		chs := q.Channels
		if len(chs) == 0 {
			chs = make([]int, len(e.cfg.ChannelUnits))
			for ch := range chs {
				chs[ch] = ch
			}
		}
		for _, ch := range chs {
			u := e.channelUnits(ch)
			if e.unmet(base, u) != "" {
				return fmt.Errorf("%s: a conversation on channel %s costs %d units, more than the capacity of any agent with the queue's skills (%d)",
					qn, e.channelName(ch), u, e.maxCapacity(base))
			}
		}
	}
	return nil
}

// Servable reports why conversations like w could never be routed, or nil: no agent
// has its queue's and its own required skills (e.g. its language) at the minimum
// levels with room for its cost, or none has its additional skills and the queue
// never drops them. Use it to check the conversation attributes a scenario can
// produce against its agents.
func (e *Engine) Servable(w Work) error {
	if w.Queue < 0 || w.Queue >= len(e.queues) {
		return fmt.Errorf("queue %d does not exist (%d queues)", w.Queue, len(e.queues))
	}
	q := &e.queues[w.Queue]
	qn := queueName(w.Queue, q.Name)
	units := w.Units
	if units <= 0 {
		units = e.channelUnits(w.Channel)
	}
	b := appendNeeds(nil, q.RequiredSkills, q.minLevel)
	b = normalize(appendNeeds(b, w.Skills, q.minLevel))
	if msg := e.unmet(b, 1); msg != "" {
		return fmt.Errorf("%s: %s", qn, msg)
	}
	if e.unmet(b, units) != "" {
		return fmt.Errorf("%s: a conversation on channel %s costs %d units, more than the capacity of any agent with its skills (%d)",
			qn, e.channelName(w.Channel), units, e.maxCapacity(b))
	}
	if q.DropAdditionalAfter == 0 && len(q.AdditionalSkills)+len(w.Additional) > 0 {
		b = appendNeeds(b, q.AdditionalSkills, q.minLevel)
		b = normalize(appendNeeds(b, w.Additional, q.minLevel))
		if msg := e.unmet(b, units); msg != "" {
			return fmt.Errorf("%s: %s, and drop_additional_after is 0 (additional skills are never dropped)", qn, msg)
		}
	}
	return nil
}

// unmet returns "" if some agent with capacity ≥ units meets needs, else what is
// missing: the first skill no agent has at its level, or the combination.
func (e *Engine) unmet(needs []SkillNeed, units int) string {
	if e.maxCapacityMeeting(needs) >= units {
		return ""
	}
	if len(e.agents) == 0 {
		return "no agents"
	}
	for _, n := range needs {
		if e.maxCapacityMeeting([]SkillNeed{n}) < 1 {
			return fmt.Sprintf("no agent has skill %s at level ≥ %d", e.skillName(n.Skill), n.MinLevel)
		}
	}
	if e.maxCapacityMeeting(needs) < 1 {
		parts := make([]string, len(needs))
		for i, n := range needs {
			parts[i] = fmt.Sprintf("%s ≥ %d", e.skillName(n.Skill), n.MinLevel)
		}
		return "no agent has the skills " + strings.Join(parts, ", ") + " together"
	}
	return "no qualified agent has the capacity"
}

func (e *Engine) maxCapacity(needs []SkillNeed) int { return max(e.maxCapacityMeeting(needs), 0) }

// maxCapacityMeeting returns the largest capacity of an agent meeting needs, or -1.
func (e *Engine) maxCapacityMeeting(needs []SkillNeed) int {
	best := -1
	for i := range e.agents {
		ag := &e.agents[i]
		if int(ag.capacity) > best && meets(e.classes[ag.class].skills, needs) {
			best = int(ag.capacity)
		}
	}
	return best
}
