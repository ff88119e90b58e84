package sim

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/router/work"
	"github.com/omnisim/omnisim/sim/dist"
)

// Model is everything the simulator needs to run a scenario. Package scenarios
// builds it from a scenario file; tests build it directly.
type Model struct {
	Name         string
	Seed         uint64
	Horizon      time.Duration // measured time after the warm-up
	Warmup       time.Duration
	Interval     time.Duration // reporting interval; divides 24h
	Replications int
	SLAWithin    time.Duration // service level threshold on the wait
	SLATarget    float64       // the service level the plan aims at (reported with the terms; the simulator does not use it)

	// Messaging service levels (nil: not measured against a target; the response
	// times are measured anyway): the first agent reply after the customer's first
	// message, the reply to every later customer message, and the end of the
	// conversation, each within a target, optionally in business hours.
	FirstResponse *ResponseTarget
	NextResponse  *ResponseTarget
	Resolution    *ResponseTarget

	// Initial are the conversations open when the run starts (an intraday
	// re-plan starts from the real state); see Backlog.
	Initial []Backlog

	Channels []Channel
	Arrivals []Arrival

	Messages dist.Dist  // customer messages per conversation (≥ 1)
	Pause    dist.Dist  // seconds between an agent reply and the next customer message
	Patience *dist.Dist // seconds; nil: customers never abandon

	Groups  []Group
	Routing router.Config // queues, capacity model, push routing, routing model

	// Routing behaviour the simulator plays out around the engine.
	Skills           []string      // skill names; index = the router's skill id
	QueueRoutes      []QueueRoute  // per queue (router index): conversation attributes it routes on
	Rules            []RouteRule   // routing rules, in order (rules.go); empty: queues by channel
	WaitPredictor    WaitPredictor // expected-wait predictor (waitpred.go)
	Announce         *Announce     // what a delayed customer is told (announce.go); nil: nothing
	InactiveAfter    time.Duration // customer silence after which a conversation is Inactive (0: never)
	EndInactiveAfter time.Duration // silence after which it ends (0: never); the customer's return opens a new one
	Decline          float64       // probability an agent declines an offer (push routing)
	AcceptTime       *dist.Dist    // seconds from offer to accept (push routing); nil: at once
	AwayFor          time.Duration // how long an agent stays away after a push timeout or decline (default 2m)
	Nudge            *Nudge        // a reminder to a silent customer, then auto-close (nudge.go); nil: none
	BotInactiveAfter time.Duration // silence after which the bot closes a conversation it still owns (botsilent.go); 0: never
	Transfers        []Transfer

	Bot      *Bot      // nil: no bot tier
	FollowUp *FollowUp // nil: no follow-ups
	Outbound []Campaign

	// Events, if not nil, gives each replication the sink of its event log (nil:
	// that replication records none).
	// Without it a replication records nothing (one nil check at each site).
	Events func(replication int) EventSink
}

// Channel is an enabled channel.
type Channel struct {
	Name  string
	Units int // capacity units a conversation on this channel costs
	// Rules is the channel's catalog entry (window, templates, prices, throughput);
	// nil: no window, no cost, no limit (plain queueing models).
	Rules *channels.Channel
	// OptOut is the probability that a conversation's customer opts out (SMS STOP)
	// at its end, which blocks every later outbound message to them.
	OptOut float64
	// HumanAgentTag: agent replies and follow-ups outside the standard window use
	// Messenger's HUMAN_AGENT tag (7 days) where the channel has one.
	HumanAgentTag bool
	// Silent is silent abandonment on the channel (silent.go); nil: none.
	Silent *SilentAbandon
	// SkipBot: the channel's conversations skip the bot tier unless a routing
	// rule sends them to it (work.BotFirst).
	SkipBot bool
}

// Arrival is one Poisson arrival stream.
type Arrival struct {
	Channel   int    // index into Model.Channels
	Rate      Weekly // conversations per second, as a weekly step function
	Intents   Categorical
	Languages Categorical
	Tiers     Categorical // optional: customer tiers, first = most important; zero value: one tier
	// Keywords (at most MaxKeywords, work.Keyword-normalized) and, for each, the
	// share of the stream's conversations whose first message contains it, each
	// drawn on its own: what routing rules with keywords match (rules.go).
	Keywords      []string
	KeywordShares []float64
}

// QueueRoute says which conversation attributes a queue routes on (work.Route,
// which omnisim serve shares).
type QueueRoute = work.Route

// Transfer: at each agent reply on its first routing after which the customer
// has more to say, a conversation of Intent is transferred to Queue with
// Probability (maybeTransfer).
type Transfer struct {
	Intent      string
	Probability float64
	Queue       int
}

