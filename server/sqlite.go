package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// StateError is a state file that cannot be used: not a database, written by a
// newer omnisim, unreadable. The command line reports it as bad input (exit 2).
type StateError struct {
	Path string
	Err  error
}

func (e *StateError) Error() string { return "state file " + e.Path + ": " + e.Err.Error() }
func (e *StateError) Unwrap() error { return e.Err }

// migrations is the schema history: migrations[i] takes a state file from schema
// version i to i+1 (PRAGMA user_version). Append, never edit: files in the field
// were written by the old ones.
var migrations = []string{
	// 1: conversations, messages, deliveries, agents' presence, opt-outs.
	`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
	CREATE TABLE agents (id TEXT PRIMARY KEY, presence TEXT NOT NULL);
	CREATE TABLE conversations (
		id TEXT PRIMARY KEY, channel TEXT NOT NULL, customer TEXT NOT NULL, status TEXT NOT NULL,
		agent TEXT NOT NULL DEFAULT '', last_agent TEXT NOT NULL DEFAULT '',
		created_ns INTEGER NOT NULL, queued_ns INTEGER NOT NULL DEFAULT 0,
		offered_ns INTEGER NOT NULL DEFAULT 0, closed_ns INTEGER NOT NULL DEFAULT 0,
		last_inbound_ns INTEGER, customer_closed INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE messages (
		seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, conversation_id TEXT NOT NULL,
		text TEXT NOT NULL, at_ns INTEGER NOT NULL);
	CREATE TABLE deliveries (message_seq INTEGER NOT NULL, recipient TEXT NOT NULL, at_ns INTEGER NOT NULL);
	CREATE INDEX deliveries_message ON deliveries (message_seq);
	CREATE TABLE opt_outs (channel TEXT NOT NULL, customer TEXT NOT NULL, PRIMARY KEY (channel, customer));`,
	// 2: agents' outbound messages with the window engine's decision.
	`CREATE TABLE replies (
		conversation_id TEXT NOT NULL, agent TEXT NOT NULL, kind TEXT NOT NULL,
		decision TEXT NOT NULL, reason TEXT NOT NULL, at_ns INTEGER NOT NULL);`,
	// 3: routing attributes (language, intent, tier: skills and secondary
	// priority), the agent's reply that starts the inactivity clock (NULL: the
	// customer awaits a reply), and when the conversation last went inactive
	// (status capacity; the sticky window counts from it).
	`ALTER TABLE conversations ADD COLUMN language TEXT NOT NULL DEFAULT '';
	ALTER TABLE conversations ADD COLUMN intent TEXT NOT NULL DEFAULT '';
	ALTER TABLE conversations ADD COLUMN tier TEXT NOT NULL DEFAULT '';
	ALTER TABLE conversations ADD COLUMN replied_ns INTEGER;
	ALTER TABLE conversations ADD COLUMN inactive_ns INTEGER NOT NULL DEFAULT 0;`,
	// 4: outbound messages' pricing category and, for delay announcements, their
	// text (read back into the conversation's view); customers' recorded explicit
	// and double opt-ins, with a double opt-in waiting for its confirmation.
	`ALTER TABLE replies ADD COLUMN category TEXT NOT NULL DEFAULT '';
	ALTER TABLE replies ADD COLUMN text TEXT NOT NULL DEFAULT '';
	CREATE TABLE consents (channel TEXT NOT NULL, customer TEXT NOT NULL, state TEXT NOT NULL,
		pending INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL DEFAULT '', at_ns INTEGER NOT NULL,
		PRIMARY KEY (channel, customer));`,
}

// DefaultBusyTimeout is how long a write waits for another connection's lock
// on the state file before it fails (SQLITE_BUSY), when Config.BusyTimeout is 0.
const DefaultBusyTimeout = 5 * time.Second

// SchemaVersion is the state file schema this build writes.
var SchemaVersion = len(migrations)

type sqliteStore struct {
	db    *sql.DB
	rdb   *sql.DB  // reads while the server runs (RetainClosed), beside the writer
	lock  *os.File // PATH.lock, held while the file is open
	path  string
	stmts map[string]*sql.Stmt // prepared once, used in every transaction
}

