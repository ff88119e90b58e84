package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
)

// stateRows is what a state file holds, one row of each table, as a damaged or
// hand-edited file could hold them.
type stateRows struct {
	conv, channel, customer, status, agent, lastAgent string
	created, at, seq                                  int64
	msgID, msgConv                                    string
	delivSeq                                          int64
	recipient, presence, language, intent, tier       string
}

var stateRowSeeds = []stateRows{
	{"c1", "web", "v1", "open", "a1", "a1", 0, 1, 1, "m1", "c1", 1, "a1", "online", "en", "", ""},
	{"c1", "whatsapp", "+1", "offered", "a2", "", 5, 0, 7, "m7", "c1", 7, "bot", "away", "", "", "vip"},
	{"c1", "sms", "+1", "inactive", "a1", "a1", -1, -9e18, 2, "m2", "c2", 3, "", "nope", "", "billing", ""},
	{"c1", "gone", "x", "waiting", "", "", 0, 0, -1, "", "", -1, "a9", "offline", "", "", ""},
	{"c1", "web", "v", "closed", "a1", "a2", 1e18, -1, 0, "m0", "c1", 0, "a1", "", "", "", ""},
	{"sms:SM1", "sms", "+1", "open", "a1", "a1", 0, 9e18, 1, "SM1", "sms:SM1", 1, "a1", "busy", "", "", ""},
}

// saved is the state load would read from a file with these rows.
func (r stateRows) saved() *savedState {
	c := opConv{id: r.conv, channel: r.channel, customer: r.customer, status: r.status, agent: r.agent, lastAgent: r.lastAgent,
		language: r.language, intent: r.intent, tier: r.tier, created: r.created, queued: r.at, offered: r.at, closed: r.at,
		lastInbound: r.at, hasInbound: r.at&1 == 0, customerClosed: r.at&2 != 0, repliedAt: r.at, hasReplied: r.at&4 != 0, inactiveAt: r.at}
	return &savedState{
		agents:   map[string]string{r.agent: r.presence},
		convs:    []opConv{c},
		messages: []opMessage{{seq: r.seq, id: r.msgID, conv: r.msgConv, text: "hi", at: r.at}},
		delivs:   []opDelivery{{seq: r.delivSeq, to: r.recipient, at: r.at}},
		optOuts:  []opOptOut{{channel: r.channel, customer: r.customer, out: true}},
		// A recorded opt-in (a valid state, or the presence column's word) and an
		// announcement (a valid decision, or that word).
		consents:      []opConsent{{channel: r.channel, customer: r.customer, state: [...]string{"explicit", "double_opt_in", r.presence}[uint64(r.seq)%3], pending: r.at&1 == 0, at: r.at}},
		announcements: []opReply{{conv: r.msgConv, kind: announcementKind, decision: [...]string{"sent", "template_required", r.presence}[uint64(r.seq)%3], category: r.tier, text: "t", at: r.at}},
	}
}

// startFrom starts a server on st: it either starts or fails with an error
// (never a panic), and one that started answers its reads and stores a new
// message.
func startFrom(t *testing.T, cfg Config, conv string) {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		return // refused with an error: fine
	}
	defer s.Close()
	for _, p := range []string{"/v1/audit/messages", "/v1/agents", "/v1/agents/a1/work", "/v1/conversations/" + url.PathEscape(conv)} {
		if r := do(t, s, "GET", p, nil); r.code >= 500 {
			t.Fatalf("GET %s after restoring: %d %s", p, r.code, r.body)
		}
	}
	if r := do(t, s, "POST", "/v1/messages", msg("fuzz-new", "", "web", "fuzz-new", "hi")); r.code >= 500 {
		t.Fatalf("new message after restoring: %d %s", r.code, r.body)
	}
}

// FuzzStateRestore restores a state file's rows (a conversation, a message, a
// delivery, an agent's presence, an opt-out, a recorded opt-in, an
// announcement) as load reads them: the restore
// never panics. It restores without SQLite, which the fuzzer's coverage
// instrumentation makes a thousand times slower; TestStateRestoreRowsViaFile
// takes the seeds through real files.
func FuzzStateRestore(f *testing.F) {
	for _, r := range stateRowSeeds {
		f.Add(r.conv, r.channel, r.customer, r.status, r.agent, r.lastAgent, r.created, r.at, r.seq, r.msgID, r.msgConv, r.delivSeq, r.recipient, r.presence, r.language, r.intent, r.tier)
	}
	f.Fuzz(func(t *testing.T, conv, channel, customer, status, agent, lastAgent string, created, at, seq int64,
		msgID, msgConv string, delivSeq int64, recipient, presence, language, intent, tier string) {
		r := stateRows{conv, channel, customer, status, agent, lastAgent, created, at, seq, msgID, msgConv, delivSeq, recipient, presence, language, intent, tier}
		cfg := testConfig(t, newFakeClock())
		cfg.restoreFrom = r.saved()
		startFrom(t, cfg, conv)
	})
}