// Group is a group of identical agents.
type Group struct {
	Name         string
	Skills       []int8 // level (0–10) per skill id of Model.Skills
	Staff        Weekly // head count online, as a weekly step function
	Concurrency  int    // capacity units per agent
	ResponseTime dist.Dist
	Penalty      float64 // concurrency_penalty
	WrapUp       time.Duration
}

// Step is one step of a weekly step function: Value holds from At (an offset into
// the week, Monday 00:00 = 0) until the next step.
type Step struct {
	At    time.Duration
	Value float64
}

// Weekly is a step function over the week: sorted by At, the first step at 0.
type Weekly []Step

// Constant returns the weekly function that is v all the time.
func Constant(v float64) Weekly { return Weekly{{0, v}} }

// DailyPoint is a step of a daily profile with the weekdays it applies to.
type DailyPoint struct {
	At    time.Duration // time of day
	Value float64
	Days  uint8 // bit 0 = Monday … bit 6 = Sunday
}

// FromDaily builds the weekly step function of a daily profile that applies on
// days (bit 0 = Monday). On each active day the points whose own days include it
// apply; before the first of them the day starts with the value of its last one (a
// daily profile wraps round midnight). Inactive days are 0.
func FromDaily(points []DailyPoint, days uint8) Weekly {
	var w Weekly
	for d := 0; d < 7; d++ {
		start := time.Duration(d) * 24 * time.Hour
		var todays []DailyPoint
		if days&(1<<d) != 0 {
			for _, p := range points {
				if p.Days&(1<<d) != 0 {
					todays = append(todays, p)
				}
			}
		}
		sort.SliceStable(todays, func(i, j int) bool { return todays[i].At < todays[j].At })
		if len(todays) == 0 {
			w = append(w, Step{start, 0})
			continue
		}
		if todays[0].At > 0 {
			w = append(w, Step{start, todays[len(todays)-1].Value})
		}
		for _, p := range todays {
			w = append(w, Step{start + p.At, p.Value})
		}
	}
	return w.compact()
}

// compact merges consecutive steps of equal value.
func (w Weekly) compact() Weekly {
	out := w[:0:0]
	for i, s := range w {
		if i > 0 && s.Value == out[len(out)-1].Value {
			continue
		}
		out = append(out, s)
	}
	return out
}

// Daily reports whether w repeats every day (the same on every weekday): at
// every step, the value a day later and a day earlier is the same. Between steps
// both sides are constant, so agreeing at every step start of either side is
// agreeing everywhere.
func (w Weekly) Daily() bool {
	day := Time(24 * time.Hour)
	for _, s := range w {
		t := Time(s.At)
		if w.At(t+day) != s.Value || w.At(t+Week-day) != s.Value {
			return false
		}
	}
	return true
}

// ByWeekday reports whether some arrival stream, campaign or agent group's
// staffing differs between weekdays: then results are kept by weekday and interval too.
func (m *Model) ByWeekday() bool {
	for i := range m.Arrivals {
		if !m.Arrivals[i].Rate.Daily() {
			return true
		}
	}
	for i := range m.Groups {
		if !m.Groups[i].Staff.Daily() {
			return true
		}
	}
	for i := range m.Outbound {
		if !m.Outbound[i].Rate.Daily() {
			return true
		}
	}
	return false
}

// At returns the value at offset t from the start of the run.
func (w Weekly) At(t Time) float64 {
	off := time.Duration(t % Week)
	i := sort.Search(len(w), func(i int) bool { return w[i].At > off }) - 1
	if i < 0 {
		i = 0
	}
	return w[i].Value
}

// Max returns the largest value.
func (w Weekly) Max() float64 {
	m := 0.0
	for _, s := range w {
		m = max(m, s.Value)
	}
	return m
}

func (w Weekly) validate(what string) error {
	if len(w) == 0 || w[0].At != 0 {
		return fmt.Errorf("%s: weekly function must start at 0", what)
	}
	for i, s := range w {
		if s.Value < 0 || s.Value != s.Value {
			return fmt.Errorf("%s: value %v at %v must be ≥ 0", what, s.Value, s.At)
		}
		if i > 0 && s.At <= w[i-1].At || s.At >= 7*24*time.Hour {
			return fmt.Errorf("%s: steps must increase within the week", what)
		}
	}
	return nil
}

// Categorical is a choice among names with given shares.
type Categorical struct {
	Names []string
	cum   []float64
}