// openSQLite opens (creating if needed), checks and migrates a state file.
func openSQLite(path string, acceptLoss bool, busy time.Duration) (*sqliteStore, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, &StateError{path, errors.New("is a directory")}
	}
	lock, err := lockFile(path + ".lock")
	if errors.Is(err, errLocked) {
		return nil, &StateError{path, fmt.Errorf("in use by another omnisim serve (it holds %s.lock): stop it, or give this one another --state file", path)}
	}
	if err != nil {
		return nil, &StateError{path, err}
	}
	s, err := openLocked(path, acceptLoss, busy)
	if err != nil {
		lock.Close()
		return nil, err
	}
	s.lock = lock
	return s, nil
}

// errLocked: another process holds the state file's lock.
var errLocked = errors.New("locked")

// The meta key that says the file is open: 1 from start to a clean close. A
// file that says 1 was not shut down cleanly, and its latest transactions are in
// its journal (PATH-wal) until the next start checkpoints them.
const metaRunning = "running"

// checkFiles refuses what can be seen from the file system before SQLite
// opens the file and silently makes the best of it: a journal without its file
// (SQLite would start an empty file and replay part of it), and an empty file
// without a journal (a state file that was written is never empty: truncated).
func checkFiles(path string) error {
	st, err := os.Stat(path)
	_, werr := os.Stat(path + "-wal")
	hasWAL := werr == nil
	switch {
	case errors.Is(err, os.ErrNotExist) && hasWAL:
		return fmt.Errorf("does not exist, but its journal %s-wal does: the state file was deleted or moved; put it back, or remove %s-wal to start a new state", path, path)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return err
	case err == nil && st.Size() == 0 && !hasWAL:
		return fmt.Errorf("is empty (0 bytes) and has no journal: a state file that was written is never empty (truncated?); remove it to start a new state")
	}
	return nil
}

func openLocked(path string, acceptLoss bool, busy time.Duration) (*sqliteStore, error) {
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	if err := checkFiles(path); err != nil {
		return nil, &StateError{path, err}
	}
	_, werr := os.Stat(path + "-wal")
	hasWAL := werr == nil
	// WAL: a transaction is durable once its commit record is in the log. The
	// OS keeps it when the process is killed; synchronous=FULL also syncs the log
	// at each commit (one fsync per group commit), so that a power cut or an OS
	// crash does not lose acknowledged transactions either.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(" + strconv.FormatInt(max(busy.Milliseconds(), 1), 10) + ")&_pragma=foreign_keys(OFF)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, &StateError{path, err}
	}
	db.SetMaxOpenConns(1) // one writer; reads happen only at start
	s := &sqliteStore{db: db, path: path, stmts: map[string]*sql.Stmt{}}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, &StateError{path, err}
	}
	if err := s.check(hasWAL, acceptLoss); err != nil {
		db.Close()
		return nil, &StateError{path, err}
	}
	// A second connection for reads while the server runs: in WAL mode it
	// reads the last commit without waiting for the writer's transaction.
	if s.rdb, err = sql.Open("sqlite", dsn+"&_pragma=query_only(1)"); err != nil {
		s.close()
		return nil, &StateError{path, err}
	}
	s.rdb.SetMaxOpenConns(2)
	for _, q := range writeStatements {
		st, err := db.Prepare(q)
		if err != nil {
			s.close()
			return nil, &StateError{path, err}
		}
		s.stmts[q] = st
	}
	return s, nil
}

func (s *sqliteStore) migrate() error {
	ctx := context.Background()
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err // "file is not a database" lands here
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("cannot switch to WAL mode (journal_mode is %s)", mode)
	}
	if version > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this omnisim's (%d): use a newer omnisim, or another file", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
	}
	return nil
}

// check refuses a file that was not shut down cleanly and lost its journal,
// and one that SQLite finds corrupt (PRAGMA integrity_check); then it marks the
// file open, in the file itself (a checkpoint), so that the next start can tell.
func (s *sqliteStore) check(hadWAL, acceptLoss bool) error {
	running, err := s.meta(metaRunning)
	if err != nil {
		return err
	}
	if running == "1" && !hadWAL && !acceptLoss {
		return fmt.Errorf("was not shut down cleanly and its journal %s-wal is gone: the changes acknowledged since its last checkpoint are lost. "+
			"Put the journal back (both files, as they were), or start from what the file holds with --state-accept-loss", s.path)
	}
	rows, err := s.db.Query("PRAGMA integrity_check(10)")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: %w", err)
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	if err := closeRows(rows); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("is corrupt (PRAGMA integrity_check): %s", strings.Join(problems, "; "))
	}
	if err := s.setMeta(metaRunning, "1"); err != nil {
		return err
	}
	// Into the file itself: the journal may be what goes missing. Another
	// connection reading the file may keep the checkpoint from completing;
	// then the mark is in the journal only (not fatal: detection is best
	// effort, doc.go).
	_, err = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

