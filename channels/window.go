package channels

import (
	"fmt"
	"time"
)

// Kind is the kind of an outbound message.
type Kind uint8

// Outbound message kinds. The zero Kind is invalid: Decide blocks it with
// ReasonUnknownKind.
const (
	// AgentReply answers the customer inside a conversation (it may wait in a
	// queue long enough to fall outside the window).
	AgentReply Kind = iota + 1
	// FollowUp is an agent's later message about the same conversation
	// ("I'll get back to you"), sent after the conversation went quiet.
	FollowUp
	// Proactive is a business-initiated message (a campaign or notification)
	// that opens a conversation.
	Proactive
)

var kindNames = [...]string{AgentReply: "agent_reply", FollowUp: "follow_up", Proactive: "proactive"}

func (k Kind) valid() bool { return k >= AgentReply && k <= Proactive }

// String returns "agent_reply", "follow_up" or "proactive".
func (k Kind) String() string {
	if !k.valid() {
		return fmt.Sprintf("Kind(%d)", uint8(k))
	}
	return kindNames[k]
}

// ParseKind parses "agent_reply", "follow_up" or "proactive".
func ParseKind(s string) (Kind, error) {
	for k := AgentReply; k <= Proactive; k++ {
		if kindNames[k] == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown message kind %q (valid: agent_reply, follow_up, proactive)", s)
}

// MarshalText encodes the kind as its String.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("invalid message kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Verdict is the outcome of the window engine for one outbound message.
type Verdict uint8

// Verdicts. Their strings ("sent", "template_required", "blocked") are public API:
// the HTTP server and JSON reports carry them.
const (
	// Sent: the message goes out as it is.
	Sent Verdict = iota + 1
	// TemplateRequired: the message may go out only as an approved template of
	// Decision.Category (and is priced as one).
	TemplateRequired
	// Blocked: the message may not be sent; Decision.Reason says why.
	Blocked
)

var verdictNames = [...]string{Sent: "sent", TemplateRequired: "template_required", Blocked: "blocked"}

func (v Verdict) valid() bool { return v >= Sent && v <= Blocked }

// String returns "sent", "template_required" or "blocked".
func (v Verdict) String() string {
	if !v.valid() {
		return fmt.Sprintf("Verdict(%d)", uint8(v))
	}
	return verdictNames[v]
}

// MarshalText encodes the verdict as its String, so JSON carries "sent",
// "template_required" or "blocked".
func (v Verdict) MarshalText() ([]byte, error) {
	if !v.valid() {
		return nil, fmt.Errorf("invalid verdict %d", uint8(v))
	}
	return []byte(verdictNames[v]), nil
}

// UnmarshalText decodes a verdict written by MarshalText.
func (v *Verdict) UnmarshalText(b []byte) error {
	for x := Sent; x <= Blocked; x++ {
		if verdictNames[x] == string(b) {
			*v = x
			return nil
		}
	}
	return fmt.Errorf("unknown verdict %q (valid: sent, template_required, blocked)", b)
}

// Reason codes of a Decision: stable snake_case strings, part of the public API.
const (
	// Sent.
	ReasonInsideWindow  = "inside_window"   // within the channel's window since the customer's last message
	ReasonNoWindow      = "no_window"       // the channel has no window (SMS, RCS, Apple, web, in-app)
	ReasonHumanAgentTag = "human_agent_tag" // outside the standard window, inside the HUMAN_AGENT extension

	// TemplateRequired or Blocked.
	ReasonOutsideWindow = "outside_24h_window" // past the channel's standard window (24 h by default; the code stays when a scenario changes the length)
	ReasonNoInbound     = "business_initiated" // the customer never wrote: a business-initiated message

	// Blocked.
	ReasonOutsideHumanAgentWindow = "outside_human_agent_window"     // tagged human reply past the HUMAN_AGENT extension (7 days)
	ReasonNotAllowed              = "business_initiated_not_allowed" // the channel forbids business-initiated messages
	ReasonNoSession               = "no_session"                     // web chat: no session to deliver to, no address for the visitor
	ReasonOptedOut                = "opted_out"                      // the customer opted out (SMS STOP)
	ReasonNoConsent               = "no_consent"                     // the customer's consent does not cover the message (Channel.ConsentAllows)
	ReasonCustomerClosed          = "customer_closed"                // the customer closed the conversation (Apple)
	ReasonUnknownKind             = "unknown_kind"                   // Outbound.Kind is not a valid Kind
	ReasonInvalidCategory         = "invalid_category"               // Outbound.Category is not a category of the channel
)

// Outbound describes an outbound message for the window engine. Times are
// offsets on any common clock (simulated time, or wall time since some epoch).
type Outbound struct {
	Kind Kind
	// Now is when the message would be sent; LastInbound when the customer last
	// wrote. A LastInbound after Now counts as just now.
	Now, LastInbound time.Duration
	// HasInbound is false when the customer never wrote (LastInbound is ignored).
	HasInbound bool
	// OptedOut: the customer opted out (SMS STOP, or any channel's opt-out the
	// caller tracks). The caller clears it on an opt-in (START, UNSTOP).
	OptedOut bool
	// CustomerClosed: the customer closed the conversation (Apple). The caller
	// clears it when the customer writes again.
	CustomerClosed bool
	// HumanAgentTag: a human agent sends the message with Meta's HUMAN_AGENT tag.
	HumanAgentTag bool
	// Category is the template category when the business sends a template,
	// "" for a free-form message.
	Category string
}

// Decision is the window engine's answer for one outbound message.
type Decision struct {
	Verdict Verdict
	Reason  string // one of the Reason constants
	// Category is the pricing category to bill the message under (pass it to
	// Price): the template category when a template is sent or required, service
	// for a free-form WhatsApp message, "" on channels without categories.
	Category string
}

// Default template categories when a template is required and Outbound.Category
// names none: an agent's reply or follow-up is a utility message (it concerns
// the customer's own request), a proactive message is marketing.
func defaultTemplate(k Kind) string {
	if k == Proactive {
		return CategoryMarketing
	}
	return CategoryUtility
}

// Decide is the window engine: it decides whether the outbound message in may be
// sent on the channel as it is, only as an approved template, or not at all. The
// simulator and the HTTP server both call it; it allocates nothing.
//
// Rules, in order (a later rule is reached only when no earlier one decided):
//
//  1. An invalid Kind, or a Category the channel does not have: Blocked
//     (unknown_kind, invalid_category).
//  2. OptedOut: Blocked (opted_out) on every channel.
//  3. CustomerClosed on a channel where closing ends the conversation (Apple):
//     Blocked (customer_closed).
//  4. A Proactive message, or any message to a customer who never wrote, on a
//     channel without business-initiated messages (Messenger, Instagram, Apple,
//     web): Blocked (business_initiated_not_allowed; no_session on web).
//  5. A channel without window (SMS, RCS, Apple, web, in-app): Sent (no_window).
//  6. At most Window after the customer's last message (a message exactly at
//     LastInbound+Window is inside): Sent (inside_window).
//  7. A tagged human reply or follow-up on a channel with the HUMAN_AGENT
//     extension (Messenger, Instagram): Sent (human_agent_tag) up to
//     HumanAgentWindow after the last message, Blocked
//     (outside_human_agent_window) after.
//  8. Outside the window on a channel with templates (WhatsApp): TemplateRequired,
//     with the given template category or by default utility for replies and
//     follow-ups, marketing for proactive messages (outside_24h_window, or
//     business_initiated when the customer never wrote).
//  9. Otherwise: Blocked (outside_24h_window).
func (c *Channel) Decide(in Outbound) Decision {
	if !in.Kind.valid() {
		return Decision{Verdict: Blocked, Reason: ReasonUnknownKind}
	}
	if in.Category != "" && !c.HasCategory(in.Category) {
		return Decision{Verdict: Blocked, Reason: ReasonInvalidCategory}
	}
	if in.OptedOut {
		return Decision{Verdict: Blocked, Reason: ReasonOptedOut}
	}
	if in.CustomerClosed && c.ClosedBlocksOutbound {
		return Decision{Verdict: Blocked, Reason: ReasonCustomerClosed}
	}
	if (in.Kind == Proactive || !in.HasInbound) && !c.BusinessInitiated {
		if c.Session {
			return Decision{Verdict: Blocked, Reason: ReasonNoSession}
		}
		return Decision{Verdict: Blocked, Reason: ReasonNotAllowed}
	}
	if c.Window <= 0 {
		return Decision{Verdict: Sent, Reason: ReasonNoWindow, Category: c.freeFormCategory(in.Category)}
	}
	elapsed := since(in.Now, in.LastInbound)
	if in.HasInbound && elapsed <= uint64(c.Window) {
		return Decision{Verdict: Sent, Reason: ReasonInsideWindow, Category: c.freeFormCategory(in.Category)}
	}
	// Meta: the HUMAN_AGENT tag is for a human agent's answer to the person's
	// inquiry; automated and promotional (proactive) messages may not use it.
	if in.HumanAgentTag && c.HumanAgentWindow > 0 && in.HasInbound && in.Kind != Proactive {
		if elapsed <= uint64(c.HumanAgentWindow) {
			return Decision{Verdict: Sent, Reason: ReasonHumanAgentTag, Category: c.freeFormCategory(in.Category)}
		}
		return Decision{Verdict: Blocked, Reason: ReasonOutsideHumanAgentWindow}
	}
	reason := ReasonOutsideWindow
	if !in.HasInbound {
		reason = ReasonNoInbound
	}
	if c.hasTemplates() {
		cat := in.Category
		if !isTemplateCategory(cat) {
			cat = defaultTemplate(in.Kind)
		}
		return Decision{Verdict: TemplateRequired, Reason: reason, Category: cat}
	}
	return Decision{Verdict: Blocked, Reason: reason}
}

// InWindow reports whether in falls inside the channel's window: the customer has
// written and, on a channel with a window, at most Window has passed since. Pass
// it as Price's insideWindow.
func (c *Channel) InWindow(in Outbound) bool {
	if !in.HasInbound {
		return false
	}
	return c.Window <= 0 || since(in.Now, in.LastInbound) <= uint64(c.Window)
}

// since returns now−last, or 0 when last is after now, without overflowing for
// any pair of durations.
func since(now, last time.Duration) uint64 {
	if now <= last {
		return 0
	}
	return uint64(now) - uint64(last)
}

// freeFormCategory is the billing category of a message sent without needing a
// template: the given one, else service where the channel prices service
// messages (WhatsApp), else none.
func (c *Channel) freeFormCategory(given string) string {
	if given != "" {
		return given
	}
	if c.HasCategory(CategoryService) {
		return CategoryService
	}
	return ""
}
