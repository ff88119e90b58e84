package server

import (
	"container/heap"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/router/work"
)

// The in-memory state. Every field is guarded by Server.mu; each change that must
// survive a restart is also appended to the journal (journal.go) under the same
// lock, so the state file sees changes in the order memory saw them.
//
// The routing engine (package router) decides; the server keeps, beside it, what
// the API shows and the state file needs: each conversation's status mirrors its
// engine state (waiting, offered, open = assigned, inactive), and each agent's
// presence mirrors the engine's, which moves agents away after a push timeout or
// a decline.

type agent struct {
	id       string
	idx      int // router index
	capacity int
	presence Presence
	holding  map[*conversation]struct{} // offered, open and inactive conversations
}

type channelInfo struct {
	Channel
	idx int // index into Config.Channels (and Model.Channels): the router's channel id
	// Attributes of conversations whose message does not name them (webhooks): the
	// first language and intent of the channel's first arrival stream, or en and
	// general.
	language, intent string
	tiers            []string // the customer tiers of its arrival streams, first = routed first
}

type conversation struct {
	id       string
	channel  *channelInfo
	customer string // the customer's address on the channel (phone number, user id)
	status   Status
	num      int32  // router id while waiting, offered, open or inactive; -1 otherwise
	agent    *agent // offered to, held by, or (inactive) attached to
	// Attributes routing uses: language and intent (skills), tier (secondary
	// priority, index into channel.tiers).
	language, intent, tier string
	tierIdx                int
	// firstText is the text of its first customer message, which keyword
	// rules match (restored conversations: messages[0]); rule is 1 + the index
	// of the routing rule it matched, -1: none, 0: not looked up yet.
	firstText string
	rule      int
	// lastAgent is the agent who last held it: follow-ups come from them.
	lastAgent      string
	created        time.Duration
	queued         time.Duration // when it last entered routing (restart order)
	offered        time.Duration // when it was last offered or assigned
	lastInbound    time.Duration
	hasInbound     bool
	customerClosed bool
	closed         time.Duration
	// awaiting: the customer wrote after the agent's last reply. Otherwise
	// repliedAt is when the agent replied, which starts the inactivity clock
	// (DESIGN.md: inactive_after counts from the agent's reply to the customer's
	// last message).
	awaiting   bool
	repliedAt  time.Duration
	inactiveAt time.Duration // when it last went inactive
	// Nudges (nudge.go): how many went out, the last one's decision, and whether
	// the last one still waits for the customer (nudged), which makes the end
	// timer the nudge's auto-close.
	nudges    int
	lastNudge channels.Decision
	nudged    bool
	// announcement is what its customer was told when its first routing found
	// no agent with room (announce.go); nil: nothing.
	announcement *announcement
	// The conversation's pending inactivity timer (timers.go): its position in
	// Server.timers (-1: none), when it is due and what it does.
	tidx      int
	tat       time.Duration
	tkind     timerKind
	messages  []*message
	delivered int // messages[:delivered] have been delivered
}

type message struct {
	seq        int64
	id         string
	conv       *conversation
	text       string
	at         time.Duration
	deliveries []delivery
	// batch is the journal batch its op went into (nil: in memory, or restored
	// from the file). If that commit failed, the message is not on disk yet.
	batch *batch
}

type delivery struct {
	to string // agent id, or "bot" for conversations the bot contained
	at time.Duration
}

// botRecipient receives the messages of conversations the bot closed.
const botRecipient = "bot"

// apiError is a client-visible error with its HTTP status.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, msg string, args ...any) *apiError {
	if len(args) > 0 {
		msg = sprintf(msg, args...)
	}
	return &apiError{status: status, msg: msg}
}

func notFound(what, id string) *apiError {
	return errorf(http.StatusNotFound, "unknown %s %q", what, id)
}

// inbound is a customer message in any of the accepted shapes.
type inbound struct {
	MessageID      string
	ConversationID string // "" for webhooks: the customer's open conversation, or a new one
	Channel        string
	From           string
	Text           string
	// Optional attributes of a new conversation ("": the channel's defaults).
	Language, Intent, Tier string
}

