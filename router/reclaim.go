package router

import (
	"fmt"
	"time"
)

// No-reply reclaim (issue 18; Chatwoot users ask for it, and Salesforce
// Omni-Channel's "Decline/Timeout" presence rules are its model for the agent):
// with Config.ReclaimAfter, an agent who holds a conversation whose customer
// waits for a reply — since the agent accepted it (auto-accept or Accept), or
// since the customer's next message (AwaitReply) — and has not replied (Replied)
// within ReclaimAfter loses it back to routing. The conversation keeps its age
// (its place in arrival order and its aging clock, as an offer that timed out
// does) and is never routed to that agent again; the agent moves to
// Config.ReclaimPresence (Unchanged: stays as it is). Expire and Route apply
// reclaims; Expire reports them as Timeouts with Reclaimed set; Counts.Reclaimed
// counts them.

// checkReclaim validates the reclaim fields of a configuration: a reclaim that
// fires before an offer can time out would take back work the agent has not yet
// been given the time to accept.
func checkReclaim(cfg *Config) error {
	if cfg.ReclaimAfter < 0 {
		return fmt.Errorf("reclaim_after: %v is negative", cfg.ReclaimAfter)
	}
	if cfg.ReclaimAfter > 0 && cfg.ReclaimAfter < cfg.PushTimeout {
		return fmt.Errorf("reclaim_after: %v is shorter than push_timeout %v; an agent must have at least the time to accept before work is reclaimed", cfg.ReclaimAfter, cfg.PushTimeout)
	}
	switch p := cfg.ReclaimPresence; {
	case p == Offline:
		return fmt.Errorf("reclaim_presence: offline is not allowed (use away or busy: the agent stays logged in and keeps its other conversations)")
	case p > Away:
		return fmt.Errorf("reclaim_presence: unknown presence %v", p)
	}
	return nil
}

// startReclaim starts the no-reply clock of assigned conversation id, c, at now.
func (e *Engine) startReclaim(id int32, c *conv, now int64) {
	c.replyBy = now + e.reclaimAfter
	e.pushDeadline(c.replyBy, id, dlReclaim)
}

// Replied records that the agent holding conversation id replied: its no-reply
// clock stops. It reports false if id is not assigned. Without ReclaimAfter it
// does nothing.
func (e *Engine) Replied(now int64, id int32) bool {
	if e.State(id) != Assigned {
		return false
	}
	e.convs[id].replyBy = 0
	return true
}

// AwaitReply records that the customer of assigned conversation id wrote and waits
// for its agent's reply: the no-reply clock starts, unless it runs already (an
// earlier message still waits). It reports whether a clock runs after the call.
func (e *Engine) AwaitReply(now int64, id int32) bool {
	if e.reclaimAfter == 0 || e.State(id) != Assigned {
		return false
	}
	if c := &e.convs[id]; c.replyBy == 0 {
		e.startReclaim(id, c, now)
	}
	return true
}

// ReplyDue returns when assigned conversation id is reclaimed if its agent does
// not reply, or false if no clock runs.
func (e *Engine) ReplyDue(id int32) (time.Duration, bool) {
	if e.State(id) != Assigned || e.convs[id].replyBy == 0 {
		return 0, false
	}
	return time.Duration(e.convs[id].replyBy), true
}

// reclaim takes assigned conversation id back from its agent into its line, age
// kept, never to go to that agent again, and moves the agent to ReclaimPresence.
func (e *Engine) reclaim(id int32) int32 {
	c := &e.convs[id]
	c.replyBy = 0
	a := e.free(id)
	c.excl = append(c.excl, a)
	e.waiting++
	e.counts[c.queue].Reclaimed++
	e.enterLine(id)
	if p := e.cfg.ReclaimPresence; p != Unchanged {
		e.agents[a].presence = p
	}
	e.updateAgent(a, true)
	return a
}
