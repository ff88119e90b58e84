package sim

import (
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim/dist"
)

// SilentAbandon is silent abandonment on a channel (issue 18; Castellanos,
// Yom-Tov et al., arXiv 2501.08869, who measured 3–70 % of text-channel customers
// across 17 companies leaving without saying so): a share Share of its customers
// leave after Patience seconds of waiting for an agent without telling anyone.
// Nothing removes them from the queue: an agent still accepts the conversation
// (it counts as handled, with its wait), replies to the first message, and holds
// it until inactivity ends it — the capacity it holds is the cost the paper
// measures (about 15 % of capacity). The conversation then ends after
// end_inactive_after from the reply (or inactive_after when no end is set); under
// status capacity it frees its units after inactive_after, as any inactive
// conversation does. A silent customer whose visible patience (customers.patience)
// runs out first abandons visibly instead.
type SilentAbandon struct {
	Share    float64
	Patience dist.Dist // seconds
}

// drawSilent decides whether the customer of c abandons silently on its
// channel's rule, and when (c.patience then holds the silent patience, and no
// visible abandonment is scheduled).
func (r *replication) drawSilent(c *conversation, s *SilentAbandon) {
	if c.rng.Float64() >= s.Share {
		return
	}
	if p := seconds(s.Patience.Sample(c.rng)); p < c.patience {
		c.patience = p
		c.silent = true
	}
}

// silentHold plays an agent's reply to a customer who is gone: nobody answers, and
// the conversation stays with the agent until inactivity ends it. It books the
// agent time it costs: from the accept to the release of its capacity.
func (r *replication) silentHold(id int32, c *conversation, now Time) {
	end, inact := Time(r.m.EndInactiveAfter), Time(r.m.InactiveAfter)
	if end == 0 {
		end = inact
	}
	held := end
	status := r.m.Routing.Capacity == router.Status && inact > 0 && inact < end
	if status {
		held = inact
	}
	s := (now - c.entered + held).Seconds()
	r.scopes(c).each(func(t *Tally) { t.SilentAgentSeconds += s })
	if end == 0 {
		if r.ev != nil {
			r.closed(id, c, now, CauseInactive)
		}
		r.finish(id, c, now)
		return
	}
	if status {
		r.h.push(now+inact, evInactive, id, c.gen)
	}
	r.h.push(now+end, evEndInactive, id, c.gen)
}