// Received answers an inbound message.
type Received struct {
	MessageID      string `json:"message_id"`
	ConversationID string `json:"conversation_id"`
	Status         string `json:"status"`
	AgentID        string `json:"agent_id,omitempty"`
	Duplicate      bool   `json:"duplicate"`
	Keyword        string `json:"keyword,omitempty"` // opt_out, opt_in or help (SMS keywords), confirm (a double opt-in)
	// Announcement is the delay announcement sent to the customer when this
	// message's conversation found no agent with room (announce.go).
	Announcement string `json:"announcement,omitempty"`
}

// customer identifies a customer on a channel.
type customer struct{ channel, from string }

func customerKey(channel, from string) customer { return customer{channel, from} }

// now returns the server's time: the clock's time since the origin, scaled, and
// never earlier than a time already used (the engine's time does not go back).
// Called with s.mu held.
func (s *Server) now() time.Duration {
	t := time.Duration(float64(s.cfg.Clock.Now().Sub(s.origin)) * s.cfg.TimeScale)
	if t < s.lastNow {
		return s.lastNow
	}
	s.lastNow = t
	return t
}

// receive stores an inbound message (once per message id), creates or resumes its
// conversation and routes. Called with s.mu held.
func (s *Server) receive(in inbound, now time.Duration) (Received, error) {
	if s.evicted > 0 && s.messages[in.MessageID] == nil {
		// Its conversation may have left memory: the file knows.
		if conv, status, ok := s.store.storedMessage(in.MessageID); ok {
			return Received{MessageID: in.MessageID, ConversationID: conv, Status: status, Duplicate: true}, nil
		}
	}
	if m, ok := s.messages[in.MessageID]; ok {
		c := m.conv
		r := Received{MessageID: m.id, ConversationID: c.id, Status: c.status.String(), Duplicate: true}
		if s.journal.failed(m.batch) {
			// Its first delivery was answered 5xx: its commit failed, and the
			// op waits in a later batch, which this answer waits for. To the
			// sender, this retry is the one that stores it.
			m.batch = s.journal.current()
			r.Duplicate = false
		}
		if c.agent != nil {
			r.AgentID = c.agent.id
		}
		if an := c.announcement; an != nil && an.decision.Verdict != channels.Blocked && len(c.messages) > 0 && c.messages[0] == m {
			r.Announcement = an.text // the retry of the message that opened it
		}
		return r, nil
	}
	ch := s.channels[in.Channel]
	if ch == nil {
		return Received{}, errorf(http.StatusUnprocessableEntity, "channel %q is not enabled on this server (enabled: %s)", in.Channel, strings.Join(s.channelNames, ", "))
	}
	key := customerKey(ch.Name, in.From)
	var c *conversation
	if in.ConversationID != "" {
		c = s.conv(in.ConversationID)
		if c != nil && (c.channel != ch || c.customer != in.From) {
			return Received{}, errorf(http.StatusConflict, "conversation %q belongs to %s customer %q, not %s customer %q",
				c.id, c.channel.Name, c.customer, ch.Name, in.From)
		}
		if c == nil && s.serverID(in.ConversationID) {
			return Received{}, errorf(http.StatusBadRequest, "conversation_id %q: ids that begin with a channel name and a colon are the server's (conversations opened without a conversation_id, as webhooks open them)", in.ConversationID)
		}
	} else {
		c = s.customers[key]
	}
	if c == nil {
		id := in.ConversationID
		if id == "" {
			id = ch.Name + ":" + in.MessageID
		}
		if old := s.convs[id]; old != nil {
			// Never an overwrite: the id is taken (by a state file written
			// before ids had their own namespaces).
			return Received{}, errorf(http.StatusConflict, "conversation %q already exists for %s customer %q", id, old.channel.Name, old.customer)
		}
		c = &conversation{id: id, channel: ch, customer: in.From, num: -1, tidx: -1, created: now, firstText: in.Text}
		if err := s.setAttributes(c, in); err != nil {
			return Received{}, err
		}
		s.convs[id] = c
	}
	// The customer's latest conversation is the one a webhook message without a
	// conversation id resumes.
	s.customers[key] = c

	s.msgSeq++
	m := &message{seq: s.msgSeq, id: in.MessageID, conv: c, text: in.Text, at: now}
	s.messages[m.id] = m
	if s.cfg.RetainClosed == 0 {
		s.msgLog = append(s.msgLog, m) // with RetainClosed, the audit reads the file
	}
	c.messages = append(c.messages, m)
	c.lastInbound, c.hasInbound, c.customerClosed = now, true, false
	c.awaiting = true // the inactivity clock stops
	s.stopTimer(c)
	if c.nudged {
		c.nudged = false
		s.metrics.nudgeReplies.Inc()
	}
	m.batch = s.journal.add(opMessage{seq: m.seq, id: m.id, conv: c.id, text: m.text, at: int64(now)})

	r := Received{MessageID: m.id, ConversationID: c.id}
	if ch.Rules != nil {
		switch ch.Rules.Keyword(in.Text) {
		case channels.OptOut:
			r.Keyword = "opt_out"
			s.setOptOut(key, true)
		case channels.OptIn:
			r.Keyword = "opt_in"
			s.setOptOut(key, false)
		case channels.Help:
			r.Keyword = "help"
		default:
			if s.confirm(ch, key, in.Text, now) {
				r.Keyword = "confirm"
			}
		}
	}

	first := false
	switch c.status {
	case 0: // new
		if s.viaBot(c) {
			c.status = StatusBot
		} else {
			s.enqueue(c, now)
			first = true
		}
	case StatusClosed: // the customer writes again: the conversation resumes
		s.enqueue(c, now)
	case StatusOpen:
		s.deliver(c, c.agent.id, now)
		// The customer waits for the agent's reply: the no-reply reclaim clock
		// starts (routing.reclaim_after; a no-op without it).
		s.engine.AwaitReply(int64(now), c.num)
	case StatusInactive:
		s.resume(c, now)
	case StatusPaused:
		s.unpause(c, now)
	}
	s.botTimer(c, now)
	s.saveConv(c)
	s.route(now)
	if first {
		s.announceFirst(c, now)
		if c.announcement != nil && c.announcement.decision.Verdict != channels.Blocked {
			r.Announcement = c.announcement.text
		}
	}
	r.Status = c.status.String()
	if c.agent != nil {
		r.AgentID = c.agent.id
	}
	return r, nil
}

