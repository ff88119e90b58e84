package eventlog

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
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
// report export's times without a zone need a location (--tz).
//
// The objects' files are not in time order, nor in one another's, and a
// session's rows are spread over them: the export is sorted twice, each time
// by an external merge sort (spillSort: chunks of 200,000 records sorted in
// memory and spilled to temporary files in Options.TempDir, merged with a
// heap), so that memory does not grow with the export. The first sort brings
// each session's rows together (by Id, and each agent's presence spans
// together), which turns them into events with what needs the whole session
// (its channel and end, transfers told from requeues, the first customer
// message); the second puts the events in time order. Of each row only the
// fields above are kept (not a ConversationEntry's message text). Memory is
// then the two sorts' chunks and one session's rows; the files grow with the
// export (each row's fields read, then its events), and the first sort's are
// removed once read.

// SalesforceObjects are the objects read, in documentation order.
var SalesforceObjects = []string{"MessagingSession", "ConversationEntry", "AgentWork", "UserServicePresence"}

var sfChannels = map[string]string{"embeddedmessaging": "web", "whatsapp": "whatsapp", "text": "sms",
	"facebook": "messenger", "applebusinesschat": "apple", "inapp": "inapp", "instagram": "instagram", "rcs": "rcs"}

// kindRank orders events at equal times as they happen.
// (a decline before the routing that follows it).
var kindRank = map[string]int{Offline: -2, Online: -1, Away: -1, Message: 0, BotHandoff: 1, Declined: 2, Routed: 3, Transferred: 3, Offered: 4, Accepted: 5,
	OptedOut: 6, Inactive: 7, Closed: 9, Abandoned: 9}

// sfFields are the fields read of each object; a row keeps them in this
// order ("" for a field its file lacks).
var sfFields = map[string][]string{
	"MessagingSession":    {"Id", "ChannelType", "EndUserLanguage", "AgentType", "EndTime", "EndedByType"},
	"ConversationEntry":   {"Id", "ConversationId", "EntryTime", "ActorType", "ActorId", "EntryType"},
	"AgentWork":           {"WorkItemId", "UserId", "OriginalQueueId", "RequestDateTime", "AssignedDateTime", "AcceptDateTime", "DeclineDateTime", "Status"},
	"UserServicePresence": {"UserId", "StatusStartDate", "StatusEndDate", "IsAway"},
}

// sfCol is the index of each object's fields in a row.
var sfCol = func() map[string]map[string]int {
	m := map[string]map[string]int{}
	for o, fs := range sfFields {
		m[o] = map[string]int{}
		for i, f := range fs {
			m[o][f] = i
		}
	}
	return m
}()

// The objects' places in SalesforceObjects, and the sessions' ends after them:
// the first field of an sfKey.
const (
	sfMessaging = iota
	sfEntry
	sfWork
	sfPresence
	sfEnd
)

// sfTable is one export file, read a row at a time.
type sfTable struct {
	object string
	file   string
	cr     *csv.Reader
	src    []int // per field read: its column, or -1
}

// get is a field of one of the table's rows.
func (t *sfTable) get(row []string, field string) string { return sfGet(t.object, row, field) }

func sfGet(object string, row []string, field string) string { return row[sfCol[object][field]] }

// readSalesforceTable reads an export file's header and tells which object it
// holds; next reads its rows.
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
	t := &sfTable{file: file, cr: cr}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	has := func(fs ...string) bool {
		for _, f := range fs {
			if _, ok := col[f]; !ok {
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
	for _, f := range sfFields[t.object] {
		i, ok := col[f]
		if !ok {
			i = -1
		}
		t.src = append(t.src, i)
	}
	cr.ReuseRecord = true
	return t, nil
}

// next returns the next row (io.EOF after the last) and its line. Only the
// fields read are kept, copied out of the record: a row costs its few short
// fields, not its message text or the columns not read.
func (t *sfTable) next() ([]string, int, error) {
	rec, err := t.cr.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, 0, fmt.Errorf("%s:%d: %v", t.file, pe.Line, pe.Err)
	}
	if err != nil {
		return nil, 0, err
	}
	line, _ := t.cr.FieldPos(0)
	row := make([]string, len(t.src))
	for k, i := range t.src {
		if i >= 0 && i < len(rec) {
			row[k] = strings.Clone(strings.TrimSpace(rec[i]))
		}
	}
	return row, line, nil
}

// ReadSalesforce reads a Salesforce export's files (paths, any order) and
// hands its events, in time order, to fn through the scanner's checks; the
// scanner's Location is the zone of times without one (nil: such times are
// bad). Its temporary files (Options.TempDir) are removed when it returns.
func (s *Scanner) ReadSalesforce(paths []string, fn func(*Event) error) (err error) {
	st := s.newSFRun()
	defer func() {
		if cerr := st.close(); err == nil {
			err = cerr
		}
	}()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		t, err := readSalesforceTable(f, p)
		if err == nil {
			err = st.load(t)
		}
		f.Close()
		if err != nil {
			return err
		}
	}
	return st.finish(fn)
}

