package server

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/router/work"
)

// Clock tells the server the time and wakes its timer goroutine. Production
// passes WallClock; tests pass a clock they move by hand. Nothing else in the
// package reads the wall clock.
type Clock interface {
	Now() time.Time
	// After sends on the returned channel once d has passed on this clock (as
	// time.After). A clock whose channel never fires leaves time-based changes to
	// Server.Sweep.
	After(d time.Duration) <-chan time.Time
}

// WallClock is the real clock.
type WallClock struct{}

// Now returns time.Now().
func (WallClock) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (WallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Server. FromModel builds one from a scenario's model, as
// `omnisim serve` does.
type Config struct {
	Agents   []Agent   // the roster; ids must be unique
	Channels []Channel // enabled channels, in the order of Model.Channels when Model is set
	// Routing configures the routing engine (package router): model, capacity
	// model (tab or status), queues, push timeout and the presence an agent moves
	// to after a push timeout or decline, sticky_for, offline requeue. Channel
	// costs and skill names are filled in from Channels and the skills.
	Routing router.Config
	// Model is the scenario's model, for the routing behaviour around the engine,
	// exactly as the simulator plays it: skill ids (Model.Skills), which
	// conversation attributes each queue routes on (Model.QueueRoutes, through
	// Model.Work), the default language and intent of each channel (its first
	// arrival stream's), customer tiers, inactive_after and end_inactive_after.
	// Nil: routing without skills or inactivity (Agents' skills are then named
	// freely).
	Model *work.Model
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
	// TwilioAuthToken, if set, is checked against every Twilio webhook's
	// X-Twilio-Signature; MetaAppSecret against every WhatsApp webhook's
	// X-Hub-Signature-256. A webhook that does not match is refused (403).
	TwilioAuthToken string
	MetaAppSecret   string
	// PublicURL is the scheme and host the senders post to (e.g.
	// https://router.example.com behind a proxy), which Twilio signs; "" is
	// http:// and the request's Host.
	PublicURL string

	// Timeouts of the HTTP server (Serve), the standard http.Server fields: a
	// connection that sends its header, or its whole request, slower than this
	// is cut; so is one whose answer is not written in WriteTimeout, or that
	// stays idle between requests for IdleTimeout. 0: the Default* below.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration

	// TimeScale multiplies the clock's elapsed time (default 1).
	TimeScale float64
	Clock     Clock
	// State is the SQLite state file; "" keeps state in memory.
	State string
	// AcceptStateLoss opens a state file that lost its journal (not shut down
	// cleanly, and STATE-wal is gone) instead of refusing it: what the journal
	// held is lost (doc.go, "The operator's contract").
	AcceptStateLoss bool
	// RetainClosed, with State, is how long (on the server's clock, scaled by
	// TimeScale) a closed conversation stays in memory; then it leaves memory
	// and stays on disk, so that memory follows the open conversations, not the
	// history. 0 keeps everything in memory. Without State it must be 0.
	RetainClosed time.Duration
	// BusyTimeout is how long a commit waits for another connection's lock on
	// the state file before it fails and is answered 5xx (0: DefaultBusyTimeout).
	BusyTimeout time.Duration

	// restoreFrom, in tests, is a state to start from as if a state file held
	// it (fuzzing the restore without SQLite).
	restoreFrom *savedState
}

// Agent is one agent of the roster.
type Agent struct {
	ID       string
	Group    string
	Capacity int            // capacity units (≥ 1)
	Skills   map[string]int // skill name → level 0–10
}

// Channel is an enabled channel.
type Channel struct {
	Name  string
	Units int               // capacity units a conversation costs (≥ 1)
	Rules *channels.Channel // window engine; nil: no window (always sent)
}

// DefaultMaxBody is the request body limit when Config.MaxBody is 0.
const DefaultMaxBody = 64 << 10

// The HTTP server's timeouts when Config leaves them 0. A request waits for its
// commit, which waits up to the busy timeout (5 s) for another writer's lock:
// WriteTimeout leaves room for that.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 2 * time.Minute
)

// FromModel maps a scenario's model (sim.Model.Serving) onto a server
// configuration, as the simulator reads it: its channels; each agent group's largest head count as agents
// GROUP-1 … GROUP-N with the group's skills and concurrency; the routing
// configuration (m.Routing); the model itself for the routing behaviour around
// the engine; the bot when the scenario has one. The caller sets the rest (clock,
// token, state file, time scale).
func FromModel(m *work.Model) (Config, error) {
	cfg := Config{Routing: m.Routing, Model: m, Bot: m.Bot}
	cfg.Routing.ChannelUnits, cfg.Routing.ChannelNames, cfg.Routing.SkillNames = nil, nil, nil
	for _, ch := range m.Channels {
		cfg.Channels = append(cfg.Channels, Channel{Name: ch.Name, Units: ch.Units, Rules: ch.Rules})
	}
	for _, g := range m.Groups {
		skills := map[string]int{}
		for id, level := range g.Skills {
			if level != 0 && id < len(m.Skills) {
				skills[m.Skills[id]] = int(level)
			}
		}
		for i := 1; i <= g.Agents; i++ {
			cfg.Agents = append(cfg.Agents, Agent{ID: fmt.Sprintf("%s-%d", g.Name, i), Group: g.Name, Capacity: max(g.Concurrency, 1), Skills: skills})
		}
	}
	if len(cfg.Agents) == 0 {
		return cfg, errors.New("agents: the scenario has no agents to serve")
	}
	return cfg, nil
}