// serverID reports whether a conversation id is in the server's namespace: the
// ids of conversations opened by a message without a conversation id (every
// webhook message), which are "CHANNEL:MESSAGE_ID". A client may name such a
// conversation once it exists (for its own customer), never create one: the
// webhook whose message id it is would find its conversation taken.
func (s *Server) serverID(id string) bool {
	name, _, ok := strings.Cut(id, ":")
	return ok && s.channels[name] != nil
}

// setAttributes takes a new conversation's language, intent and tier from its
// first message, or the channel's defaults (its first arrival stream's first
// language and intent, its last tier), and refuses a conversation that no
// agent could ever take: a language (or intent) its queue requires that is not
// a skill of the scenario, or one no agent has at the queue's level.
func (s *Server) setAttributes(c *conversation, in inbound) error {
	ch := c.channel
	c.language, c.intent, c.tier = in.Language, in.Intent, in.Tier
	if c.language == "" {
		c.language = ch.language
	}
	if c.intent == "" {
		c.intent = ch.intent
	}
	switch i := slices.Index(ch.tiers, c.tier); {
	case len(ch.tiers) == 0 && c.tier != "":
		return errorf(http.StatusUnprocessableEntity, "tier %q: channel %s has no customer tiers (its arrival streams list none)", c.tier, ch.Name)
	case len(ch.tiers) == 0:
		c.tierIdx = 0 // without tiers, the tier orders nothing
	case c.tier == "":
		// A customer nobody identified (a webhook) is in the last tier, routed
		// after the tiers the scenario lists first.
		c.tierIdx = len(ch.tiers) - 1
		c.tier = ch.tiers[c.tierIdx]
	case i < 0:
		return errorf(http.StatusUnprocessableEntity, "tier %q is not a customer tier of %s (tiers: %s)", c.tier, ch.Name, strings.Join(ch.tiers, ", "))
	default:
		c.tierIdx = i
	}
	q := s.queueFor(c)
	if q < 0 {
		return errorf(http.StatusUnprocessableEntity, "no queue takes channel %s", ch.Name)
	}
	if q < len(s.model.QueueRoutes) {
		qr := &s.model.QueueRoutes[q]
		if qr.Language && s.model.SkillID(c.language) < 0 {
			return errorf(http.StatusUnprocessableEntity, "language %q: no agent has it (queue %s routes on the language)", c.language, s.queueName(q))
		}
		if qr.Intent && s.model.SkillID(c.intent) < 0 {
			return errorf(http.StatusUnprocessableEntity, "intent %q: no agent has it (queue %s routes on the intent)", c.intent, s.queueName(q))
		}
	}
	// Keyed by skill ids, not names: a name that is no skill adds no need, and
	// clients cannot grow the cache with made-up names.
	k := servableKey{q, ch.idx, s.model.SkillID(c.language), s.model.SkillID(c.intent)}
	err, known := s.servable[k]
	if !known {
		err = s.engine.Servable(s.work(c, q))
		s.servable[k] = err
	}
	if err != nil {
		return errorf(http.StatusUnprocessableEntity, "a %s conversation in %s about %s cannot be routed: %v", ch.Name, c.language, c.intent, err)
	}
	return nil
}

