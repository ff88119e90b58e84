package loadtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnisim/omnisim/loadtest"
	"github.com/omnisim/omnisim/sim/dist"
)

// acmeChat is a fake deployment speaking the API of the worked example
// (testdata/mapping/acme-chat.yaml): inbound messages keyed by external_id, and a
// paged list of deliveries. It can be told to drop or double messages.
type acmeChat struct {
	mu        sync.Mutex
	seen      map[string]bool
	delivered []string
	dropEvery int // acknowledge but never deliver every n-th new message
	dupEvery  int // deliver every n-th new message twice
	n         int
}

func (a *acmeChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer k3y" {
		http.Error(w, "no", http.StatusUnauthorized)
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case r.Method == "POST" && strings.HasPrefix(r.URL.Path, "/api/v2/inbound/"):
		var m struct {
			ExternalID string `json:"external_id"`
			Thread     string `json:"thread"`
			Customer   struct{ Phone, Name string }
			Text       string `json:"text"`
			Sequence   int    `json:"sequence"`
		}
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.ExternalID == "" || m.Customer.Phone == "" || m.Sequence < 1 ||
			r.Header.Get("Idempotency-Key") != m.ExternalID {
			http.Error(w, "bad message", http.StatusBadRequest)
			return
		}
		if !a.seen[m.ExternalID] {
			a.seen[m.ExternalID] = true
			a.n++
			switch {
			case a.dropEvery > 0 && a.n%a.dropEvery == 0:
			case a.dupEvery > 0 && a.n%a.dupEvery == 0:
				a.delivered = append(a.delivered, m.ExternalID, m.ExternalID)
			default:
				a.delivered = append(a.delivered, m.ExternalID)
			}
		}
		w.WriteHeader(http.StatusAccepted)
	case r.Method == "GET" && r.URL.Path == "/api/v2/deliveries":
		from, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		to := min(from+50, len(a.delivered))
		var page struct {
			Deliveries []map[string]string `json:"deliveries"`
			Next       string              `json:"next_cursor"`
		}
		for _, id := range a.delivered[from:to] {
			page.Deliveries = append(page.Deliveries, map[string]string{"external_id": id})
		}
		if to < len(a.delivered) {
			page.Next = strconv.Itoa(to)
		}
		json.NewEncoder(w).Encode(page)
	default:
		http.NotFound(w, r)
	}
}

