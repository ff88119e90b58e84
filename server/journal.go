package server

import "sync"

// The journal carries state changes from the request handlers to the SQLite writer.
// Handlers append ops while they hold Server.mu, so the ops are in the order the
// in-memory state changed; one writer goroutine takes whatever accumulated, writes
// it in one transaction and wakes every request whose ops were in it (group commit:
// a busy server commits many requests per fsync). A request is answered only once
// the batch holding its ops, or any later batch, has committed.

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

type opReply struct {
	conv, agent, kind, decision, reason string
	at                                  int64
}

func (opMessage) isOp()  {}
func (opDelivery) isOp() {}
func (opConv) isOp()     {}
func (opAgent) isOp()    {}
func (opOptOut) isOp()   {}
func (opReply) isOp()    {}

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

// add appends an op to the pending batch. A nil journal (state in memory) drops it.
func (j *journal) add(o op) {
	if j == nil {
		return
	}
	j.mu.Lock()
	j.pending.ops = append(j.pending.ops, o)
	j.last = j.pending
	j.mu.Unlock()
	select {
	case j.kick <- struct{}{}:
	default:
	}
}

// wait blocks until every op added so far has committed. Callers call it after
// releasing Server.mu, and answer only if it returns nil.
func (j *journal) wait() error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	b := j.last
	j.mu.Unlock()
	if b == nil {
		return nil
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
		b.err = j.write(b.ops)
		b.ops = nil
		close(b.done)
		if closed {
			// drain what arrived while closing, then stop
			select {
			case j.kick <- struct{}{}:
			default:
			}
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
	select {
	case j.kick <- struct{}{}:
	default:
	}
	<-j.stopped
}