// servableKey is what decides whether a kind of conversation can be routed at all.
type servableKey struct{ queue, channel, language, intent int }

// work describes c to the engine in queue q, as the simulator would (work.Model.Work).
func (s *Server) work(c *conversation, q int) router.Work {
	return s.model.Work(q, c.channel.idx, c.language, c.intent, c.tierIdx)
}

func (s *Server) queueName(q int) string {
	if q >= 0 && q < len(s.queueNames) {
		return s.queueNames[q]
	}
	return ""
}

func (s *Server) setOptOut(key customer, out bool) {
	if out {
		s.revokeConsent(key) // an opt-out revokes a recorded opt-in (CTIA)
	}
	if s.optOut[key] == out {
		return
	}
	if out {
		s.optOut[key] = true
	} else {
		delete(s.optOut, key)
	}
	s.journal.add(opOptOut{channel: key.channel, customer: key.from, out: out})
}

// enqueue puts c into routing, in the queue that takes its channel.
func (s *Server) enqueue(c *conversation, now time.Duration) {
	if c.num < 0 {
		c.num = s.allocNum(c)
	}
	c.status, c.agent, c.queued = StatusWaiting, nil, now
	q := s.queueFor(c)
	if d, ok := s.ruleOf(c).Direct(q); ok {
		// The rule's agent group first, its queue after fallback_after.
		s.engine.EnqueueDirect(int64(now), c.num, s.work(c, q), d)
		return
	}
	s.engine.Enqueue(int64(now), c.num, s.work(c, q))
}

// ruleOf returns the routing rule c matches — the first whose channel, intent,
// language, tier and keywords (in its first customer message, whole words, any
// case) match, as in the simulator (work.Match) — or nil.
func (s *Server) ruleOf(c *conversation) *work.Rule {
	if c.rule == 0 {
		text := c.firstText
		if text == "" && len(c.messages) > 0 {
			text = c.messages[0].text // restored from the state file
		}
		c.rule = 1 + work.Match(s.model.Rules, c.channel.idx, c.intent, c.language, c.tier, work.TextHas(text))
		if c.rule == 0 {
			c.rule = -1
		}
	}
	if c.rule < 0 {
		return nil
	}
	return &s.model.Rules[c.rule-1]
}

// queueFor is the queue of c: its routing rule's (ruleOf), else the queue that
// takes its channel.
func (s *Server) queueFor(c *conversation) int {
	if ru := s.ruleOf(c); ru != nil && ru.Queue >= 0 {
		return ru.Queue
	}
	return s.engine.QueueFor(c.channel.idx)
}

// viaBot reports whether a new conversation goes to the bot first: when the
// server has a bot, as its channel says (channels.C.bot), unless its routing
// rule sends it to the bot or past it.
func (s *Server) viaBot(c *conversation) bool {
	if !s.cfg.Bot {
		return false
	}
	skip := c.channel.idx >= 0 && c.channel.idx < len(s.model.Channels) && s.model.Channels[c.channel.idx].SkipBot
	return s.ruleOf(c).ViaBot(!skip)
}

