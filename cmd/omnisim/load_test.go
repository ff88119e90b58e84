package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func loadCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"omnisim", "load"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// A run whose every request failed is a failed run, with no threshold given: it
// exited 0 before.
func TestLoadEveryRequestFailedExits1(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"down"}`, http.StatusServiceUnavailable)
	}))
	defer ts.Close()
	code, out, errs := loadCLI("--target", ts.URL, "--duration", "1s", "--rate", "5", "--retry-for", "50ms", "--drain", "5s")
	if code != 1 || !strings.Contains(errs, "errors<100%") || !strings.Contains(out, "FAIL errors<100%") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
}

// Conversations that had not finished when the drain time ran out fail the run
// (exit 1, not 2, and not 0): here the target keeps every one waiting. With
// --threshold 'unfinished<=N' the user says how many are tolerable.
func TestLoadUnfinishedExits1(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1/messages":
			var m struct {
				ConversationID string `json:"conversation_id"`
			}
			json.NewDecoder(r.Body).Decode(&m)
			json.NewEncoder(w).Encode(map[string]string{"conversation_id": m.ConversationID, "status": "waiting"})
		case strings.HasPrefix(r.URL.Path, "/v1/conversations/"):
			json.NewEncoder(w).Encode(map[string]string{"status": "waiting"})
		default:
			http.NotFound(w, r)
		}
	}))
	defer ts.Close()
	args := []string{"--target", ts.URL, "--duration", "1s", "--rate", "3", "--drain", "2s", "--no-webhooks", "--max-lag", "1h"}
	code, out, errs := loadCLI(args...)
	if code != 1 || !strings.Contains(errs, "unfinished=0 (actual 3)") || !strings.Contains(out, "3 unfinished") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	code, out, errs = loadCLI(append(args, "--threshold", "unfinished<=3")...)
	if code != 0 {
		t.Fatalf("with unfinished<=3: exit %d, stderr %q\n%s", code, errs, out)
	}
}
