package router

import "fmt"

// Restore puts conversation id back on agent a in state (Assigned, Inactive,
// Paused or Offered) without routing it: a service restarting from durable state re-creates
// what its agents held. since is when the conversation entered that state, on the
// engine's clock: an Inactive conversation's sticky window (Config.StickyFor)
// counts from it, and a restored offer expires at since + Config.PushTimeout (give
// now for a full push timeout after the restart). A since after now counts as now.
//
// Restore checks what routing would have guaranteed and returns an error, changing
// nothing, when it does not hold: id must be Free, a and w.Queue must exist, an
// Assigned or Offered conversation must fit in the agent's free capacity units,
// an Offered one needs push routing and an agent who is not Offline, and an
// Inactive or Paused one needs status capacity. The agent's skills are not checked: it held
// the conversation before. Counters (Stats) do not change; the agent's last
// assignment, which round_robin and ties rank by, becomes since if that is later.
func (e *Engine) Restore(now int64, id int32, w Work, a int, state ConvState, since int64) error {
	if id < 0 {
		return fmt.Errorf("restore: negative conversation id %d", id)
	}
	if a < 0 || a >= len(e.agents) {
		return fmt.Errorf("restore of conversation %d: agent %d does not exist (%d agents)", id, a, len(e.agents))
	}
	if w.Queue < 0 || w.Queue >= len(e.queues) {
		return fmt.Errorf("restore of conversation %d: queue %d does not exist (%d queues)", id, w.Queue, len(e.queues))
	}
	for _, n := range w.Skills {
		if n.Skill < 0 {
			return fmt.Errorf("restore of conversation %d: negative skill id %d", id, n.Skill)
		}
	}
	for _, n := range w.Additional {
		if n.Skill < 0 {
			return fmt.Errorf("restore of conversation %d: negative skill id %d", id, n.Skill)
		}
	}
	if s := e.State(id); s != Free {
		return fmt.Errorf("restore of conversation %d: it is %v, not free", id, s)
	}
	ag := &e.agents[a]
	units := w.Units
	if units <= 0 {
		units = e.channelUnits(w.Channel)
	}
	switch state {
	case Assigned, Offered:
		if free := int(ag.capacity - ag.used); units > free {
			return fmt.Errorf("restore of conversation %d: agent %d has %d free capacity units, the conversation costs %d", id, a, free, units)
		}
		if state == Offered && e.pushTimeout == 0 {
			return fmt.Errorf("restore of conversation %d: an offer needs push routing (Config.PushTimeout is 0)", id)
		}
		if state == Offered && ag.presence == Offline {
			return fmt.Errorf("restore of conversation %d: agent %d is offline, and offline agents hold no offers", id, a)
		}
	case Inactive, Paused:
		if e.cfg.Capacity != Status {
			return fmt.Errorf("restore of conversation %d: %v conversations need status capacity (under tab capacity they stay assigned)", id, state)
		}
	default:
		return fmt.Errorf("restore of conversation %d: state %v (want assigned, inactive, paused or offered)", id, state)
	}
	since = min(since, now)

	c := e.conv(id)
	e.setWork(c, &w)
	e.restart(c, since)
	e.endDirect(id)
	c.where = wNone
	c.prev = -1
	c.agent = int32(a)
	c.gen++
	e.link(ag, id, c)
	c = &e.convs[id]
	switch state {
	case Assigned, Offered:
		ag.used += c.units
		ag.open++
		ag.lastAssign = max(ag.lastAssign, since)
		c.state = state
		if state == Offered {
			c.deadline = since + e.pushTimeout
			e.pushDeadline(c.deadline, id, dlOffer)
		}
		e.updateAgent(int32(a), false)
	case Inactive, Paused:
		c.state = state
		c.inactiveAt = since
	}
	return nil
}
