package eventlog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// A Salesforce export is three or four CSV files of records, one object each, with the
// API field names as headers (as the Data Loader and the Bulk API write them);
// ReadSalesforce turns them into the event log, told apart by their headers.
// The fields read, from Salesforce's object reference:
//
// MessagingSession (one row a conversation):
//
//	Id               the conversation_id
//	ChannelType      the channel: EmbeddedMessaging → web, WhatsApp → whatsapp,
//	                 Text → sms, Facebook → messenger, AppleBusinessChat → apple,
//	                 InApp → inapp, others lower-cased
//	EndUserLanguage  the language (on the first customer message)
//	AgentType        Bot: a session never routed to an agent that ended is
//	                 closed by the bot, resolved (contained)
//	EndTime          the end: closed, or abandoned when routed and never accepted
//	                 (blank: still open at the end of the export)
//	EndedByType      who closed it: Agent → agent, EndUser → customer, else system
//
// ConversationEntry (one row a message or event):
//
//	Id               the event_id
//	ConversationId   the MessagingSession's Id
//	EntryTime        the time
//	ActorType        EndUser → customer, Agent and Supervisor → agent, Bot → bot
//	                 (System entries are not messages and are skipped)
//	ActorId          the agent_id of an agent's message
//	EntryType        Text (or blank): a message; BotEscalated: bot_handoff;
//	                 EndUserOptedOut: opted_out; other events are skipped
//
// AgentWork (one row an assignment; a transfer makes a new one):
//
//	WorkItemId       the MessagingSession's Id (rows for other work are skipped)
//	UserId           the agent_id
//	OriginalQueueId  the queue
//	RequestDateTime  routed (the first of a session; a later one after an accept
//	                 is transferred, else routed again: requeue)
//	AssignedDateTime offered
//	AcceptDateTime   accepted
//	DeclineDateTime  declined (Status DeclinedOnPushTimeout: push_timeout)
//
// UserServicePresence (one row a span of an agent's Omni-Channel presence
// status; optional: without it the log has no presence and fit counts the
// agents seen):
//
//	UserId                   the agent_id
//	StatusStartDate          online, or away when IsAway is true
//	StatusEndDate            offline, unless the agent's next span starts then
//	                         (blank: in that status at the end of the export)
//	IsAway                   true (or 1): the status is an away status; blank
//	                         or false: online
//	ServicePresenceStatusId  the status (and ServicePresenceStatus.DeveloperName
//	                         or MasterLabel, if exported): not read; IsAway
//	                         says what the status means for capacity
//
// Times are RFC 3339 (2024-01-01T08:00:00.000Z, as the API writes them); a
// report export's times without a zone need a location (--tz). Records are
// held in memory and sorted into time order (the objects' files are not in
// time order, nor in one another's): unlike the event log's streaming read,
// an export's number of records bounds the memory, but only the fields above
// are kept of each (not a ConversationEntry's message text).

// SalesforceObjects are the objects read, in documentation order.
var SalesforceObjects = []string{"MessagingSession", "ConversationEntry", "AgentWork", "UserServicePresence"}

var sfChannels = map[string]string{"embeddedmessaging": "web", "whatsapp": "whatsapp", "text": "sms",
	"facebook": "messenger", "applebusinesschat": "apple", "inapp": "inapp", "instagram": "instagram", "rcs": "rcs"}

type sfSession struct {
	channel, language, agentType, endedBy string
	end                                   string
	pos                                   Pos
}

type sfEvent struct {
	e     Event
	pos   Pos
	later int // 0: its conversation ends at its instant
	rank  int
	seq   int
}

// kindRank orders events at equal times as they happen.
// (a decline before the routing that follows it).
var kindRank = map[string]int{Offline: -2, Online: -1, Away: -1, Message: 0, BotHandoff: 1, Declined: 2, Routed: 3, Transferred: 3, Offered: 4, Accepted: 5,
	OptedOut: 6, Inactive: 7, Closed: 9, Abandoned: 9}

// sfTable is one export file.
type sfTable struct {
	object string
	file   string
	col    map[string]int
	rows   [][]string
	lines  []int
}

