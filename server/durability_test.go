package server

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lockHolder is a second connection to a state file that holds its write lock
// (BEGIN IMMEDIATE) until released, as another process writing to it would.
type lockHolder struct {
	db   *sql.DB
	conn *sql.Conn
}

func holdWriteLock(t *testing.T, path string) *lockHolder {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("taking the write lock: %v", err)
	}
	h := &lockHolder{db, conn}
	t.Cleanup(h.release)
	return h
}

func (h *lockHolder) release() {
	if h.conn == nil {
		return
	}
	h.conn.ExecContext(context.Background(), "ROLLBACK")
	h.conn.Close()
	h.db.Close()
	h.conn = nil
}

// crash ends a server as kill -9 would: nothing pending is written, nothing is
// shut down in order. The timer goroutine stops and the file is closed (the
// journal's writer, left running, can no longer reach it), so that the file can
// be opened again by this process.
func crash(s *Server) {
	close(s.stop)
	<-s.timerDone
	s.store.crash()
}

// shortBusy makes a write fail after 20 ms on a locked state file.
func shortBusy(c *Config) { c.BusyTimeout = 20 * time.Millisecond }

// The fault injection (item 1): another connection holds the state
// file's write lock while messages and retries arrive; then the server dies
// without a clean shutdown and restarts. Every message ever answered 2xx is in
// the audit, once. Before the fix, a retry of a message whose commit had failed
// was answered 200 duplicate although nothing was on disk, and lost at restart;
// and until a new change was written, every change request got the same 500.
func TestFailedCommitLosesNothingAcknowledged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	s := stateServer(t, path, clock, shortBusy)
	acked := map[string]bool{}
	post := func(id, from string) int {
		r := do(t, s, "POST", "/v1/messages", msg(id, "", "web", from, "hi"))
		if r.code/100 == 2 {
			acked[id] = true
		}
		return r.code
	}
	if c := post("m0", "v0"); c != http.StatusAccepted {
		t.Fatalf("m0: %d", c)
	}
	lock := holdWriteLock(t, path)
	for i := 1; i <= 4; i++ {
		if c := post(fmt.Sprintf("m%d", i), fmt.Sprintf("v%d", i)); c != http.StatusInternalServerError {
			t.Fatalf("m%d with the file locked: %d, want 500", i, c)
		}
	}
	if c := post("m1", "v1"); c != http.StatusInternalServerError { // a retry, still locked
		t.Fatalf("m1 retried with the file locked: %d, want 500", c)
	}
	// Changes other than messages fail too while the lock is held.
	wantCode(t, do(t, s, "PUT", "/v1/agents/a2/presence", PresenceRequest{"away"}), http.StatusInternalServerError)
	lock.release()
	// A new message after the lock is gone commits (and carries what failed).
	if c := post("m5", "v5"); c != http.StatusAccepted {
		t.Fatalf("m5 after the lock: %d, want 202", c)
	}
	// The retries of m1 and m2 are acknowledged: their messages are on disk.
	for _, id := range []string{"m1", "m2"} {
		r := do(t, s, "POST", "/v1/messages", msg(id, "", "web", "v"+id[1:], "hi"))
		if r.code/100 != 2 {
			t.Fatalf("%s retried after the lock: %d %s", id, r.code, r.body)
		}
		acked[id] = true
	}
	// A later retry is a duplicate, and a change that adds nothing is not a 500.
	if r := do(t, s, "POST", "/v1/messages", msg("m1", "", "web", "v1", "hi")); r.code != http.StatusOK || r.field(t, "duplicate") != true {
		t.Fatalf("m1 retried again: %d %s", r.code, r.body)
	}
	wantCode(t, do(t, s, "PUT", "/v1/agents/a1/presence", PresenceRequest{"online"}), http.StatusOK)

	// While the file is locked again, a retry of a message whose commit failed
	// is not acknowledged either.
	lock = holdWriteLock(t, path)
	if c := post("m6", "v6"); c != http.StatusInternalServerError {
		t.Fatalf("m6 locked: %d", c)
	}
	if c := post("m6", "v6"); c != http.StatusInternalServerError {
		t.Fatalf("m6 retried, locked: %d", c)
	}
	lock.release()

	crash(s)
	s = stateServer(t, path, clock, shortBusy)
	defer s.Close()
	seen := map[string]int{}
	for _, m := range audit(t, s) {
		seen[m.MessageID]++
	}
	for id := range acked {
		if seen[id] != 1 {
			t.Errorf("%s was acknowledged; after the restart it is stored %d times", id, seen[id])
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s stored %d times", id, n)
		}
	}
	if len(acked) != 4 { // m0, m5, m1, m2
		t.Errorf("acknowledged %v", acked)
	}
}

