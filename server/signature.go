package server

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Webhook signatures. With the sender's secret configured (Config.TwilioAuthToken,
// Config.MetaAppSecret), a webhook whose signature is missing or does not match is
// refused with 403 before anything is parsed or stored; without it, webhooks are
// taken as they come (a loopback test bench has no secret to check).

// Signature headers.
const (
	HeaderTwilioSignature = "X-Twilio-Signature"
	HeaderMetaSignature   = "X-Hub-Signature-256"
)

// TwilioSignature returns the X-Twilio-Signature Twilio sends with a form POST to
// fullURL: the base64 HMAC-SHA1, keyed by the account's auth token, of the URL
// followed by every POST parameter's name and value, by name (and value) order.
// https://www.twilio.com/docs/usage/webhooks/webhooks-security
func TwilioSignature(authToken, fullURL string, form url.Values) string {
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(fullURL))
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		vs := slices.Clone(form[k])
		slices.Sort(vs)
		for _, v := range vs {
			mac.Write([]byte(k))
			mac.Write([]byte(v))
		}
	}
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// MetaSignature returns the X-Hub-Signature-256 Meta sends with a webhook body:
// "sha256=" and the hex HMAC-SHA256 of the body, keyed by the app secret.
// https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
func MetaSignature(appSecret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// webhookURL is the URL the sender posted to, as Twilio signs it: PublicURL (the
// address the sender was given, e.g. behind a proxy) or this server's own, plus the
// path and query of the request.
func (s *Server) webhookURL(r *http.Request) string {
	base := strings.TrimSuffix(s.cfg.PublicURL, "/")
	if base == "" {
		base = "http://" + r.Host
	}
	return base + r.URL.RequestURI()
}

// checkTwilio verifies a Twilio webhook's signature, if an auth token is set.
func (s *Server) checkTwilio(r *http.Request, body []byte) error {
	if s.cfg.TwilioAuthToken == "" {
		return nil
	}
	got := r.Header.Get(HeaderTwilioSignature)
	if got == "" {
		return errorf(http.StatusForbidden, "missing %s (the server checks Twilio signatures)", HeaderTwilioSignature)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return errorf(http.StatusBadRequest, "malformed form body: %v", err)
	}
	u := s.webhookURL(r)
	if !hmac.Equal([]byte(got), []byte(TwilioSignature(s.cfg.TwilioAuthToken, u, form))) {
		return errorf(http.StatusForbidden, "%s does not match the body and URL %s (wrong auth token, or set the public URL Twilio posts to)",
			HeaderTwilioSignature, u)
	}
	return nil
}

// checkMeta verifies a WhatsApp Cloud API webhook's signature, if an app secret is set.
func (s *Server) checkMeta(r *http.Request, body []byte) error {
	if s.cfg.MetaAppSecret == "" {
		return nil
	}
	got := r.Header.Get(HeaderMetaSignature)
	if got == "" {
		return errorf(http.StatusForbidden, "missing %s (the server checks Meta signatures)", HeaderMetaSignature)
	}
	if !hmac.Equal([]byte(got), []byte(MetaSignature(s.cfg.MetaAppSecret, body))) {
		return errorf(http.StatusForbidden, "%s does not match the body (wrong app secret?)", HeaderMetaSignature)
	}
	return nil
}
