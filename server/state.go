package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
)

// The in-memory state. Every field is guarded by Server.mu; each change that must
// survive a restart is also appended to the journal (journal.go) under the same
// lock, so the state file sees changes in the order memory saw them.

type agent struct {
	id       string
	idx      int // router index
	capacity int
	presence Presence
	holding  map[*conversation]struct{} // offered and open conversations
}

type channelInfo struct {
	Channel
}

type conversation struct {
	id       string
	channel  *channelInfo
	customer string // the customer's address on the channel (phone number, user id)
	status   Status
	num      int32  // router id while waiting, offered or open; -1 otherwise
	agent    *agent // offered to or held by
	// lastAgent is the agent who last held it: follow-ups come from them.
	lastAgent      string
	created        time.Duration
	queued         time.Duration // when it last entered routing (restart order)
	offered        time.Duration
	lastInbound    time.Duration
	hasInbound     bool
	customerClosed bool
	closed         time.Duration
	messages       []*message
	delivered      int // messages[:delivered] have been delivered
}

type message struct {
	seq        int64
	id         string
	conv       *conversation
	text       string
	at         time.Duration
	deliveries []delivery
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
}

// Received answers an inbound message.
type Received struct {
	MessageID      string `json:"message_id"`
	ConversationID string `json:"conversation_id"`
	Status         string `json:"status"`
	AgentID        string `json:"agent_id,omitempty"`
	Duplicate      bool   `json:"duplicate"`
	Keyword        string `json:"keyword,omitempty"` // opt_out, opt_in or help (SMS keywords)
}

// customer identifies a customer on a channel.
type customer struct{ channel, from string }

func customerKey(channel, from string) customer { return customer{channel, from} }

// now returns the server's time: the clock's time since the origin, scaled.
func (s *Server) now() time.Duration {
	return time.Duration(float64(s.cfg.Clock.Now().Sub(s.origin)) * s.cfg.TimeScale)
}

// receive stores an inbound message (once per message id), creates or resumes its
// conversation and routes. Called with s.mu held.
func (s *Server) receive(in inbound, now time.Duration) (Received, error) {
	if m, ok := s.messages[in.MessageID]; ok {
		c := m.conv
		r := Received{MessageID: m.id, ConversationID: c.id, Status: c.status.String(), Duplicate: true}
		if c.agent != nil {
			r.AgentID = c.agent.id
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
		c = s.convs[in.ConversationID]
		if c != nil && (c.channel != ch || c.customer != in.From) {
			return Received{}, errorf(http.StatusConflict, "conversation %q belongs to %s customer %q, not %s customer %q",
				c.id, c.channel.Name, c.customer, ch.Name, in.From)
		}
	} else {
		c = s.customers[key]
	}
	if c == nil {
		id := in.ConversationID
		if id == "" {
			id = ch.Name + ":" + in.MessageID
		}
		c = &conversation{id: id, channel: ch, customer: in.From, num: -1, created: now}
		s.convs[id] = c
	}
	// The customer's latest conversation is the one a webhook message without a
	// conversation id resumes.
	s.customers[key] = c

	s.msgSeq++
	m := &message{seq: s.msgSeq, id: in.MessageID, conv: c, text: in.Text, at: now}
	s.messages[m.id] = m
	s.msgLog = append(s.msgLog, m)
	c.messages = append(c.messages, m)
	c.lastInbound, c.hasInbound, c.customerClosed = now, true, false
	s.journal.add(opMessage{seq: m.seq, id: m.id, conv: c.id, text: m.text, at: int64(now)})

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
		}
	}

	switch c.status {
	case 0: // new
		if s.cfg.Bot {
			c.status = StatusBot
		} else {
			s.enqueue(c, now)
		}
	case StatusClosed: // the customer writes again: the conversation resumes
		s.enqueue(c, now)
	case StatusOpen:
		s.deliver(c, c.agent.id, now)
	}
	s.saveConv(c)
	s.route(now)
	r.Status = c.status.String()
	if c.agent != nil {
		r.AgentID = c.agent.id
	}
	return r, nil
}

