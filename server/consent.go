package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/omnisim/omnisim/channels"
)

// Recorded consent (issue 18): the states of channels.Consent that a customer's
// messages alone cannot give. The server learns implicit consent (the customer
// wrote) and opt-outs and opt-ins by keyword from the messages themselves; an
// explicit opt-in (a web form, a checkbox, a keyword campaign elsewhere) is
// recorded by the business with PUT /v1/customers/{channel}/{address}/consent,
// and so is an opt-out it learned elsewhere. Changes follow channels.Consent.Next:
// an opt-in is explicit consent, also after an opt-out (which it lifts); an
// opt-out revokes any recorded opt-in (and keeps the customer blocked until an
// opt-in keyword or a recorded opt-in); a confirmation turns an explicit opt-in
// into a double opt-in.
//
// A double opt-in (CTIA Messaging Principles and Best Practices, 2023: an opt-in
// the customer confirms by replying to a confirmation message) is requested with
// state double_opt_in: the customer's consent is explicit, with a confirmation
// pending, until they reply the channel's confirm keyword (the catalog's
// keywords.confirm: YES on SMS and RCS, whole message, any case, as Keyword
// matches). Only while a confirmation is pending does YES confirm; otherwise it
// is an answer like any other (channels.Keyword leaves it out for that reason).
// The confirmation message itself ("Reply YES to confirm") is the business's to
// send. A channel without a confirm keyword cannot confirm, and a double opt-in
// request there is refused (422).
//
// The records are in the state file (table consents) with Config.State.

// consentRecord is a customer's recorded opt-in.
type consentRecord struct {
	state   channels.Consent // ConsentExplicit or ConsentDoubleOptIn
	pending bool             // a double opt-in was requested and waits for the customer's confirm keyword
	source  string           // where the business got it (free text, e.g. web_form)
	at      time.Duration
}

// ConsentRequest records a customer's consent.
type ConsentRequest struct {
	State  string `json:"state"`            // explicit, double_opt_in (requests the confirmation) or opted_out
	Source string `json:"source,omitempty"` // where the consent was given, e.g. web_form
}

// parseConsentRequest reads the body of PUT …/consent: one JSON object with a
// state the API records and an optional source. Errors are 400s naming the field.
func parseConsentRequest(b []byte) (ConsentRequest, channels.Consent, error) {
	var req ConsentRequest
	if err := decodeJSON(b, &req); err != nil {
		return req, 0, err
	}
	if req.State == "" {
		return req, 0, errorf(http.StatusBadRequest, "state is required (explicit, double_opt_in or opted_out)")
	}
	st, err := channels.ParseConsent(req.State)
	switch {
	case err != nil:
		return req, 0, errorf(http.StatusBadRequest, "state: %q is not explicit, double_opt_in or opted_out", req.State)
	case st != channels.ConsentExplicit && st != channels.ConsentDoubleOptIn && st != channels.ConsentOptedOut:
		return req, 0, errorf(http.StatusBadRequest, "state: %s is not recorded through the API (implicit consent is the customer's writing): want explicit, double_opt_in or opted_out", st)
	}
	if err := checkID("source", req.Source, false); err != nil {
		return req, 0, err
	}
	return req, st, nil
}

// ConsentView is a customer's consent on a channel.
type ConsentView struct {
	Channel string `json:"channel"`
	Address string `json:"address"`
	// State: none, implicit (the customer's open conversation has their
	// message), explicit, double_opt_in or opted_out.
	State string `json:"state"`
	// ConfirmationPending: a double opt-in was requested; the customer's reply
	// with one of ConfirmKeywords makes it one.
	ConfirmationPending bool     `json:"confirmation_pending"`
	ConfirmKeywords     []string `json:"confirm_keywords,omitempty"`
	Source              string   `json:"source,omitempty"`
}

// consentOf is the consent of a customer as GET …/consent shows it. Implicit
// consent belongs to a conversation the customer wrote in: here, their open one.
// Called with s.mu held.
func (s *Server) consentOf(ch *channelInfo, key customer) ConsentView {
	v := ConsentView{Channel: ch.Name, Address: key.from, State: channels.ConsentNone.String()}
	rec := s.consents[key]
	switch {
	case s.optOut[key]:
		v.State = channels.ConsentOptedOut.String()
	case rec != nil:
		v.State, v.ConfirmationPending, v.Source = rec.state.String(), rec.pending, rec.source
		if rec.pending && ch.Rules != nil {
			v.ConfirmKeywords = ch.Rules.Keywords.Confirm
		}
	case s.customers[key] != nil && s.customers[key].hasInbound:
		v.State = channels.ConsentImplicit.String()
	}
	return v
}

