package loadtest_test

import (
	"runtime"
	"sync"
	"time"
)

// virtualClock is a clock that only the load test moves (loadtest.Advancer):
// the tests run the reference router on it too, so that every request is
// handled at the virtual time it was sent, however slow the machine is.
type virtualClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func newVirtualClock() *virtualClock {
	return &virtualClock{now: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *virtualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	return ch
}

// AdvanceTo moves the clock to t, but not past the earliest timer of someone
// else (the server's push timeouts and inactivity): that one fires at its own
// time, and the load test, which calls again, goes on from there.
func (c *virtualClock) AdvanceTo(t time.Time) {
	c.mu.Lock()
	for _, w := range c.waiters {
		if w.at.Before(t) {
			t = w.at
		}
	}
	if t.After(c.now) {
		c.now = t
	}
	kept := c.waiters[:0]
	fired := false
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
		fired = true
	}
	clear(c.waiters[len(kept):])
	c.waiters = kept
	c.mu.Unlock()
	if fired {
		runtime.Gosched() // let the timer's goroutine run first (not needed for correctness)
	}
}