func runAcme(t *testing.T, chat *acmeChat) *loadtest.Report {
	t.Helper()
	ts := httptest.NewServer(chat)
	defer ts.Close()
	m, err := loadtest.LoadMapping("testdata/mapping/acme-chat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tr := traffic(t)
	tr.Messages = dist.Constant(2)
	rep, err := loadtest.Run(context.Background(), loadtest.Config{
		Target: ts.URL, Mapping: m, Vars: map[string]string{"api_key": "k3y"},
		Rate: 100, Duration: time.Second, TimeScale: 3600, Traffic: tr, Seed: 3,
		Clock: newVirtualClock(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The worked example of MAPPING.md runs as documented, and its audit counts.
func TestMappingWorkedExample(t *testing.T) {
	rep := runAcme(t, &acmeChat{seen: map[string]bool{}})
	a := rep.Audit
	if rep.Errors != 0 || !a.Audited || a.Acknowledged != 200 || a.Delivered != 200 || a.Lost+a.Duplicated != 0 {
		t.Fatalf("errors %d (%v), audit %+v", rep.Errors, rep.ErrorNotes, a)
	}
	rep = runAcme(t, &acmeChat{seen: map[string]bool{}, dropEvery: 10, dupEvery: 25})
	if a := rep.Audit; a.Lost != 20 || a.Duplicated != 4 { // 25, 75, 125, 175 (50, 100, … are dropped)
		t.Fatalf("audit %+v: want 20 lost and 4 duplicated", a)
	}
	th, _ := loadtest.ParseThreshold("lost=0")
	rep.ApplyThresholds([]loadtest.Threshold{th})
	if !rep.Failed() {
		t.Fatal("lost=0 passed with losses")
	}
}

func TestMappingErrors(t *testing.T) {
	for name, src := range map[string]string{
		"no version":      "message: {url: x}",
		"unknown key":     "version: 1\nmesage: {url: x}",
		"no message":      "version: 1\nheaders: {A: b}",
		"no url":          "version: 1\nmessage: {method: POST}",
		"bad template":    "version: 1\nmessage: {url: '{{.Target'}",
		"body and shape":  "version: 1\nmessage: {url: x, body: y, shape: whatsapp}",
		"unknown shape":   "version: 1\nmessage: {url: x, shape: telex}",
		"audit needs ids": "version: 1\nmessage: {url: x}\naudit: {url: y}",
	} {
		if _, err := loadtest.ParseMapping("m.yaml", []byte(src)); err == nil || !strings.HasPrefix(err.Error(), "m.yaml") {
			t.Errorf("%s: err = %v, want an error naming the file", name, err)
		}
	}
	if _, err := loadtest.LoadMapping("testdata/mapping/twilio-shape.yaml"); err != nil {
		t.Error(err)
	}
}

// Templates that could grow without bound from a few bytes are refused when the
// mapping is read, with the file and field named: `{{range 100000000}}` grew to
// 3.7 GB before.
func TestMappingTemplatesBounded(t *testing.T) {
	for name, tc := range map[string]struct{ src, field, what string }{
		"range":         {"version: 1\nmessage: {url: x, body: '{{range 100000000}}xxxxxxxx{{end}}'}", "message.body", "{{range}}"},
		"range in if":   {"version: 1\nmessage: {url: x, body: '{{if .Text}}{{range $i := .Vars}}{{end}}{{end}}'}", "message.body", "{{range}}"},
		"recursion":     {"version: 1\nmessage: {url: x, body: '{{define \"a\"}}{{template \"a\" .}}{{template \"a\" .}}{{end}}{{template \"a\" .}}'}", "message.body", "{{define}}"},
		"printf width":  {"version: 1\nmessage: {url: x, headers: {X-Pad: '{{printf \"%999999999d\" 1}}'}}", "message.headers.X-Pad", "printf"},
		"printf format": {"version: 1\nmessage: {url: x}\nheaders: {A: '{{printf .Text 1}}'}", "headers.A", "printf"},
		"call":          {"version: 1\nmessage: {url: '{{call .Vars.f}}'}", "message.url", `function "call"`},
		"audit":         {"version: 1\nmessage: {url: x}\naudit: {url: '{{range 9}}{{end}}', ids: a}", "audit.url", "{{range}}"},
	} {
		_, err := loadtest.ParseMapping("m.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), "m.yaml: "+tc.field+": ") || !strings.Contains(err.Error(), tc.what) {
			t.Errorf("%s: err = %v, want m.yaml: %s: … %s", name, err, tc.field, tc.what)
		}
	}
	// What a mapping needs is allowed.
	ok := "version: 1\nmessage: {url: '{{.Target}}/{{urlquery .Channel}}', body: '{{if eq .Seq 1}}{{json .Text}}{{else}}{{printf \"%s-%d\" .ConversationID .Seq}}{{end}}{{with .Vars.k}}{{.}}{{end}}'}"
	m, err := loadtest.ParseMapping("ok.yaml", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := m.Request(m.Message, &loadtest.TemplateData{Target: "http://h", Channel: "sms", Text: "hi", Seq: 2, ConversationID: "c", Vars: map[string]string{"k": "v"}})
	if err != nil || tgt.URL != "http://h/sms" || string(tgt.Body) != "c-2v" {
		t.Errorf("request %q %q, %v", tgt.URL, tgt.Body, err)
	}
	// Output is capped as well: a 2 MiB --var does not make a 2 MiB header.
	_, err = m.Request(m.Message, &loadtest.TemplateData{Target: strings.Repeat("x", 2<<20), Vars: map[string]string{}})
	if err == nil || !strings.Contains(err.Error(), "message.url") || !strings.Contains(err.Error(), "exceeds") {
		t.Errorf("2 MiB URL: err = %v", err)
	}
}
