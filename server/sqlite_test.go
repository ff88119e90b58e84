package server

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func stateServer(t *testing.T, path string, clock *fakeClock, mod func(*Config)) *Server {
	t.Helper()
	cfg := testConfig(t, clock)
	cfg.State = path
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A restart on the same file resumes: messages, deliveries, open conversations
// with their agents (capacity recomputed), offers made again, waiting conversations
// in order, presence and opt-outs.
func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	push := func(c *Config) { c.Routing.PushTimeout = time.Minute }
	s := stateServer(t, path, clock, push)
	do(t, s, "POST", "/v1/messages", msg("m1", "c1", "whatsapp", "+1", "hi")) // offered to a1
	do(t, s, "POST", "/v1/messages", msg("m2", "c2", "sms", "+2", "STOP"))    // offered to a2
	do(t, s, "POST", "/v1/messages", msg("m3", "c3", "web", "v3", "hi"))      // waits
	do(t, s, "POST", "/v1/messages", msg("m4", "c4", "web", "v4", "hi"))      // waits
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/accept", AgentRequest{"a1"}), http.StatusOK)
	do(t, s, "POST", "/v1/messages", msg("m5", "c1", "whatsapp", "+1", "more")) // delivered to a1
	s.Close()

	clock.advance(time.Second)
	s = stateServer(t, path, clock, push)
	defer s.Close()
	r := do(t, s, "GET", "/v1/conversations/c1", nil)
	if r.field(t, "status") != "open" || r.field(t, "agent_id") != "a1" {
		t.Fatalf("c1 after restart: %s", r.body)
	}
	r = do(t, s, "GET", "/v1/conversations/c2", nil)
	if r.field(t, "status") != "offered" || r.field(t, "agent_id") != "a2" || r.field(t, "opted_out") != true {
		t.Fatalf("c2 after restart: %s", r.body)
	}
	r = do(t, s, "GET", "/v1/agents", nil)
	var agents struct{ Agents []AgentView }
	r.json(t, &agents)
	for _, a := range agents.Agents {
		if a.Used != 1 || a.Presence != "online" {
			t.Errorf("agent after restart: %+v, want one unit used, online", a)
		}
	}
	// c3 is next in line, then c4.
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/close", nil), http.StatusOK)
	if r := do(t, s, "GET", "/v1/conversations/c3", nil); r.field(t, "status") != "offered" {
		t.Fatalf("c3: %s", r.body)
	}
	if r := do(t, s, "GET", "/v1/conversations/c4", nil); r.field(t, "status") != "waiting" {
		t.Fatalf("c4: %s", r.body)
	}
	// The retried message id is still known; deliveries are not repeated.
	r = do(t, s, "POST", "/v1/messages", msg("m1", "c1", "whatsapp", "+1", "hi"))
	wantCode(t, r, http.StatusOK)
	for _, m := range audit(t, s) {
		want := 1
		if m.ConversationID == "c3" {
			want = 0 // offered, not accepted yet
		}
		if m.ConversationID == "c4" || m.ConversationID == "c2" {
			want = 0
		}
		if len(m.DeliveredTo) != want {
			t.Errorf("%s (%s) delivered to %v, want %d deliveries", m.MessageID, m.ConversationID, m.DeliveredTo, want)
		}
	}
}

func TestStateFileNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("this is not a database\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{Channels: testChannels(t), Clock: newFakeClock(), State: path})
	var se *StateError
	if !errors.As(err, &se) || se.Path != path {
		t.Fatalf("err = %v, want a StateError naming %s", err, path)
	}
}

func TestStateFileFromNewerVersionIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s := stateServer(t, path, newFakeClock(), nil)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = New(Config{Channels: testChannels(t), Clock: newFakeClock(), State: path})
	var se *StateError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("err = %v, want a StateError about a newer schema", err)
	}
}

// Migrations run one by one from any older version.
func TestMigrationsFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0] + "; PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := stateServer(t, path, newFakeClock(), nil)
	defer s.Close()
	var v int
	if err := s.store.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion {
		t.Fatalf("user_version %d (%v), want %d", v, err, SchemaVersion)
	}
	wantCode(t, do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v", "hi")), http.StatusAccepted)
	wantCode(t, do(t, s, "POST", "/v1/conversations/c1/replies", ReplyRequest{AgentID: "a1"}), http.StatusOK)
}

func TestHealthzReportsState(t *testing.T) {
	s := stateServer(t, filepath.Join(t.TempDir(), "s.db"), newFakeClock(), nil)
	defer s.Close()
	r := do(t, s, "GET", "/healthz", nil)
	var h Health
	r.json(t, &h)
	if h.State != "sqlite" || h.SchemaVersion != SchemaVersion || h.Status != "ok" {
		t.Fatalf("healthz %+v", h)
	}
}

// A state file written before the routing attributes (schema 2) resumes: its open
// conversation goes back to its agent with the channel's default attributes, and
// its customer awaits a reply (no inactivity clock yet).
func TestStateFromVersion2Resumes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	stmts := migrations[0] + ";" + migrations[1] + `; PRAGMA user_version = 2;
		INSERT INTO meta (key, value) VALUES ('origin_unix_ns', '` + fmt.Sprint(clock.Now().UnixNano()) + `'), ('time_scale', '1');
		INSERT INTO agents (id, presence) VALUES ('a1', 'online'), ('a2', 'online');
		INSERT INTO conversations (id, channel, customer, status, agent, last_agent, created_ns, queued_ns, offered_ns, last_inbound_ns)
			VALUES ('c1', 'web', 'v1', 'open', 'a2', 'a2', 0, 0, 0, 0);
		INSERT INTO messages (seq, id, conversation_id, text, at_ns) VALUES (1, 'm1', 'c1', 'hi', 0);
		INSERT INTO deliveries (message_seq, recipient, at_ns) VALUES (1, 'a2', 0);`
	if _, err := db.Exec(stmts); err != nil {
		t.Fatal(err)
	}
	db.Close()
	clock.advance(time.Minute)
	s := stateServer(t, path, clock, nil)
	defer s.Close()
	r := do(t, s, "GET", "/v1/conversations/c1", nil)
	if r.field(t, "status") != "open" || r.field(t, "agent_id") != "a2" || r.field(t, "language") != "en" || r.field(t, "intent") != "general" {
		t.Fatalf("c1 from a schema 2 file: %s", r.body)
	}
	var a AgentView
	do(t, s, "GET", "/v1/agents/a2/work", nil).json(t, &a)
	if a.Used != 1 {
		t.Errorf("a2: %+v, want its conversation's unit", a)
	}
	r = do(t, s, "POST", "/v1/messages", msg("m2", "c1", "web", "v1", "more"))
	if r.field(t, "agent_id") != "a2" {
		t.Fatalf("next message: %s", r.body)
	}
}