// resume puts an inactive conversation whose customer wrote again back into
// routing; within sticky_for it waits for its agent first.
func (s *Server) resume(c *conversation, now time.Duration) {
	if !s.engine.Resume(int64(now), c.num, s.work(c, s.engine.QueueOf(c.num))) {
		return // not inactive in the engine: cannot happen
	}
	delete(c.agent.holding, c)
	c.status, c.agent, c.queued = StatusWaiting, nil, now
}

func (s *Server) allocNum(c *conversation) int32 {
	var n int32
	if k := len(s.freeNums); k > 0 {
		n = s.freeNums[k-1]
		s.freeNums = s.freeNums[:k-1]
		s.byNum[n] = c
	} else {
		n = int32(len(s.byNum))
		s.byNum = append(s.byNum, c)
	}
	return n
}

func (s *Server) freeNum(c *conversation) {
	if c.num >= 0 {
		s.byNum[c.num] = nil
		s.freeNums = append(s.freeNums, c.num)
		c.num = -1
	}
}

// route applies what time changed (push timeouts, skill drops, overflows,
// preferred-agent timeouts), runs the engine, and turns its assignments into
// offers (or, without a push timeout, accepted conversations). It returns the
// number of offers that timed out.
func (s *Server) route(now time.Duration) int {
	n := s.expire(now)
	if s.engine.Waiting() > 0 {
		start := s.cfg.Clock.Now()
		s.assignBuf = s.engine.Route(int64(now), s.assignBuf[:0])
		s.metrics.routing.Observe(s.cfg.Clock.Now().Sub(start).Seconds())
		for _, a := range s.assignBuf {
			c := s.byNum[a.Conv]
			ag := s.agents[a.Agent]
			c.agent, c.offered = ag, now
			ag.holding[c] = struct{}{}
			if a.Offer {
				c.status = StatusOffered
			} else {
				s.open(c, now)
			}
			s.saveConv(c)
		}
	}
	s.armTimer()
	return n
}

// expire hands the offers whose push timeout passed, and the conversations whose
// agent did not reply within reclaim_after, back to routing; their agents moved to
// the timeout (or reclaim) presence.
func (s *Server) expire(now time.Duration) int {
	s.timeoutBuf = s.engine.Expire(int64(now), s.timeoutBuf[:0])
	for _, to := range s.timeoutBuf {
		c := s.byNum[to.Conv]
		ag := s.agents[to.Agent]
		s.unassign(c, now)
		s.saveConv(c)
		s.syncPresence(ag)
	}
	return len(s.timeoutBuf)
}

// unassign books a conversation the engine took from its agent (push timeout,
// decline, agent gone offline): it waits in routing again.
func (s *Server) unassign(c *conversation, now time.Duration) {
	if c.agent != nil {
		delete(c.agent.holding, c)
	}
	c.status, c.agent, c.queued = StatusWaiting, nil, now
}

// syncPresence takes an agent's presence from the engine, which moves agents
// away after a push timeout or a decline.
func (s *Server) syncPresence(ag *agent) {
	if p := presenceOf(s.engine.PresenceOf(ag.idx)); p != ag.presence {
		s.setPresenceBook(ag, p)
	}
}

// setPresenceBook records an agent's new presence (counts, state file).
func (s *Server) setPresenceBook(ag *agent, p Presence) {
	s.presenceCount[ag.presence]--
	s.presenceCount[p]++
	ag.presence = p
	s.journal.add(opAgent{id: ag.id, presence: p.String()})
}

// open makes c held by its agent and delivers its messages to them.
func (s *Server) open(c *conversation, now time.Duration) {
	c.status = StatusOpen
	c.lastAgent = c.agent.id
	s.deliver(c, c.agent.id, now)
}

// deliver hands c's undelivered messages to recipient.
func (s *Server) deliver(c *conversation, to string, now time.Duration) {
	for _, m := range c.messages[c.delivered:] {
		m.deliveries = append(m.deliveries, delivery{to: to, at: now})
		s.journal.add(opDelivery{seq: m.seq, to: to, at: int64(now)})
	}
	c.delivered = len(c.messages)
}

