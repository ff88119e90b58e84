package server

import (
	"math"
	"time"
)

// Position and predicted wait of a waiting conversation (GET
// /v1/conversations/{id}), the simulator's queue-length predictor (sim's
// waitpred.go; Ibrahim & Whitt, Operations Research 2009): with n conversations
// ahead in its queue, s capacity units of online agents and a mean holding h —
// capacity units × time from assignment to end of the conversations that ended
// since the server started — the predicted wait is (n + 1)·h/s, exact in
// expectation for an M/M/s queue.
//
// The position counts the conversations waiting in the same queue that entered
// routing before it (first come, first served inside a queue; a queue's
// secondary priority and aging, and skills that let a later conversation go
// first, are not taken into account). The holding statistics live in memory: a
// restarted server predicts again once a conversation has ended.

// held books the capacity holding of a conversation an agent held until now.
// Called with s.mu held.
func (s *Server) held(c *conversation, now time.Duration) {
	if now < c.offered {
		return
	}
	s.holdSum += float64(c.channel.Units) * (now - c.offered).Seconds()
	s.holdN++
}

// position is c's place in its queue (1: next). Called with s.mu held.
func (s *Server) position(c *conversation) int {
	q := s.engine.QueueOf(c.num)
	n := 1
	for _, o := range s.byNum {
		if o == nil || o == c || o.status != StatusWaiting || s.engine.QueueOf(o.num) != q {
			continue
		}
		if o.queued < c.queued || o.queued == c.queued && o.num < c.num {
			n++
		}
	}
	return n
}

// predictedWait is the queue-length prediction in seconds (rounded to the
// millisecond) for the conversation at position; ok is false while no
// conversation has ended or no agent is online. Called with s.mu held.
func (s *Server) predictedWait(position int) (float64, bool) {
	units := 0
	for _, ag := range s.agents {
		if ag.presence == Online {
			units += ag.capacity
		}
	}
	if s.holdN == 0 || units == 0 {
		return 0, false
	}
	h := s.holdSum / float64(s.holdN)
	return math.Round(float64(position)*h/float64(units)*1000) / 1000, true
}
