package server

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Twilio's messaging webhook: a form-encoded POST per inbound SMS (or WhatsApp
// through Twilio, with "whatsapp:" before the numbers), answered with TwiML. The
// fields we use: MessageSid (the idempotency key), From, To, Body.
// https://www.twilio.com/docs/messaging/guides/webhook-request

// twimlEmpty answers without sending a message back.
var twimlEmpty = []byte(`<?xml version="1.0" encoding="UTF-8"?><Response></Response>` + "\n")

// Headers that carry our answer beside the TwiML, for tools (and the load tester)
// that need the conversation; Twilio ignores them.
const (
	HeaderConversation = "X-Omnisim-Conversation-Id"
	HeaderStatus       = "X-Omnisim-Status"
	HeaderAgent        = "X-Omnisim-Agent-Id"
	HeaderDuplicate    = "X-Omnisim-Duplicate"
)

// parseTwilio parses a Twilio webhook body.
func parseTwilio(body []byte) (inbound, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return inbound{}, errorf(http.StatusBadRequest, "malformed form body: %v", err)
	}
	for k, vs := range form {
		for _, v := range vs {
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				// Percent-escapes decode to any byte.
				return inbound{}, errorf(http.StatusBadRequest, "form field %q is not valid UTF-8", strings.ToValidUTF8(k, "?"))
			}
		}
	}
	in := inbound{
		MessageID: form.Get("MessageSid"),
		Channel:   "sms",
		From:      form.Get("From"),
		Text:      form.Get("Body"),
	}
	if in.MessageID == "" {
		in.MessageID = form.Get("SmsMessageSid") // older field name
	}
	if rest, ok := strings.CutPrefix(in.From, "whatsapp:"); ok {
		in.Channel, in.From = "whatsapp", rest
	}
	if err := checkID("MessageSid", in.MessageID, true); err != nil {
		return inbound{}, err
	}
	if err := checkID("From", in.From, true); err != nil {
		return inbound{}, err
	}
	return in, nil
}

func (s *Server) twilioSMS(r *http.Request) (int, any, error) {
	b, err := s.readBody(r, "application/x-www-form-urlencoded")
	if err != nil {
		return 0, nil, err
	}
	if err := s.checkTwilio(r, b); err != nil {
		return 0, nil, err
	}
	in, err := parseTwilio(b)
	if err != nil {
		return 0, nil, err
	}
	res, err := s.receiveLocked(in)
	if err != nil {
		return 0, nil, err
	}
	h := http.Header{}
	h.Set(HeaderConversation, res.ConversationID)
	h.Set(HeaderStatus, res.Status)
	if res.AgentID != "" {
		h.Set(HeaderAgent, res.AgentID)
	}
	h.Set(HeaderDuplicate, strconv.FormatBool(res.Duplicate))
	return http.StatusOK, raw{contentType: "text/xml; charset=utf-8", body: twimlEmpty, header: h}, nil
}

// WhatsApp Cloud API webhook: a JSON notification with entries of changes, whose
// value carries messages (and statuses, which the router ignores).
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples

// WhatsAppWebhook is the notification payload (only the fields the server reads;
// Meta adds fields over time, so unknown ones are ignored).
type WhatsAppWebhook struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      string `json:"id"`
		Changes []struct {
			Field string `json:"field"`
			Value struct {
				MessagingProduct string            `json:"messaging_product"`
				Messages         []WhatsAppMessage `json:"messages"`
				Statuses         []json.RawMessage `json:"statuses"`
				Contacts         []json.RawMessage `json:"contacts"`
				Metadata         map[string]string `json:"metadata"`
				Errors           []json.RawMessage `json:"errors"`
			} `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

// WhatsAppMessage is one inbound message of a notification.
type WhatsAppMessage struct {
	From      string `json:"from"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	Text      *struct {
		Body string `json:"body"`
	} `json:"text,omitempty"`
	Button *struct {
		Text string `json:"text"`
	} `json:"button,omitempty"`
}

func (m *WhatsAppMessage) text() string {
	switch {
	case m.Text != nil:
		return m.Text.Body
	case m.Button != nil:
		return m.Button.Text
	}
	return "[" + m.Type + "]"
}

// parseWhatsApp parses a notification into its inbound messages.
func parseWhatsApp(body []byte) ([]inbound, error) {
	var hook WhatsAppWebhook
	if err := json.Unmarshal(body, &hook); err != nil {
		return nil, errorf(http.StatusBadRequest, "malformed JSON: %v", err)
	}
	if hook.Object != "whatsapp_business_account" {
		return nil, errorf(http.StatusBadRequest, "object: %q is not whatsapp_business_account", hook.Object)
	}
	var out []inbound
	for i, e := range hook.Entry {
		for j, ch := range e.Changes {
			for k, m := range ch.Value.Messages {
				in := inbound{MessageID: m.ID, Channel: "whatsapp", From: m.From, Text: m.text()}
				where := "entry[" + strconv.Itoa(i) + "].changes[" + strconv.Itoa(j) + "].value.messages[" + strconv.Itoa(k) + "]"
				if err := checkID(where+".id", in.MessageID, true); err != nil {
					return nil, err
				}
				if err := checkID(where+".from", in.From, true); err != nil {
					return nil, err
				}
				out = append(out, in)
			}
		}
	}
	return out, nil
}

// WhatsAppReceived answers a WhatsApp notification.
type WhatsAppReceived struct {
	Received []Received `json:"received"`
}

func (s *Server) whatsapp(r *http.Request) (int, any, error) {
	b, err := s.readBody(r, "application/json")
	if err != nil {
		return 0, nil, err
	}
	if err := s.checkMeta(r, b); err != nil {
		return 0, nil, err
	}
	ins, err := parseWhatsApp(b)
	if err != nil {
		return 0, nil, err
	}
	out := WhatsAppReceived{Received: []Received{}}
	for _, in := range ins {
		res, err := s.receiveLocked(in)
		if err != nil {
			return 0, nil, err
		}
		out.Received = append(out.Received, res)
	}
	return http.StatusOK, out, nil
}

// whatsappVerify answers Meta's subscription check: GET with hub.mode=subscribe,
// hub.verify_token and hub.challenge, answered with the challenge.
func (s *Server) whatsappVerify(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	// Compared in constant time, like the bearer token: the time a wrong
	// guess takes must not tell how much of it was right.
	if q.Get("hub.mode") != "subscribe" || s.cfg.WhatsAppVerifyToken == "" ||
		subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(s.cfg.WhatsAppVerifyToken)) != 1 {
		return 0, nil, errorf(http.StatusForbidden, "webhook verification failed: wrong hub.mode or hub.verify_token")
	}
	return http.StatusOK, raw{contentType: "text/plain; charset=utf-8", body: []byte(q.Get("hub.challenge"))}, nil
}
