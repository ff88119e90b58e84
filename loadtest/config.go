package loadtest

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim/dist"
)

// Clock tells the load tester the time and wakes it up. Production passes
// WallClock; nothing in this package reads the wall clock otherwise (vegeta's
// attacker keeps its own timestamps for its results).
type Clock interface {
	Now() time.Time
	// After sends on the returned channel once d has passed.
	After(d time.Duration) <-chan time.Time
}

// Advancer is a Clock that the load test moves itself: a virtual clock, for
// tests whose outcome must not depend on how fast the machine is. When no
// request is in flight and none is about to be sent, the run moves it to the
// next thing due instead of waiting; the target (an in-process reference
// router) reads the same clock, so that every request is handled at the time it
// was sent. Generator lag is then 0 and latencies are vegeta's wall-clock ones.
type Advancer interface {
	Clock
	AdvanceTo(t time.Time)
}

// DefaultTimeScale compresses the traffic model when neither the caller nor the
// target says otherwise: ten hours of the customers' lives pass in a second, so
// that hours-long pauses and next-day follow-ups of a scenario fit in a run of
// seconds.
const DefaultTimeScale = 36000

// Config configures a load test.
type Config struct {
	// Target is the base URL of the service under test (http://127.0.0.1:8080).
	Target string
	// Token, when set, is sent as a bearer token with every request.
	Token string

	// Rate is the conversation arrival rate per second (open model: conversations
	// start at this rate whatever the target answers).
	Rate float64
	// Poisson spaces arrivals exponentially; otherwise evenly (as vegeta's
	// constant pacer), which makes the achieved rate exactly comparable.
	Poisson bool
	// Duration is how long conversations keep arriving.
	Duration time.Duration
	// Drain is how long after the last arrival the run waits for conversations
	// to finish (default 30 s); what is still running then is reported unfinished.
	Drain time.Duration
	// TimeScale divides the traffic model's pauses and response times (3600: an
	// hour of the customer's life passes in a second). Zero: the reference
	// router's own time scale when it runs faster than the wall clock (its
	// /healthz says; the window checks need both to agree), else
	// DefaultTimeScale.
	TimeScale float64

	Traffic Traffic

	// Shard and Shards select the arrivals of this machine: arrival k (from 0)
	// belongs to shard k mod Shards + 1. Zero values run everything.
	Shard, Shards int

	// Timeout bounds each request (default 10 s).
	Timeout time.Duration
	// RetryFor is how long a failed step (connection error, 5xx, 429) is retried
	// with the same message ids before the conversation is given up (default: until
	// the run ends).
	RetryFor time.Duration
	// PollEvery is when a conversation the target keeps waiting for an agent is
	// first looked up again (GET /v1/conversations/{id}; default 50 ms, wall
	// time); each further look that finds it waiting doubles the delay, up to
	// PollMax (default 1 s; with the reference router, at most a quarter of its
	// push timeout in wall time, so that an offer is seen before it expires).
	PollEvery, PollMax time.Duration
	// MaxLag is the generator lag (scheduled vs actual send) whose p99 makes the run
	// invalid (default 10 ms).
	MaxLag time.Duration

	// Mapping, when set, turns steps into requests for a real deployment;
	// otherwise the target speaks the reference router API.
	Mapping *Mapping
	// Webhooks: conversations on sms and whatsapp arrive as Twilio and WhatsApp
	// Cloud API webhooks (reference API only); otherwise all as POST /v1/messages.
	Webhooks bool
	// Vars are the mapping file's {{.Vars.NAME}} values (from the command line).
	Vars map[string]string

	Seed uint64
	// Workers is vegeta's initial worker count (default 64).
	Workers int

	Clock Clock
	// Results, when set, receives every request's result in vegeta's own format
	// (gob), for `vegeta report` and `vegeta plot`.
	Results io.Writer
	// Progress, when set, is called with the number of conversations started, a
	// few times per second.
	Progress func(started int)
}

// Traffic is the customer and agent behaviour a load test plays, taken from a
// scenario (see the command line) or built in code.
type Traffic struct {
	Streams  []Stream  // where conversations arrive: channel and share of the rate
	Messages dist.Dist // customer messages per conversation (≥ 1)
	// Pause is the customer's pause (seconds) between an agent reply and their
	// next message; AgentReply the agent's time (seconds) to reply; AcceptTime the
	// agent's time to accept an offer (zero: at once). An agent whose offer timed
	// out, or who declined one, comes back online after an AgentReply time.
	Pause, AgentReply, AcceptTime dist.Dist
	// Decline is the probability that an agent declines an offer (push routing,
	// the scenario's routing.decline): the target routes the conversation to
	// another agent.
	Decline float64
	// Bot: with a bot in front, which conversations it contains (closes itself);
	// the others are handed off. Nil: no bot step.
	Bot *Bot
	// FollowUp: after closing, the agent writes again with this probability after
	// Delay seconds — a check of the channel's window.
	FollowUp *FollowUp
	// StickyFor: a returning customer within StickyFor must reach the same agent.
	StickyFor time.Duration
	// EndInactiveAfter: a customer silent longer than this since the agent's reply
	// comes back to a new conversation (the target ended the old one), which no
	// agent is expected to hold. 0: conversations do not end by themselves.
	EndInactiveAfter time.Duration
}

