package scenarios

import (
	"github.com/omnisim/omnisim/calendar"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim/dist"
)

// Scenario is a loaded, defaulted and validated scenario file (format v1, DESIGN.md).
// Field comments give the YAML key. Durations are time.Duration; rates are per
// second; shares are fractions (80% is 0.8). Zero values mean "absent" where the
// format makes a key optional; Has* flags tell apart absent from zero where it matters.
type Scenario struct {
	File    string   // path it was read from ("" for embedded/in-memory), used in messages
	Extends []string // extends: the base files it was laid over, nearest first

	Version      int           // version (must be 1)
	Name         string        // name (default: the file name without extension)
	Description  string        // description: free text, shown by scenario listings
	Seed         uint64        // seed (default 1)
	Horizon      time.Duration // horizon (required, > 0)
	Warmup       time.Duration // warmup (default 0)
	Replications int           // replications (default 10)
	Interval     time.Duration // interval (default 30m; must divide 24h)
	SLA          SLA           // sla
	Messaging                  // start, time_zone, calendars, initial (calendar.go)
	PricesAsOf   calendar.Date // prices_as_of: the date whose channel price tables apply (zero: absent)
	// PriceDate is the date whose price tables apply, resolved by Validate
	// (prices.go): prices_as_of, else start: when the file gives one; zero: the
	// latest tables.
	PriceDate calendar.Date

	Channels  []Channel  // channels: map in the file, kept in file order
	Arrivals  []Arrival  // arrivals
	Customers Customers  // customers
	Bot       *Bot       // bot (nil when absent)
	FollowUp  *FollowUp  // follow_up
	Outbound  []Outbound // outbound
	Agents    []AgentGroup
	Routing   Routing
	Assert    []Assertion // assert

	pos *positions // the file's positions, for Validate after a change
}

// SLA is the service-level definition.
type SLA struct {
	Within time.Duration // within (default 60s)
	Target float64       // target (default 0.8)

	// Messaging targets (nil when absent; calendar.go).
	FirstResponse *ResponseSLA // first_response
	NextResponse  *ResponseSLA // next_response
	Resolution    *ResponseSLA // resolution
}

// Channel enables a channel, with optional overrides of the catalog.
type Channel struct {
	Name       string
	Throughput float64 // throughput: messages per second, 0 = catalog default
	Cost       float64 // cost: capacity units a conversation on this channel takes (default 1)
	// opt_out: probability that a conversation's customer opts out (SMS STOP) at its
	// end, blocking later outbound messages to them.
	OptOut float64
	// human_agent_tag: agent replies outside the standard window use Messenger's
	// HUMAN_AGENT tag (7 days) where the channel has one.
	HumanAgentTag bool
	// window, prices (and throughput): changes to the catalog entry, checked.
	Override channels.Override
	Line     int            // line of the key, for later messages
	Silent   *SilentAbandon // silent_abandon (lifecycle.go); nil: none
	Bot      *bool          // bot: its conversations go to the bot first; nil: true
	// deferred: the channel's work is planned as a backlog cleared within a
	// deadline (omnisim staff), not as an interval service level; nil: not.
	Deferred *Deferred
}

// Deferred is channels.C.deferred: a channel whose target is longer than the
// staffing interval (an email answered within 24 h), which staff plans as
// backlog cleared within the deadline at a maximum occupancy (the fluid model
// of planning.PlanDeferred) instead of an interval service level.
type Deferred struct {
	Within       time.Duration // within: every conversation handled within this of its arrival (> interval, ≤ horizon)
	MaxOccupancy float64       // max_occupancy: the share of present agents' time on the work (default 85%)
}

// Arrival is one arrival stream: a channel with a constant rate or a daily profile.
type Arrival struct {
	Channel   string
	Rate      float64        // rate (per second); used when Profile is empty
	Profile   []ProfilePoint // profile: piecewise-constant rate from At until the next point
	Days      Days           // days: weekdays the stream is active (default all)
	Intents   []Share        // intents (default {general: 1})
	Languages []Share        // languages (default {en: 1})
	Tiers     []Share        // tiers (optional customer tier shares)
	// keywords: per keyword (Keyword-normalized), the share of conversations
	// whose first message contains it, drawn independently (routing_rules.go)
	Keywords []Share
	Line     int
}

// ProfilePoint is one step of a daily profile.
type ProfilePoint struct {
	At   time.Duration // at: time of day ("08:00" = 8h)
	Rate float64       // rate per second
	Days Days          // days: limits this point to some weekdays (default: those of the arrival)
}

// Days is a set of weekdays, bit 0 = Monday … bit 6 = Sunday. Simulated day 0 is a Monday.
type Days uint8

// AllDays is every day of the week.
const AllDays Days = 0x7f

// Has reports whether weekday d (0 = Monday) is in the set.
func (s Days) Has(d int) bool { return s&(1<<uint(d%7)) != 0 }

// Share is one named share of a categorical choice; shares of a list sum to 1.
type Share struct {
	Name  string
	Share float64
}

// Customers is customer behaviour.
type Customers struct {
	Messages    dist.Dist  // messages: customer messages per conversation (default constant 1)
	Pause       dist.Dist  // pause: seconds between an agent reply and the next customer message (default constant 60)
	Patience    *dist.Dist // patience: seconds; nil = never abandon
	HasMessages bool
}