// Item 2 of the issue: an API client that named its conversation "sms:SM1"
// before a Twilio webhook with MessageSid SM1 arrived had the webhook's customer
// replace its own (the first agent's capacity held for good, both customers'
// texts in one conversation after a restart). Conversation ids the server makes
// for webhooks are its own namespace: a client cannot create one (400), and an
// existing conversation is never taken over by another customer (409). Before
// the fix, the first post was accepted (202) and the webhook overwrote it.
func TestConversationIDNamespaces(t *testing.T) {
	s, _ := newTestServer(t, nil)
	r := do(t, s, "POST", "/v1/messages", msg("m1", "sms:SM1", "sms", "+1", "hi from the API"))
	wantCode(t, r, http.StatusBadRequest)
	if !strings.Contains(string(r.body), "server's") {
		t.Errorf("answer %s does not say why", r.body)
	}
	wantCode(t, do(t, s, "POST", "/v1/messages", msg("m2", "crm-7", "sms", "+1", "hi from the API")), http.StatusAccepted)
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+2"}, "To": {"+100"}, "Body": {"hi from Twilio"}}
	r = do(t, s, "POST", "/v1/webhooks/twilio/sms", form)
	wantCode(t, r, http.StatusOK)
	conv := r.header.Get(HeaderConversation)
	if conv != "sms:SM1" {
		t.Fatalf("webhook conversation %q", conv)
	}
	// The conversations stay apart; each customer's own id resumes theirs.
	for _, tc := range []struct {
		m    MessageRequest
		code int
	}{
		{msg("m3", "sms:SM1", "sms", "+1", "not yours"), http.StatusConflict},
		{msg("m4", "crm-7", "sms", "+2", "not yours"), http.StatusConflict},
		{msg("m5", "crm-7", "whatsapp", "+1", "other channel"), http.StatusConflict},
		{msg("m6", "sms:SM1", "sms", "+2", "mine"), http.StatusAccepted},
		{msg("m7", "crm-7", "sms", "+1", "mine"), http.StatusAccepted},
	} {
		if r := do(t, s, "POST", "/v1/messages", tc.m); r.code != tc.code {
			t.Errorf("%s to %s from %s: %d %s, want %d", tc.m.MessageID, tc.m.ConversationID, tc.m.From, r.code, r.body, tc.code)
		}
	}
	want := map[string]string{"sms:SM1": "+2", "crm-7": "+1"}
	for id, from := range want {
		r := do(t, s, "GET", "/v1/conversations/"+id, nil)
		if r.field(t, "from") != from || r.field(t, "messages") != 2.0 {
			t.Errorf("%s: %s, want customer %s with 2 messages", id, r.body, from)
		}
	}
	for _, m := range audit(t, s) {
		if m.MessageID == "m1" || m.MessageID == "m3" || m.MessageID == "m4" || m.MessageID == "m5" {
			t.Errorf("refused message %s stored", m.MessageID)
		}
	}
}

// Item 3 of the issue: a second server on a state file that one already holds
// refuses to start (its writes would fail, and through item 1 its retries could
// be acknowledged unstored). Before the fix, both started. Once the first is
// gone, kill -9 included (the kernel drops the lock), the file opens again.
func TestStateFileLockedByAnotherServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	s := stateServer(t, path, clock, nil)
	cfg := testConfig(t, clock)
	cfg.State = path
	s2, err := New(cfg)
	var se *StateError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "in use by another omnisim serve") {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("second server on %s: %v, want a StateError saying it is in use", path, err)
	}
	crash(s)
	s = stateServer(t, path, clock, nil)
	s.Close()
}

