package router

// Paused: an agent sets a conversation aside while it waits on the customer.
//
// The states follow Salesforce's documentation of Omni-Channel messaging:
// "Pause Messaging Sessions" (Salesforce Developers, Bring Your Own Channel for
// CCaaS guide, developer.salesforce.com/docs/service/messaging-byoc-ccaas/guide/
// pause-messaging.html) and "Inactivate a Messaging Session" (Salesforce Help,
// service.livemessage_agent_inactivate_session.htm). With status-based capacity
// a rep may pause a session (the Customer Inactive action) and the rep's
// capacity then counts only active, unpaused sessions; when the customer writes
// again the work is unpaused and counts in the same rep's capacity again, with
// no new routing ("you can continue helping the customer"). Omni-Channel also
// pauses work by itself after the customer-inactivity timeout; that is this
// engine's Inactive (SetInactive), which re-enters routing on the customer's
// message preferring the agent within StickyFor (Resume). Under tab-based
// capacity nothing is paused: the session holds its capacity until its tab is
// closed, so Pause does nothing there, as SetInactive does not. Both kinds of
// set-aside conversation end like any other (Release), which a caller does after
// end_inactive_after (Salesforce ends inactive sessions after about 24 hours).

// Pause marks assigned conversation id Paused: its agent set it aside, waiting
// on the customer. Under status capacity it frees its units, stays with its agent
// (AgentOf) and reports true; its no-reply clock (ReclaimAfter) stops. Under tab
// capacity, or in another state, it does nothing and reports false.
func (e *Engine) Pause(now int64, id int32) bool {
	if !e.setAside(now, id, Paused) {
		return false
	}
	c := &e.convs[id]
	c.replyBy = 0
	e.counts[c.queue].Paused++
	return true
}

// setAside is what Pause and SetInactive share: under status capacity,
// assigned conversation id frees its agent's units, staying attached to the
// agent, and takes state s (Paused or Inactive) from now; it reports false,
// doing nothing, under tab capacity or in another state.
func (e *Engine) setAside(now int64, id int32, s ConvState) bool {
	if e.cfg.Capacity != Status || e.State(id) != Assigned {
		return false
	}
	c := &e.convs[id]
	ag := &e.agents[c.agent]
	ag.used -= c.units
	ag.open--
	c.state = s
	c.inactiveAt = now
	c.gen++
	e.updateAgent(c.agent, true)
	return true
}

// Unpause gives paused conversation id back to its agent, Assigned and holding
// its units again, without routing: its customer wrote (or the agent took it up
// again). As Omni-Channel counts unpaused work in the rep's capacity whatever
// else the rep took meanwhile, the units are taken even beyond the agent's
// capacity (the agent then receives nothing new until it has room again), and
// whatever its presence. It reports false, doing nothing, if id was not Paused.
// The customer's message starts the no-reply clock as for any assigned
// conversation: the caller calls AwaitReply.
func (e *Engine) Unpause(now int64, id int32) bool {
	if e.State(id) != Paused {
		return false
	}
	c := &e.convs[id]
	ag := &e.agents[c.agent]
	ag.used += c.units
	ag.open++
	c.state = Assigned
	c.gen++
	e.counts[c.queue].Unpaused++
	e.updateAgent(c.agent, false)
	return true
}
