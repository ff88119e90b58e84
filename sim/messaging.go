package sim

import (
	"math"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim/dist"
)

// Bot is the bot tier in front of the agents (DESIGN.md, "Bot"). Public
// semantics: the bot draws a confidence c from the intent's distribution;
// c < Threshold ⇒ hand-off after the first turn; otherwise the conversation is
// contained with probability Resolvable × c (a calibrated bot), else it hands off
// after MaxTurns turns. A share AskAgent of customers asks for an agent at once
// (hand-off after the first turn). Intents without an entry hand off after the first
// turn and count as low confidence. A bot turn takes the bot's Latency; between
// turns the customer pauses as with agents.
type Bot struct {
	Threshold float64
	MaxTurns  int
	AskAgent  float64
	Latency   dist.Dist // seconds
	Intents   []BotIntent
	Turns     *BotTurns // nil: one resolution draw per conversation (the classic form)
}

// BotIntent is the bot's ability on one intent.
type BotIntent struct {
	Intent     string
	Resolvable float64
	Confidence dist.Dist // on [0, 1]
}

// FollowUp is the agent's "I'll get back to you": after a conversation ends, with
// Probability (or the intent's own in ByIntent) an outbound message follows after
// Delay seconds, subject to the channel's window.
type FollowUp struct {
	Probability float64
	ByIntent    []IntentProbability
	Delay       dist.Dist
}

// IntentProbability is a per-intent probability override.
type IntentProbability struct {
	Intent      string
	Probability float64
}

// Campaign is a proactive, business-initiated outbound stream on one channel. Each
// message opens a business-initiated conversation that takes no agent capacity
// until the customer replies (with ReplyProbability, after ReplyDelay seconds) and
// ends unanswered after ReplyWindow.
type Campaign struct {
	Channel          int
	Rate             Weekly // messages per second
	Category         string // template category
	ReplyProbability float64
	ReplyDelay       dist.Dist
	ReplyWindow      time.Duration // default 48h
	// OptedOut is the share of the campaign's recipients who opted out: their
	// messages are not sent (the window engine blocks them, opted_out), and
	// counted (Tally.OptOutBlocked).
	OptedOut float64
}

// Outcome of the bot for one conversation.
const (
	botNone uint8 = iota
	botContained
	botAsked
	botLowConfidence
	botMaxTurns
	botGaveUp // BotTurns: the customer gave up in the bot and asked for an agent
	botSilent // the customer went silent with the bot for bot_inactive_after: closed (botsilent.go)
)

// pricing holds one channel's per-message prices, looked up once per replication.
type pricing struct {
	inbound            float64
	serviceIn          float64 // free-form reply inside the window
	serviceOut         float64 // free-form reply allowed outside it (no window, tag)
	templateIn         [4]float64
	templateOut        [4]float64
	rules              *channels.Channel
	throughputInterval Time // minimum spacing of outbound messages, 0 = no limit
	// serviceConversation is the price of a service conversation under
	// conversation-based pricing (WhatsApp before 2025-07-01): charged once, at a
	// conversation's first agent reply sent free-form inside the window, instead
	// of serviceIn per message. Templates are charged per template, each taken
	// to open a conversation of its category (an agent rarely sends two of one
	// category to one customer within 24 h).
	serviceConversation float64
}

var categoryIndex = map[string]int{
	channels.CategoryMarketing: 0, channels.CategoryUtility: 1, channels.CategoryAuthentication: 2, channels.CategoryService: 3,
}

// Category indices into cost tallies.
const (
	catMarketing = iota
	catUtility
	catAuthentication
	catService
	catInbound
	numCostCategories
)

// CostCategories names the cost tallies, in index order.
var CostCategories = [numCostCategories]string{"marketing", "utility", "authentication", "service", "inbound"}

func newPricing(c *channels.Channel) pricing {
	p := pricing{rules: c}
	if c == nil {
		return p
	}
	price := func(dir channels.Direction, cat string, inside bool) float64 {
		v, err := c.Price(dir, cat, inside)
		if err != nil {
			return 0
		}
		return v
	}
	p.inbound = price(channels.InboundDir, "", false)
	p.serviceIn = price(channels.OutboundDir, "", true)
	p.serviceOut = price(channels.OutboundDir, "", false)
	for cat, i := range categoryIndex {
		p.templateIn[i] = price(channels.OutboundDir, cat, true)
		p.templateOut[i] = price(channels.OutboundDir, cat, false)
	}
	if c.Prices.Basis == channels.BasisConversation {
		p.serviceConversation, p.serviceIn = p.serviceIn, 0
	}
	if c.Throughput > 0 {
		// A tiny throughput would overflow the spacing: clamp it like sampled delays.
		p.throughputInterval = Time(min(float64(time.Second)/c.Throughput, float64(maxTime)))
	}
	return p
}

