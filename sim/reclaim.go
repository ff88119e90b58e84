package sim

import "github.com/omnisim/omnisim/router"

// reclaimed books a conversation the router took back from its agent for not
// replying within reclaim_after (router.Config.ReclaimAfter): the agent's pending
// reply will not go out, the conversation waits in routing again with its age,
// its customer still waiting for the reply, and the agent moves to the reclaim
// presence (away, by default, for Model.AwayFor).
func (r *replication) reclaimed(to router.Timeout, c *conversation, now Time) {
	r.unassign(c, now)
	r.scopes(c).each(func(t *Tally) { t.Reclaimed++ })
	if r.ev != nil {
		ev := r.convEvent(to.Conv, c, now, EventRouted, ActorSystem, CauseRequeue)
		ev.Queue = int16(r.router.QueueOf(to.Conv))
		r.ev.add(ev)
	}
	r.away(int(to.Agent), now)
}
