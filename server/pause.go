package server

import (
	"net/http"
	"time"
)

// Agent-set pauses (router.Engine.Pause; router/pause.go names the Salesforce
// documents followed): under status capacity an agent waiting on the customer
// pauses the conversation, which frees its capacity and stays the agent's; the
// customer's next message, or the agent's unpause, gives it back to the same
// agent, holding capacity again, without routing. The inactivity timers run on:
// a paused conversation is nudged, auto-closed and ended like an open one.

// pause is POST /v1/conversations/{id}/pause by the agent who holds it.
func (s *Server) pause(convID, agentID string, now time.Duration) (*conversation, error) {
	c, ag, err := s.lookupPair(convID, agentID)
	if err != nil {
		return nil, err
	}
	switch {
	case c.status == StatusPaused && c.agent == ag:
		return c, nil // a retried pause
	case c.status != StatusOpen || c.agent != ag:
		return nil, errorf(http.StatusConflict, "conversation %q is %s: agent %q does not hold it open", c.id, s.describe(c), ag.id)
	}
	if !s.engine.Pause(int64(now), c.num) {
		return nil, errorf(http.StatusConflict, "conversation %q cannot be paused: pauses free capacity only under status capacity (routing.capacity: status)", c.id)
	}
	c.status, c.inactiveAt = StatusPaused, now
	s.saveConv(c)
	s.route(now) // the freed capacity may take waiting work
	return c, nil
}

// unpauseBy is POST /v1/conversations/{id}/unpause by the agent who paused it.
func (s *Server) unpauseBy(convID, agentID string, now time.Duration) (*conversation, error) {
	c, ag, err := s.lookupPair(convID, agentID)
	if err != nil {
		return nil, err
	}
	switch {
	case c.status == StatusOpen && c.agent == ag:
		return c, nil // a retried unpause
	case c.status != StatusPaused || c.agent != ag:
		return nil, errorf(http.StatusConflict, "conversation %q is %s, not paused by agent %q", c.id, s.describe(c), ag.id)
	}
	s.unpause(c, now)
	s.saveConv(c)
	return c, nil
}

// unpause gives paused c back to its agent; the customer's undelivered messages
// reach the agent, and a customer waiting for a reply starts the no-reply clock.
func (s *Server) unpause(c *conversation, now time.Duration) {
	if !s.engine.Unpause(int64(now), c.num) {
		return
	}
	c.status = StatusOpen
	s.deliver(c, c.agent.id, now)
	if c.awaiting {
		s.engine.AwaitReply(int64(now), c.num)
	}
}

func (s *Server) postPause(r *http.Request) (int, any, error) { return s.agentAction(r, s.pause) }

func (s *Server) postUnpause(r *http.Request) (int, any, error) {
	return s.agentAction(r, s.unpauseBy)
}