// outbound decides and prices one business message on channel ch at now for a
// customer whose last message was at lastInbound (hasInbound false: never wrote).
// It returns whether the message is sent (as is or as a template). paced messages
// go through the channel's sender and its throughput limit; follow-ups, decided
// ahead of their time, are not paced. human: a human agent sends it, with the
// channel's HUMAN_AGENT tag when the scenario uses it (not campaigns, not
// automated announcements).
func (r *replication) outbound(t tallySet, ch int, kind channels.Kind, category string, now, lastInbound Time, hasInbound, optedOut, paced, human bool) bool {
	p := &r.pricing[ch]
	if p.rules == nil {
		return true
	}
	in := channels.Outbound{
		Kind: kind, Now: time.Duration(now), LastInbound: time.Duration(lastInbound), HasInbound: hasInbound,
		OptedOut: optedOut, Category: category, HumanAgentTag: r.m.Channels[ch].HumanAgentTag && human,
	}
	d := p.rules.Decide(in)
	inside := p.rules.InWindow(in)
	var cost float64
	cat := catService
	r.sentService = false
	switch d.Verdict {
	case channels.Blocked:
		optOut := d.Reason == channels.ReasonOptedOut
		t.each(func(x *Tally) {
			x.Blocked++
			if optOut {
				x.OptOutBlocked++
			}
		})
		return false
	case channels.TemplateRequired:
		i, ok := categoryIndex[d.Category]
		if !ok {
			i = catUtility
		}
		cat = i
		if inside {
			cost = p.templateIn[i]
		} else {
			cost = p.templateOut[i]
		}
		t.each(func(x *Tally) { x.TemplatesRequired++ })
	default:
		if i, ok := categoryIndex[d.Category]; ok && d.Category != channels.CategoryService {
			cat = i
			cost = p.templateIn[i]
		} else if inside {
			cost = p.serviceIn
			r.sentService = true
		} else {
			cost = p.serviceOut
		}
	}
	if paced && p.throughputInterval > 0 {
		// One sender per channel: messages leave at most at the channel's rate.
		if next := r.senderFree[ch]; now < next {
			t.each(func(x *Tally) { x.ThroughputDelayed++ })
			r.senderFree[ch] = next + p.throughputInterval
		} else {
			r.senderFree[ch] = now + p.throughputInterval
		}
	}
	t.each(func(x *Tally) {
		x.Cost += cost
		x.CostBy[cat] += cost
	})
	return true
}

// inbound prices one customer message.
func (r *replication) inbound(t tallySet, ch int) {
	if c := r.pricing[ch].inbound; c != 0 {
		t.each(func(x *Tally) {
			x.Cost += c
			x.CostBy[catInbound] += c
		})
	}
}

// tallySet is where a happening is counted: the cell (channel, queue, interval of
// the day) of its conversation, or nowhere (nil) for a conversation that arrived
// outside the measured window. Cells are summed into the run's scopes (total, by
// channel, by queue, by interval) once, at the end of the replication, which keeps
// the per-event bookkeeping to one tally.
//
// When results are kept by weekday too (Model.ByWeekday), w is the
// conversation's (weekday, interval) tally, counted alongside; w is nil whenever
// t is (the hot paths test w only inside t's test).
type tallySet struct{ t, w *Tally }

func (s tallySet) each(f func(*Tally)) {
	if s.t != nil {
		f(s.t)
	}
	if s.w != nil {
		f(s.w)
	}
}

// weekdayTally is the (weekday, interval k of the day) tally of time t, or nil
// when results are not kept by weekday.
func (r *replication) weekdayTally(t Time, k int) *Tally {
	w := r.res.ByWeekdayInterval
	if w == nil {
		return nil
	}
	return &w[int((t/Day)%7)*r.nIntervals+k]
}

// cell returns the tally of a (channel, queue, interval) cell.
func (r *replication) cell(ch, q, k int) *Tally {
	return &r.cells[(ch*r.nQueues+q)*r.nIntervals+k]
}

// scopes returns the cell of conversation c, or an empty set if it is not measured.
func (r *replication) scopes(c *conversation) tallySet {
	return tallySet{c.tally, c.wtally}
}

// at returns the cell of conversation c's channel and queue in the interval of the
// day of now (and its weekday tally): where a happening is booked that belongs to
// the time it happens, not to the conversation's arrival. Empty outside the
// measured window.
func (r *replication) at(c *conversation, now Time) tallySet {
	if now < r.start || now >= r.end {
		return tallySet{}
	}
	k := r.intervalOf(now)
	return tallySet{r.cell(int(c.channel), int(c.queue), k), r.weekdayTally(now, k)}
}

// botOutcome runs the bot tier for a new conversation and returns the outcome and
// the time the bot spends (until containment or hand-off), and the confidence it
// drew (NaN: none).
func (r *replication) botOutcome(c *conversation) (uint8, Time, float64) {
	b := r.m.Bot
	quiet, silent := Time(r.m.BotInactiveAfter), false
	turn := func(n int) Time {
		var d Time
		for i := 0; i < n; i++ {
			if i > 0 {
				p := seconds(r.m.Pause.Sample(c.rng))
				if quiet > 0 && p > quiet {
					// The bot's own inactivity clock (botsilent.go).
					silent = true
					return d + quiet
				}
				d += p
			}
			d += seconds(b.Latency.Sample(c.rng))
		}
		return d
	}
	if c.rng.Float64() < b.AskAgent {
		return botAsked, turn(1), math.NaN()
	}
	if quiet > 0 {
		o, d, conf := r.botTurns(c, turn)
		if silent {
			o = botSilent
		}
		return o, d, conf
	}
	return r.botTurns(c, turn)
}

// botTurns is botOutcome after the customer's ask for an agent: the resolution
// draws, with turn the time of n turns.
func (r *replication) botTurns(c *conversation, turn func(int) Time) (uint8, Time, float64) {
	b := r.m.Bot
	bi := r.botIntent[r.attr(c)][c.intent]
	if bi < 0 {
		return botLowConfidence, turn(1), math.NaN()
	}
	in := &b.Intents[bi]
	conf := in.Confidence.Sample(c.rng)
	if conf < b.Threshold {
		return botLowConfidence, turn(1), conf
	}
	if b.Turns != nil {
		outcome, n := b.Turns.play(in.Resolvable, conf, b.MaxTurns, c.rng)
		c.botTurns = uint8(min(n, 255))
		return outcome, turn(n), conf
	}
	if c.rng.Float64() < in.Resolvable*conf {
		return botContained, turn(min(int(c.left), b.MaxTurns)), conf
	}
	return botMaxTurns, turn(b.MaxTurns), conf
}
