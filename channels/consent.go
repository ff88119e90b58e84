package channels

import "fmt"

// Consent is what a customer has agreed to receive on a channel. The states
// and what each allows follow the CTIA Messaging Principles and Best Practices
// (2023), section 5, for SMS (and RCS, whose US traffic follows the same carrier
// rules), and Meta's WhatsApp opt-in policy ("Obtaining opt-in",
// https://developers.facebook.com/docs/whatsapp/overview/getting-opt-in) for
// the other channels:
//
//   - ConsentNone: nothing recorded — the customer never wrote and never opted in.
//   - ConsentImplicit: the customer wrote first. CTIA's conversational messaging
//     (the consumer initiates, the business answers) needs nothing more; on
//     WhatsApp a customer-initiated conversation may be answered without opt-in.
//   - ConsentExplicit: the customer opted in (a form, a checkbox, a keyword such
//     as START): CTIA's express consent for informational messages, and (in
//     writing) for promotional ones; Meta's opt-in for business-initiated
//     messages (templates).
//   - ConsentDoubleOptIn: an explicit opt-in the customer confirmed (replying to a
//     confirmation message), which CTIA recommends for recurring programs.
//   - ConsentOptedOut: the customer opted out (SMS STOP and its synonyms; on
//     WhatsApp any request to stop, which Meta requires businesses to honour).
//
// Consent orders None < Implicit < Explicit < DoubleOptIn; OptedOut stands apart.
type Consent uint8

// Consent states.
const (
	ConsentNone Consent = iota
	ConsentImplicit
	ConsentExplicit
	ConsentDoubleOptIn
	ConsentOptedOut
)

var consentNames = [...]string{ConsentNone: "none", ConsentImplicit: "implicit", ConsentExplicit: "explicit", ConsentDoubleOptIn: "double_opt_in", ConsentOptedOut: "opted_out"}

// String returns "none", "implicit", "explicit", "double_opt_in" or "opted_out".
func (s Consent) String() string {
	if int(s) < len(consentNames) {
		return consentNames[s]
	}
	return fmt.Sprintf("Consent(%d)", uint8(s))
}

// ParseConsent parses a Consent's String.
func ParseConsent(s string) (Consent, error) {
	for i, n := range consentNames {
		if n == s {
			return Consent(i), nil
		}
	}
	return 0, fmt.Errorf("unknown consent %q (valid: none, implicit, explicit, double_opt_in, opted_out)", s)
}

// ConsentEvent is what changes a customer's consent.
type ConsentEvent uint8

// Consent events.
const (
	ConsentWrote   ConsentEvent = iota + 1 // the customer wrote (not an opt-in or opt-out keyword)
	ConsentOptIn                           // the customer opted in: START, UNSTOP, a form
	ConsentConfirm                         // the customer confirmed an opt-in (double opt-in)
	ConsentOptOut                          // the customer opted out: STOP, …, or asked to stop
)

// Next returns the consent after event e. Writing gives implicit consent to
// a customer with none and changes nothing else — in particular it does not
// undo an opt-out: on SMS only an opt-in keyword does (CTIA; Twilio keeps an
// opted-out number blocked until START or UNSTOP). An opt-in is explicit
// consent, also after an opt-out; a confirmation turns an explicit opt-in into a
// double opt-in and means nothing otherwise; an opt-out always opts out.
func (s Consent) Next(e ConsentEvent) Consent {
	switch e {
	case ConsentWrote:
		if s == ConsentNone {
			return ConsentImplicit
		}
	case ConsentOptIn:
		if s != ConsentDoubleOptIn {
			return ConsentExplicit
		}
	case ConsentConfirm:
		if s == ConsentExplicit {
			return ConsentDoubleOptIn
		}
	case ConsentOptOut:
		return ConsentOptedOut
	}
	return s
}

// ConsentEventOf is the consent event of an inbound message's text on the
// channel: its opt-out and opt-in keywords (Keyword), else the customer wrote
// (a HELP request included: it asks for information and changes nothing).
func (c *Channel) ConsentEventOf(text string) ConsentEvent {
	switch c.Keyword(text) {
	case OptOut:
		return ConsentOptOut
	case OptIn:
		return ConsentOptIn
	}
	return ConsentWrote
}

// Purposes of an outbound message, as CTIA classifies them.
const (
	PurposeConversational = "conversational" // a reply or follow-up to a customer who wrote
	PurposeInformational  = "informational"  // a business-initiated notice (utility, authentication, or uncategorised)
	PurposePromotional    = "promotional"    // a business-initiated marketing message
)

// Purpose is the CTIA purpose of an outbound message of kind and template
// category.
func Purpose(kind Kind, category string) string {
	switch {
	case kind != Proactive:
		return PurposeConversational
	case category == CategoryMarketing:
		return PurposePromotional
	}
	return PurposeInformational
}

// ConsentNeeded is the least consent an outbound message of kind and category
// needs: conversational messages the customer's writing (implicit), business-
// initiated ones an explicit opt-in (CTIA express consent; Meta's opt-in for
// templates).
func ConsentNeeded(kind Kind, category string) Consent {
	if Purpose(kind, category) == PurposeConversational {
		return ConsentImplicit
	}
	return ConsentExplicit
}

// ConsentAllows reports whether a customer with consent s may be sent an
// outbound message of kind and category on the channel, and if not, the reason
// code (ReasonOptedOut, or ReasonNoConsent).
//
// An opted-out customer gets nothing on channels with opt-out keywords (SMS,
// RCS: the carrier and the sender block the number until the customer opts
// back in). On the others (WhatsApp) an opt-out stops business-initiated
// messages, while a customer who writes again may still be answered: Meta's
// policy governs what the business sends on its own initiative, and a
// customer-initiated conversation is the customer's.
func (c *Channel) ConsentAllows(s Consent, kind Kind, category string) (bool, string) {
	need := ConsentNeeded(kind, category)
	if s == ConsentOptedOut {
		keywords := len(c.Keywords.OptOut) > 0
		if keywords || need != ConsentImplicit {
			return false, ReasonOptedOut
		}
		return true, ""
	}
	if s < need {
		return false, ReasonNoConsent
	}
	return true, ""
}