// salesforce is ReadSalesforce of tables read from anywhere.
func (s *Scanner) salesforce(tables []*sfTable, fn func(*Event) error) (err error) {
	st := s.newSFRun()
	defer func() {
		if cerr := st.close(); err == nil {
			err = cerr
		}
	}()
	for _, t := range tables {
		if err := st.load(t); err != nil {
			return err
		}
	}
	return st.finish(fn)
}

// sfKey orders events and problems as the export's objects are read in turn:
// (object or sfEnd, table, then per object: the row; for agent work the
// session's first row in the table, the row's place among the session's rows
// in request order and the event of the row; for presence 0 a bad row, 1 an
// event, the row and the event; for an end the session's place by Id).
type sfKey [5]int64

func (k *sfKey) cmp(o *sfKey) int {
	for i := range k {
		if k[i] != o[i] {
			if k[i] < o[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// sfRow is a row of the first sort, which brings a session's rows together
// (group 0, key its Id, in object, table and row order) and an agent's
// presence spans of one table (group 1, key the agent).
type sfRow struct {
	group, gtab   int64
	key           string
	obj, tab, row int64
	line          int64
	fields        []string
}

func sfRowCmp(a, b *sfRow) int {
	if a.group != b.group {
		return cmp.Compare(a.group, b.group)
	}
	if a.gtab != b.gtab {
		return cmp.Compare(a.gtab, b.gtab)
	}
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	if a.obj != b.obj {
		return cmp.Compare(a.obj, b.obj)
	}
	if a.tab != b.tab {
		return cmp.Compare(a.tab, b.tab)
	}
	return cmp.Compare(a.row, b.row)
}

// sfEvent is an event of the second sort, into time order: at one instant the
// conversations that end then first (later 0: their own events in order, the
// end last: the agent an end frees may take the next conversation at that
// very time, its capacity free first), then by kind (rank), then as read (seq).
type sfEvent struct {
	e         Event
	tab, line int64 // where: the table and the line
	later     int64
	rank      int64
	seq       sfKey
}

func sfEventCmp(a, b *sfEvent) int {
	if c := a.e.Time.Compare(b.e.Time); c != 0 {
		return c
	}
	if a.later != b.later {
		return cmp.Compare(a.later, b.later)
	}
	if a.rank != b.rank {
		return cmp.Compare(a.rank, b.rank)
	}
	return a.seq.cmp(&b.seq)
}

type sfSession struct {
	channel, language, agentType, endedBy string
	end                                   string
	tab, line                             int64
}

// sfProblem is a problem found before the events are put in time order, with
// its place in the order the objects are read (a problem) or the error that
// stops the read (err: a time without a zone and no --tz).
type sfProblem struct {
	key sfKey
	re  *RowError
	err error
}

// sfRun is one read of an export.
type sfRun struct {
	s      *Scanner
	files  []string // by table
	rows   *spillSort[sfRow]
	evs    *spillSort[sfEvent]
	cur    []sfEvent // the events of the session or agent at hand
	ends   int64     // sessions ended so far, in Id order
	zones  []*time.Location
	zoneOf map[sfZone]int
	// The problems found while the rows are sorted come in session order; they
	// are reported in the order the objects are read: the first (stop, strict),
	// the first error (fatal), the first keep, and a count of the others.
	stop, fatal *sfProblem
	first       []sfProblem
	keep        int
	others      map[string]int64
	n           int64
}

// sfZone is a time's location, written to a run as its index in sfRun.zones.
type sfZone struct {
	loc, name string
	offset    int
}

func (s *Scanner) newSFRun() *sfRun {
	chunk, fanIn := s.sfChunk, s.sfFanIn
	if chunk <= 0 {
		chunk = spillChunk
	}
	if fanIn < 2 {
		fanIn = spillFanIn
	}
	st := &sfRun{s: s, zoneOf: map[sfZone]int{}, others: map[string]int64{}, keep: max(0, s.Problems.Keep-len(s.Problems.First))}
	st.rows = &spillSort[sfRow]{chunk: chunk, fanIn: fanIn, dir: s.opts.TempDir, cmp: sfRowCmp, enc: encodeRow, dec: decodeRow}
	st.evs = &spillSort[sfEvent]{chunk: chunk, fanIn: fanIn, dir: s.opts.TempDir, cmp: sfEventCmp, enc: st.encodeEvent, dec: st.decodeEvent}
	return st
}

func (st *sfRun) close() error { return errors.Join(st.rows.close(), st.evs.close()) }

func (st *sfRun) problem(k sfKey, re *RowError) {
	st.n++
	p := sfProblem{key: k, re: re}
	if st.stop == nil || k.cmp(&st.stop.key) < 0 {
		st.stop = &p
	}
	i := sort.Search(len(st.first), func(i int) bool { return st.first[i].key.cmp(&k) > 0 })
	if i >= st.keep {
		st.others[re.Problem]++
		return
	}
	st.first = slices.Insert(st.first, i, p)
	if len(st.first) > st.keep {
		st.others[st.first[st.keep].re.Problem]++
		st.first = st.first[:st.keep]
	}
}

func (st *sfRun) fail(k sfKey, err error) {
	p := sfProblem{key: k, err: err}
	if st.stop == nil || k.cmp(&st.stop.key) < 0 {
		st.stop = &p
	}
	if st.fatal == nil || k.cmp(&st.fatal.key) < 0 {
		st.fatal = &p
	}
}

// report reports the problems found while sorting as the in-memory read
// did, in the order the objects are read: strict, the first is an error; an
// error (no zone) stops the read (the problems before it are not counted).
func (st *sfRun) report() error {
	s := st.s
	if s.opts.Strict && st.stop != nil {
		if st.stop.err != nil {
			return st.stop.err
		}
		s.Problems.Rows++
		return s.problem(st.stop.re)
	}
	if st.fatal != nil {
		return st.fatal.err
	}
	s.Problems.Rows += st.n
	for _, p := range st.first {
		s.Problems.add(p.re)
	}
	if len(st.others) > 0 && s.Problems.Counts == nil {
		s.Problems.Counts = map[string]int64{}
	}
	for k, n := range st.others {
		s.Problems.Counts[k] += n
	}
	return nil
}

// load reads a table's rows into the first sort, reporting the problems a row
// shows alone.
func (st *sfRun) load(t *sfTable) error {
	tab := int64(len(st.files))
	st.files = append(st.files, t.file)
	obj := int64(objectOrder(t.object))
	for row := int64(0); ; row++ {
		fields, line, err := t.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		r := sfRow{obj: obj, tab: tab, row: row, line: int64(line), fields: fields}
		pos := Pos{t.file, line}
		switch obj {
		case sfMessaging:
			if r.key = t.get(fields, "Id"); r.key == "" {
				st.problem(sfKey{obj, tab, row}, &RowError{pos, BadRow, "MessagingSession without Id"})
				continue
			}
		case sfEntry:
			switch t.get(fields, "EntryType") {
			case "", "Text", "BotEscalated", "EndUserOptedOut":
			default:
				continue // other events are not read
			}
			switch a := t.get(fields, "ActorType"); a {
			case "EndUser", "Agent", "Supervisor", "Bot":
			case "System":
				continue
			default:
				st.problem(sfKey{obj, tab, row}, &RowError{pos, UnknownActor, fmt.Sprintf("ActorType %q (want EndUser, Agent, Supervisor, Bot or System)", a)})
				continue
			}
			r.key = t.get(fields, "ConversationId")
		case sfWork:
			r.key = t.get(fields, "WorkItemId")
		case sfPresence:
			if bad := st.badSpan(t, fields); bad != "" {
				st.problem(sfKey{obj, tab, 0, row}, &RowError{pos, BadRow, bad})
				continue
			}
			r.group, r.gtab, r.key = 1, tab, t.get(fields, "UserId")
		}
		if err := st.rows.add(r); err != nil {
			return err
		}
	}
}

// badSpan says what is wrong with a UserServicePresence row, if anything.
func (st *sfRun) badSpan(t *sfTable, row []string) string {
	agent, start, end := t.get(row, "UserId"), t.get(row, "StatusStartDate"), t.get(row, "StatusEndDate")
	bad := ""
	switch away := strings.ToLower(t.get(row, "IsAway")); away {
	case "true", "1", "", "false", "0":
	default:
		bad = fmt.Sprintf("IsAway %q: want true or false", t.get(row, "IsAway"))
	}
	switch {
	case agent == "":
		bad = "UserServicePresence without UserId"
	case start == "":
		bad = "UserServicePresence without StatusStartDate"
	case end != "":
		loc := st.s.opts.Location
		from, err1 := ParseTimeIn(start, "", loc)
		to, err2 := ParseTimeIn(end, "", loc)
		if err1 == nil && err2 == nil && to.Before(from) {
			bad = fmt.Sprintf("StatusEndDate %s is before StatusStartDate %s", end, start)
		}
	}
	return bad
}

// finish turns each session's rows (and each agent's spans) into events, puts
// them in time order and hands them to fn through the checks.
func (st *sfRun) finish(fn func(*Event) error) error {
	var group []sfRow
	err := st.rows.each(func(r *sfRow) error {
		if len(group) > 0 && (r.group != group[0].group || r.gtab != group[0].gtab || r.key != group[0].key) {
			if err := st.group(group); err != nil {
				return err
			}
			clear(group)
			group = group[:0]
		}
		group = append(group, *r)
		return nil
	})
	if err == nil && len(group) > 0 {
		err = st.group(group)
	}
	if err == nil {
		err = st.rows.close() // the first sort's files are read: free their disk
	}
	if err != nil {
		return err
	}
	if err := st.report(); err != nil {
		return err
	}
	s := st.s
	return st.evs.each(func(v *sfEvent) error {
		e := &v.e
		s.Problems.Rows++
		if re := s.check.Check(e, Pos{st.files[v.tab], int(v.line)}); re != nil {
			if err := s.problem(re); err != nil {
				return err
			}
			if re.Problem != NoCustomerMessage {
				return nil
			}
		}
		return fn(e)
	})
}

// add parses an event's time and holds it in cur, or reports the problem.
func (st *sfRun) add(e Event, tab, line int64, t string, seq sfKey) bool {
	var err error
	e.BotConfidence = NoConfidence
	if e.Time, err = ParseTimeIn(t, "", st.s.opts.Location); err != nil {
		pos := Pos{st.files[tab], int(line)}
		if errors.Is(err, ErrNoZone) {
			st.fail(seq, fmt.Errorf("%s: %w", pos, err))
		} else {
			st.problem(seq, &RowError{pos, BadTime, err.Error()})
		}
		return false
	}
	st.cur = append(st.cur, sfEvent{e: e, tab: tab, line: line, rank: int64(kindRank[e.Kind]), seq: seq})
	return true
}

// flush hands cur, the events of one session (ending at end, zero if it does
// not) or of one agent, to the second sort; a session's first customer
// message is its new one, with the session's language.
func (st *sfRun) flush(end time.Time, ss *sfSession) error {
	for i := range st.cur {
		if !end.Equal(st.cur[i].e.Time) {
			st.cur[i].later = 1
		}
	}
	sort.Slice(st.cur, func(i, j int) bool { return sfEventCmp(&st.cur[i], &st.cur[j]) < 0 })
	first := true
	for i := range st.cur {
		e := &st.cur[i].e
		if first && e.Actor == Customer && e.Kind == Message {
			first = false
			e.Cause = "new"
			if ss != nil {
				e.Language = ss.language
			}
		}
		if err := st.evs.add(st.cur[i]); err != nil {
			return err
		}
	}
	clear(st.cur)
	st.cur = st.cur[:0]
	return nil
}

func (st *sfRun) group(rows []sfRow) error {
	if rows[0].group == 1 {
		return st.spans(rows)
	}
	return st.session(rows)
}

// session turns one session's rows (its MessagingSession, entries and agent
// work, in object, table and row order) into its events.
func (st *sfRun) session(rows []sfRow) error {
	id := rows[0].key
	var ss *sfSession
	for _, r := range rows {
		if r.obj != sfMessaging {
			break
		}
		get := func(f string) string { return sfGet("MessagingSession", r.fields, f) }
		ch := get("ChannelType")
		if c, ok := sfChannels[strings.ToLower(ch)]; ok {
			ch = c
		} else {
			ch = strings.ToLower(ch)
		}
		// A repeated Id: the last row is the session.
		ss = &sfSession{channel: ch, language: get("EndUserLanguage"), agentType: get("AgentType"),
			endedBy: get("EndedByType"), end: get("EndTime"), tab: r.tab, line: r.line}
	}
	routed, accepted := false, false
	for i := 0; i < len(rows); {
		r := rows[i]
		switch r.obj {
		case sfEntry:
			get := func(f string) string { return sfGet("ConversationEntry", r.fields, f) }
			e := Event{ID: get("Id"), Conversation: id, Kind: Message}
			if ss != nil {
				e.Channel = ss.channel
			}
			switch get("EntryType") {
			case "BotEscalated":
				e.Kind = BotHandoff
			case "EndUserOptedOut":
				e.Kind = OptedOut
			}
			switch get("ActorType") {
			case "EndUser":
				e.Actor = Customer
			case "Agent", "Supervisor":
				e.Actor, e.AgentID = Agent, get("ActorId")
			case "Bot":
				e.Actor = Bot
			}
			if e.Kind == BotHandoff {
				e.Actor = Bot
			}
			st.add(e, r.tab, r.line, get("EntryTime"), sfKey{sfEntry, r.tab, r.row})
		case sfWork:
			// One table's work on the session, in request order: a request after
			// an accept is a transfer, else a requeue.
			j := i + 1
			for j < len(rows) && rows[j].obj == sfWork && rows[j].tab == r.tab {
				j++
			}
			if ss != nil { // else work on another object (a case, a call)
				ws := rows[i:j]
				firstRow := ws[0].row
				get := func(w *sfRow, f string) string { return sfGet("AgentWork", w.fields, f) }
				sort.SliceStable(ws, func(a, b int) bool {
					return get(&ws[a], "RequestDateTime") < get(&ws[b], "RequestDateTime")
				})
				wasAccepted := false
				for k := range ws {
					w := &ws[k]
					key := func(sub int64) sfKey { return sfKey{sfWork, w.tab, firstRow, int64(k), sub} }
					agent, queue := get(w, "UserId"), get(w, "OriginalQueueId")
					base := Event{Conversation: id, Channel: ss.channel, Actor: System, Queue: queue}
					if req := get(w, "RequestDateTime"); req != "" {
						e := base
						e.Kind, e.Cause = Routed, "first"
						if k > 0 && wasAccepted {
							e.Kind, e.Cause = Transferred, ""
						} else if k > 0 {
							e.Cause = "requeue"
						}
						st.add(e, w.tab, w.line, req, key(0))
						routed = true
					}
					if at := get(w, "AssignedDateTime"); at != "" {
						e := base
						e.Kind, e.AgentID = Offered, agent
						st.add(e, w.tab, w.line, at, key(1))
					}
					if at := get(w, "AcceptDateTime"); at != "" {
						e := base
						e.Kind, e.Actor, e.AgentID = Accepted, Agent, agent
						st.add(e, w.tab, w.line, at, key(2))
						accepted, wasAccepted = true, true
					}
					if at := get(w, "DeclineDateTime"); at != "" {
						e := base
						e.Kind, e.Actor, e.AgentID, e.Cause = Declined, Agent, agent, "declined"
						if get(w, "Status") == "DeclinedOnPushTimeout" {
							e.Actor, e.Cause = System, "push_timeout"
						}
						st.add(e, w.tab, w.line, at, key(3))
					}
				}
			}
			i = j
			continue
		}
		i++
	}
	var end time.Time
	if ss != nil && ss.end != "" { // else still open
		e := Event{Conversation: id, Channel: ss.channel, Kind: Closed, Actor: System, Cause: "done"}
		switch {
		case routed && !accepted:
			e.Kind, e.Actor, e.Cause = Abandoned, Customer, ""
		case !routed && ss.agentType == "Bot":
			e.Actor, e.Outcome = Bot, "resolved"
		case ss.endedBy == "Agent":
			e.Actor = Agent
		case ss.endedBy == "EndUser":
			e.Actor = Customer
		}
		if st.add(e, ss.tab, ss.line, ss.end, sfKey{sfEnd, 0, st.ends}) {
			end = st.cur[len(st.cur)-1].e.Time
		}
		st.ends++
	}
	return st.flush(end, ss)
}

// spans turns one agent's UserServicePresence rows of one table into presence
// events: each span's start is online (away when IsAway), its end offline
// unless the agent's next span starts at that instant.
func (st *sfRun) spans(rows []sfRow) error {
	starts := map[string]bool{}
	for _, r := range rows {
		starts[sfGet("UserServicePresence", r.fields, "StatusStartDate")] = true
	}
	for _, r := range rows {
		get := func(f string) string { return sfGet("UserServicePresence", r.fields, f) }
		e := Event{Actor: Agent, Kind: Online, AgentID: get("UserId")}
		if a := strings.ToLower(get("IsAway")); a == "true" || a == "1" {
			e.Kind = Away
		}
		st.add(e, r.tab, r.line, get("StatusStartDate"), sfKey{sfPresence, r.tab, 1, r.row, 0})
		if end := get("StatusEndDate"); end != "" && !starts[end] {
			e.Kind = Offline
			st.add(e, r.tab, r.line, end, sfKey{sfPresence, r.tab, 1, r.row, 1})
		}
	}
	return st.flush(time.Time{}, nil)
}

func objectOrder(o string) int {
	for i, s := range SalesforceObjects {
		if s == o {
			return i
		}
	}
	return len(SalesforceObjects)
}

func encodeRow(w *spillWriter, r *sfRow) {
	w.int(r.group)
	w.int(r.gtab)
	w.str(r.key)
	w.int(r.obj)
	w.int(r.tab)
	w.int(r.row)
	w.int(r.line)
	w.int(int64(len(r.fields)))
	for _, f := range r.fields {
		w.str(f)
	}
}

func decodeRow(rd *spillReader, r *sfRow) {
	r.group, r.gtab, r.key = rd.int(), rd.int(), rd.str()
	r.obj, r.tab, r.row, r.line = rd.int(), rd.int(), rd.int(), rd.int()
	n := rd.int()
	if n < 0 || n > 64 {
		rd.fail(errors.New("bad row"))
		return
	}
	r.fields = make([]string, n)
	for i := range r.fields {
		r.fields[i] = rd.str()
	}
}

func (st *sfRun) encodeEvent(w *spillWriter, v *sfEvent) {
	e := &v.e
	for _, s := range [...]string{e.ID, e.Conversation, e.Channel, e.Actor, e.Kind, e.Cause, e.AgentID, e.Queue, e.Intent, e.Language, e.Tier, e.Outcome} {
		w.str(s)
	}
	w.float(e.BotConfidence)
	name, offset := e.Time.Zone()
	z := sfZone{e.Time.Location().String(), name, offset}
	k, ok := st.zoneOf[z]
	if !ok {
		k = len(st.zones)
		st.zoneOf[z] = k
		st.zones = append(st.zones, e.Time.Location())
	}
	w.int(e.Time.Unix())
	w.int(int64(e.Time.Nanosecond()))
	w.int(int64(k))
	w.int(v.tab)
	w.int(v.line)
	w.int(v.later)
	w.int(v.rank)
	for _, x := range v.seq {
		w.int(x)
	}
}

func (st *sfRun) decodeEvent(r *spillReader, v *sfEvent) {
	e := &v.e
	e.ID, e.Conversation = r.str(), r.str()
	e.Channel, e.Actor, e.Kind, e.Cause, e.AgentID, e.Queue = r.name(), r.name(), r.name(), r.name(), r.name(), r.name()
	e.Intent, e.Language, e.Tier, e.Outcome = r.name(), r.name(), r.name(), r.name()
	e.BotConfidence = r.float()
	sec, nsec, k := r.int(), r.int(), r.int()
	if r.err == nil && (k < 0 || k >= int64(len(st.zones))) {
		r.fail(errors.New("bad zone"))
	}
	if r.err != nil {
		return
	}
	e.Time = time.Unix(sec, nsec).In(st.zones[k])
	v.tab, v.line, v.later, v.rank = r.int(), r.int(), r.int(), r.int()
	for i := range v.seq {
		v.seq[i] = r.int()
	}
}
