package sim

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim/dist"
)

// Nudge is the business's reminder to a silent customer and the auto-close that
// follows it (issue 18, "Conversations as they really live"): when the customer
// has been silent for Model.InactiveAfter since the agent's reply, an outbound
// message goes out on the conversation's channel. It is a follow-up to the
// customer's own request, so the window engine decides it as one
// (channels.FollowUp): free-form inside the channel's messaging window, an
// approved utility template outside it (WhatsApp after 24 h: "needs a template",
// priced as one), blocked where the channel allows neither (Messenger past 24 h,
// as the nudge is automated and may not use the HUMAN_AGENT tag).
//
// A nudge brings its customer back with probability Reply, after ReplyDelay
// (zero value: at once), unless the customer would have written sooner anyway;
// the conversation then continues as after any customer message. A customer who
// does not write within CloseAfter of the nudge has the conversation auto-closed
// then (0: no auto-close of its own; end_inactive_after still ends it); one who
// writes later opens a new conversation, as after end_inactive_after.
//
// Everything is decided when the agent's reply goes out, as the customer's pause
// is: a scenario without nudges pays one nil test per reply, nothing else.
type Nudge struct {
	Channels   []int // indices into Model.Channels that are nudged; nil: every channel
	Reply      float64
	ReplyDelay dist.Dist     // seconds from the nudge to the reply; zero value: at once
	CloseAfter time.Duration // silence after the nudge that auto-closes the conversation; 0: none
}

// NudgeDecision is the window engine's decision for a nudge after silence of the
// customer whose last message was just before the agent's reply: the earliest
// (and so the most permissive) moment a nudge can go out. A Blocked decision
// means the channel can never send the nudge; a scenario should not ask for it.
func NudgeDecision(rules *channels.Channel, silence time.Duration) channels.Decision {
	if rules == nil {
		return channels.Decision{Verdict: channels.Sent, Reason: channels.ReasonNoWindow}
	}
	return rules.Decide(channels.Outbound{Kind: channels.FollowUp, Now: silence, HasInbound: true})
}

// validateNudge checks m.Nudge against the rest of the model.
func (m *Model) validateNudge() error {
	n := m.Nudge
	if n == nil {
		return nil
	}
	switch {
	case m.InactiveAfter <= 0:
		return fmt.Errorf("routing.nudge needs inactive_after > 0: the nudge goes out after that much silence")
	case n.Reply < 0 || n.Reply > 1:
		return fmt.Errorf("routing.nudge.reply %g must be a share in [0, 1]", n.Reply)
	case n.CloseAfter < 0:
		return fmt.Errorf("routing.nudge.close_after %v must be ≥ 0", n.CloseAfter)
	case m.EndInactiveAfter > 0 && m.EndInactiveAfter <= m.InactiveAfter:
		return fmt.Errorf("routing.nudge: end_inactive_after %v ends the conversation before the nudge at inactive_after %v", m.EndInactiveAfter, m.InactiveAfter)
	}
	for _, ch := range n.nudged(len(m.Channels)) {
		if ch < 0 || ch >= len(m.Channels) {
			return fmt.Errorf("routing.nudge.channels: channel index %d out of range", ch)
		}
		if d := NudgeDecision(m.Channels[ch].Rules, m.InactiveAfter); d.Verdict == channels.Blocked {
			return fmt.Errorf("routing.nudge: %s cannot send a nudge after %s of silence (%s)", m.Channels[ch].Name, ShortDuration(m.InactiveAfter), d.Reason)
		}
	}
	return nil
}

// nudged returns the channel indices n applies to, of nChannels.
func (n *Nudge) nudged(nChannels int) []int {
	if n.Channels != nil {
		return n.Channels
	}
	all := make([]int, nChannels)
	for i := range all {
		all[i] = i
	}
	return all
}

// nudgeTable is, per channel, whether its conversations are nudged; nil when the
// model has no nudge (the one test the reply path pays).
func nudgeTable(m *Model) []bool {
	if m.Nudge == nil {
		return nil
	}
	on := make([]bool, len(m.Channels))
	for _, ch := range m.Nudge.nudged(len(m.Channels)) {
		on[ch] = true
	}
	return on
}

// nudge plays the nudge of a conversation whose customer, after the agent's reply
// at now, would stay silent for pause (longer than inactive_after), with end the
// silence after which it ends (0: never). It returns the pause and end that hold
// with the nudge: an earlier return of a customer the nudge brought back, an
// earlier end by auto-close.
func (r *replication) nudge(c *conversation, now, pause, end Time) (Time, Time) {
	n := r.m.Nudge
	after := Time(r.m.InactiveAfter)
	t := r.scopes(c)
	// Decided ahead of its time as follow-ups are, and, like them, not paced.
	if !r.outbound(t, int(c.channel), channels.FollowUp, "", now+after, c.lastInbound, true, c.optOut, false, false) {
		return pause, end // blocked (counted as such): no nudge, nothing changes
	}
	t.each(func(x *Tally) { x.Nudges++ })
	if n.CloseAfter > 0 {
		if at := after + Time(n.CloseAfter); end <= 0 || at < end {
			end = at
		}
	}
	if n.Reply > 0 && c.rng.Float64() < n.Reply {
		back := after
		if !n.ReplyDelay.IsZero() {
			back += seconds(n.ReplyDelay.Sample(c.rng))
		}
		pause = min(pause, back)
	}
	if end <= 0 || pause <= end {
		// The nudged customer writes again in this conversation.
		t.each(func(x *Tally) { x.NudgeReplies++ })
	}
	return pause, end
}