func (s *Server) setOptOut(key customer, out bool) {
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

// enqueue puts c into routing.
func (s *Server) enqueue(c *conversation, now time.Duration) {
	if c.num < 0 {
		c.num = s.allocNum(c)
	}
	c.status, c.agent, c.queued = StatusWaiting, nil, now
	s.engine.Enqueue(int64(now), c.num, router.Work{Units: c.channel.Units})
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

// route runs the engine and turns its assignments into offers (or, without a push
// timeout, accepted conversations).
func (s *Server) route(now time.Duration) {
	if s.engine.Waiting() == 0 {
		return
	}
	start := s.cfg.Clock.Now()
	s.assignBuf = s.engine.Route(int64(now), s.assignBuf[:0])
	s.metrics.routing.Observe(s.cfg.Clock.Now().Sub(start).Seconds())
	for _, a := range s.assignBuf {
		c := s.byNum[a.Conv]
		ag := s.agents[a.Agent]
		c.agent = ag
		ag.holding[c] = struct{}{}
		if s.cfg.PushTimeout == 0 {
			s.open(c, now)
		} else {
			c.status, c.offered = StatusOffered, now
			s.offers = append(s.offers, offerEntry{c: c, at: now})
		}
		s.saveConv(c)
	}
}

type offerEntry struct {
	c  *conversation
	at time.Duration
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

// unassign takes c away from its agent (decline, push timeout) and back into the queue.
func (s *Server) requeue(c *conversation, now time.Duration) {
	s.engine.Release(int64(now), c.num)
	delete(c.agent.holding, c)
	c.agent = nil
	c.status = StatusWaiting
	c.queued = now
	s.engine.Enqueue(int64(now), c.num, router.Work{Units: c.channel.Units})
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
	s.open(c, now)
	s.saveConv(c)
	return c, nil
}

func (s *Server) decline(convID, agentID string, now time.Duration) (*conversation, error) {
	c, ag, err := s.lookupPair(convID, agentID)
	if err != nil {
		return nil, err
	}
	if c.status != StatusOffered || c.agent != ag {
		return nil, errorf(http.StatusConflict, "conversation %q is %s, not offered to agent %q", c.id, s.describe(c), ag.id)
	}
	s.requeue(c, now)
	s.saveConv(c)
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
	c := s.convs[convID]
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
	c := s.convs[convID]
	if c == nil {
		return nil, notFound("conversation", convID)
	}
	if c.status != StatusBot {
		if c.status == StatusWaiting || c.status == StatusOffered || c.status == StatusOpen {
			return c, nil // a retried hand-off
		}
		return nil, errorf(http.StatusConflict, "conversation %q is %s, not with the bot", c.id, c.status)
	}
	s.enqueue(c, now)
	s.saveConv(c)
	s.route(now)
	return c, nil
}

// closeConv ends a conversation. by is "agent", "bot" or "customer".
func (s *Server) closeConv(convID, by string, now time.Duration) (*conversation, error) {
	c := s.convs[convID]
	if c == nil {
		return nil, notFound("conversation", convID)
	}
	switch c.status {
	case StatusClosed:
		if by == "customer" && !c.customerClosed {
			c.customerClosed = true
			s.saveConv(c)
		}
		return c, nil
	case StatusBot:
		s.deliver(c, botRecipient, now)
	case StatusWaiting:
		s.engine.Withdraw(int64(now), c.num)
	case StatusOffered, StatusOpen:
		s.engine.Release(int64(now), c.num)
		delete(c.agent.holding, c)
	}
	c.status, c.agent, c.closed = StatusClosed, nil, now
	c.customerClosed = by == "customer"
	s.freeNum(c)
	if key := customerKey(c.channel.Name, c.customer); s.customers[key] == c {
		delete(s.customers, key)
	}
	s.saveConv(c)
	s.route(now)
	return c, nil
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
	if kind == channels.AgentReply && (c.status != StatusOpen || c.agent != ag) {
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
	}
	s.journal.add(opReply{conv: c.id, agent: ag.id, kind: kind.String(), decision: d.Verdict.String(), reason: d.Reason, at: int64(now)})
	s.metrics.replies.WithLabelValues(d.Verdict.String()).Inc()
	return ReplyDecision{ConversationID: c.id, Decision: d.Verdict.String(), Reason: d.Reason, Category: d.Category}, nil
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

func (s *Server) presence(ag *agent, p Presence, now time.Duration) {
	if ag.presence == p {
		return
	}
	s.presenceCount[ag.presence]--
	s.presenceCount[p]++
	ag.presence = p
	s.engine.SetOnline(int64(now), ag.idx, p == Online)
	s.journal.add(opAgent{id: ag.id, presence: p.String()})
}

// sweep re-routes offers older than the push timeout; the agents who let them time
// out get Config.TimeoutPresence.
func (s *Server) sweep(now time.Duration) int {
	if s.cfg.PushTimeout == 0 {
		return 0
	}
	n := 0
	for len(s.offers) > 0 {
		o := s.offers[0]
		if o.at+s.cfg.PushTimeout > now {
			break
		}
		s.offers = s.offers[1:]
		c := o.c
		if c.status != StatusOffered || c.offered != o.at {
			continue // accepted, declined or closed since
		}
		ag := c.agent
		s.requeue(c, now)
		s.presence(ag, s.cfg.TimeoutPresence, now)
		s.saveConv(c)
		n++
	}
	if len(s.offers) == 0 {
		s.offers = nil // let the backing array go
	}
	if n > 0 {
		s.route(now)
	}
	return n
}

func (s *Server) saveConv(c *conversation) {
	if s.journal == nil {
		return
	}
	op := opConv{
		id: c.id, channel: c.channel.Name, customer: c.customer, status: c.status.String(),
		lastAgent: c.lastAgent, created: int64(c.created), queued: int64(c.queued),
		offered: int64(c.offered), closed: int64(c.closed), customerClosed: c.customerClosed,
	}
	if c.agent != nil {
		op.agent = c.agent.id
	}
	if c.hasInbound {
		op.lastInbound = int64(c.lastInbound)
		op.hasInbound = true
	}
	s.journal.add(op)
}
