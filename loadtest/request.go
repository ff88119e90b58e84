package loadtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Requests for the reference router API (api/openapi.yaml).

func (r *runner) request(st *step, t *vegeta.Target) error {
	if r.mapping != nil {
		return r.mappedRequest(st, t)
	}
	c := st.c
	t.Header = http.Header{"Content-Type": {"application/json"}}
	var conv string
	if c != nil {
		conv = r.base + "/v1/conversations/" + url.PathEscape(c.id)
	}
	switch st.kind {
	case stepMessage:
		switch c.shape {
		case shapeTwilio:
			t.Method, t.URL = "POST", r.base+"/v1/webhooks/twilio/sms"
			t.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			t.Body = []byte(TwilioForm(st.msgID, c.from, "+15550000000", st.text).Encode())
		case shapeWhatsApp:
			t.Method, t.URL = "POST", r.base+"/v1/webhooks/whatsapp"
			t.Body = WhatsAppPayload(st.msgID, strings.TrimPrefix(c.from, "+"), c.name, st.text, r.clock.Now().Unix())
		default:
			t.Method, t.URL = "POST", r.base+"/v1/messages"
			t.Body = messageJSON(st.msgID, c.id, c.stream.Channel, c.from, st.text, c.language, c.intent, c.tier)
		}
	case stepBot:
		t.Method = "POST"
		if c.contained {
			t.URL, t.Body = conv+"/close", []byte(`{"by":"bot"}`)
		} else {
			t.URL, t.Body = conv+"/handoff", []byte(`{"reason":"low_confidence"}`)
		}
	case stepPoll:
		t.Method, t.URL, t.Header = "GET", conv, http.Header{}
	case stepAccept:
		t.Method, t.URL, t.Body = "POST", conv+"/accept", mustJSON(map[string]string{"agent_id": c.agent})
	case stepDecline:
		t.Method, t.URL, t.Body = "POST", conv+"/decline", mustJSON(map[string]string{"agent_id": c.agent})
	case stepReply:
		t.Method, t.URL, t.Body = "POST", conv+"/replies", mustJSON(map[string]string{"agent_id": c.agent, "text": r.faker.Sentence(10)})
	case stepFollowUp:
		t.Method, t.URL, t.Body = "POST", conv+"/replies", mustJSON(map[string]string{"agent_id": c.agent, "kind": "follow_up", "text": r.faker.Sentence(10)})
	case stepClose:
		t.Method, t.URL, t.Body = "POST", conv+"/close", mustJSON(map[string]string{"agent_id": c.agent})
	case stepPresence:
		t.Method, t.URL, t.Body = "PUT", r.base+"/v1/agents/"+url.PathEscape(st.agent)+"/presence", []byte(`{"presence":"online"}`)
	case stepAgents:
		t.Method, t.URL, t.Header = "GET", r.base+"/v1/agents", http.Header{}
	default:
		return fmt.Errorf("unknown step %d", st.kind)
	}
	return nil
}

// messageJSON is the body of POST /v1/messages; the routing attributes are left
// out when empty (the target uses its defaults).
func messageJSON(id, conv, channel, from, text, language, intent, tier string) []byte {
	m := map[string]string{"message_id": id, "conversation_id": conv, "channel": channel, "from": from, "text": text}
	for k, v := range map[string]string{"language": language, "intent": intent, "tier": tier} {
		if v != "" {
			m[k] = v
		}
	}
	return mustJSON(m)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings always marshal
	}
	return b
}

// TwilioForm is the body of a Twilio messaging webhook for an inbound SMS
// (https://www.twilio.com/docs/messaging/guides/webhook-request).
func TwilioForm(sid, from, to, body string) url.Values {
	return url.Values{
		"MessageSid": {sid}, "SmsMessageSid": {sid}, "SmsSid": {sid},
		"AccountSid": {"AC00000000000000000000000000000000"}, "MessagingServiceSid": {""},
		"From": {from}, "To": {to}, "Body": {body}, "NumMedia": {"0"}, "NumSegments": {"1"},
		"SmsStatus": {"received"}, "ApiVersion": {"2010-04-01"},
	}
}

// WhatsAppPayload is a WhatsApp Cloud API webhook notification carrying one text
// message (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples).
func WhatsAppPayload(id, waID, name, text string, unix int64) []byte {
	type textBody struct {
		Body string `json:"body"`
	}
	type message struct {
		From      string   `json:"from"`
		ID        string   `json:"id"`
		Timestamp string   `json:"timestamp"`
		Type      string   `json:"type"`
		Text      textBody `json:"text"`
	}
	type profile struct {
		Name string `json:"name"`
	}
	type contact struct {
		Profile profile `json:"profile"`
		WaID    string  `json:"wa_id"`
	}
	type value struct {
		MessagingProduct string            `json:"messaging_product"`
		Metadata         map[string]string `json:"metadata"`
		Contacts         []contact         `json:"contacts"`
		Messages         []message         `json:"messages"`
	}
	type change struct {
		Value value  `json:"value"`
		Field string `json:"field"`
	}
	type entry struct {
		ID      string   `json:"id"`
		Changes []change `json:"changes"`
	}
	return mustJSON(struct {
		Object string  `json:"object"`
		Entry  []entry `json:"entry"`
	}{"whatsapp_business_account", []entry{{ID: "102290129340398", Changes: []change{{Field: "messages", Value: value{
		MessagingProduct: "whatsapp",
		Metadata:         map[string]string{"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
		Contacts:         []contact{{profile{name}, waID}},
		Messages:         []message{{From: waID, ID: id, Timestamp: strconv.FormatInt(unix, 10), Type: "text", Text: textBody{text}}},
	}}}}}})
}

// received is the routing outcome of an inbound message.
type received struct {
	ConversationID string `json:"conversation_id"`
	Status         string `json:"status"`
	AgentID        string `json:"agent_id"`
	Duplicate      bool   `json:"duplicate"`
}

func parseReceived(s shape, resp *http.Response, body []byte) (received, error) {
	var rec received
	switch s {
	case shapeTwilio:
		h := resp.Header
		rec = received{ConversationID: h.Get("X-Omnisim-Conversation-Id"), Status: h.Get("X-Omnisim-Status"),
			AgentID: h.Get("X-Omnisim-Agent-Id"), Duplicate: h.Get("X-Omnisim-Duplicate") == "true"}
	case shapeWhatsApp:
		var w struct{ Received []received }
		if err := json.Unmarshal(body, &w); err != nil {
			return rec, err
		}
		if len(w.Received) != 1 {
			return rec, fmt.Errorf("%d messages received, want 1", len(w.Received))
		}
		rec = w.Received[0]
	default:
		if err := json.Unmarshal(body, &rec); err != nil {
			return rec, err
		}
	}
	if rec.ConversationID == "" || rec.Status == "" {
		return rec, errors.New("no conversation_id or status in the answer")
	}
	return rec, nil
}

type view struct {
	Status  string `json:"status"`
	AgentID string `json:"agent_id"`
}

func parseView(body []byte) (view, error) {
	var v view
	if err := json.Unmarshal(body, &v); err != nil {
		return v, err
	}
	if v.Status == "" {
		return v, errors.New("no status in the answer")
	}
	return v, nil
}