// Bot is the bot tier.
type Bot struct {
	Enabled   bool
	Threshold float64   // threshold
	MaxTurns  int       // max_turns (default 3)
	AskAgent  float64   // ask_agent
	Latency   dist.Dist // latency: seconds (default constant 2)
	Intents   []BotIntent
	Turns     *BotTurns // turns: resolution turn by turn (lifecycle.go); nil: one draw
}

// BotIntent is the bot's skill on one intent.
type BotIntent struct {
	Intent     string
	Resolvable float64   // resolvable
	Confidence dist.Dist // confidence, on [0, 1]
}

// FollowUp is the agent's promise to get back.
type FollowUp struct {
	Probability float64
	Delay       dist.Dist // seconds
	ByIntent    []Share   // by_intent: per-intent probability overrides
}

// Outbound is a proactive, business-initiated campaign.
type Outbound struct {
	Channel          string
	Rate             float64       // per second
	Category         string        // marketing, utility, authentication, service
	ReplyProbability float64       // reply_probability
	ReplyDelay       dist.Dist     // reply_delay: seconds until the customer replies (default exponential, mean 2h)
	ReplyWindow      time.Duration // reply_window: the conversation ends unanswered after it (default 48h)
	OptedOut         float64       // opted_out: share of recipients who opted out (not sent to)
}

// AgentGroup is a group of identical agents.
type AgentGroup struct {
	Name               string
	Count              int             // count, when Schedule is empty
	Schedule           []ScheduleEntry // schedule: piecewise-constant head count by time of day
	Concurrency        int             // concurrency: capacity units (default 1)
	Skills             []Skill         // skills: name → level 0–10, file order
	ResponseTime       dist.Dist       // response_time: seconds per reply
	ConcurrencyPenalty float64         // concurrency_penalty
	WrapUp             time.Duration   // wrap_up
	Line               int
}

// ScheduleEntry is one step of a staffing schedule.
type ScheduleEntry struct {
	At    time.Duration // at: time of day
	Count int           // count
	Days  Days          // days (default all)
}

// Skill is a skill name and level 0–10.
type Skill struct {
	Name  string
	Level int
}

// Routing is the routing configuration.
type Routing struct {
	Model            string        // model: least_active (default), most_available, round_robin, load_rotation
	Capacity         string        // capacity: tab (default) or status
	InactiveAfter    time.Duration // inactive_after
	EndInactiveAfter time.Duration // end_inactive_after (default 24h)
	StickyFor        time.Duration // sticky_for
	PushTimeout      time.Duration // push_timeout (0 = auto-accept)
	Queues           []Queue       // queues (default: one queue for every channel)

	PreferredTimeout time.Duration // preferred_timeout: how long a resumed conversation waits for its previous agent (default 30s)
	TimeoutPresence  string        // timeout_presence: where an agent who lets an offer time out goes (default away)
	Decline          float64       // decline: probability an agent declines an offer (push routing)
	AcceptTime       *dist.Dist    // accept_time: seconds until an agent accepts an offer (nil: at once)
	OfflineRequeue   *bool         // offline_requeue: agents going offline hand their conversations back (default: true under tab, false under status)
	Transfers        []Transfer    // transfers
	ReclaimAfter     time.Duration // reclaim_after: no-reply reclaim (lifecycle.go); 0: never
	ReclaimPresence  string        // reclaim_presence: where an agent who loses work for no reply goes (default: timeout_presence's)
	Rules            []Rule        // rules: routing rules, in order (routing_rules.go)
	WaitPredictor    string        // wait_predictor: queue_length (default) or delay_history
	Announce         *Announce     // announce: what a delayed customer is told (nil: nothing)
	Nudge            *Nudge        // nudge: a reminder to a silent customer, then auto-close (nudge.go); nil: none
	BotInactiveAfter time.Duration // bot_inactive_after: the bot closes a conversation it owns after this customer silence (0: never)
}

// Announce is routing.announce: the predicted wait and/or position told to a
// customer whose first routing finds no agent with room, and how that changes
// patience (sim.Announce).
type Announce struct {
	Wait     bool    // wait (default true)
	Position bool    // position
	Balk     float64 // balk: share told a wait beyond their patience who leave at once
}

// Transfer is an agent transferring conversations of an intent to another queue.
type Transfer struct {
	Intent      string
	Probability float64
	To          string // queue name
	Line        int
}

// Queue is one routing queue.
type Queue struct {
	Name                string
	Channels            []string      // channels (default all enabled)
	Priority            int           // priority (lower first, default 1)
	Skills              []string      // skills: conversation attributes to route on (language, intent)
	AdditionalSkills    []string      // additional_skills
	DropAdditionalAfter time.Duration // drop_additional_after
	MinLevel            int           // min_level (default 1)
	Secondary           string        // secondary: "tier" orders by the arrivals' tiers (first listed first)
	Aging               time.Duration // aging: priority improves by 1 per this much wait
	OverflowTo          string        // overflow_to: queue name
	OverflowAfter       time.Duration // overflow_after
	Line                int
}

// Assertion is one line of assert:, parsed.
type Assertion struct {
	Text   string  // as written
	Scope  string  // "" (whole run), a channel name, or "queue:NAME"
	Metric string  // JSON report key
	Op     string  // <, <=, >, >=, ==, !=
	Value  float64 // seconds for durations, fraction for percentages
	Strict bool    // strict: the whole 95 % CI must be on the right side
	Line   int
}