func (s *Server) accept(convID, agentID string, now time.Duration) (*conversation, error) {
	c, ag, err := s.lookupPair(convID, agentID)
	if err != nil {
		return nil, err
	}
	switch {
	case c.status == StatusOpen && c.agent == ag:
		return c, nil // a retried accept
	case c.status != StatusOffered || c.agent != ag:
		return nil, errorf(http.StatusConflict, "conversation %q is %s, not offered to agent %q", c.id, s.describe(c), ag.id)
	}
	if !s.engine.Accept(int64(now), c.num) {
		// Its push timeout passed: the offer goes to someone else.
		s.route(now)
		return nil, errorf(http.StatusConflict, "the offer of conversation %q to agent %q timed out", c.id, ag.id)
	}
	s.open(c, now)
	s.saveConv(c)
	return c, nil
}

func (s *Server) decline(convID, agentID string, now time.Duration) (*conversation, error) {
	c, ag, err := s.lookupPair(convID, agentID)
	if err != nil {
		return nil, err
	}
	if c.status != StatusOffered || c.agent != ag || !s.engine.Decline(int64(now), c.num) {
		return nil, errorf(http.StatusConflict, "conversation %q is %s, not offered to agent %q", c.id, s.describe(c), ag.id)
	}
	// The engine never offers it to this agent again and moves the agent to the
	// decline presence.
	s.unassign(c, now)
	s.saveConv(c)
	s.syncPresence(ag)
	s.route(now)
	return c, nil
}

func (s *Server) describe(c *conversation) string {
	if c.agent != nil {
		return c.status.String() + " (agent " + c.agent.id + ")"
	}
	return c.status.String()
}

func (s *Server) lookupPair(convID, agentID string) (*conversation, *agent, error) {
	c := s.conv(convID)
	if c == nil {
		return nil, nil, notFound("conversation", convID)
	}
	ag := s.agentByID[agentID]
	if ag == nil {
		return nil, nil, notFound("agent", agentID)
	}
	return c, ag, nil
}

// handoff is the bot's result "needs a human": the conversation enters routing.
func (s *Server) handoff(convID string, now time.Duration) (*conversation, error) {
	c := s.conv(convID)
	if c == nil {
		return nil, notFound("conversation", convID)
	}
	if c.status != StatusBot {
		if c.status == StatusWaiting || c.status == StatusOffered || c.status == StatusOpen || c.status == StatusInactive || c.status == StatusPaused {
			return c, nil // a retried hand-off
		}
		return nil, errorf(http.StatusConflict, "conversation %q is %s, not with the bot", c.id, c.status)
	}
	s.enqueue(c, now)
	s.saveConv(c)
	s.route(now)
	s.announceFirst(c, now)
	return c, nil
}

// closeConv ends a conversation. by is "agent", "bot" or "customer".
func (s *Server) closeConv(convID, by string, now time.Duration) (*conversation, error) {
	c := s.conv(convID)
	if c == nil {
		return nil, notFound("conversation", convID)
	}
	s.end(c, by, now)
	s.route(now)
	return c, nil
}

// end closes c, freeing what it holds in routing. by is "agent", "bot",
// "customer", or "inactivity" (end_inactive_after).
func (s *Server) end(c *conversation, by string, now time.Duration) {
	switch c.status {
	case StatusClosed:
		if by == "customer" && !c.customerClosed {
			c.customerClosed = true
			s.saveConv(c)
		}
		return
	case StatusBot:
		s.deliver(c, botRecipient, now)
	case StatusWaiting, StatusOffered, StatusOpen, StatusInactive, StatusPaused:
		if c.status == StatusOpen || c.status == StatusInactive || c.status == StatusPaused {
			s.held(c, now)
		}
		s.engine.Release(int64(now), c.num)
		if c.agent != nil {
			delete(c.agent.holding, c)
		}
	}
	s.stopTimer(c)
	c.status, c.agent, c.closed = StatusClosed, nil, now
	c.customerClosed = by == "customer"
	s.freeNum(c)
	if key := customerKey(c.channel.Name, c.customer); s.customers[key] == c {
		delete(s.customers, key)
	}
	s.saveConv(c)
	s.startTimer(c) // RetainClosed: when it leaves memory
}

