package sim

// The bot's own inactivity clock (issue 18). A conversation the bot still owns
// is not an agent's: inactive_after and the nudge, which count from an agent's
// reply, do not apply to it. Bots close a silent conversation on a clock of their
// own instead (Salesforce's Einstein bots end a session after the customer's
// inactivity timeout; Zendesk's and Intercom's bots close it likewise): with
// Model.BotInactiveAfter set, a customer who pauses longer than that between two
// bot turns has the conversation closed by the bot, bot_inactive_after after the
// bot's last turn. It is neither contained nor handed off; it counts as
// bot_auto_closed, in the bot's entered conversations (so it lowers
// bot_containment). The pauses are the customers' usual ones (Model.Pause), drawn
// as the bot's turns are: without the clock nothing changes, and the check costs
// the bot path one comparison per turn.

// botSilentClosed counts and releases a conversation the bot closed at at for the
// customer's silence.
func (r *replication) botSilentClosed(id int32, c *conversation, t tallySet, at Time) {
	t.each(func(x *Tally) { x.BotAutoClosed++ })
	if r.ev != nil {
		e := r.convEvent(id, c, at, EventClosed, ActorBot, CauseInactive)
		e.Confidence = r.ev.info[id].conf
		r.ev.addLater(e)
	}
	r.release(id, c)
}
