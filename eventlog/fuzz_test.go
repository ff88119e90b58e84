package eventlog

import (
	"bytes"
	"testing"
)

func fuzzRead(t *testing.T, data []byte, f Format) {
	s := NewScanner(Options{Keep: 3})
	var n int64
	err := s.Read(bytes.NewReader(data), "fuzz", f, func(e *Event) error {
		n++
		if e.Time.IsZero() || !known(Actors, e.Actor) || !known(Kinds, e.Kind) {
			t.Fatalf("a bad row came through: %+v", e)
		}
		return nil
	})
	if err != nil {
		return
	}
	_ = s.Close()
	if n+s.Problems.Total() < s.Problems.Rows {
		t.Fatalf("%d rows, %d good, %d problems", s.Problems.Rows, n, s.Problems.Total())
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("conversation_id,time,actor,kind\nc1,2024-01-01T08:00:00Z,customer,message\n"))
	f.Add([]byte("time,actor,kind,agent_id\n1704096000000,agent,online,a1\n1704096000000,agent,\"off\nline\",a1\n"))
	f.Add([]byte("conversation_id,time,actor,kind,bot_confidence\nc,2024-01-01T08:00:00+02:00,bot,bot_handoff,0.3\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, CSV) })
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"conversation_id":"c1","time":1704096000000,"actor":"customer","kind":"message"}` + "\n"))
	f.Add([]byte(`{"conversation_id":"c1","time":"2024-01-01T08:00:00Z","actor":"bot","kind":"closed","bot_confidence":0.9,"outcome":"resolved"}`))
	f.Add([]byte("{}\n\n[1]\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, JSONL) })
}

// FuzzMapping: any mapping file parses or fails with an error, and a mapping
// that parses reads a CSV without panicking, every row it passes well formed.
func FuzzMapping(f *testing.F) {
	f.Add([]byte("columns: {time: When, actor: Who, kind: What}\nvalues: {actor: {V: customer}}\nconstants: {channel: web}\ntime_layout: \"2006-01-02 15:04\"\ntime_zone: UTC\n"),
		[]byte("When,Who,What,conversation_id\n2024-01-01 08:00,V,message,c\n"))
	f.Add([]byte("columns:\n  time: T\n  time: U\n"), []byte("T\n1\n"))
	f.Add([]byte("constants: {kind: message, actor: customer}\n"), []byte("time,conversation_id\n1704096000000,c\n"))
	f.Fuzz(func(t *testing.T, mapping, csvData []byte) {
		m, err := ParseMapping("fuzz.yaml", mapping)
		if err != nil {
			return
		}
		s := NewScanner(Options{Keep: 3, ReadOptions: ReadOptions{Mapping: m}})
		_ = s.Read(bytes.NewReader(csvData), "fuzz.csv", CSV, func(e *Event) error {
			if e.Time.IsZero() || !known(Actors, e.Actor) || !known(Kinds, e.Kind) {
				t.Fatalf("a bad row came through: %+v", e)
			}
			return nil
		})
	})
}

// FuzzSalesforce: any export file, read as one of the four objects beside a
// fixed MessagingSession file, converts without panicking into events in time
// order.
func FuzzSalesforce(f *testing.F) {
	f.Add([]byte("Id,ConversationId,ActorType,ActorId,EntryTime,EntryType\nE1,S1,EndUser,,2024-03-04T10:00:00Z,Text\nE2,S1,Agent,a,2024-03-04T10:01:00Z,Text\n"))
	f.Add([]byte("Id,WorkItemId,UserId,OriginalQueueId,Status,RequestDateTime,AssignedDateTime,AcceptDateTime,DeclineDateTime\nW,S1,a,q,Closed,2024-03-04T10:00:01Z,,2024-03-04T10:00:05Z,\n"))
	f.Add([]byte("Id,ChannelType,EndTime,AgentType\nS2,WhatsApp,2024-03-04 10:00,Bot\n"))
	f.Add([]byte("Id,UserId,StatusStartDate,StatusEndDate,IsAway\nP1,a,2024-03-04T09:00:00Z,2024-03-04T10:00:00Z,false\nP2,a,2024-03-04T10:00:00Z,,true\nP3,b,2024-03-04T10:30:00Z,2024-03-04T10:00:00Z,1\n"))
	session := "Id,ChannelType,EndTime,EndedByType\nS1,Text,2024-03-04T10:05:00Z,Agent\n"
	f.Fuzz(func(t *testing.T, data []byte) {
		var tabs []*sfTable
		for i, in := range [][]byte{[]byte(session), data} {
			tab, err := readSalesforceTable(bytes.NewReader(in), "f.csv")
			if err != nil {
				if i == 0 {
					t.Fatal(err)
				}
				return
			}
			tabs = append(tabs, tab)
		}
		s := NewScanner(Options{Keep: 3})
		var last Event
		seen := false // the first event may be before year 1 (0000-01-01 parses)
		_ = s.salesforce(tabs, func(e *Event) error {
			if seen && e.Time.Before(last.Time) || !known(Actors, e.Actor) || !known(Kinds, e.Kind) {
				t.Fatalf("event %+v after %+v", e, last)
			}
			last, seen = *e, true
			return nil
		})
	})
}
