package server

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/omnisim/omnisim/channels"
)

// Delay announcements (issue 18), the simulator's rule (sim.Announce) on the
// server's clock: when a conversation's first routing (its customer's first
// message, or the bot's hand-off) finds no agent with room, the server tells
// the customer its position in line and/or the queue-length predictor's wait
// (wait.go), as one system message on the conversation's channel. The message
// goes through the window engine as the simulator sends it, an automated
// answer to the customer (channels.AgentReply, never with the HUMAN_AGENT tag):
// inside WhatsApp's customer service window a free service message, outside it
// a utility template, blocked where the channel refuses it, and blocked for a
// customer who opted out or whose consent does not cover it. A wait the
// predictor cannot give yet (no conversation has ended, or no agent is online)
// is left out; with nothing left to say, nothing is sent, as in the simulator.
// The server has the queue-length predictor only: with routing.wait_predictor:
// delay_history the simulator announces the delay-history prediction, serve
// still the queue-length one.
//
// The announcement is an outbound message, kept as the agents' outbound
// messages are: in the state file's replies (kind announcement, with its text),
// and on the conversation's view (announced, announcement), which a restart
// reads back. It is not a customer message: it is not in the audit of
// /v1/audit/messages, which proves that what customers sent reached agents.
//
// Balking (routing.announce.balk) is the customer's decision, which the
// simulator draws from the customer's patience; the server only tells. The
// load test's customers have no patience to weigh the wait against, so they do
// not balk (server/doc.go).

// announcement is what a conversation's customer was told at its first routing.
type announcement struct {
	text     string
	decision channels.Decision
	price    float64 // in the channel's currency; 0 when blocked or unpriced
	priced   bool
}

// announceFirst announces the wait to the customer of c, which has just been
// routed for the first time, if it found no agent with room. Called with s.mu
// held, after s.route.
func (s *Server) announceFirst(c *conversation, now time.Duration) {
	a := s.model.Announce
	if a == nil || c.status != StatusWaiting || c.announcement != nil {
		return
	}
	position := s.position(c)
	wait, known := 0.0, false
	if a.Wait {
		wait, known = s.predictedWait(position)
	}
	if !known && !a.Position {
		return // nothing to say yet
	}
	if !a.Position {
		position = 0
	}
	text := announcementText(position, wait, known)
	d := channels.Decision{Verdict: channels.Sent, Reason: channels.ReasonNoWindow}
	an := &announcement{text: text}
	if r := c.channel.Rules; r != nil {
		in := channels.Outbound{
			Kind: channels.AgentReply, Now: now, LastInbound: c.lastInbound, HasInbound: c.hasInbound,
			OptedOut: s.optOut[customerKey(c.channel.Name, c.customer)], CustomerClosed: c.customerClosed,
		}
		d = r.Decide(in)
		if d.Verdict != channels.Blocked {
			if ok, why := r.ConsentAllows(s.consent(c), channels.AgentReply, d.Category); !ok {
				d = channels.Decision{Verdict: channels.Blocked, Reason: why}
			}
		}
		if d.Verdict != channels.Blocked {
			if p, err := r.Price(channels.OutboundDir, d.Category, r.InWindow(in)); err == nil {
				an.price, an.priced = p, true
			}
		}
	}
	an.decision = d
	c.announcement = an
	s.metrics.announcements.WithLabelValues(d.Verdict.String()).Inc()
	s.journal.add(opReply{conv: c.id, kind: announcementKind, decision: d.Verdict.String(), reason: d.Reason,
		category: d.Category, text: text, at: int64(now)})
}

// announcementKind is the kind of an announcement in the state file's replies.
const announcementKind = "announcement"

// announcementText is what the customer reads: the position when it is
// announced (position > 0), the wait when it is known, in whole minutes
// (rounded; under half a minute, "less than a minute").
func announcementText(position int, waitSeconds float64, known bool) string {
	var parts []string
	if position > 0 {
		parts = append(parts, fmt.Sprintf("You are number %d in line", position))
	}
	if known {
		w := "expected wait less than a minute"
		if m := int(math.Round(waitSeconds / 60)); m == 1 {
			w = "expected wait about 1 minute"
		} else if m > 1 {
			w = fmt.Sprintf("expected wait about %d minutes", m)
		}
		if len(parts) == 0 {
			w = "Expected" + strings.TrimPrefix(w, "expected")
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, "; ")
}

// restoreAnnouncement gives a conversation read back from the state file the
// announcement it was sent.
func (s *Server) restoreAnnouncement(o opReply) {
	c := s.convs[o.conv]
	if c == nil {
		return // left memory (RetainClosed)
	}
	var v channels.Verdict
	if v.UnmarshalText([]byte(o.decision)) != nil {
		return
	}
	an := &announcement{text: o.text, decision: channels.Decision{Verdict: v, Reason: o.reason, Category: o.category}}
	if r := c.channel.Rules; r != nil && v != channels.Blocked {
		in := channels.Outbound{Kind: channels.AgentReply, Now: time.Duration(o.at), LastInbound: c.lastInbound, HasInbound: c.hasInbound}
		if p, err := r.Price(channels.OutboundDir, o.category, r.InWindow(in)); err == nil {
			an.price, an.priced = p, true
		}
	}
	c.announcement = an
}

// AnnouncementView is a conversation's announcement in its view.
type AnnouncementView struct {
	Text     string   `json:"text"`
	Decision string   `json:"decision"`
	Reason   string   `json:"reason"`
	Category string   `json:"category,omitempty"`
	Price    *float64 `json:"price,omitempty"` // in currency; absent when blocked
	Currency string   `json:"currency,omitempty"`
}

func (s *Server) announcementView(c *conversation) *AnnouncementView {
	an := c.announcement
	if an == nil {
		return nil
	}
	v := &AnnouncementView{Text: an.text, Decision: an.decision.Verdict.String(), Reason: an.decision.Reason, Category: an.decision.Category}
	if an.priced {
		p := an.price
		v.Price = &p
		if r := c.channel.Rules; r != nil {
			v.Currency = r.Prices.Currency
		}
	}
	return v
}
