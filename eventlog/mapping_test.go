package eventlog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The --columns fixture (testdata/columns): a chat platform's export with its
// own headers, values, a zone-less time layout and a constant channel reads as
// the event log, times in the mapping's zone (Berlin, UTC+1 in March).
func TestMappingFixture(t *testing.T) {
	dir := filepath.Join("testdata", "columns")
	m, err := LoadMapping(filepath.Join(dir, "mapping.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewScanner(Options{Strict: true, ReadOptions: ReadOptions{Mapping: m}})
	var got []string
	err = s.ReadFile(filepath.Join(dir, "export.csv"), func(e *Event) error {
		got = append(got, strings.Join([]string{e.Conversation, e.Time.UTC().Format("15:04:05"), e.Channel, e.Actor, e.Kind, e.AgentID, e.Queue, e.Intent}, ","))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		",07:55:00,web,agent,online,kim,,",
		"c-1,08:00:00,web,customer,message,,,billing",
		"c-1,08:00:02,web,system,routed,,Billing,",
		"c-1,08:00:30,web,agent,accepted,kim,Billing,",
		"c-1,08:01:10,web,agent,message,kim,,",
		"c-1,08:02:00,web,customer,message,,,",
		"c-1,08:03:00,web,agent,message,kim,,",
		"c-2,08:04:00,web,customer,message,,,returns",
		"c-2,08:04:01,web,system,routed,,Returns,",
		"c-1,08:05:00,web,system,closed,,,",
		"c-2,08:07:30,web,customer,abandoned,,,",
		",16:00:00,web,agent,offline,kim,,",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Bad mappings are errors with file:line and the key; an export that lacks a
// mapped column is an error at its header; a value the mapping does not know
// is the row's problem (unknown_actor), counted.
func TestMappingErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "columns: {time: T}\nsort: true\n", "m.yaml:2: unknown key \"sort\""},
		{"unknown column", "columns:\n  time: T\n  when: W\n", "m.yaml:3: \"when\" is not an event log column"},
		{"bad actor", "values:\n  actor: {V: visitor}\n", "m.yaml:2: values.actor.V: actor \"visitor\""},
		{"bad kind constant", "constants: {kind: chat}\n", "constants.kind: kind \"chat\""},
		{"bad zone", "time_zone: Mars/Olympus\n", "m.yaml:1: time_zone \"Mars/Olympus\""},
		{"empty column", "columns: {time: \"\"}\n", "m.yaml:1: columns.time: want a non-empty string"},
		{"not a mapping", "- a\n", "m.yaml:1: want a mapping"},
		{"empty", "", "empty mapping"},
		{"twice", "columns:\n  time: A\n  time: B\n", "m.yaml"},
	} {
		_, err := ParseMapping("m.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	m, err := ParseMapping("m.yaml", []byte("columns: {time: When, actor: Who, kind: What, conversation_id: Chat}\nvalues: {actor: {V: customer}}\ntime_zone: UTC\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewScanner(Options{ReadOptions: ReadOptions{Mapping: m}})
	if err := s.Read(strings.NewReader("When,Who\n"), "x.csv", CSV, nil); err == nil || !strings.Contains(err.Error(), "x.csv:1: no column \"Chat\"") {
		t.Errorf("a missing mapped column: %v", err)
	}
	var n int
	in := "Chat,When,Who,What\nc,2024-01-01 08:00:00,V,message\nc,2024-01-01 08:00:01,Robot,message\n"
	if err := s.Read(strings.NewReader(in), "x.csv", CSV, func(*Event) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 1 || s.Problems.Counts[UnknownActor] != 1 || s.Problems.First[0].Pos.String() != "x.csv:3" {
		t.Errorf("%d events, problems %s", n, s.Problems.String())
	}
	if _, err := NewReaderWith(strings.NewReader("{}"), "x.jsonl", JSONL, ReadOptions{Mapping: m}); err == nil {
		t.Error("a mapping on JSON Lines: no error")
	}
	if _, err := LoadMapping(filepath.Join(t.TempDir(), "missing.yaml")); !os.IsNotExist(err) {
		t.Errorf("a missing file: %v", err)
	}
}
