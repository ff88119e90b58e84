package eventlog

import (
	"math"
	"time"
)

// Actors.
const (
	Customer = "customer"
	Bot      = "bot"
	Agent    = "agent"
	System   = "system"
)

// Kinds.
const (
	Message     = "message"
	BotHandoff  = "bot_handoff"
	Routed      = "routed"
	Offered     = "offered"
	Accepted    = "accepted"
	Declined    = "declined"
	Transferred = "transferred"
	Inactive    = "inactive"
	Closed      = "closed"
	Abandoned   = "abandoned"
	OptedOut    = "opted_out"
	Online      = "online"
	Away        = "away"
	Offline     = "offline"
)

// Actors lists the actors, Kinds the kinds, in documentation order.
var (
	Actors = []string{Customer, Bot, Agent, System}
	Kinds  = []string{Message, BotHandoff, Routed, Offered, Accepted, Declined, Transferred,
		Inactive, Closed, Abandoned, OptedOut, Online, Away, Offline}
)

// Columns are the format's column names, in the order the writers use.
var Columns = []string{"event_id", "conversation_id", "time", "channel", "actor", "kind", "cause",
	"agent_id", "queue", "intent", "language", "tier", "bot_confidence", "outcome"}

// Event is one row of the log.
type Event struct {
	ID           string
	Conversation string
	Time         time.Time
	Channel      string
	Actor        string
	Kind         string
	Cause        string
	AgentID      string
	Queue        string
	Intent       string
	Language     string
	Tier         string
	// BotConfidence is NaN when the row has none.
	BotConfidence float64
	Outcome       string
}

// NoConfidence is the BotConfidence of a row without one.
var NoConfidence = math.NaN()

// IsPresence reports whether e is an agent presence event.
func (e *Event) IsPresence() bool {
	return e.Kind == Online || e.Kind == Away || e.Kind == Offline
}

// Ends reports whether e ends its conversation.
func (e *Event) Ends() bool { return e.Kind == Closed || e.Kind == Abandoned }

// Pos is where a row is: file and line (1-based).
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.File == "" {
		return "line " + itoa(p.Line)
	}
	return p.File + ":" + itoa(p.Line)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

func known(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
