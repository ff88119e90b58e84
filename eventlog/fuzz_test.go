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
