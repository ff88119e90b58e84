package server

import "sync"

// The journal carries state changes from the request handlers to the SQLite writer.
// Handlers append ops while they hold Server.mu, so the ops are in the order the
// in-memory state changed; one writer goroutine takes whatever accumulated, writes
// it in one transaction and wakes every request whose ops were in it (group commit:
// a busy server commits many requests per fsync). A request is answered only once
// the batch holding its ops, or any later batch, has committed.
//
// A batch that fails to commit (SQLITE_BUSY while another process holds the write
// lock, a full disk) is rolled back on disk, but the memory already holds its
// changes, which later requests may have built on. Its ops are therefore never
// dropped: they go back to the front of the pending batch, and the next commit
// writes them before anything newer. Its waiters are answered with the error (5xx:
// nothing acknowledged), and a retry of what they sent waits for the commit that
// carries it. So memory is ahead of the file only by ops queued to commit, in
// order, and every 2xx answer waits for a commit that holds everything the memory
// showed the request: what was acknowledged is on disk.

// op is one change to persist. Ops are values, copied out of the live state.
type op interface{ isOp() }

type opMessage struct {
	seq  int64
	id   string
	conv string
	text string
	at   int64
}

type opDelivery struct {
	seq int64
	to  string
	at  int64
}

type opConv struct {
	id, channel, customer, status, agent, lastAgent string
	language, intent, tier                          string
	created, queued, offered, closed, lastInbound   int64
	repliedAt, inactiveAt                           int64
	hasInbound, customerClosed, hasReplied          bool
}

type opAgent struct{ id, presence string }

type opOptOut struct {
	channel, customer string
	out               bool
}

// opReply is an outbound message: an agent's reply, a nudge, or an
// announcement (agent ""; text is kept for announcements only).
type opReply struct {
	conv, agent, kind, decision, reason, category, text string
	at                                                  int64
}

// opConsent records a customer's explicit or double opt-in (consent.go);
// remove deletes the record (an opt-out revokes it).
type opConsent struct {
	channel, customer, state, source string
	pending, remove                  bool
	at                               int64
}

func (opMessage) isOp()  {}
func (opDelivery) isOp() {}
func (opConv) isOp()     {}
func (opAgent) isOp()    {}
func (opOptOut) isOp()   {}
func (opReply) isOp()    {}
func (opConsent) isOp()  {}

// batch is a group of ops committed together; done is closed after the commit.
type batch struct {
	ops  []op
	done chan struct{}
	err  error
}

type journal struct {
	mu      sync.Mutex
	pending *batch // collecting ops, not taken by the writer yet
	last    *batch // the newest batch with ops, pending or being written
	kick    chan struct{}
	write   func([]op) error
	stopped chan struct{}
	closed  bool
	failing bool // the last commit failed: ops are carried forward
}

func newJournal(write func([]op) error) *journal {
	j := &journal{
		pending: &batch{done: make(chan struct{})},
		kick:    make(chan struct{}, 1),
		write:   write,
		stopped: make(chan struct{}),
	}
	go j.run()
	return j
}

// add appends an op to the pending batch and returns that batch. A nil journal
// (state in memory) drops it and returns nil.
func (j *journal) add(o op) *batch {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	b := j.pending
	b.ops = append(b.ops, o)
	j.last = b
	j.mu.Unlock()
	j.wake()
	return b
}

func (j *journal) wake() {
	select {
	case j.kick <- struct{}{}:
	default:
	}
}

// failed reports whether b's commit failed (its ops were carried to a later
// batch): what was added in it is not on disk yet.
func (j *journal) failed(b *batch) bool {
	if j == nil || b == nil {
		return false
	}
	select {
	case <-b.done:
		return b.err != nil
	default:
		return false
	}
}

// current returns the newest batch with ops (nil: none), which carries every op
// added so far that has not committed.
func (j *journal) current() *batch {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.last
}

// behind reports whether the last commit failed, so that ops are waiting to be
// written again.
func (j *journal) behind() bool {
	if j == nil {
		return false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.failing
}

// wait blocks until every op added so far has committed. Callers call it after
// releasing Server.mu, and answer only if it returns nil. Ops a failed batch
// carried forward are written again: wait starts that commit even if nothing new
// was added.
func (j *journal) wait() error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	b := j.last
	pending := b == j.pending
	j.mu.Unlock()
	if b == nil {
		return nil
	}
	if pending {
		j.wake()
	}
	<-b.done
	return b.err
}

func (j *journal) run() {
	defer close(j.stopped)
	for range j.kick {
		j.mu.Lock()
		b := j.pending
		if len(b.ops) == 0 {
			closed := j.closed
			j.mu.Unlock()
			if closed {
				return
			}
			continue
		}
		j.pending = &batch{done: make(chan struct{})}
		closed := j.closed
		j.mu.Unlock()
		err := j.write(b.ops)
		j.mu.Lock()
		j.failing = err != nil
		j.mu.Unlock()
		if err != nil {
			// Rolled back on disk, still in memory: the ops go before whatever
			// was added meanwhile, and the next commit writes them.
			j.mu.Lock()
			p := j.pending
			p.ops = append(b.ops, p.ops...)
			j.last = p
			if closed {
				// Closing and the file refuses: what it could not take was
				// never acknowledged. Answer the waiters and stop.
				p.err = err
				close(p.done)
				j.pending = &batch{done: make(chan struct{})}
			}
			j.mu.Unlock()
		}
		b.err = err
		b.ops = nil
		close(b.done)
		if closed {
			if err != nil {
				return
			}
			j.wake() // drain what arrived while closing, then stop
		}
	}
}

// close writes what is pending and stops the writer.
func (j *journal) close() {
	if j == nil {
		return
	}
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return
	}
	j.closed = true
	j.mu.Unlock()
	j.wake()
	<-j.stopped
}