func (t *sfTable) get(row []string, field string) string {
	if i, ok := t.col[field]; ok && i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// readSalesforceTable reads one export file and tells which object it holds.
func readSalesforceTable(r io.Reader, file string) (*sfTable, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file: want a Salesforce export with a header row", file)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	t := &sfTable{file: file, col: map[string]int{}}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := t.col[h]; !dup {
			t.col[h] = i
		}
	}
	has := func(fs ...string) bool {
		for _, f := range fs {
			if _, ok := t.col[f]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("WorkItemId", "RequestDateTime"):
		t.object = "AgentWork"
	case has("ConversationId", "ActorType", "EntryTime"):
		t.object = "ConversationEntry"
	case has("Id", "ChannelType", "EndTime"):
		t.object = "MessagingSession"
	case has("UserId", "StatusStartDate"):
		t.object = "UserServicePresence"
	default:
		return nil, fmt.Errorf("%s:1: not a MessagingSession (Id, ChannelType, EndTime), ConversationEntry (ConversationId, ActorType, EntryTime), AgentWork (WorkItemId, RequestDateTime) or UserServicePresence (UserId, StatusStartDate) export", file)
	}
	// Only the fields read are kept, copied out of the record: a row costs its
	// few short fields, not its message text or the columns not read.
	var src []int
	col := map[string]int{}
	for _, f := range sfFields[t.object] {
		if i, ok := t.col[f]; ok {
			col[f] = len(src)
			src = append(src, i)
		}
	}
	t.col = col
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return t, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d: %v", file, pe.Line, pe.Err)
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		row := make([]string, len(src))
		for k, i := range src {
			if i < len(rec) {
				row[k] = strings.Clone(rec[i])
			}
		}
		t.rows = append(t.rows, row)
		t.lines = append(t.lines, line)
	}
}

// sfFields are the fields read of each object.
var sfFields = map[string][]string{
	"MessagingSession":    {"Id", "ChannelType", "EndUserLanguage", "AgentType", "EndTime", "EndedByType"},
	"ConversationEntry":   {"Id", "ConversationId", "EntryTime", "ActorType", "ActorId", "EntryType"},
	"AgentWork":           {"WorkItemId", "UserId", "OriginalQueueId", "RequestDateTime", "AssignedDateTime", "AcceptDateTime", "DeclineDateTime", "Status"},
	"UserServicePresence": {"UserId", "StatusStartDate", "StatusEndDate", "IsAway"},
}

// ReadSalesforce reads a Salesforce export's files (paths, any order) and
// hands its events, in time order, to fn through the scanner's checks; the
// scanner's Location is the zone of times without one (nil: such times are
// bad).
func (s *Scanner) ReadSalesforce(paths []string, fn func(*Event) error) error {
	var tables []*sfTable
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		t, err := readSalesforceTable(f, p)
		f.Close()
		if err != nil {
			return err
		}
		tables = append(tables, t)
	}
	return s.salesforce(tables, fn)
}