// Item 4 of the issue: the JSON decoder maps bad\xff and bad\xfe to the same
// bad\uFFFD, so the second, distinct message was a "duplicate" and never stored.
// Invalid UTF-8 anywhere in a body, percent-escaped in a form, or decoded to
// U+FFFD in an id is a 400. Before the fix the first was accepted (202) and the
// second answered 200 duplicate.
func TestInvalidUTF8Refused(t *testing.T) {
	s, _ := newTestServer(t, nil)
	for _, tc := range []struct {
		name string
		body string
	}{
		{"id ff", "{\"message_id\":\"bad\xff\",\"channel\":\"web\",\"from\":\"v1\",\"text\":\"hi\"}"},
		{"id fe", "{\"message_id\":\"bad\xfe\",\"channel\":\"web\",\"from\":\"v1\",\"text\":\"hi\"}"},
		{"from", "{\"message_id\":\"m1\",\"channel\":\"web\",\"from\":\"v\xc3\",\"text\":\"hi\"}"},
		{"conversation", "{\"message_id\":\"m1\",\"conversation_id\":\"c\xed\xa0\x80\",\"channel\":\"web\",\"from\":\"v1\",\"text\":\"hi\"}"},
		{"text", "{\"message_id\":\"m1\",\"channel\":\"web\",\"from\":\"v1\",\"text\":\"h\xffi\"}"},
		{"escaped surrogate id", `{"message_id":"bad\udcff","channel":"web","from":"v1","text":"hi"}`},
		{"escaped surrogate id 2", `{"message_id":"bad\udcfe","channel":"web","from":"v1","text":"hi"}`},
	} {
		r := do(t, s, "POST", "/v1/messages", tc.body)
		if r.code != http.StatusBadRequest || !strings.Contains(string(r.body), "UTF-8") {
			t.Errorf("%s: %d %s, want 400 naming UTF-8", tc.name, r.code, r.body)
		}
	}
	for _, body := range []string{"MessageSid=SM%FF&From=%2B1&Body=hi", "MessageSid=SM1&From=%2B1&Body=h%FEi", "MessageSid=SM1&From=%2B1&Body=h\xffi"} {
		req := do(t, s, "POST", "/v1/webhooks/twilio/sms", body, "Content-Type", "application/x-www-form-urlencoded")
		if req.code != http.StatusBadRequest {
			t.Errorf("twilio %q: %d %s, want 400", body, req.code, req.body)
		}
	}
	hook := whatsappHook("wamid.\xff", "15551230001", "hola")
	if r := do(t, s, "POST", "/v1/webhooks/whatsapp", hook); r.code != http.StatusBadRequest {
		t.Errorf("whatsapp: %d %s, want 400", r.code, r.body)
	}
	if got := audit(t, s); len(got) != 0 {
		t.Errorf("stored %+v", got)
	}
	// Valid UTF-8 beyond ASCII is fine.
	wantCode(t, do(t, s, "POST", "/v1/messages", msg("mé-1", "", "web", "vö", "¿Dónde? 🙂")), http.StatusAccepted)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Item 5 of the issue: what can be told from the files is refused with a clear
// message (exit 2) instead of starting empty or from part of the state. Before
// the fix, a zero-length file and a file whose journal was deleted after kill -9
// started without a word (0 of 100 and 47 of 100 acknowledged messages left).
func TestStateFileDamageDetected(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	open := func(path string, acceptLoss bool) (*Server, error) {
		cfg := testConfig(t, clock)
		cfg.State, cfg.AcceptStateLoss = path, acceptLoss
		return New(cfg)
	}
	// A server killed after acknowledging messages: its journal holds them.
	killed := filepath.Join(dir, "killed.db")
	s := stateServer(t, killed, clock, nil)
	for i := 0; i < 20; i++ {
		wantCode(t, do(t, s, "POST", "/v1/messages", msg(fmt.Sprintf("m%d", i), "", "web", fmt.Sprintf("v%d", i), "hi")), http.StatusAccepted)
	}
	crash(s)
	if _, err := os.Stat(killed + "-wal"); err != nil {
		t.Fatalf("no journal after the crash: %v", err)
	}
	// The same file without its journal (an operator who deleted it, a copy of
	// the file alone).
	noWAL := filepath.Join(dir, "nowal.db")
	copyFile(t, killed, noWAL)
	// Its journal without the file.
	onlyWAL := filepath.Join(dir, "onlywal.db")
	copyFile(t, killed+"-wal", onlyWAL+"-wal")
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A clean close, then a page of the file overwritten.
	corrupt := filepath.Join(dir, "corrupt.db")
	s = stateServer(t, corrupt, clock, nil)
	for i := 0; i < 200; i++ {
		do(t, s, "POST", "/v1/messages", msg(fmt.Sprintf("m%d", i), "", "web", fmt.Sprintf("v%d", i), strings.Repeat("x", 200)))
	}
	s.Close()
	f, err := os.OpenFile(corrupt, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := f.Stat(); st.Size() < 5*4096 {
		t.Fatalf("corrupt.db is only %d bytes", st.Size())
	}
	f.WriteAt(bytes.Repeat([]byte{0x5a}, 4096), 3*4096)
	f.Close()

	for _, tc := range []struct {
		name, path, want string
	}{
		{"journal gone", noWAL, "journal " + noWAL + "-wal is gone"},
		{"file gone", onlyWAL, "does not exist, but its journal"},
		{"empty", empty, "is empty (0 bytes)"},
		{"corrupt", corrupt, "corrupt"},
	} {
		s, err := open(tc.path, false)
		var se *StateError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) {
			if s != nil {
				s.Close()
			}
			t.Errorf("%s: %v, want a StateError saying %q", tc.name, err, tc.want)
		}
	}
	// The killed file with its journal resumes with every message.
	s, err = open(killed, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(audit(t, s)); n != 20 {
		t.Errorf("killed file resumed with %d messages, want 20", n)
	}
	s.Close()
	// The operator may accept the loss: the file starts from what it holds.
	s, err = open(noWAL, true)
	if err != nil {
		t.Fatalf("--state-accept-loss: %v", err)
	}
	s.Close()
	// A clean close leaves nothing to complain about.
	s, err = open(noWAL, false)
	if err != nil {
		t.Fatalf("after a clean close: %v", err)
	}
	s.Close()
}