// NewCategorical builds a choice; shares must be ≥ 0 and sum to 1 within 1e-9.
func NewCategorical(names []string, shares []float64) (Categorical, error) {
	if len(names) == 0 || len(names) != len(shares) {
		return Categorical{}, fmt.Errorf("need one share per name")
	}
	c := Categorical{Names: names, cum: make([]float64, len(shares))}
	sum := 0.0
	for i, s := range shares {
		if !(s >= 0) {
			return Categorical{}, fmt.Errorf("share of %s must be ≥ 0", names[i])
		}
		sum += s
		c.cum[i] = sum
	}
	if sum < 1-1e-9 || sum > 1+1e-9 {
		return Categorical{}, fmt.Errorf("shares sum to %v, want 1", sum)
	}
	c.cum[len(c.cum)-1] = 1
	return c, nil
}

// One returns the categorical that always picks name.
func One(name string) Categorical {
	return Categorical{Names: []string{name}, cum: []float64{1}}
}

func (c *Categorical) sample(r *rand.Rand) int {
	if len(c.cum) <= 1 {
		return 0
	}
	u := r.Float64()
	for i, v := range c.cum {
		if u < v {
			return i
		}
	}
	return len(c.cum) - 1
}

// Validate checks the model's internal consistency. Scenario files are checked
// with positions by package scenarios; this catches models built in code.
func (m *Model) Validate() error {
	if m.Horizon <= 0 {
		return fmt.Errorf("horizon must be > 0")
	}
	if m.Warmup < 0 {
		return fmt.Errorf("warmup must be ≥ 0")
	}
	if m.Interval <= 0 || (24*time.Hour)%m.Interval != 0 {
		return fmt.Errorf("interval %v must divide 24h", m.Interval)
	}
	if m.Replications < 1 {
		return fmt.Errorf("replications must be ≥ 1")
	}
	if err := m.checkSize(); err != nil {
		return err
	}
	if len(m.Channels) == 0 {
		return fmt.Errorf("no channels")
	}
	for i, c := range m.Channels {
		if c.Units < 1 {
			return fmt.Errorf("channels[%d] (%s): units must be ≥ 1", i, c.Name)
		}
	}
	for i, a := range m.Arrivals {
		if a.Channel < 0 || a.Channel >= len(m.Channels) {
			return fmt.Errorf("arrivals[%d]: channel index %d out of range", i, a.Channel)
		}
		if err := a.Rate.validate(fmt.Sprintf("arrivals[%d].rate", i)); err != nil {
			return err
		}
		if err := a.validateKeywords(); err != nil {
			return fmt.Errorf("arrivals[%d].keywords: %w", i, err)
		}
	}
	if err := m.validateRules(); err != nil {
		return err
	}
	if m.Messages.IsZero() || m.Pause.IsZero() {
		return fmt.Errorf("messages and pause distributions are required")
	}
	if len(m.Groups) == 0 {
		return fmt.Errorf("no agent groups")
	}
	if err := m.validateInitial(); err != nil {
		return err
	}
	if b := m.Bot; b != nil {
		if b.MaxTurns < 1 {
			return fmt.Errorf("bot.max_turns must be ≥ 1")
		}
		if b.Latency.IsZero() {
			return fmt.Errorf("bot.latency is required")
		}
		for i, in := range b.Intents {
			if in.Confidence.IsZero() {
				return fmt.Errorf("bot.intents[%d] (%s): confidence is required", i, in.Intent)
			}
		}
	}
	if err := m.validateNudge(); err != nil {
		return err
	}
	if m.BotInactiveAfter < 0 {
		return fmt.Errorf("routing.bot_inactive_after must be ≥ 0")
	}
	if f := m.FollowUp; f != nil && f.Delay.IsZero() {
		return fmt.Errorf("follow_up.delay is required")
	}
	for i, c := range m.Outbound {
		if c.Channel < 0 || c.Channel >= len(m.Channels) {
			return fmt.Errorf("outbound[%d]: channel index %d out of range", i, c.Channel)
		}
		if err := c.Rate.validate(fmt.Sprintf("outbound[%d].rate", i)); err != nil {
			return err
		}
	}
	for i, g := range m.Groups {
		if g.Concurrency < 1 {
			return fmt.Errorf("agents[%d] (%s): concurrency must be ≥ 1", i, g.Name)
		}
		if g.ResponseTime.IsZero() {
			return fmt.Errorf("agents[%d] (%s): response_time is required", i, g.Name)
		}
		if err := g.Staff.validate(fmt.Sprintf("agents[%d] (%s) staff", i, g.Name)); err != nil {
			return err
		}
	}
	return nil
}