// evict takes a closed conversation and its messages out of memory
// (RetainClosed); they stay on disk, where conv and storedMessage find them.
func (s *Server) evict(c *conversation) {
	delete(s.convs, c.id)
	for _, m := range c.messages {
		delete(s.messages, m.id)
	}
	s.evicted++
}

// conv finds a conversation in memory or, once conversations have left memory
// (RetainClosed), on disk, where it is read back into memory as a closed
// conversation (its earlier messages stay on disk) and leaves again
// RetainClosed later. nil: there is none.
func (s *Server) conv(id string) *conversation {
	if c := s.convs[id]; c != nil || s.evicted == 0 {
		return c
	}
	o, err := s.store.conversation(id)
	if err != nil || o == nil {
		return nil
	}
	ch := s.channels[o.channel]
	if ch == nil {
		ch = &channelInfo{Channel: Channel{Name: o.channel, Units: 1}, idx: -1}
	}
	c := &conversation{
		id: o.id, channel: ch, customer: o.customer, status: StatusClosed, num: -1, tidx: -1,
		language: o.language, intent: o.intent, tier: o.tier, lastAgent: o.lastAgent,
		created: time.Duration(o.created), queued: time.Duration(o.queued), offered: time.Duration(o.offered),
		closed: time.Duration(o.closed), lastInbound: time.Duration(o.lastInbound), hasInbound: o.hasInbound,
		customerClosed: o.customerClosed, awaiting: !o.hasReplied, repliedAt: time.Duration(o.repliedAt),
		inactiveAt: time.Duration(o.inactiveAt),
	}
	c.tierIdx = max(slices.Index(ch.tiers, c.tier), 0)
	s.convs[id] = c
	s.setTimer(c, s.now()+s.cfg.RetainClosed, timerEvict)
	s.armTimer()
	return c
}

// ReplyRequest is an agent's outbound message.
type ReplyRequest struct {
	AgentID          string `json:"agent_id"`
	Text             string `json:"text"`
	Kind             string `json:"kind,omitempty"` // agent_reply (default), follow_up, proactive
	HumanAgentTag    bool   `json:"human_agent_tag,omitempty"`
	TemplateCategory string `json:"template_category,omitempty"`
}

// ReplyDecision answers a reply with the window engine's decision.
type ReplyDecision struct {
	ConversationID string `json:"conversation_id"`
	Decision       string `json:"decision"`
	Reason         string `json:"reason"`
	Category       string `json:"category,omitempty"`
}

func (s *Server) reply(convID string, req ReplyRequest, now time.Duration) (ReplyDecision, error) {
	c, ag, err := s.lookupPair(convID, req.AgentID)
	if err != nil {
		return ReplyDecision{}, err
	}
	kind := channels.AgentReply
	if req.Kind != "" {
		if kind, err = channels.ParseKind(req.Kind); err != nil {
			return ReplyDecision{}, errorf(http.StatusBadRequest, "kind: %v", err)
		}
	}
	if kind == channels.AgentReply && (c.status != StatusOpen && c.status != StatusInactive && c.status != StatusPaused || c.agent != ag) {
		return ReplyDecision{}, errorf(http.StatusConflict, "conversation %q is %s: agent %q does not hold it (a later message is a follow_up)", c.id, s.describe(c), ag.id)
	}
	d := channels.Decision{Verdict: channels.Sent, Reason: channels.ReasonNoWindow}
	if r := c.channel.Rules; r != nil {
		if req.TemplateCategory != "" && !r.HasCategory(req.TemplateCategory) {
			return ReplyDecision{}, errorf(http.StatusBadRequest, "template_category %q is not a category of %s", req.TemplateCategory, r.Name)
		}
		d = r.Decide(channels.Outbound{
			Kind: kind, Now: now, LastInbound: c.lastInbound, HasInbound: c.hasInbound,
			OptedOut:       s.optOut[customerKey(c.channel.Name, c.customer)],
			CustomerClosed: c.customerClosed, HumanAgentTag: req.HumanAgentTag,
			Category: req.TemplateCategory,
		})
		// The customer's consent (channels.Consent) must cover the message too: a
		// business-initiated message needs an explicit opt-in, which a customer
		// who only wrote to the business has not given.
		if d.Verdict != channels.Blocked {
			cat := req.TemplateCategory
			if cat == "" && d.Verdict == channels.TemplateRequired {
				cat = d.Category
			}
			if ok, why := r.ConsentAllows(s.consent(c), kind, cat); !ok {
				d = channels.Decision{Verdict: channels.Blocked, Reason: why}
			}
		}
		if d.Verdict == channels.Blocked && (d.Reason == channels.ReasonOptedOut || d.Reason == channels.ReasonNoConsent) {
			s.metrics.notSent.WithLabelValues(d.Reason).Inc()
		}
	}
	s.journal.add(opReply{conv: c.id, agent: ag.id, kind: kind.String(), decision: d.Verdict.String(), reason: d.Reason, category: d.Category, at: int64(now)})
	s.metrics.replies.WithLabelValues(d.Verdict.String()).Inc()
	if kind == channels.AgentReply && d.Verdict == channels.Sent {
		// The customer has the agent's answer: the inactivity clock starts.
		c.awaiting, c.repliedAt = false, now
		s.engine.Replied(int64(now), c.num) // stops the no-reply reclaim clock
		s.startTimer(c)
		s.saveConv(c)
		s.armTimer()
	}
	return ReplyDecision{ConversationID: c.id, Decision: d.Verdict.String(), Reason: d.Reason, Category: d.Category}, nil
}

