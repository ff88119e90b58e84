package fit

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/eventlog"
)

// events reads a CSV event log into memory.
func events(t *testing.T, log []byte) []eventlog.Event {
	t.Helper()
	var evs []eventlog.Event
	if err := eachOf(log)(func(e *eventlog.Event) { evs = append(evs, *e) }); err != nil {
		t.Fatal(err)
	}
	return evs
}

// writeSalesforce writes a log as a Salesforce export would hold it: a
// MessagingSession row per conversation, a ConversationEntry row per message,
// an AgentWork row per routing, a UserServicePresence row per presence span
// (times in UTC, as the API writes them).
func writeSalesforce(t *testing.T, dir string, evs []eventlog.Event) []string {
	t.Helper()
	sfChannel := map[string]string{"web": "EmbeddedMessaging", "whatsapp": "WhatsApp", "sms": "Text"}
	ts := func(x time.Time) string { return x.UTC().Format("2006-01-02T15:04:05.000Z") }
	type session struct {
		ch, lang, end, endedBy string
	}
	sessions := map[string]*session{}
	var order []string
	entries := [][]string{{"Id", "ConversationId", "ActorType", "ActorId", "EntryTime", "EntryType"}}
	works := [][]string{{"Id", "WorkItemId", "UserId", "OriginalQueueId", "Status", "RequestDateTime", "AssignedDateTime", "AcceptDateTime", "DeclineDateTime"}}
	open := map[string]int{} // conversation → its current AgentWork row
	presence := [][]string{{"Id", "UserId", "ServicePresenceStatusId", "StatusStartDate", "StatusEndDate", "IsAway"}}
	span := map[string]int{} // agent → its current UserServicePresence row
	for i, e := range evs {
		if e.IsPresence() {
			if k, ok := span[e.AgentID]; ok {
				presence[k][4] = ts(e.Time)
				delete(span, e.AgentID)
			}
			if e.Kind != eventlog.Offline {
				away := map[bool]string{true: "true", false: "false"}[e.Kind == eventlog.Away]
				span[e.AgentID] = len(presence)
				presence = append(presence, []string{"P" + itoa(i), e.AgentID, "0N5" + e.Kind, ts(e.Time), "", away})
			}
			continue
		}
		s := sessions[e.Conversation]
		if s == nil {
			s = &session{ch: sfChannel[e.Channel]}
			sessions[e.Conversation] = s
			order = append(order, e.Conversation)
		}
		switch e.Kind {
		case eventlog.Message:
			actor := map[string]string{eventlog.Customer: "EndUser", eventlog.Agent: "Agent", eventlog.Bot: "Bot"}[e.Actor]
			if e.Actor == eventlog.Customer && s.lang == "" {
				s.lang = e.Language
			}
			entries = append(entries, []string{"E" + itoa(i), e.Conversation, actor, e.AgentID, ts(e.Time), "Text"})
		case eventlog.Routed, eventlog.Transferred:
			if e.Kind == eventlog.Routed && e.Cause == "resume" {
				continue
			}
			open[e.Conversation] = len(works)
			works = append(works, []string{"W" + itoa(i), e.Conversation, "", e.Queue, "Assigned", ts(e.Time), "", "", ""})
		case eventlog.Offered:
			if k, ok := open[e.Conversation]; ok {
				works[k][2], works[k][6] = e.AgentID, ts(e.Time)
			}
		case eventlog.Accepted:
			if k, ok := open[e.Conversation]; ok {
				works[k][2], works[k][7], works[k][4] = e.AgentID, ts(e.Time), "Opened"
			}
		case eventlog.Declined:
			if k, ok := open[e.Conversation]; ok {
				works[k][8], works[k][4] = ts(e.Time), "Declined"
				delete(open, e.Conversation)
			}
		case eventlog.Closed, eventlog.Abandoned:
			s.end = ts(e.Time)
			s.endedBy = map[string]string{eventlog.Agent: "Agent", eventlog.Customer: "EndUser"}[e.Actor]
			if s.endedBy == "" {
				s.endedBy = "System"
			}
		}
	}
	sess := [][]string{{"Id", "ChannelType", "Status", "AgentType", "EndTime", "EndedByType", "EndUserLanguage"}}
	for _, id := range order {
		s := sessions[id]
		status := "Ended"
		if s.end == "" {
			status = "Active"
		}
		sess = append(sess, []string{id, s.ch, status, "Agent", s.end, s.endedBy, s.lang})
	}
	var paths []string
	for name, rows := range map[string][][]string{"MessagingSession.csv": sess, "ConversationEntry.csv": entries, "AgentWork.csv": works, "UserServicePresence.csv": presence} {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func fitOf(t *testing.T, read func(o *Observer) error) (*Result, *Data) {
	t.Helper()
	o := NewObserver(time.Hour)
	if err := read(o); err != nil {
		t.Fatal(err)
	}
	d := o.Finish()
	return Fit(d, Options{}), d
}

// A Salesforce-shaped export of a simulated log (MessagingSession,
// ConversationEntry and AgentWork files, as the object reference names their
// fields, and UserServicePresence for the agents' presence) and the same log
// through a --columns mapping of renamed headers and values both load and fit
// to what the log itself fits to: the same arrivals, shares, messages,
// response times, patience and schedule (the export's abandonment is
// the session's end, the same instant).
func TestExportsFit(t *testing.T) {
	log := logOf(t, "testdata/plain.yaml", 24*time.Hour)
	want, wd := fitOf(t, func(o *Observer) error { return eachOf(log)(o.Observe) })
	evs := events(t, log)
	dir := t.TempDir()

	paths := writeSalesforce(t, dir, evs)
	sf, sd := fitOf(t, func(o *Observer) error {
		s := eventlog.NewScanner(eventlog.Options{Strict: true})
		if err := s.ReadSalesforce(paths, func(e *eventlog.Event) error { o.Observe(e); return nil }); err != nil {
			return err
		}
		return s.Close()
	})

	// The same log with the export's own headers and values, read by a mapping.
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"Chat", "When", "Who", "What", "Why", "Operator", "Team", "Topic", "Lang"})
	who := map[string]string{"customer": "Visitor", "agent": "Operator", "system": "Platform", "bot": "Assistant"}
	for _, e := range evs {
		_ = w.Write([]string{e.Conversation, e.Time.UTC().Format("2006-01-02 15:04:05.000"), who[e.Actor], strings.ToUpper(e.Kind), e.Cause, e.AgentID, e.Queue, e.Intent, e.Language})
	}
	w.Flush()
	mapping := `columns: {conversation_id: Chat, time: When, actor: Who, kind: What, cause: Why, agent_id: Operator, queue: Team, intent: Topic, language: Lang}
values:
  actor: {Visitor: customer, Operator: agent, Platform: system, Assistant: bot}
  kind: {MESSAGE: message, ROUTED: routed, OFFERED: offered, ACCEPTED: accepted, DECLINED: declined, CLOSED: closed, ABANDONED: abandoned, ONLINE: online, AWAY: away, OFFLINE: offline, INACTIVE: inactive, TRANSFERRED: transferred}
constants: {channel: web}
time_layout: "2006-01-02 15:04:05.000"
time_zone: UTC
`
	m, err := eventlog.ParseMapping("mapping.yaml", []byte(mapping))
	if err != nil {
		t.Fatal(err)
	}
	col, cd := fitOf(t, func(o *Observer) error {
		s := eventlog.NewScanner(eventlog.Options{Strict: true, ReadOptions: eventlog.ReadOptions{Mapping: m}})
		if err := s.Read(bytes.NewReader(b.Bytes()), "export.csv", eventlog.CSV, func(e *eventlog.Event) error { o.Observe(e); return nil }); err != nil {
			return err
		}
		return s.Close()
	})

	for _, tc := range []struct {
		name string
		r    *Result
		d    *Data
	}{{"salesforce", sf, sd}, {"columns", col, cd}} {
		same := func(what string, got, want float64, tol float64) {
			if !(math.Abs(got-want) <= tol*math.Abs(want)) {
				t.Errorf("%s: %s %v, the log fits %v", tc.name, what, got, want)
			}
		}
		if tc.d.NewConvs != wd.NewConvs || len(tc.r.Arrivals) != 1 {
			t.Fatalf("%s: %d new conversations, %d streams; the log has %d", tc.name, tc.d.NewConvs, len(tc.r.Arrivals), wd.NewConvs)
		}
		same("rate", tc.r.Arrivals[0].Rate.Value, want.Arrivals[0].Rate.Value, 1e-9)
		same("messages", tc.r.Messages.Param("mean").Value, want.Messages.Param("mean").Value, 1e-9)
		same("response median", median(tc.r.Response), median(want.Response), 1e-6)
		same("patience mean", tc.r.Patience.Param("mean").Value, want.Patience.Param("mean").Value, 0.01)
		if len(tc.r.Schedule) == 0 || len(tc.r.Schedule) != len(want.Schedule) {
			t.Errorf("%s: schedule %v, the log fits %v", tc.name, tc.r.Schedule, want.Schedule)
		}
		for i := range want.Schedule {
			if i < len(tc.r.Schedule) {
				same("schedule mean at "+clock(want.Schedule[i].At), tc.r.Schedule[i].Mean, want.Schedule[i].Mean, 1e-9)
			}
		}
		if len(tc.r.Arrivals[0].Languages) != 2 {
			t.Errorf("%s: languages %v", tc.name, tc.r.Arrivals[0].Languages)
		}
		t.Logf("%s: %d conversations, rate %.3f/h, messages %.4f, response median %.3f s, patience %s %.1f s (the log: %.1f s)", tc.name, tc.d.NewConvs,
			tc.r.Arrivals[0].Rate.Value, tc.r.Messages.Param("mean").Value, median(tc.r.Response), tc.r.Patience.Family, tc.r.Patience.Param("mean").Value, want.Patience.Param("mean").Value)
	}
}