func (s *sqliteStore) close() error {
	for _, st := range s.stmts {
		st.Close()
	}
	if s.rdb != nil {
		s.rdb.Close()
	}
	// A clean shutdown: SQLite checkpoints the journal into the file and
	// removes it as the last connection closes.
	merr := s.setMeta(metaRunning, "0")
	err := s.db.Close()
	if err == nil {
		err = merr
	}
	s.unlock()
	return err
}

func (s *sqliteStore) unlock() {
	if s.lock != nil {
		s.lock.Close() // releases the flock
		s.lock = nil
	}
}

// meta reads a meta value ("" if absent).
func (s *sqliteStore) meta(key string) (string, error) {
	var v string
	err := s.db.QueryRow("SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (s *sqliteStore) setMeta(key, value string) error {
	_, err := s.db.Exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// The statements of write, prepared when the file is opened.
const (
	qMessage  = "INSERT INTO messages (seq, id, conversation_id, text, at_ns) VALUES (?, ?, ?, ?, ?)"
	qDelivery = "INSERT INTO deliveries (message_seq, recipient, at_ns) VALUES (?, ?, ?)"
	qAgent    = "INSERT INTO agents (id, presence) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET presence = excluded.presence"
	qOptOut   = "INSERT OR IGNORE INTO opt_outs (channel, customer) VALUES (?, ?)"
	qOptIn    = "DELETE FROM opt_outs WHERE channel = ? AND customer = ?"
	qReply    = "INSERT INTO replies (conversation_id, agent, kind, decision, reason, category, text, at_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	qConsent  = `INSERT INTO consents (channel, customer, state, pending, source, at_ns) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (channel, customer) DO UPDATE SET state = excluded.state, pending = excluded.pending,
				source = excluded.source, at_ns = excluded.at_ns`
	qUnconsent = "DELETE FROM consents WHERE channel = ? AND customer = ?"
	qConv      = `INSERT INTO conversations (id, channel, customer, status, agent, last_agent, created_ns, queued_ns, offered_ns, closed_ns, last_inbound_ns, customer_closed,
				language, intent, tier, replied_ns, inactive_ns)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET status = excluded.status, agent = excluded.agent, last_agent = excluded.last_agent,
				queued_ns = excluded.queued_ns, offered_ns = excluded.offered_ns, closed_ns = excluded.closed_ns,
				last_inbound_ns = excluded.last_inbound_ns, customer_closed = excluded.customer_closed,
				replied_ns = excluded.replied_ns, inactive_ns = excluded.inactive_ns`
)

var writeStatements = []string{qMessage, qDelivery, qAgent, qOptOut, qOptIn, qReply, qConsent, qUnconsent, qConv}

// write commits a batch of ops in one transaction.
func (s *sqliteStore) write(ops []op) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	exec := func(query string, args ...any) error {
		st := s.stmts[query]
		if st == nil {
			return fmt.Errorf("statement not prepared: %s", query)
		}
		_, err := tx.Stmt(st).Exec(args...)
		return err
	}
	// A conversation changes several times in a batch (created, then offered):
	// its row is written once, with its last state.
	lastConv := map[string]int{}
	for i, o := range ops {
		if c, ok := o.(opConv); ok {
			lastConv[c.id] = i
		}
	}
	for i, o := range ops {
		var err error
		if c, ok := o.(opConv); ok && lastConv[c.id] != i {
			continue
		}
		switch o := o.(type) {
		case opMessage:
			err = exec(qMessage, o.seq, o.id, o.conv, o.text, o.at)
		case opDelivery:
			err = exec(qDelivery, o.seq, o.to, o.at)
		case opConv:
			var last, replied any
			if o.hasInbound {
				last = o.lastInbound
			}
			if o.hasReplied {
				replied = o.repliedAt
			}
			err = exec(qConv,
				o.id, o.channel, o.customer, o.status, o.agent, o.lastAgent, o.created, o.queued, o.offered, o.closed, last, o.customerClosed,
				o.language, o.intent, o.tier, replied, o.inactiveAt)
		case opAgent:
			err = exec(qAgent, o.id, o.presence)
		case opOptOut:
			if o.out {
				err = exec(qOptOut, o.channel, o.customer)
			} else {
				err = exec(qOptIn, o.channel, o.customer)
			}
		case opReply:
			err = exec(qReply, o.conv, o.agent, o.kind, o.decision, o.reason, o.category, o.text, o.at)
		case opConsent:
			if o.remove {
				err = exec(qUnconsent, o.channel, o.customer)
			} else {
				err = exec(qConsent, o.channel, o.customer, o.state, o.pending, o.source, o.at)
			}
		default:
			err = fmt.Errorf("unknown op %T", o)
		}
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// savedState is what a state file holds, read back at start.
type savedState struct {
	agents   map[string]string // id → presence
	convs    []opConv          // by creation
	messages []opMessage       // by seq
	delivs   []opDelivery
	optOuts  []opOptOut
	consents []opConsent
	// announcements: the delay announcements sent, by time.
	announcements []opReply
}

func (s *sqliteStore) load() (*savedState, error) {
	st := &savedState{agents: map[string]string{}}
	rows, err := s.db.Query("SELECT id, presence FROM agents")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, p string
		if err := rows.Scan(&id, &p); err != nil {
			rows.Close()
			return nil, err
		}
		st.agents[id] = p
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	rows, err = s.db.Query(`SELECT id, channel, customer, status, agent, last_agent, created_ns, queued_ns, offered_ns, closed_ns, last_inbound_ns, customer_closed,
		language, intent, tier, replied_ns, inactive_ns
		FROM conversations ORDER BY created_ns, rowid`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c opConv
		var last, replied sql.NullInt64
		if err := rows.Scan(&c.id, &c.channel, &c.customer, &c.status, &c.agent, &c.lastAgent, &c.created, &c.queued, &c.offered, &c.closed, &last, &c.customerClosed,
			&c.language, &c.intent, &c.tier, &replied, &c.inactiveAt); err != nil {
			rows.Close()
			return nil, err
		}
		c.lastInbound, c.hasInbound = last.Int64, last.Valid
		c.repliedAt, c.hasReplied = replied.Int64, replied.Valid
		st.convs = append(st.convs, c)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	rows, err = s.db.Query("SELECT seq, id, conversation_id, text, at_ns FROM messages ORDER BY seq")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m opMessage
		if err := rows.Scan(&m.seq, &m.id, &m.conv, &m.text, &m.at); err != nil {
			rows.Close()
			return nil, err
		}
		st.messages = append(st.messages, m)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	rows, err = s.db.Query("SELECT message_seq, recipient, at_ns FROM deliveries ORDER BY rowid")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var d opDelivery
		if err := rows.Scan(&d.seq, &d.to, &d.at); err != nil {
			rows.Close()
			return nil, err
		}
		st.delivs = append(st.delivs, d)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	rows, err = s.db.Query("SELECT channel, customer FROM opt_outs")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		o := opOptOut{out: true}
		if err := rows.Scan(&o.channel, &o.customer); err != nil {
			rows.Close()
			return nil, err
		}
		st.optOuts = append(st.optOuts, o)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	rows, err = s.db.Query("SELECT channel, customer, state, pending, source, at_ns FROM consents ORDER BY channel, customer")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var o opConsent
		if err := rows.Scan(&o.channel, &o.customer, &o.state, &o.pending, &o.source, &o.at); err != nil {
			rows.Close()
			return nil, err
		}
		st.consents = append(st.consents, o)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	rows, err = s.db.Query("SELECT conversation_id, decision, reason, category, text, at_ns FROM replies WHERE kind = ? ORDER BY rowid", announcementKind)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		o := opReply{kind: announcementKind}
		if err := rows.Scan(&o.conv, &o.decision, &o.reason, &o.category, &o.text, &o.at); err != nil {
			rows.Close()
			return nil, err
		}
		st.announcements = append(st.announcements, o)
	}
	return st, closeRows(rows)
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// origin reads the state file's time origin and scale, or records now.
func (s *sqliteStore) origin(now time.Time, scale float64) (time.Time, error) {
	o, err := s.meta("origin_unix_ns")
	if err != nil {
		return time.Time{}, err
	}
	sc, err := s.meta("time_scale")
	if err != nil {
		return time.Time{}, err
	}
	if o == "" {
		if err := s.setMeta("origin_unix_ns", strconv.FormatInt(now.UnixNano(), 10)); err != nil {
			return time.Time{}, err
		}
		return now, s.setMeta("time_scale", strconv.FormatFloat(scale, 'g', -1, 64))
	}
	ns, err := strconv.ParseInt(o, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("meta origin_unix_ns %q: %w", o, err)
	}
	origin := time.Unix(0, ns)
	old, err := strconv.ParseFloat(sc, 64)
	if err != nil || !(old > 0) {
		return time.Time{}, fmt.Errorf("meta time_scale %q is not a positive number", sc)
	}
	if old != scale {
		// Keep the server's time continuous: old·(now−origin) = scale·(now−origin').
		virtual := float64(now.Sub(origin)) * old
		origin = now.Add(-time.Duration(virtual / scale))
		if err := s.setMeta("origin_unix_ns", strconv.FormatInt(origin.UnixNano(), 10)); err != nil {
			return time.Time{}, err
		}
		if err := s.setMeta("time_scale", strconv.FormatFloat(scale, 'g', -1, 64)); err != nil {
			return time.Time{}, err
		}
	}
	return origin, nil
}

// crash lets the file go without writing anything more, as if the process had
// died (tests): the lock is released, and the connection is left open, never to
// be used again, so that SQLite neither checkpoints nor removes the journal as a
// clean close would.
func (s *sqliteStore) crash() {
	s.unlock()
}

// conversation reads one conversation's row (nil: none).
func (s *sqliteStore) conversation(id string) (*opConv, error) {
	var c opConv
	var last, replied sql.NullInt64
	err := s.rdb.QueryRow(`SELECT id, channel, customer, status, agent, last_agent, created_ns, queued_ns, offered_ns, closed_ns, last_inbound_ns, customer_closed,
		language, intent, tier, replied_ns, inactive_ns FROM conversations WHERE id = ?`, id).Scan(
		&c.id, &c.channel, &c.customer, &c.status, &c.agent, &c.lastAgent, &c.created, &c.queued, &c.offered, &c.closed, &last, &c.customerClosed,
		&c.language, &c.intent, &c.tier, &replied, &c.inactiveAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.lastInbound, c.hasInbound = last.Int64, last.Valid
	c.repliedAt, c.hasReplied = replied.Int64, replied.Valid
	return &c, nil
}

// storedMessage finds a message by id: its conversation and that
// conversation's status.
func (s *sqliteStore) storedMessage(id string) (conv, status string, ok bool) {
	err := s.rdb.QueryRow(`SELECT m.conversation_id, COALESCE(c.status, '') FROM messages m
		LEFT JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`, id).Scan(&conv, &status)
	return conv, status, err == nil
}

// audit reads a page of the audit from the file.
func (s *sqliteStore) audit(after int64, limit int) (AuditPage, error) {
	page := AuditPage{Messages: []AuditMessage{}}
	tx, err := s.rdb.Begin() // one snapshot for both queries
	if err != nil {
		return page, err
	}
	defer tx.Rollback()
	rows, err := tx.Query(`SELECT m.seq, m.id, m.conversation_id, COALESCE(c.status, '') FROM messages m
		LEFT JOIN conversations c ON c.id = m.conversation_id WHERE m.seq > ? ORDER BY m.seq LIMIT ?`, after, limit+1)
	if err != nil {
		return page, err
	}
	for rows.Next() {
		m := AuditMessage{DeliveredTo: []string{}}
		if err := rows.Scan(&m.Seq, &m.MessageID, &m.ConversationID, &m.Status); err != nil {
			rows.Close()
			return page, err
		}
		page.Messages = append(page.Messages, m)
	}
	if err := closeRows(rows); err != nil {
		return page, err
	}
	if len(page.Messages) > limit {
		page.Messages = page.Messages[:limit]
		page.Next = page.Messages[limit-1].Seq
	}
	if len(page.Messages) == 0 {
		return page, nil
	}
	first, last := page.Messages[0].Seq, page.Messages[len(page.Messages)-1].Seq
	rows, err = tx.Query("SELECT message_seq, recipient FROM deliveries WHERE message_seq BETWEEN ? AND ? ORDER BY rowid", first, last)
	if err != nil {
		return page, err
	}
	bySeq := make(map[int64]int, len(page.Messages))
	for i, m := range page.Messages {
		bySeq[m.Seq] = i
	}
	for rows.Next() {
		var seq int64
		var to string
		if err := rows.Scan(&seq, &to); err != nil {
			rows.Close()
			return page, err
		}
		if i, ok := bySeq[seq]; ok {
			page.Messages[i].DeliveredTo = append(page.Messages[i].DeliveredTo, to)
		}
	}
	return page, closeRows(rows)
}
