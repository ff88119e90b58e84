package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/omnisim/omnisim/channels"
)

// Fuzz targets for every handler that parses a body: whatever the bytes, the answer
// is never a 5xx, and a 4xx is a JSON error. One server per target keeps the state
// growing as in production (duplicates, conversations in every state).

func fuzzHandler(f *testing.F, method, path, contentType string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	s, _ := newTestServer(f, func(c *Config) { c.MaxBody = 4096; c.Bot = path == "/v1/conversations/c1/handoff" })
	// Conversations to act on: c1 (open with a1, or with the bot), c2 (waiting).
	for _, m := range []MessageRequest{msg("seed1", "c1", "web", "v1", "hi"), msg("seed2", "c2", "web", "v2", "hi"), msg("seed3", "c3", "sms", "+1", "hi")} {
		do(f, s, "POST", "/v1/messages", m)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", method, path, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Fatalf("%s %s %q: %d with a body that is not a JSON error: %s", method, path, body, rec.Code, rec.Body)
			}
		}
	})
}

func FuzzMessageBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/messages", "application/json",
		`{"message_id":"m1","conversation_id":"c9","channel":"whatsapp","from":"+1555","text":"hi"}`,
		`{"message_id":"m2","channel":"sms","from":"+1555","text":"STOP"}`,
		`{"message_id":"m3","conversation_id":"c1","channel":"sms","from":"+1555"}`,
		`{"message_id":"m4","channel":"web","from":"x","language":"es","intent":"billing","tier":"vip"}`,
		`{"message_id":"","channel":"web","from":"x"}`, `{}`, `[]`, `null`, `{"message_id":1}`)
}

func FuzzTwilioBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/webhooks/twilio/sms", "application/x-www-form-urlencoded",
		"MessageSid=SM1&From=%2B15551230001&To=%2B15557654321&Body=hello",
		"MessageSid=SM2&From=whatsapp%3A%2B15551230001&Body=hola",
		"SmsMessageSid=SM3&From=%2B1&Body=STOP", "From=%2B1", "%zz", "MessageSid=SM1&MessageSid=SM2&From=1")
}

func FuzzWhatsAppBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/webhooks/whatsapp", "application/json",
		whatsappHook("wamid.1", "15551230001", "hola"),
		`{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"statuses":[{"id":"x"}]}}]}]}`,
		`{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"id":"w2","from":"1","type":"image"}]}}]}]}`,
		`{"object":"page"}`, `{"entry":null}`)
}

func FuzzPresenceBody(f *testing.F) {
	fuzzHandler(f, "PUT", "/v1/agents/a1/presence", "application/json",
		`{"presence":"online"}`, `{"presence":"away"}`, `{"presence":"offline"}`, `{"presence":5}`)
}

func FuzzAcceptBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/conversations/c1/accept", "application/json",
		`{"agent_id":"a1"}`, `{"agent_id":"a2"}`, `{"agent_id":"zz"}`, `{"agent_id":""}`)
}

func FuzzDeclineBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/conversations/c2/decline", "application/json",
		`{"agent_id":"a1"}`, `{"agent_id":"a2"}`, `{}`)
}

func FuzzReplyBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/conversations/c1/replies", "application/json",
		`{"agent_id":"a1","text":"ok"}`, `{"agent_id":"a1","kind":"follow_up"}`,
		`{"agent_id":"a1","kind":"proactive","template_category":"marketing"}`,
		`{"agent_id":"a1","kind":"nonsense"}`, `{"agent_id":"a1","template_category":"bogus"}`,
		`{"agent_id":"a1","human_agent_tag":true}`)
}

func FuzzCloseBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/conversations/c3/close", "application/json",
		`{}`, `{"by":"agent"}`, `{"by":"customer"}`, `{"by":"bot","agent_id":"a1"}`, ``)
}

func FuzzHandoffBody(f *testing.F) {
	fuzzHandler(f, "POST", "/v1/conversations/c1/handoff", "application/json",
		`{}`, `{"reason":"low_confidence"}`, ``, `{"reason":1}`)
}

// The audit's query string is parsed too.
func FuzzAuditQuery(f *testing.F) {
	for _, q := range []string{"after=0&limit=10", "after=-1", "limit=10001", "after=99999999999999999999"} {
		f.Add(q)
	}
	s, _ := newTestServer(f, nil)
	do(f, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"))
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest("GET", "/v1/audit/messages", nil)
		req.URL.RawQuery = q
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("%q: %d %s", q, rec.Code, rec.Body)
		}
	})
}

func FuzzConsentBody(f *testing.F) {
	fuzzHandler(f, "PUT", "/v1/customers/sms/+1/consent", "application/json",
		`{"state":"explicit","source":"web_form"}`, `{"state":"double_opt_in"}`, `{"state":"opted_out"}`,
		`{"state":"implicit"}`, `{"state":5}`, `{"source":"x"}`, `{}`, `null`, `[]`, `{"state":"explicit"}{}`)
}

// FuzzParseConsentRequest: the body parser of PUT …/consent either refuses with
// a 400 or returns a state the API records whose request encodes back to the
// same parse.
func FuzzParseConsentRequest(f *testing.F) {
	for _, s := range []string{`{"state":"explicit","source":"web_form"}`, `{"state":"double_opt_in"}`, `{"state":"opted_out","source":""}`,
		`{"state":"none"}`, `{"state":"explicit","source":"\u0000"}`, `{"state":"explicit","extra":1}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, st, err := parseConsentRequest(b)
		if err != nil {
			ae, ok := err.(*apiError)
			if !ok || ae.status != http.StatusBadRequest || ae.msg == "" {
				t.Fatalf("%q: %v (%T), want a 400 apiError", b, err, err)
			}
			return
		}
		switch st {
		case channels.ConsentExplicit, channels.ConsentDoubleOptIn, channels.ConsentOptedOut:
		default:
			t.Fatalf("%q: state %v", b, st)
		}
		if st.String() != req.State || checkID("source", req.Source, false) != nil {
			t.Fatalf("%q: %+v, state %v", b, req, st)
		}
		again, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		req2, st2, err := parseConsentRequest(again)
		if err != nil || req2 != req || st2 != st {
			t.Fatalf("%q → %s → %+v %v %v", b, again, req2, st2, err)
		}
	})
}
