package eventlog

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sample() []Event {
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	return []Event{
		{Time: at(0), Actor: Agent, Kind: Online, AgentID: "a1", BotConfidence: NoConfidence},
		{ID: "1", Conversation: "c1", Time: at(1), Channel: "whatsapp", Actor: Customer, Kind: Message,
			Intent: "billing", Language: "en", Tier: "gold", BotConfidence: NoConfidence},
		{ID: "2", Conversation: "c1", Time: at(3.5), Channel: "whatsapp", Actor: Bot, Kind: BotHandoff, Cause: "low_confidence", BotConfidence: 0.42},
		{ID: "3", Conversation: "c1", Time: at(3.5), Channel: "whatsapp", Actor: System, Kind: Routed, Queue: "support", BotConfidence: NoConfidence},
		{ID: "4", Conversation: "c1", Time: at(10.25), Channel: "whatsapp", Actor: Agent, Kind: Accepted, AgentID: "a1", Queue: "support", BotConfidence: NoConfidence},
		{ID: "5", Conversation: "c1", Time: at(50), Channel: "whatsapp", Actor: Agent, Kind: Message, AgentID: "a1", BotConfidence: NoConfidence},
		{ID: "6", Conversation: "c1", Time: at(50), Channel: "whatsapp", Actor: System, Kind: Closed, Cause: "done", Outcome: "escalated", BotConfidence: NoConfidence},
	}
}

func equal(a, b Event) bool {
	ca, cb := a.BotConfidence, b.BotConfidence
	a.BotConfidence, b.BotConfidence = 0, 0
	return reflect.DeepEqual(a, b) && (ca == cb || math.IsNaN(ca) && math.IsNaN(cb))
}

func TestRoundTrip(t *testing.T) {
	for _, f := range []Format{CSV, JSONL} {
		var buf bytes.Buffer
		w := NewWriter(&buf, f)
		in := sample()
		for i := range in {
			if err := w.Write(&in[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		s := NewScanner(Options{Strict: true})
		var out []Event
		if err := s.Read(bytes.NewReader(buf.Bytes()), "log", f, func(e *Event) error { out = append(out, *e); return nil }); err != nil {
			t.Fatalf("format %d: %v\n%s", f, err, buf.String())
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if len(out) != len(in) {
			t.Fatalf("format %d: read %d events, wrote %d", f, len(out), len(in))
		}
		for i := range in {
			if !equal(in[i], out[i]) {
				t.Errorf("format %d row %d: read %+v, wrote %+v", f, i, out[i], in[i])
			}
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-01-01T08:00:00Z", time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC), true},
		{"2024-01-01T09:00:00.5+01:00", time.Date(2024, 1, 1, 8, 0, 0, 5e8, time.UTC), true},
		{"1704096000250", time.Date(2024, 1, 1, 8, 0, 0, 25e7, time.UTC), true},
		{"2024-01-01T08:00:00", time.Time{}, false}, // no zone
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, err := ParseTime(tc.in)
		if (err == nil) != tc.ok || tc.ok && !got.Equal(tc.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestProblems feeds one log with every kind of bad row: each is counted once,
// shown with its line, and the good rows still come through.
func TestProblems(t *testing.T) {
	const log = `conversation_id,time,channel,actor,kind,event_id
c1,2024-01-01T08:00:00Z,sms,customer,message,e1
c1,not-a-time,sms,agent,message,e2
c1,2024-01-01T08:00:05Z,sms,robot,message,e3
c1,2024-01-01T08:00:06Z,sms,agent,teleported,e4
c1,2024-01-01T07:00:00Z,sms,agent,message,e5
c1,2024-01-01T08:00:07Z,sms,agent,message,e1
c2,2024-01-01T08:00:08Z,sms,system,routed,x1
c2,2024-01-01T08:00:09Z,sms,system,abandoned,x2
c1,2024-01-01T08:00:10Z,sms,system,closed,e6
,2024-01-01T08:00:11Z,sms,customer,message,
c3,2024-01-01T08:00:12Z,sms,system,routed,
`
	want := map[string]int64{BadTime: 1, UnknownActor: 1, UnknownKind: 1, OutOfOrder: 1, DuplicateID: 1, NoCustomerMessage: 2, BadRow: 1}
	wantLines := []int{3, 4, 5, 6, 7}
	s := NewScanner(Options{})
	var good int
	err := s.Read(strings.NewReader(log), "x.csv", CSV, func(e *Event) error { good++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Problems.Counts, want) {
		t.Errorf("counts %v, want %v", s.Problems.Counts, want)
	}
	for i, l := range wantLines {
		if s.Problems.First[i].Pos != (Pos{"x.csv", l}) {
			t.Errorf("problem %d at %v, want x.csv:%d", i, s.Problems.First[i].Pos, l)
		}
	}
	if good != 5 { // e1, c2 routed, c2 abandoned (counted, passed on), e6, c3 routed

		t.Errorf("%d good rows, want 5", good)
	}
	s = NewScanner(Options{Strict: true})
	err = s.Read(strings.NewReader(log), "x.csv", CSV, func(*Event) error { return nil })
	if !errors.Is(err, ErrStrict) || !strings.Contains(err.Error(), "x.csv:3") {
		t.Errorf("strict: %v, want the bad time at x.csv:3", err)
	}
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct{ name, log, want string }{
		{"empty", "", "empty file"},
		{"unknown column", "time,actor,kind,colour\n", `unknown column "colour"`},
		{"missing kind", "time,actor\n", `missing column "kind"`},
		{"twice", "time,actor,kind,time\n", `column "time" twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tc.log), "h.csv", CSV)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestJSONLProblems(t *testing.T) {
	const log = `{"conversation_id":"c1","time":1704096000000,"actor":"customer","kind":"message"}
{"conversation_id":"c1","time":"2024-01-01T08:00:01Z","actor":"agent","kind":"message","colour":"red"}
not json
{"conversation_id":"c1","time":"2024-01-01T08:00:02Z","actor":"bot","kind":"bot_handoff","bot_confidence":1.5}

{"conversation_id":"c1","time":"2024-01-01T08:00:03Z","actor":"system","kind":"closed","bot_confidence":0.5}
`
	s := NewScanner(Options{})
	var good int
	if err := s.Read(strings.NewReader(log), "x.jsonl", JSONL, func(*Event) error { good++; return nil }); err != nil {
		t.Fatal(err)
	}
	if s.Problems.Counts[BadRow] != 3 || good != 2 {
		t.Errorf("bad rows %d good %d, want 3 and 2: %s", s.Problems.Counts[BadRow], good, s.Problems.String())
	}
	if l := s.Problems.First[2].Pos.Line; l != 4 {
		t.Errorf("third problem on line %d, want 4", l)
	}
}
