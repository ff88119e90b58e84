package server

import (
	"container/heap"
	"math"
	"time"

	"github.com/omnisim/omnisim/router"
)

// Time-based changes. The engine has its own deadlines (push timeouts, skill
// drops, overflows, preferred-agent timeouts: Engine.NextDeadline); the server
// adds the customer's silence: a conversation whose customer has not written for
// inactive_after since the agent's reply becomes inactive (status capacity), and
// for end_inactive_after it ends (DESIGN.md, "Capacity"). Each conversation has at
// most one pending timer, in a heap ordered by due time, so the heap holds no more
// entries than there are conversations waiting for their customer.
//
// One goroutine sleeps on the clock until the earliest of both (Clock.After) and
// then applies them (Sweep); a change that brings the earliest deadline forward
// wakes it early.

type timerKind uint8

const (
	timerInactive timerKind = iota // the conversation becomes inactive
	timerEnd                       // the conversation ends
	timerEvict                     // the closed conversation leaves memory (RetainClosed)
	timerBot                       // the bot closes the conversation it owns (bot_inactive_after)
)

// timerHeap orders conversations with a pending timer by due time.
type timerHeap []*conversation

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].tat < h[j].tat }
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].tidx, h[j].tidx = i, j
}
func (h *timerHeap) Push(x any) {
	c := x.(*conversation)
	c.tidx = len(*h)
	*h = append(*h, c)
}
func (h *timerHeap) Pop() any {
	old := *h
	n := len(old) - 1
	c := old[n]
	old[n] = nil
	*h = old[:n]
	c.tidx = -1
	return c
}

// setTimer makes c's pending timer fire at at with kind.
func (s *Server) setTimer(c *conversation, at time.Duration, kind timerKind) {
	c.tat, c.tkind = at, kind
	if c.tidx >= 0 {
		heap.Fix(&s.timers, c.tidx)
		return
	}
	heap.Push(&s.timers, c)
}

func (s *Server) stopTimer(c *conversation) {
	if c.tidx >= 0 {
		heap.Remove(&s.timers, c.tidx)
	}
}

// startTimer sets c's timer after the agent's reply (repliedAt): inactivity
// first when the conversation is open under status capacity, else its end.
func (s *Server) startTimer(c *conversation) {
	switch {
	case c.status == StatusClosed && s.cfg.RetainClosed > 0:
		s.setTimer(c, c.closed+s.cfg.RetainClosed, timerEvict)
	case c.awaiting || c.status == StatusClosed || c.status == StatusBot:
		s.stopTimer(c)
	case c.status == StatusOpen && s.inactiveAfter > 0 && (s.engineCfg.Capacity == router.Status || s.nudgeDue(c)):
		s.setTimer(c, c.repliedAt+s.inactiveAfter, timerInactive)
	default:
		s.endTimer(c)
	}
}

// endTimer sets c's timer to its end: end_inactive_after after the agent's
// reply, or the nudge's auto-close if that comes first; none without either.
func (s *Server) endTimer(c *conversation) {
	at, ok := c.repliedAt+s.endAfter, s.endAfter > 0
	if close, ok2 := s.autoCloseAt(c); ok2 && (!ok || close < at) {
		at, ok = close, true
	}
	if ok {
		s.setTimer(c, at, timerEnd)
	} else {
		s.stopTimer(c)
	}
}

// fire applies c's timer, due at or before now.
func (s *Server) fire(c *conversation, now time.Duration) {
	if c.tkind == timerEvict {
		switch {
		case c.status != StatusClosed:
		case s.journal.behind():
			// Its rows may be among the ops a failed commit carries: it
			// stays until the file has them.
			s.setTimer(c, now+time.Second, timerEvict)
		default:
			s.evict(c)
		}
		return
	}
	if c.tkind == timerBot {
		if c.status == StatusBot { // else handed off meanwhile
			s.end(c, "bot", now)
			s.metrics.botAutoClosed.Inc()
		}
		return
	}
	if c.awaiting {
		return // the customer wrote: cannot happen, an inbound message stops the timer
	}
	switch c.tkind {
	case timerInactive:
		// Status capacity: the conversation stays with its agent and frees its
		// capacity units; the customer's next message resumes it (sticky).
		if c.status == StatusOpen && s.engine.SetInactive(int64(now), c.num) {
			c.status, c.inactiveAt = StatusInactive, now
			s.saveConv(c)
			s.metrics.inactive.Inc()
		}
		// The same silence sends the nudge (nudge.go), then the end timer runs.
		if s.nudgeDue(c) {
			s.sendNudge(c, now)
		}
		s.endTimer(c)
	case timerEnd:
		switch c.status {
		case StatusOpen, StatusInactive, StatusPaused, StatusWaiting:
			// Waiting: handed back after the agent's reply; nobody needs to answer
			// a customer who will come back as a new conversation.
			if c.nudged {
				s.end(c, "auto_close", now)
				s.metrics.autoClosed.Inc()
				break
			}
			s.end(c, "inactivity", now)
			s.metrics.ended.Inc()
		case StatusOffered:
			s.setTimer(c, now+time.Second, timerEnd) // look again once the offer is settled
		}
	}
}

// nextDeadline is the earliest time-based change due, on the server's clock.
func (s *Server) nextDeadline() (time.Duration, bool) {
	at, ok := s.engine.NextDeadline()
	next := time.Duration(at)
	if len(s.timers) > 0 && (!ok || s.timers[0].tat < next) {
		next, ok = s.timers[0].tat, true
	}
	return next, ok
}

// armTimer wakes the timer goroutine if the earliest deadline is now earlier than
// the one it sleeps until. Called with s.mu held after any change.
func (s *Server) armTimer() {
	if at, ok := s.nextDeadline(); ok && at < s.wakeAt {
		s.wakeAt = at
		select {
		case s.kick <- struct{}{}:
		default:
		}
	}
}

const never = time.Duration(math.MaxInt64)

// timerLoop sleeps until the next deadline and applies what is due, until Close.
func (s *Server) timerLoop() {
	defer close(s.timerDone)
	for {
		s.mu.Lock()
		at, ok := s.nextDeadline()
		s.wakeAt = never
		var wake <-chan time.Time
		if ok {
			s.wakeAt = at
			// The server's time runs TimeScale times faster than the clock's.
			d := time.Duration(math.Ceil(float64(at-s.now()) / s.cfg.TimeScale))
			wake = s.cfg.Clock.After(max(d, 0))
		}
		s.mu.Unlock()
		select {
		case <-wake:
			s.Sweep()
		case <-s.kick:
		case <-s.stop:
			return
		}
	}
}