// The fuzz seeds written to real state files and read back by load.
func TestStateRestoreRowsViaFile(t *testing.T) {
	for i, r := range stateRowSeeds {
		path := filepath.Join(t.TempDir(), "state.db")
		st, err := openSQLite(path, false, 0)
		if err != nil {
			t.Fatal(err)
		}
		sv := r.saved()
		c := sv.convs[0]
		var last, replied any
		if c.hasInbound {
			last = c.lastInbound
		}
		if c.hasReplied {
			replied = c.repliedAt
		}
		m, d, cs, an := sv.messages[0], sv.delivs[0], sv.consents[0], sv.announcements[0]
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{qConv, []any{c.id, c.channel, c.customer, c.status, c.agent, c.lastAgent, c.created, c.queued, c.offered, c.closed, last, c.customerClosed, c.language, c.intent, c.tier, replied, c.inactiveAt}},
			{qMessage, []any{m.seq, m.id, m.conv, m.text, m.at}},
			{qDelivery, []any{d.seq, d.to, d.at}},
			{qAgent, []any{r.agent, r.presence}},
			{qOptOut, []any{r.channel, r.customer}},
			{qConsent, []any{cs.channel, cs.customer, cs.state, cs.pending, cs.source, cs.at}},
			{qReply, []any{an.conv, "", an.kind, an.decision, an.reason, an.category, an.text, an.at}},
		} {
			if _, err := st.db.Exec(q.sql, q.args...); err != nil {
				t.Fatalf("seed %d: %v", i, err)
			}
		}
		if err := st.close(); err != nil {
			t.Fatal(err)
		}
		cfg := testConfig(t, newFakeClock())
		cfg.State = path
		startFrom(t, cfg, r.conv)
	}
}

// The webhook handlers with signature secrets set: whatever the body and the
// signature header, the answer is never a 5xx, and a webhook is taken (200)
// only if its signature is the body's.
func FuzzSignedWebhooks(f *testing.F) {
	const token, secret = "twilio-token", "meta-secret"
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+15551230001"}, "Body": {"hi"}}
	hook := whatsappHook("wamid.1", "15551230001", "hola")
	const twilioURL = "http://example.com/v1/webhooks/twilio/sms"
	f.Add(true, []byte(form.Encode()), TwilioSignature(token, twilioURL, form))
	f.Add(true, []byte(form.Encode()), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
	f.Add(true, []byte("MessageSid=SM2&From=%2B1"), "")
	f.Add(false, []byte(hook), MetaSignature(secret, []byte(hook)))
	f.Add(false, []byte(hook), "sha256=")
	f.Add(false, []byte(hook), "sha1=abc")
	f.Add(false, []byte(`{}`), MetaSignature(secret, []byte(`{}`)))
	s, _ := newTestServer(f, func(c *Config) { c.TwilioAuthToken, c.MetaAppSecret, c.MaxBody = token, secret, 4096 })
	f.Fuzz(func(t *testing.T, twilio bool, body []byte, sig string) {
		path, ct, header := "/v1/webhooks/whatsapp", "application/json", HeaderMetaSignature
		if twilio {
			path, ct, header = "/v1/webhooks/twilio/sms", "application/x-www-form-urlencoded", HeaderTwilioSignature
		}
		req := httptest.NewRequest("POST", path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set(header, sig)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q sig %q: %d %s", path, body, sig, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Fatalf("%d with a body that is not a JSON error: %s", rec.Code, rec.Body)
			}
		}
		if rec.Code == http.StatusOK {
			valid := sig == MetaSignature(secret, body)
			if twilio {
				fv, err := url.ParseQuery(string(body))
				valid = err == nil && sig == TwilioSignature(token, twilioURL, fv)
			}
			if !valid {
				t.Fatalf("%s %q taken with signature %q", path, body, sig)
			}
		}
	})
}