// consent is the consent of c's customer on its channel as the server knows it:
// opted out (an opt-out keyword or PUT …/consent, until an opt-in keyword or
// a recorded opt-in), the explicit or double opt-in recorded with PUT
// /v1/customers/{channel}/{address}/consent (consent.go), implicit once they
// wrote, none otherwise. Called with s.mu held.
func (s *Server) consent(c *conversation) channels.Consent {
	key := customerKey(c.channel.Name, c.customer)
	switch {
	case s.optOut[key]:
		return channels.ConsentOptedOut
	case s.consents[key] != nil:
		return s.consents[key].state
	case c.hasInbound:
		return channels.ConsentImplicit
	}
	return channels.ConsentNone
}

func (s *Server) setPresence(agentID string, p Presence, now time.Duration) (*agent, error) {
	ag := s.agentByID[agentID]
	if ag == nil {
		return nil, notFound("agent", agentID)
	}
	s.presence(ag, p, now)
	s.route(now)
	return ag, nil
}

// presence changes an agent's presence. An agent going offline hands back its
// offers and, with offline requeue (tab capacity), its conversations.
func (s *Server) presence(ag *agent, p Presence, now time.Duration) {
	if ag.presence == p {
		return
	}
	s.reqBuf = s.engine.SetPresence(int64(now), ag.idx, p.router(), s.reqBuf[:0])
	for _, id := range s.reqBuf {
		c := s.byNum[id]
		s.unassign(c, now)
		s.saveConv(c)
	}
	s.setPresenceBook(ag, p)
}

// tick applies what time changed: inactivity (inactive_after, end_inactive_after),
// then the engine's deadlines. It returns the number of offers that timed out.
func (s *Server) tick(now time.Duration) int {
	for len(s.timers) > 0 && s.timers[0].tat <= now {
		c := heap.Pop(&s.timers).(*conversation)
		s.fire(c, now)
	}
	return s.route(now)
}

func (s *Server) saveConv(c *conversation) {
	if s.journal == nil {
		return
	}
	op := opConv{
		id: c.id, channel: c.channel.Name, customer: c.customer, status: c.status.String(),
		lastAgent: c.lastAgent, created: int64(c.created), queued: int64(c.queued),
		offered: int64(c.offered), closed: int64(c.closed), customerClosed: c.customerClosed,
		language: c.language, intent: c.intent, tier: c.tier, inactiveAt: int64(c.inactiveAt),
	}
	if c.agent != nil {
		op.agent = c.agent.id
	}
	if c.hasInbound {
		op.lastInbound = int64(c.lastInbound)
		op.hasInbound = true
	}
	if !c.awaiting {
		op.repliedAt, op.hasReplied = int64(c.repliedAt), true
	}
	s.journal.add(op)
}
