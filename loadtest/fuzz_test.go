package loadtest

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParseMapping: any mapping file either parses into templates that build
// requests (within the output cap) or is refused with an error naming the file;
// never a panic, and never a request that takes unbounded time or memory.
func FuzzParseMapping(f *testing.F) {
	for _, s := range []string{
		"version: 1\nmessage: {url: '{{.Target}}/m', body: '{{json .Text}}'}",
		"version: 1\nheaders: {A: '{{.Vars.k}}'}\nmessage: {url: x, shape: whatsapp}\naudit: {url: '{{.Target}}?c={{.After}}', ids: 'a.#.id', next: n}",
		"version: 1\nmessage: {url: x, body: '{{if eq .Seq 1}}{{printf \"%s-%d\" .ConversationID .Seq}}{{end}}'}",
		"version: 1\nmessage: {url: x, body: '{{range 100000000}}x{{end}}'}",
		"version: 1\nmessage: {url: x, shape: twilio_sms}",
		"version: 2",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMapping("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		d := &TemplateData{Target: "http://127.0.0.1:1", MessageID: "m1", ConversationID: "c1", Channel: "sms",
			From: "+12025550143", Name: "Ann", Text: "hi \"there\"", Seq: 1, Vars: map[string]string{"k": "v"}}
		tgt, err := m.Request(m.Message, d)
		if err == nil && len(tgt.Body) > 2*maxTemplateOutput {
			t.Fatalf("body of %d bytes", len(tgt.Body))
		}
		if m.Audit != nil {
			m.Request(&m.Audit.MappedRequest, d)
		}
	})
}

// FuzzParseThreshold: a threshold parses, evaluates on a report and prints, or is
// refused with an error quoting it.
func FuzzParseThreshold(f *testing.F) {
	for _, s := range []string{"p99<50ms", "message.p90 <= 1.5s", "errors<0.1%", "lost=0", "rate>=98%",
		"unfinished<=5", "lag.p99<5ms", "max<250", "p99<<5", "=", "errors<%", "a.b.c>1"} {
		f.Add(s)
	}
	rep := &Report{Valid: true, Requests: 10, Latency: map[string]Percentiles{"all": {Count: 10, P99: 3}}}
	f.Fuzz(func(t *testing.T, s string) {
		th, err := ParseThreshold(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "threshold ") {
				t.Fatalf("error %v", err)
			}
			return
		}
		if th.Metric == "" || th.Op == "" {
			t.Fatalf("parsed %q into %+v", s, th)
		}
		th.Evaluate(rep)
	})
}

// FuzzPathValues: the audit's path walker takes any JSON answer and any path
// without a panic, and finds every string it is pointed at.
func FuzzPathValues(f *testing.F) {
	f.Add([]byte(`{"deliveries":[{"external_id":"a"},{"external_id":"b"}],"next_cursor":"50"}`), "deliveries.#.external_id")
	f.Add([]byte(`{"items":[["x",1.5],[true]]}`), "items.0")
	f.Add([]byte(`[{"a":{"b":[1,2,3]}}]`), "#.a.b.#")
	f.Add([]byte(`{"a":null}`), "a.#.b")
	f.Add([]byte(`{"a":"x"}`), "")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		var doc any
		if json.Unmarshal(data, &doc) != nil {
			return
		}
		got := pathValues(doc, path)
		if path == "" && len(got) != 0 {
			t.Fatalf("empty path found %v", got)
		}
		// A path to a key holding a string finds that string.
		if path != "" && !strings.Contains(path, ".") && path != "#" {
			if m, ok := doc.(map[string]any); ok {
				if s, ok := m[path].(string); ok && (len(got) != 1 || got[0] != s) {
					t.Fatalf("path %q in %s: %v, want [%s]", path, data, got, s)
				}
			}
		}
	})
}