// customerPath resolves the channel and address of a …/customers/… path.
func (s *Server) customerPath(r *http.Request) (*channelInfo, customer, error) {
	name, addr := r.PathValue("channel"), r.PathValue("address")
	ch := s.channels[name]
	if ch == nil {
		return nil, customer{}, notFound("channel", name)
	}
	if err := checkID("address", addr, true); err != nil {
		return nil, customer{}, err
	}
	return ch, customerKey(ch.Name, addr), nil
}

func (s *Server) getConsent(r *http.Request) (int, any, error) {
	ch, key, err := s.customerPath(r)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return http.StatusOK, s.consentOf(ch, key), nil
}

func (s *Server) putConsent(r *http.Request) (int, any, error) {
	ch, key, err := s.customerPath(r)
	if err != nil {
		return 0, nil, err
	}
	b, err := s.readBody(r, "application/json")
	if err != nil {
		return 0, nil, err
	}
	req, st, err := parseConsentRequest(b)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.recordConsent(ch, key, st, req.Source, s.now()); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.consentOf(ch, key), nil
}

// recordConsent records what the business says of a customer's consent (see
// above). Called with s.mu held.
func (s *Server) recordConsent(ch *channelInfo, key customer, st channels.Consent, source string, now time.Duration) error {
	if st == channels.ConsentOptedOut {
		s.setOptOut(key, true)
		s.metrics.consents.WithLabelValues("opted_out").Inc()
		return nil
	}
	if st == channels.ConsentDoubleOptIn && (ch.Rules == nil || len(ch.Rules.Keywords.Confirm) == 0) {
		return errorf(http.StatusUnprocessableEntity, "state: channel %s has no confirm keyword, so a double opt-in cannot be confirmed on it (record explicit)", ch.Name)
	}
	prev := channels.ConsentNone
	rec := s.consents[key]
	switch {
	case s.optOut[key]:
		prev = channels.ConsentOptedOut
	case rec != nil:
		prev = rec.state
	}
	next := prev.Next(channels.ConsentOptIn)
	s.setOptOut(key, false)
	// A request already pending stays so; a double opt-in requested of a
	// customer who has one already is not asked again.
	pending := rec != nil && rec.pending && next == channels.ConsentExplicit
	label := "explicit"
	if st == channels.ConsentDoubleOptIn {
		pending, label = next == channels.ConsentExplicit, "double_opt_in_requested"
	}
	s.setConsent(key, &consentRecord{state: next, pending: pending, source: source, at: now})
	s.metrics.consents.WithLabelValues(label).Inc()
	return nil
}

// confirm applies an inbound message to its customer's pending double opt-in:
// the channel's confirm keyword makes it one. It reports whether it did.
// Called with s.mu held.
func (s *Server) confirm(ch *channelInfo, key customer, text string, now time.Duration) bool {
	rec := s.consents[key]
	if rec == nil || !rec.pending || ch.Rules == nil || !ch.Rules.Confirms(text) {
		return false
	}
	s.setConsent(key, &consentRecord{state: rec.state.Next(channels.ConsentConfirm), source: rec.source, at: now})
	s.metrics.consents.WithLabelValues("double_opt_in_confirmed").Inc()
	return true
}

func (s *Server) setConsent(key customer, rec *consentRecord) {
	s.consents[key] = rec
	s.journal.add(opConsent{channel: key.channel, customer: key.from, state: rec.state.String(), source: rec.source,
		pending: rec.pending, at: int64(rec.at)})
}

// revokeConsent deletes a customer's recorded opt-in (an opt-out revokes it).
func (s *Server) revokeConsent(key customer) {
	if s.consents[key] == nil {
		return
	}
	delete(s.consents, key)
	s.journal.add(opConsent{channel: key.channel, customer: key.from, remove: true})
}

// restoreConsent reads a record back from the state file.
func (s *Server) restoreConsent(o opConsent) error {
	st, err := channels.ParseConsent(o.state)
	if err != nil {
		return err
	}
	if st != channels.ConsentExplicit && st != channels.ConsentDoubleOptIn {
		return fmt.Errorf("state %s is not a recorded opt-in", st)
	}
	s.consents[customerKey(o.channel, o.customer)] = &consentRecord{state: st, pending: o.pending, source: o.source, at: time.Duration(o.at)}
	return nil
}