// CheckPublicURL reports whether u can be Config.PublicURL: empty, or a scheme
// (http or https) and a host, nothing more.
func CheckPublicURL(u string) error {
	if u == "" {
		return nil
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || (p.Path != "" && p.Path != "/") || p.RawQuery != "" {
		return fmt.Errorf("public URL %q: want a scheme and host only, e.g. https://router.example.com", u)
	}
	return nil
}

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
	if err := CheckPublicURL(c.PublicURL); err != nil {
		return fmt.Errorf("server: %w", err)
	}
	if c.Routing.PushTimeout < 0 {
		return errors.New("server: push timeout must be ≥ 0")
	}
	if c.RetainClosed < 0 || c.RetainClosed > 0 && c.State == "" {
		return fmt.Errorf("server: retaining closed conversations for %v needs a state file (they leave memory for the file)", c.RetainClosed)
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
	if m := c.Model; m != nil {
		if len(m.Channels) != len(c.Channels) {
			return fmt.Errorf("server: %d channels, the model has %d", len(c.Channels), len(m.Channels))
		}
		for i, ch := range c.Channels {
			if m.Channels[i].Name != ch.Name {
				return fmt.Errorf("server: channels[%d] is %s, the model's is %s", i, ch.Name, m.Channels[i].Name)
			}
		}
		for _, a := range c.Agents {
			for name := range a.Skills {
				if m.SkillID(name) < 0 {
					return fmt.Errorf("server: agent %s: skill %q is not one of the model's skills", a.ID, name)
				}
			}
		}
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

func (p Presence) router() router.Presence {
	switch p {
	case Online:
		return router.Online
	case Busy:
		return router.Busy
	case Away:
		return router.Away
	}
	return router.Offline
}

func presenceOf(p router.Presence) Presence {
	switch p {
	case router.Online:
		return Online
	case router.Busy:
		return Busy
	case router.Away:
		return Away
	}
	return Offline
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
	// StatusInactive (status capacity): the customer has been silent for
	// inactive_after since the agent's reply; the conversation stays with its
	// agent without holding capacity, and the customer's next message resumes it.
	StatusInactive
	// StatusPaused (status capacity): its agent paused it, waiting on the
	// customer (POST …/pause; router.Engine.Pause); it stays with the agent
	// without holding capacity, and the customer's next message (or the agent,
	// POST …/unpause) gives it back to that agent without routing.
	StatusPaused
	StatusClosed
)

var statusNames = [...]string{StatusBot: "bot", StatusWaiting: "waiting", StatusOffered: "offered", StatusOpen: "open",
	StatusInactive: "inactive", StatusPaused: "paused", StatusClosed: "closed"}

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

// CheckFlags checks what omnisim serve's flags set, before New: each error names
// the flag (--retain-closed, --public-url, the timeouts, --max-body,
// --time-scale, --push-timeout), where New's own check would name the field.
func (c *Config) CheckFlags() error {
	if c.RetainClosed < 0 || c.RetainClosed > 0 && c.State == "" {
		return fmt.Errorf("--retain-closed: needs --state and a duration ≥ 0 (got %v)", c.RetainClosed)
	}
	if err := CheckPublicURL(c.PublicURL); err != nil {
		return fmt.Errorf("--public-url: %w", err)
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"read-header-timeout", c.ReadHeaderTimeout}, {"read-timeout", c.ReadTimeout}, {"write-timeout", c.WriteTimeout}, {"idle-timeout", c.IdleTimeout}} {
		if f.d <= 0 {
			return fmt.Errorf("--%s: must be > 0 (got %v)", f.name, f.d)
		}
	}
	if c.MaxBody <= 0 {
		return fmt.Errorf("--max-body: must be > 0 (got %d)", c.MaxBody)
	}
	if !(c.TimeScale > 0) || c.TimeScale > 1e6 {
		return fmt.Errorf("--time-scale: must be in (0, 1e6] (got %v)", c.TimeScale)
	}
	if c.Routing.PushTimeout < 0 {
		return fmt.Errorf("--push-timeout: must be ≥ 0 (got %v)", c.Routing.PushTimeout)
	}
	return nil
}
