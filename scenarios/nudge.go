package scenarios

import (
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
	"gopkg.in/yaml.v3"
)

// Customer inactivity (issue 18): routing.nudge, a reminder to a customer silent
// for inactive_after followed by an auto-close, and routing.bot_inactive_after,
// the bot's own inactivity clock. Parsed here so that the routing section only
// calls in (sections.go) and keeps one row per key (keys_routing.go).

// Nudge is routing.nudge (sim.Nudge).
type Nudge struct {
	Channels   []string      // channels: the channels nudged (default every enabled channel)
	Reply      float64       // reply: the share of nudged customers the nudge brings back
	ReplyDelay *dist.Dist    // reply_delay: seconds from the nudge to their reply (nil: at once)
	CloseAfter time.Duration // close_after: silence after the nudge that auto-closes (0: none)
}

// nudgeChannels reads routing.nudge.channels: a non-empty list of channels.
func (p *parser) nudgeChannels(v *yaml.Node, path string) []string {
	items, _ := p.seq(v, path)
	if v.Kind == yaml.SequenceNode && len(items) == 0 {
		p.errf(v, path, "must list at least one channel; leave channels out to nudge on every enabled channel")
	}
	var out []string
	for i, it := range items {
		if ch, good := p.channelName(it, index(path, i)); good {
			out = append(out, ch)
		}
	}
	return out
}

// validateNudge checks what routing.nudge needs of the rest of the scenario: the
// silence it follows, an end that does not come first, and channels that can send
// it. The last is the window engine's own rule (sim.NudgeDecision) at the
// earliest moment a nudge goes out: a channel that blocks it even then never
// sends it (Messenger and Instagram after 24 h: the nudge is automated and may not
// use the HUMAN_AGENT tag).
func (p *parser) validateNudge(s *Scenario, enabled map[string]bool) {
	r := &s.Routing
	nu := r.Nudge
	if nu == nil {
		return
	}
	at := p.seen["routing.nudge"]
	if r.InactiveAfter <= 0 {
		p.errf(at, "routing.nudge", "needs routing.inactive_after > 0: the nudge goes out after that much customer silence, such as 10m")
		return
	}
	if r.EndInactiveAfter > 0 && r.EndInactiveAfter <= r.InactiveAfter {
		n := p.seen["routing.end_inactive_after"]
		if n == nil {
			n = at
		}
		p.errf(n, "routing.end_inactive_after", "%s ends a silent conversation before its nudge at inactive_after %s; set end_inactive_after above inactive_after",
			sim.ShortDuration(r.EndInactiveAfter), sim.ShortDuration(r.InactiveAfter))
	}
	items := p.items("routing.nudge.channels")
	names := nu.Channels
	if names == nil {
		for _, c := range s.Channels {
			names = append(names, c.Name)
		}
	}
	for _, name := range names {
		n, path := at, "routing.nudge"
		if nu.Channels != nil {
			n, path = items(name)
			if !enabled[name] {
				p.errf(n, path, "%s is not an enabled channel; enable it under channels: or leave it out of the nudge", quoteIfOdd(name))
				continue
			}
		}
		rules := channelRules(s, name)
		if rules == nil {
			continue // its error is reported at the channel
		}
		if d := sim.NudgeDecision(rules, r.InactiveAfter); d.Verdict == channels.Blocked {
			p.errf(n, path, "%s cannot send a nudge after %s of silence (%s): it sends no outbound message there; list the channels to nudge in routing.nudge.channels",
				name, sim.ShortDuration(r.InactiveAfter), d.Reason)
		}
	}
}

// channelRules is the catalog entry of enabled channel name with the scenario's
// overrides, or nil when it has none (an error reported elsewhere).
func channelRules(s *Scenario, name string) *channels.Channel {
	for _, c := range s.Channels {
		if c.Name != name {
			continue
		}
		cat, err := channels.Default().With(c.Name, c.Override)
		if err != nil {
			return nil
		}
		rules, err := cat.Lookup(c.Name)
		if err != nil {
			return nil
		}
		return rules
	}
	return nil
}

// model is the simulator's form of routing.nudge (nil when absent); index maps
// channel names onto the model's channel indices.
func (nu *Nudge) model(index map[string]int) *sim.Nudge {
	if nu == nil {
		return nil
	}
	m := &sim.Nudge{Reply: nu.Reply, CloseAfter: nu.CloseAfter}
	if nu.ReplyDelay != nil {
		m.ReplyDelay = *nu.ReplyDelay
	}
	if nu.Channels != nil {
		m.Channels = []int{}
		for _, name := range nu.Channels {
			if i, ok := index[name]; ok {
				m.Channels = append(m.Channels, i)
			}
		}
	}
	return m
}
