package server

import (
	"errors"
	"fmt"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
)

// Clock tells the server the time. Production passes the wall clock; tests pass a
// clock they move by hand.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// Config configures a Server.
type Config struct {
	Agents   []Agent   // the roster; ids must be unique
	Channels []Channel // enabled channels
	Routing  router.Config
	// PushTimeout is how long an agent has to accept an offer before it is
	// re-routed; 0 accepts every offer at once.
	PushTimeout time.Duration
	// TimeoutPresence is the presence an agent gets when an offer to them timed
	// out (default Away).
	TimeoutPresence Presence
	// Bot: new conversations wait for a bot result (hand-off or close) before
	// routing.
	Bot bool
	// AgentsOnline: agents the state file does not know start Online (else Offline).
	AgentsOnline bool

	Token   string // bearer token required on every endpoint but /healthz; "" = none
	MaxBody int64  // request body limit in bytes (default 64 KiB)
	// WhatsAppVerifyToken answers Meta's webhook verification (GET with
	// hub.verify_token); "" refuses verification.
	WhatsAppVerifyToken string

	// TimeScale multiplies the clock's elapsed time (default 1).
	TimeScale float64
	Clock     Clock
	// State is the SQLite state file; "" keeps state in memory.
	State string
}

// Agent is one agent of the roster.
type Agent struct {
	ID       string
	Group    string
	Capacity int // capacity units (≥ 1)
	Skills   map[string]int
}

// Channel is an enabled channel.
type Channel struct {
	Name  string
	Units int               // capacity units a conversation costs (≥ 1)
	Rules *channels.Channel // window engine; nil: no window (always sent)
}

// DefaultMaxBody is the request body limit when Config.MaxBody is 0.
const DefaultMaxBody = 64 << 10

func (c *Config) check() error {
	if c.Clock == nil {
		return errors.New("server: Config.Clock is nil")
	}
	if len(c.Channels) == 0 {
		return errors.New("server: no channels enabled")
	}
	if c.MaxBody == 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.MaxBody < 0 {
		return fmt.Errorf("server: body limit %d must be > 0", c.MaxBody)
	}
	if c.TimeScale == 0 {
		c.TimeScale = 1
	}
	if !(c.TimeScale > 0) || c.TimeScale > 1e6 {
		return fmt.Errorf("server: time scale %v must be in (0, 1e6]", c.TimeScale)
	}
	if c.PushTimeout < 0 {
		return errors.New("server: push timeout must be ≥ 0")
	}
	if c.TimeoutPresence == Offline && c.PushTimeout > 0 {
		c.TimeoutPresence = Away
	}
	seen := map[string]bool{}
	for i, a := range c.Agents {
		if a.ID == "" || seen[a.ID] {
			return fmt.Errorf("server: agents[%d]: id %q is empty or repeated", i, a.ID)
		}
		if a.Capacity < 1 {
			c.Agents[i].Capacity = 1
		}
		seen[a.ID] = true
	}
	seen = map[string]bool{}
	for i, ch := range c.Channels {
		if ch.Name == "" || seen[ch.Name] {
			return fmt.Errorf("server: channels[%d]: name %q is empty or repeated", i, ch.Name)
		}
		if ch.Units < 1 {
			c.Channels[i].Units = 1
		}
		seen[ch.Name] = true
	}
	return nil
}

// Presence is an agent's presence (DESIGN.md, "Presence"). Only Online agents
// receive new work; the others keep and finish what they hold.
type Presence uint8

// Presences. Their strings are public API.
const (
	Offline Presence = iota
	Online
	Busy
	Away
)

var presenceNames = [...]string{"offline", "online", "busy", "away"}

func (p Presence) String() string {
	if int(p) < len(presenceNames) {
		return presenceNames[p]
	}
	return fmt.Sprintf("Presence(%d)", p)
}

// ParsePresence parses "online", "busy", "away" or "offline".
func ParsePresence(s string) (Presence, error) {
	for i, n := range presenceNames {
		if n == s {
			return Presence(i), nil
		}
	}
	return 0, fmt.Errorf("unknown presence %q (want online, busy, away or offline)", s)
}

// Status is a conversation's state.
type Status uint8

// Conversation states. Their strings are public API.
const (
	StatusBot     Status = iota + 1 // with the bot, waiting for its result
	StatusWaiting                   // in the queue
	StatusOffered                   // offered to an agent, not accepted yet
	StatusOpen                      // accepted: an agent holds it
	StatusClosed
)

var statusNames = [...]string{StatusBot: "bot", StatusWaiting: "waiting", StatusOffered: "offered", StatusOpen: "open", StatusClosed: "closed"}

func (s Status) String() string {
	if s >= StatusBot && s <= StatusClosed {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

func parseStatus(s string) (Status, error) {
	for i := StatusBot; i <= StatusClosed; i++ {
		if statusNames[i] == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown conversation status %q", s)
}
