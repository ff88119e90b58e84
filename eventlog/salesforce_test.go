package eventlog

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The Salesforce fixture (testdata/salesforce, written from the object
// reference's field names): five sessions — handled, abandoned in the queue,
// contained by the bot, escalated by the bot and transferred, still open after
// a push timeout — and an AgentWork row on a case, which is skipped.
func TestReadSalesforce(t *testing.T) {
	dir := filepath.Join("testdata", "salesforce")
	paths := []string{filepath.Join(dir, "AgentWork.csv"), filepath.Join(dir, "ConversationEntry.csv"), filepath.Join(dir, "MessagingSession.csv")}
	s := NewScanner(Options{Strict: true})
	got := map[string][]string{}
	var order []string
	var last time.Time
	err := s.ReadSalesforce(paths, func(e *Event) error {
		if e.Time.Before(last) {
			t.Errorf("%s %s at %v before %v", e.Conversation, e.Kind, e.Time, last)
		}
		last = e.Time
		if got[e.Conversation] == nil {
			order = append(order, e.Conversation)
		}
		w := e.Kind + "/" + e.Actor
		for _, f := range []string{e.Cause, e.AgentID, e.Queue, e.Language, e.Outcome} {
			if f != "" {
				w += " " + f
			}
		}
		got[e.Conversation] = append(got[e.Conversation], w)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"0Mw000000000001": "message/customer new en_US; routed/system first 00G000000000001; offered/system 005000000000001 00G000000000001; " +
			"accepted/agent 005000000000001 00G000000000001; message/agent 005000000000001; message/customer; message/agent 005000000000001; closed/agent done",
		"0Mw000000000002": "message/customer new de; routed/system first 00G000000000002; abandoned/customer",
		"0Mw000000000003": "message/customer new en_US; message/bot; closed/bot done resolved",
		"0Mw000000000004": "message/customer new en_US; message/bot; bot_handoff/bot; routed/system first 00G000000000001; offered/system 005000000000002 00G000000000001; " +
			"accepted/agent 005000000000002 00G000000000001; message/agent 005000000000002; transferred/system 00G000000000003; offered/system 005000000000003 00G000000000003; " +
			"accepted/agent 005000000000003 00G000000000003; message/agent 005000000000003; closed/agent done",
		"0Mw000000000005": "message/customer new en_US; routed/system first 00G000000000002; offered/system 005000000000001 00G000000000002; " +
			"declined/system push_timeout 005000000000001 00G000000000002; routed/system requeue 00G000000000002; offered/system 005000000000002 00G000000000002; " +
			"accepted/agent 005000000000002 00G000000000002",
	}
	if len(got) != len(want) {
		t.Errorf("conversations %v, want 5", order)
	}
	for id, w := range want {
		if g := strings.Join(got[id], "; "); g != w {
			t.Errorf("%s:\n got %s\nwant %s", id, g, w)
		}
	}
	if s.Problems.Total() != 0 {
		t.Errorf("problems: %s", s.Problems.String())
	}
}

// A report export without zones: an error at the first time, asking for
// --tz, or read in the zone given.
func TestSalesforceZones(t *testing.T) {
	session := "Id,ChannelType,EndTime\nS1,Text,2024-03-04 10:05:00\n"
	entry := "Id,ConversationId,ActorType,EntryTime,EntryType\nE1,S1,EndUser,2024-03-04 10:00:00,Text\n"
	read := func(loc *time.Location) ([]Event, error) {
		s := NewScanner(Options{ReadOptions: ReadOptions{Location: loc}})
		var evs []Event
		tabs := []*sfTable{}
		for _, c := range []string{session, entry} {
			tab, err := readSalesforceTable(strings.NewReader(c), "x.csv")
			if err != nil {
				t.Fatal(err)
			}
			tabs = append(tabs, tab)
		}
		err := s.salesforce(tabs, func(e *Event) error { evs = append(evs, *e); return nil })
		return evs, err
	}
	if evs, err := read(nil); len(evs) != 0 || !errors.Is(err, ErrNoZone) || !strings.Contains(err.Error(), "x.csv:2") {
		t.Errorf("no zone: %d events, %v", len(evs), err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	evs, err := read(berlin)
	if err != nil || len(evs) != 2 || !evs[0].Time.Equal(time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("in Berlin: %v", evs)
	}
}

func TestParseTimeIn(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	utc := func(h, m int) time.Time { return time.Date(2024, 7, 1, h, m, 0, 0, time.UTC) }
	for _, tc := range []struct {
		in, layout string
		loc        *time.Location
		want       time.Time
		err        string
	}{
		{"2024-07-01T08:00:00Z", "", nil, utc(8, 0), ""},
		{"2024-07-01T10:00:00+02:00", "", berlin, utc(8, 0), ""},
		{"1719820800000", "", nil, utc(8, 0), ""},
		{"2024-07-01 10:00:00", "", berlin, utc(8, 0), ""},
		{"7/1/2024 10:00 AM", "", berlin, utc(8, 0), ""},
		{"2024-07-01 10:00", "", nil, time.Time{}, "--tz"},
		{"01.07.2024 10:00", "02.01.2006 15:04", berlin, utc(8, 0), ""},
		{"01.07.2024 10:00", "02.01.2006 15:04", nil, time.Time{}, "no time zone"},
		{"01.07.2024 10:00 +0200", "02.01.2006 15:04 -0700", nil, utc(8, 0), ""},
		{"yesterday", "", berlin, time.Time{}, "RFC 3339"},
		{"", "", nil, time.Time{}, "empty"},
	} {
		got, err := ParseTimeIn(tc.in, tc.layout, tc.loc)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseTimeIn(%q, %q): %v, %v; want an error with %q", tc.in, tc.layout, got, err, tc.err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseTimeIn(%q, %q) = %v, %v; want %v", tc.in, tc.layout, got, err, tc.want)
		}
	}
}

// The fixture's UserServicePresence: agent 1 available, on a break (IsAway),
// available again, then offline; agent 2 available to the end of the export;
// agent 3 available, then offline. A status change is no offline.
func TestReadSalesforcePresence(t *testing.T) {
	dir := filepath.Join("testdata", "salesforce")
	var paths []string
	for _, o := range SalesforceObjects {
		paths = append(paths, filepath.Join(dir, o+".csv"))
	}
	s := NewScanner(Options{Strict: true})
	var got []string
	var last time.Time
	err := s.ReadSalesforce(paths, func(e *Event) error {
		if e.Time.Before(last) {
			t.Errorf("%s %s at %v before %v", e.AgentID, e.Kind, e.Time, last)
		}
		last = e.Time
		if e.IsPresence() {
			got = append(got, e.Time.UTC().Format("15:04")+" "+e.AgentID[len(e.AgentID)-1:]+" "+e.Kind)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "08:55 1 online; 09:25 2 online; 09:30 3 online; 09:40 1 away; 09:45 3 offline; 09:50 1 online; 10:30 1 offline"
	if g := strings.Join(got, "; "); g != want {
		t.Errorf("presence\n got %s\nwant %s", g, want)
	}
	if s.Problems.Total() != 0 {
		t.Errorf("problems: %s", s.Problems.String())
	}
}

// Bad UserServicePresence rows are counted with file:line and the field.
func TestSalesforcePresenceBadRows(t *testing.T) {
	in := "Id,UserId,StatusStartDate,StatusEndDate,IsAway\n" +
		"P1,,2024-03-04T09:00:00Z,,false\n" +
		"P2,U1,,,false\n" +
		"P3,U1,2024-03-04T09:00:00Z,,maybe\n" +
		"P4,U1,yesterday,,false\n" +
		"P5,U1,2024-03-04T09:00:00Z,2024-03-04T10:00:00Z,true\n" +
		"P6,U2,2024-03-04T09:00:00Z,2024-03-04T08:00:00Z,false\n"
	tab, err := readSalesforceTable(strings.NewReader(in), "usp.csv")
	if err != nil {
		t.Fatal(err)
	}
	s := NewScanner(Options{Keep: 10})
	var n int
	if err := s.salesforce([]*sfTable{tab}, func(*Event) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d presence events, want 2 (P5's away and offline)", n)
	}
	var msgs []string
	for _, p := range s.Problems.First {
		msgs = append(msgs, p.Error())
	}
	want := []string{
		"usp.csv:2: bad_row: UserServicePresence without UserId",
		"usp.csv:3: bad_row: UserServicePresence without StatusStartDate",
		`usp.csv:4: bad_row: IsAway "maybe": want true or false`,
		"usp.csv:7: bad_row: StatusEndDate 2024-03-04T08:00:00Z is before StatusStartDate 2024-03-04T09:00:00Z",
	}
	if len(msgs) != 5 || strings.Join(msgs[:4], "\n") != strings.Join(want, "\n") || !strings.HasPrefix(msgs[4], "usp.csv:5: bad_time: ") {
		t.Errorf("problems:\n%s\nwant\n%s\nand usp.csv:5: bad_time", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

// Of an export's rows only the fields read are kept: a ConversationEntry's
// message text and the columns not read are dropped as the file is read.
func TestSalesforceKeepsFieldsRead(t *testing.T) {
	in := "Id,ConversationId,ActorType,ActorId,ActorName,EntryTime,EntryType,Message\n" +
		"E1,S1,EndUser,P1,Ana,2024-03-04T10:00:00Z,Text," + strings.Repeat("long message ", 100) + "\n"
	tab, err := readSalesforceTable(strings.NewReader(in), "ce.csv")
	if err != nil {
		t.Fatal(err)
	}
	row, line, err := tab.next()
	if err != nil || line != 2 || len(row) != len(sfFields["ConversationEntry"]) {
		t.Fatalf("row %q at line %d, %v: want one of the %d fields read at line 2", row, line, err, len(sfFields["ConversationEntry"]))
	}
	for _, cell := range row {
		if strings.Contains(cell, "long message") || cell == "Ana" {
			t.Errorf("kept %q, a field not read", cell)
		}
	}
	if got := tab.get(row, "EntryTime"); got != "2024-03-04T10:00:00Z" {
		t.Errorf("EntryTime %q", got)
	}
	if _, _, err := tab.next(); err != io.EOF {
		t.Errorf("after the last row: %v, want io.EOF", err)
	}
}
