package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
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

// shortBusyTimeout makes a write fail after 20 ms on a locked state file.
func shortBusyTimeout(t *testing.T) {
	old := busyTimeout
	busyTimeout = 20 * time.Millisecond
	t.Cleanup(func() { busyTimeout = old })
}

// The fault injection (item 1): another connection holds the state
// file's write lock while messages and retries arrive; then the server dies
// without a clean shutdown and restarts. Every message ever answered 2xx is in
// the audit, once. Before the fix, a retry of a message whose commit had failed
// was answered 200 duplicate although nothing was on disk, and lost at restart;
// and until a new change was written, every change request got the same 500.
func TestFailedCommitLosesNothingAcknowledged(t *testing.T) {
	shortBusyTimeout(t)
	path := filepath.Join(t.TempDir(), "state.db")
	clock := newFakeClock()
	s := stateServer(t, path, clock, nil)
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
	s = stateServer(t, path, clock, nil)
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