func (s *Scanner) salesforce(tables []*sfTable, fn func(*Event) error) error {
	loc := s.opts.Location
	sessions := map[string]*sfSession{}
	var evs []sfEvent
	add := func(e Event, pos Pos, t string) error {
		var err error
		e.BotConfidence = NoConfidence
		if e.Time, err = ParseTimeIn(t, "", loc); err != nil {
			if errors.Is(err, ErrNoZone) {
				return fmt.Errorf("%s: %w", pos, err)
			}
			s.Problems.Rows++
			return s.problem(&RowError{pos, BadTime, err.Error()})
		}
		evs = append(evs, sfEvent{e: e, pos: pos, rank: kindRank[e.Kind], seq: len(evs)})
		return nil
	}
	sort.SliceStable(tables, func(i, j int) bool { return objectOrder(tables[i].object) < objectOrder(tables[j].object) })
	for _, t := range tables {
		if t.object != "MessagingSession" {
			continue
		}
		for i, row := range t.rows {
			id := t.get(row, "Id")
			pos := Pos{t.file, t.lines[i]}
			if id == "" {
				s.Problems.Rows++
				if err := s.problem(&RowError{pos, BadRow, "MessagingSession without Id"}); err != nil {
					return err
				}
				continue
			}
			ch := t.get(row, "ChannelType")
			if c, ok := sfChannels[strings.ToLower(ch)]; ok {
				ch = c
			} else {
				ch = strings.ToLower(ch)
			}
			sessions[id] = &sfSession{channel: ch, language: t.get(row, "EndUserLanguage"), agentType: t.get(row, "AgentType"),
				endedBy: t.get(row, "EndedByType"), end: t.get(row, "EndTime"), pos: pos}
		}
	}
	firstMsg := map[string]bool{}
	routed := map[string]bool{}
	accepted := map[string]bool{}
	for _, t := range tables {
		switch t.object {
		case "ConversationEntry":
			for i, row := range t.rows {
				pos := Pos{t.file, t.lines[i]}
				id := t.get(row, "ConversationId")
				ss := sessions[id]
				e := Event{ID: t.get(row, "Id"), Conversation: id, Kind: Message}
				if ss != nil {
					e.Channel = ss.channel
				}
				switch t.get(row, "EntryType") {
				case "", "Text":
				case "BotEscalated":
					e.Kind = BotHandoff
				case "EndUserOptedOut":
					e.Kind = OptedOut
				default:
					continue
				}
				switch a := t.get(row, "ActorType"); a {
				case "EndUser":
					e.Actor = Customer
				case "Agent", "Supervisor":
					e.Actor, e.AgentID = Agent, t.get(row, "ActorId")
				case "Bot":
					e.Actor = Bot
				case "System":
					continue
				default:
					s.Problems.Rows++
					if err := s.problem(&RowError{pos, UnknownActor, fmt.Sprintf("ActorType %q (want EndUser, Agent, Supervisor, Bot or System)", a)}); err != nil {
						return err
					}
					continue
				}
				if e.Kind == BotHandoff {
					e.Actor = Bot
				}
				if err := add(e, pos, t.get(row, "EntryTime")); err != nil {
					return err
				}
			}
		case "AgentWork":
			type work struct {
				row []string
				pos Pos
			}
			bySession := map[string][]work{}
			var order []string
			for i, row := range t.rows {
				id := t.get(row, "WorkItemId")
				if sessions[id] == nil {
					continue // work on another object (a case, a call)
				}
				if bySession[id] == nil {
					order = append(order, id)
				}
				bySession[id] = append(bySession[id], work{row, Pos{t.file, t.lines[i]}})
			}
			for _, id := range order {
				ws := bySession[id]
				sort.SliceStable(ws, func(i, j int) bool {
					return t.get(ws[i].row, "RequestDateTime") < t.get(ws[j].row, "RequestDateTime")
				})
				ss := sessions[id]
				wasAccepted := false
				for k, w := range ws {
					agent, queue := t.get(w.row, "UserId"), t.get(w.row, "OriginalQueueId")
					base := Event{Conversation: id, Channel: ss.channel, Actor: System, Queue: queue}
					if req := t.get(w.row, "RequestDateTime"); req != "" {
						e := base
						e.Kind, e.Cause = Routed, "first"
						if k > 0 && wasAccepted {
							e.Kind, e.Cause = Transferred, ""
						} else if k > 0 {
							e.Cause = "requeue"
						}
						if err := add(e, w.pos, req); err != nil {
							return err
						}
						routed[id] = true
					}
					if at := t.get(w.row, "AssignedDateTime"); at != "" {
						e := base
						e.Kind, e.AgentID = Offered, agent
						if err := add(e, w.pos, at); err != nil {
							return err
						}
					}
					if at := t.get(w.row, "AcceptDateTime"); at != "" {
						e := base
						e.Kind, e.Actor, e.AgentID = Accepted, Agent, agent
						if err := add(e, w.pos, at); err != nil {
							return err
						}
						accepted[id], wasAccepted = true, true
					}
					if at := t.get(w.row, "DeclineDateTime"); at != "" {
						e := base
						e.Kind, e.Actor, e.AgentID, e.Cause = Declined, Agent, agent, "declined"
						if t.get(w.row, "Status") == "DeclinedOnPushTimeout" {
							e.Actor, e.Cause = System, "push_timeout"
						}
						if err := add(e, w.pos, at); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	for _, t := range tables {
		if t.object == "UserServicePresence" {
			if err := s.presence(t, add); err != nil {
				return err
			}
		}
	}
	ids := make([]string, 0, len(sessions))
	for id := range sessions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ss := sessions[id]
		if ss.end == "" {
			continue // still open
		}
		e := Event{Conversation: id, Channel: ss.channel, Kind: Closed, Actor: System, Cause: "done"}
		switch {
		case routed[id] && !accepted[id]:
			e.Kind, e.Actor, e.Cause = Abandoned, Customer, ""
		case !routed[id] && ss.agentType == "Bot":
			e.Actor, e.Outcome = Bot, "resolved"
		case ss.endedBy == "Agent":
			e.Actor = Agent
		case ss.endedBy == "EndUser":
			e.Actor = Customer
		}
		if err := add(e, ss.pos, ss.end); err != nil {
			return err
		}
	}
	// At one instant the conversations that end then go first (their own
	// events in order, the end last): the agent an end frees may take the next
	// conversation at that very time, its capacity free first.
	endsAt := map[string]time.Time{}
	for i := range evs {
		if e := &evs[i].e; e.Ends() {
			endsAt[e.Conversation] = e.Time
		}
	}
	for i := range evs {
		if e := &evs[i].e; !endsAt[e.Conversation].Equal(e.Time) {
			evs[i].later = 1
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := &evs[i], &evs[j]
		if !a.e.Time.Equal(b.e.Time) {
			return a.e.Time.Before(b.e.Time)
		}
		if a.later != b.later {
			return a.later < b.later
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.seq < b.seq
	})
	for i := range evs {
		v := &evs[i]
		e := &v.e
		if e.Actor == Customer && e.Kind == Message && !firstMsg[e.Conversation] {
			firstMsg[e.Conversation] = true
			e.Cause = "new"
			if ss := sessions[e.Conversation]; ss != nil {
				e.Language = ss.language
			}
		}
		s.Problems.Rows++
		if re := s.check.Check(e, v.pos); re != nil {
			if err := s.problem(re); err != nil {
				return err
			}
			if re.Problem != NoCustomerMessage {
				continue
			}
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func objectOrder(o string) int {
	for i, s := range SalesforceObjects {
		if s == o {
			return i
		}
	}
	return len(SalesforceObjects)
}

// presence turns UserServicePresence rows into presence events: each span's
// start is online (away when IsAway), its end offline unless the same agent's
// next span starts at that instant.
func (s *Scanner) presence(t *sfTable, add func(Event, Pos, string) error) error {
	type span struct {
		agent, start, end string
		away              bool
		pos               Pos
	}
	var spans []span
	for i, row := range t.rows {
		pos := Pos{t.file, t.lines[i]}
		sp := span{agent: t.get(row, "UserId"), start: t.get(row, "StatusStartDate"), end: t.get(row, "StatusEndDate"), pos: pos}
		bad := ""
		switch away := strings.ToLower(t.get(row, "IsAway")); away {
		case "true", "1":
			sp.away = true
		case "", "false", "0":
		default:
			bad = fmt.Sprintf("IsAway %q: want true or false", t.get(row, "IsAway"))
		}
		switch {
		case sp.agent == "":
			bad = "UserServicePresence without UserId"
		case sp.start == "":
			bad = "UserServicePresence without StatusStartDate"
		case sp.end != "":
			from, err1 := ParseTimeIn(sp.start, "", s.opts.Location)
			to, err2 := ParseTimeIn(sp.end, "", s.opts.Location)
			if err1 == nil && err2 == nil && to.Before(from) {
				bad = fmt.Sprintf("StatusEndDate %s is before StatusStartDate %s", sp.end, sp.start)
			}
		}
		if bad != "" {
			s.Problems.Rows++
			if err := s.problem(&RowError{pos, BadRow, bad}); err != nil {
				return err
			}
			continue
		}
		spans = append(spans, sp)
	}
	// Starts, by agent, to tell a status change (the next span starts as this
	// one ends) from going offline.
	starts := map[string]map[string]bool{}
	for _, sp := range spans {
		if starts[sp.agent] == nil {
			starts[sp.agent] = map[string]bool{}
		}
		starts[sp.agent][sp.start] = true
	}
	for _, sp := range spans {
		e := Event{Actor: Agent, Kind: Online, AgentID: sp.agent}
		if sp.away {
			e.Kind = Away
		}
		if err := add(e, sp.pos, sp.start); err != nil {
			return err
		}
		if sp.end != "" && !starts[sp.agent][sp.end] {
			e.Kind = Offline
			if err := add(e, sp.pos, sp.end); err != nil {
				return err
			}
		}
	}
	return nil
}
