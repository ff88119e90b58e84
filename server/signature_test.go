package server

import (
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Twilio's documented example (auth token 12345), and an HMAC-SHA256 computed apart
// (Python's hmac) for Meta's header.
func TestSignatureKnownValues(t *testing.T) {
	form := url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+12349013030"}, "Digits": {"1234"},
		"From": {"+12349013030"}, "To": {"+18005551212"}}
	if got, want := TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form), "0/KCTR6DLpKmkAf8muzZqo1nDgQ="; got != want {
		t.Errorf("TwilioSignature = %s, want %s", got, want)
	}
	if got, want := MetaSignature("app-secret", []byte(`{"object":"whatsapp_business_account"}`)),
		"sha256=0bf7374433906636bed1653bc7c64affb42fa5da9a39e251ab95c2e3a9c06923"; got != want {
		t.Errorf("MetaSignature = %s, want %s", got, want)
	}
}

// With the secrets set, only webhooks signed with them are taken; the others are
// refused with 403 and leave nothing behind.
func TestWebhookSignaturesChecked(t *testing.T) {
	const token, secret = "twilio-token", "meta-secret"
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+15551230001"}, "To": {"+15557654321"}, "Body": {"hi"}}
	hook := whatsappHook("wamid.1", "15551230001", "hola")
	const twilioPath, metaPath = "/v1/webhooks/twilio/sms", "/v1/webhooks/whatsapp"
	// httptest requests are for http://example.com.
	goodTwilio := TwilioSignature(token, "http://example.com"+twilioPath, form)
	cases := []struct {
		name   string
		public string
		path   string
		body   any
		header []string
		want   int
	}{
		{"twilio unsigned", "", twilioPath, form, nil, http.StatusForbidden},
		{"twilio wrong token", "", twilioPath, form, []string{HeaderTwilioSignature, TwilioSignature("other", "http://example.com"+twilioPath, form)}, http.StatusForbidden},
		{"twilio other URL", "https://router.example.com", twilioPath, form, []string{HeaderTwilioSignature, goodTwilio}, http.StatusForbidden},
		{"twilio signed", "", twilioPath, form, []string{HeaderTwilioSignature, goodTwilio}, http.StatusOK},
		{"twilio signed for the public URL", "https://router.example.com/", twilioPath, form,
			[]string{HeaderTwilioSignature, TwilioSignature(token, "https://router.example.com"+twilioPath, form)}, http.StatusOK},
		{"meta unsigned", "", metaPath, hook, nil, http.StatusForbidden},
		{"meta wrong secret", "", metaPath, hook, []string{HeaderMetaSignature, MetaSignature("other", []byte(hook))}, http.StatusForbidden},
		{"meta signed", "", metaPath, hook, []string{HeaderMetaSignature, MetaSignature(secret, []byte(hook))}, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newTestServer(t, func(cfg *Config) {
				cfg.TwilioAuthToken, cfg.MetaAppSecret, cfg.PublicURL = token, secret, c.public
			})
			r := do(t, s, "POST", c.path, c.body, c.header...)
			wantCode(t, r, c.want)
			stored := len(audit(t, s))
			if want := map[bool]int{true: 1, false: 0}[c.want == http.StatusOK]; stored != want {
				t.Errorf("%d messages stored, want %d", stored, want)
			}
		})
	}
}

// Without secrets, webhooks are taken unsigned (the other webhook tests), and a
// public URL that is more than a scheme and host is refused when the server starts.
func TestPublicURLChecked(t *testing.T) {
	for _, u := range []string{"router.example.com", "ftp://x", "https://x/path", "https://x?q=1"} {
		cfg := testConfig(t, newFakeClock())
		cfg.PublicURL = u
		if _, err := New(cfg); err == nil {
			t.Errorf("public URL %q accepted", u)
		}
	}
}

// Signed webhooks carry no timestamp (neither Twilio's X-Twilio-Signature nor
// Meta's X-Hub-Signature-256 covers one), so a captured request can be replayed
// at any time and its signature still matches. The message id is the
// idempotency key: a replay, now or after a restart, is answered 200 duplicate
// and stored once (doc.go, "Replays").
func TestReplayedSignedWebhookIsHarmless(t *testing.T) {
	const token, secret = "twilio-token", "meta-secret"
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+15551230001"}, "To": {"+15557654321"}, "Body": {"hi"}}
	hook := whatsappHook("wamid.1", "15551230001", "hola")
	twilioSig := TwilioSignature(token, "http://example.com/v1/webhooks/twilio/sms", form)
	metaSig := MetaSignature(secret, []byte(hook))
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	secrets := func(cfg *Config) { cfg.TwilioAuthToken, cfg.MetaAppSecret = token, secret }
	s := stateServer(t, path, clock, secrets)
	for round := 0; round < 2; round++ {
		for i := 0; i < 3; i++ {
			r := do(t, s, "POST", "/v1/webhooks/twilio/sms", form, HeaderTwilioSignature, twilioSig)
			wantCode(t, r, http.StatusOK)
			if got, want := r.header.Get(HeaderDuplicate), fmt.Sprint(round > 0 || i > 0); got != want {
				t.Errorf("round %d, Twilio replay %d: duplicate %s, want %s", round, i, got, want)
			}
			r = do(t, s, "POST", "/v1/webhooks/whatsapp", hook, HeaderMetaSignature, metaSig)
			wantCode(t, r, http.StatusOK)
			var got WhatsAppReceived
			r.json(t, &got)
			if len(got.Received) != 1 || got.Received[0].Duplicate != (round > 0 || i > 0) {
				t.Errorf("round %d, WhatsApp replay %d: %s", round, i, r.body)
			}
		}
		// Replayed days later, after a restart.
		s.Close()
		clock.advance(72 * time.Hour)
		s = stateServer(t, path, clock, secrets)
	}
	defer s.Close()
	ids := map[string]int{}
	for _, m := range audit(t, s) {
		ids[m.MessageID]++
		if len(m.DeliveredTo) != 1 {
			t.Errorf("%s delivered to %v, want once", m.MessageID, m.DeliveredTo)
		}
	}
	if len(ids) != 2 || ids["SM1"] != 1 || ids["wamid.1"] != 1 {
		t.Errorf("stored %v, want each message once", ids)
	}
}

// hub.verify_token: only the exact token answers the challenge (a prefix, a
// longer string or an empty one do not); compared in constant time.
func TestVerifyTokenExact(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.WhatsAppVerifyToken = "sesame" })
	for tok, want := range map[string]int{"sesame": 200, "sesam": 403, "sesame!": 403, "": 403, "SESAME": 403} {
		r := do(t, s, "GET", "/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token="+url.QueryEscape(tok)+"&hub.challenge=42", nil)
		if r.code != want {
			t.Errorf("token %q: %d, want %d", tok, r.code, want)
		}
	}
}

// A tier on a channel without customer tiers is a 422, as api/openapi.yaml says
// ("a tier the channel does not list"); before, it was accepted with 202.
func TestTierOnChannelWithoutTiers(t *testing.T) {
	s, _ := newTestServer(t, nil)
	m := msg("m1", "c1", "web", "v1", "hi")
	m.Tier = "vip"
	r := do(t, s, "POST", "/v1/messages", m)
	wantCode(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.body), "no customer tiers") {
		t.Errorf("answer %s", r.body)
	}
	m.Tier = ""
	wantCode(t, do(t, s, "POST", "/v1/messages", m), http.StatusAccepted)
}
