package server

import (
	"net/http"
	"net/url"
	"testing"
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
