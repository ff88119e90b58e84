package server

import (
	"time"

	"github.com/omnisim/omnisim/channels"
)

// Nudges (issue 18), the simulator's rule (sim.Nudge) on the server's clock:
// when the customer of an open (or, under status capacity, inactive) conversation
// has been silent for inactive_after since the agent's reply, on a channel the
// scenario nudges, the server sends a nudge, decided by the channel's window
// engine as the follow-up it is (channels.FollowUp: free-form inside the window, a
// utility template outside it, blocked where neither may go). A customer who
// writes again continues the conversation as after any message; one who stays
// silent for close_after more has it auto-closed (end_inactive_after still ends
// it if that comes first). The same timer that makes a conversation inactive
// sends the nudge, so a conversation still has one pending timer (timers.go).
//
// The nudge's state is not in the state file: it follows from the agent's reply
// (repliedAt), which is. A conversation restored after its nudge time counts as
// nudged (resumeNudge): a restart never sends a nudge twice, and a nudge due
// while the server was down is not sent late.

// nudgeDue reports whether c, silent since the agent's reply, gets a nudge when
// inactive_after has passed: its channel is nudged and it has not had this
// silence's nudge yet.
func (s *Server) nudgeDue(c *conversation) bool {
	return !c.nudged && s.model.Nudged(c.channel.idx)
}

// autoCloseAt is when a nudged conversation closes for its customer's silence.
func (s *Server) autoCloseAt(c *conversation) (time.Duration, bool) {
	if !c.nudged || s.model.Nudge.CloseAfter <= 0 {
		return 0, false
	}
	return c.repliedAt + s.inactiveAfter + s.model.Nudge.CloseAfter, true
}

// sendNudge sends c's nudge at now through the window engine. A blocked nudge is
// counted and changes nothing else.
func (s *Server) sendNudge(c *conversation, now time.Duration) {
	if c.status != StatusOpen && c.status != StatusInactive && c.status != StatusPaused {
		return
	}
	d := channels.Decision{Verdict: channels.Sent, Reason: channels.ReasonNoWindow}
	if r := c.channel.Rules; r != nil {
		d = r.Decide(channels.Outbound{
			Kind: channels.FollowUp, Now: now, LastInbound: c.lastInbound, HasInbound: c.hasInbound,
			OptedOut: s.optOut[customerKey(c.channel.Name, c.customer)], CustomerClosed: c.customerClosed,
		})
	}
	s.metrics.nudges.WithLabelValues(d.Verdict.String()).Inc()
	c.lastNudge = d
	if d.Verdict == channels.Blocked {
		return
	}
	c.nudges++
	c.nudged = true
	agent := c.lastAgent
	if c.agent != nil {
		agent = c.agent.id
	}
	s.journal.add(opReply{conv: c.id, agent: agent, kind: "nudge", decision: d.Verdict.String(), reason: d.Reason, category: d.Category, at: int64(now)})
}

// resumeNudge marks a conversation read back from the state file as nudged when
// its nudge time has passed (see above).
func (s *Server) resumeNudge(c *conversation, now time.Duration) {
	if !c.awaiting && s.inactiveAfter > 0 && s.model.Nudged(c.channel.idx) && c.repliedAt+s.inactiveAfter <= now &&
		(c.status == StatusOpen || c.status == StatusInactive || c.status == StatusPaused || c.status == StatusWaiting) {
		c.nudged = true
	}
}

// NudgeView is a conversation's last nudge in its view.
type NudgeView struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
	Category string `json:"category,omitempty"`
}

// botTimer starts the bot's own inactivity clock (bot_inactive_after) of a
// conversation the bot owns, from the customer's message at last: the server
// does not see the bot's turns, which follow the customer's messages within
// seconds, so the silence counts from the customer's latest message. A hand-off
// stops it (the timer finds the conversation no longer the bot's).
func (s *Server) botTimer(c *conversation, last time.Duration) {
	if c.status == StatusBot && s.botAfter > 0 {
		s.setTimer(c, last+s.botAfter, timerBot)
	}
}