// Stream is one arrival stream.
type Stream struct {
	Channel string
	Weight  float64           // share of the arrivals (normalised)
	Rules   *channels.Channel // window rules, for the reply checks; nil: not checked
	// Languages, Intents and Tiers are the customers' attributes with their
	// shares (optional): each conversation draws one of each, and its messages in
	// our JSON carry them, so that the target routes on skills and tiers. Webhook
	// payloads have no place for them: the target uses its defaults.
	Languages, Intents, Tiers []Share
	// Keywords: per keyword, the share of conversations whose first message
	// contains it, each drawn on its own (the scenario's arrivals[].keywords),
	// so that the target's keyword rules see them as the simulator draws them.
	Keywords []Share
}

// Share is a name with its share of the draws (normalised).
type Share struct {
	Name   string
	Weight float64
}

// draw picks a name by weight, or "" from an empty list.
func draw(shares []Share, u float64) string {
	sum := 0.0
	for _, s := range shares {
		sum += max(s.Weight, 0)
	}
	if len(shares) == 0 || !(sum > 0) {
		return ""
	}
	u *= sum
	for _, s := range shares {
		if u < max(s.Weight, 0) {
			return s.Name
		}
		u -= max(s.Weight, 0)
	}
	return shares[len(shares)-1].Name
}

// Bot is the bot step.
type Bot struct {
	// Contained is the probability that the bot closes a conversation of each
	// intent itself (FromScenario: the simulator's rule, sim.Bot.Containment); a
	// conversation whose intent is not listed, or that has none, is handed off,
	// as the simulator hands off intents the bot has no entry for.
	Contained map[string]float64
	Latency   dist.Dist // seconds
}

// FollowUp is the agent's later message.
type FollowUp struct {
	Probability float64
	Delay       dist.Dist // seconds
}

func (c *Config) check() error {
	if c.Clock == nil {
		return errors.New("loadtest: Config.Clock is nil")
	}
	if c.Target == "" {
		return errors.New("loadtest: no target URL")
	}
	if !(c.Rate > 0) || c.Rate > 1e6 {
		return fmt.Errorf("rate %v must be in (0, 1e6] conversations per second", c.Rate)
	}
	if c.Duration <= 0 {
		return fmt.Errorf("duration %v must be > 0", c.Duration)
	}
	if !(c.TimeScale >= 0) || c.TimeScale > 1e6 {
		return fmt.Errorf("time scale %v must be in (0, 1e6]", c.TimeScale)
	}
	if c.Shards == 0 {
		c.Shard, c.Shards = 1, 1
	}
	if c.Shards < 1 || c.Shard < 1 || c.Shard > c.Shards {
		return fmt.Errorf("shard %d/%d: want I/N with 1 ≤ I ≤ N", c.Shard, c.Shards)
	}
	if len(c.Traffic.Streams) == 0 {
		return errors.New("no arrival streams")
	}
	sum := 0.0
	for _, s := range c.Traffic.Streams {
		if !(s.Weight >= 0) {
			return fmt.Errorf("stream %s: weight %v must be ≥ 0", s.Channel, s.Weight)
		}
		sum += s.Weight
	}
	if !(sum > 0) {
		return errors.New("arrival streams have no weight")
	}
	if d := c.Traffic.Decline; !(d >= 0 && d < 1) {
		return fmt.Errorf("decline probability %v must be in [0, 1)", d)
	}
	if c.Traffic.Messages.IsZero() {
		c.Traffic.Messages = dist.Constant(1)
	}
	if c.Traffic.Pause.IsZero() {
		c.Traffic.Pause = dist.Constant(60)
	}
	if c.Traffic.AgentReply.IsZero() {
		c.Traffic.AgentReply = dist.Constant(30)
	}
	if c.Drain == 0 {
		c.Drain = 30 * time.Second
	}
	if c.Timeout == 0 {
		c.Timeout = 10 * time.Second
	}
	if c.PollEvery == 0 {
		c.PollEvery = 50 * time.Millisecond
	}
	if c.PollMax == 0 {
		c.PollMax = time.Second
	}
	c.PollMax = max(c.PollMax, c.PollEvery)
	if c.MaxLag == 0 {
		c.MaxLag = 10 * time.Millisecond
	}
	if c.Workers == 0 {
		c.Workers = 64
	}
	return nil
}
