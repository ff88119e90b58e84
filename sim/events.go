package sim

import (
	"fmt"
	"math"

	"github.com/omnisim/omnisim/router"
)

// EventKind is what happened, in an Event.
type EventKind uint8

// Event kinds: the event log's kinds (package eventlog).
const (
	EventMessage EventKind = iota + 1
	EventBotHandoff
	EventRouted
	EventOffered
	EventAccepted
	EventDeclined
	EventTransferred
	EventInactive
	EventClosed
	EventAbandoned
	EventOptedOut
	EventOnline
	EventAway
	EventOffline
)

// EventActor is who acted, in an Event.
type EventActor uint8

// Actors.
const (
	ActorCustomer EventActor = iota + 1
	ActorBot
	ActorAgent
	ActorSystem
)

// EventCause says why, in an Event (see package eventlog for which kind takes which).
type EventCause uint8

// Causes.
const (
	CauseNone          EventCause = iota
	CauseNew                      // first customer message of a new conversation
	CauseReturn                   // … of a customer who came back after their conversation ended
	CauseCampaign                 // … of a reply to a campaign
	CauseLowConfidence            // bot hand-off
	CauseMaxTurns
	CauseAsked
	CauseFirst // routed: first routing
	CauseResume
	CauseRequeue
	CauseDeclined // declined: the agent declined
	CausePushTimeout
	CauseDone // closed: after the last reply (and wrap-up)
	CauseInactive
	CauseBlocked
	CauseResolved  // closed by the bot: contained
	CauseEscalated // closed after a bot hand-off
)

// Event is one thing that happened in a replication, for the event log (omnisim
// run --events). Conv numbers conversations from 1 in the order they start (0:
// an agent presence event); Agent indexes Model.AgentNames (-1: none), Queue the
// router's queues (-1: none). Intent, Language and Tier are set on a
// conversation's first customer message; Confidence is the bot's (NaN: none).
type Event struct {
	At         Time
	Conv       int64
	Kind       EventKind
	Actor      EventActor
	Cause      EventCause
	Outcome    EventCause // CauseResolved or CauseEscalated on the close of a bot conversation
	Agent      int32
	Queue      int16
	Channel    int16
	Intent     string
	Language   string
	Tier       string
	Confidence float64
}

// EventSink receives a replication's events in batches, in time order. It is
// called from the goroutine running the replication.
type EventSink interface {
	WriteEvents(events []Event) error
}

// AgentNames names the simulator's agents, index order: group name and number
// within the group, from 1 ("tier1-3").
func (m *Model) AgentNames() []string {
	var names []string
	for _, g := range m.Groups {
		n := int(math.Ceil(g.Staff.Max()))
		for i := 1; i <= n; i++ {
			names = append(names, g.Name+"-"+itoa(i))
		}
	}
	return names
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// eventBatch is how many events the recorder hands its sink at once.
const eventBatch = 4096

// recorder collects a replication's events for its sink. A replication without
// one has a nil recorder, and each site that would emit checks only that.
type recorder struct {
	sink EventSink
	buf  []Event
	seq  int64
	err  error
	// later holds events known ahead of their time (the close of a conversation
	// the bot contains, which the simulator releases at once), a min-heap by
	// (At, order); they go out before the first event at or after their time.
	later []laterEvent
	order int64
	// info is what the log needs of each conversation slot (index = the
	// replication's conversation id), kept here so that a replication without a
	// log carries none of it.
	info []convInfo
}

type convInfo struct {
	seq   int64   // conversation number, from 1
	cause uint8   // the bot's outcome; botNone: no bot
	conf  float64 // the bot's confidence; NaN: none drawn
}

type laterEvent struct {
	e     Event
	order int64
}

func (a laterEvent) less(b laterEvent) bool {
	return a.e.At < b.e.At || a.e.At == b.e.At && a.order < b.order
}

func (rc *recorder) add(e Event) {
	for len(rc.later) > 0 && rc.later[0].e.At <= e.At {
		rc.put(rc.popLater())
	}
	rc.put(e)
}

func (rc *recorder) put(e Event) {
	if rc.err != nil {
		return
	}
	rc.buf = append(rc.buf, e)
	if len(rc.buf) == eventBatch {
		rc.flush()
	}
}

// addLater records an event of a future time.
func (rc *recorder) addLater(e Event) {
	rc.order++
	h := append(rc.later, laterEvent{e, rc.order})
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].less(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	rc.later = h
}

func (rc *recorder) popLater() Event {
	h := rc.later
	top := h[0].e
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < n && h[l].less(h[m]) {
			m = l
		}
		if l+1 < n && h[l+1].less(h[m]) {
			m = l + 1
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	rc.later = h
	return top
}

func (rc *recorder) flush() {
	if rc.err == nil && len(rc.buf) > 0 {
		rc.err = rc.sink.WriteEvents(rc.buf)
	}
	rc.buf = rc.buf[:0]
}

// conv returns an event of conversation c.
func (r *replication) convEvent(id int32, c *conversation, at Time, kind EventKind, actor EventActor, cause EventCause) Event {
	return Event{At: at, Conv: r.ev.info[id].seq, Kind: kind, Actor: actor, Cause: cause, Agent: -1, Queue: -1,
		Channel: c.channel, Confidence: math.NaN()}
}

// firstMessage records a conversation's first customer message, with its attributes.
func (r *replication) firstMessage(id int32, c *conversation, a *Arrival, cause EventCause) {
	for int(id) >= len(r.ev.info) {
		r.ev.info = append(r.ev.info, convInfo{})
	}
	r.ev.seq++
	r.ev.info[id] = convInfo{seq: r.ev.seq, conf: math.NaN()}
	e := r.convEvent(id, c, c.arrived, EventMessage, ActorCustomer, cause)
	e.Intent, e.Language = a.Intents.Names[c.intent], a.Languages.Names[c.language]
	if len(a.Tiers.Names) > 0 {
		e.Tier = a.Tiers.Names[c.tier]
	}
	r.ev.add(e)
}

// agentEvent records an event of conversation c by agent with queue q (-1: none).
func (r *replication) agentEvent(id int32, c *conversation, at Time, kind EventKind, cause EventCause, agent int32, q int) {
	e := r.convEvent(id, c, at, kind, ActorAgent, cause)
	e.Agent, e.Queue = agent, int16(q)
	r.ev.add(e)
}

// closed records the end of conversation c.
func (r *replication) closed(id int32, c *conversation, at Time, cause EventCause) {
	if c.optOut {
		r.ev.add(r.convEvent(id, c, at, EventOptedOut, ActorCustomer, CauseNone))
	}
	e := r.convEvent(id, c, at, EventClosed, ActorSystem, cause)
	if c.agent >= 0 {
		e.Agent = c.agent
	}
	if r.ev.info[id].cause != botNone {
		e.Outcome = CauseEscalated
	}
	r.ev.add(e)
}

// presence records agent a's presence change.
func (r *replication) presence(a int, kind EventKind, at Time) {
	r.ev.add(Event{At: at, Kind: kind, Actor: ActorAgent, Agent: int32(a), Queue: -1, Channel: -1, Confidence: math.NaN()})
}

// botCauses maps the bot's outcomes to hand-off causes.
var botCauses = [...]EventCause{botAsked: CauseAsked, botLowConfidence: CauseLowConfidence, botMaxTurns: CauseMaxTurns, botContained: CauseResolved, botGaveUp: CauseAsked}

// eventsDone flushes the replication's last events and returns the sink's error.
func (r *replication) eventsDone() error {
	if r.ev == nil {
		return nil
	}
	for len(r.ev.later) > 0 {
		r.ev.put(r.ev.popLater())
	}
	r.ev.flush()
	if r.ev.err != nil {
		return fmt.Errorf("replication %d: event log: %w", r.rep, r.ev.err)
	}
	return nil
}

// presenceKinds maps router presences to event kinds (Busy does not occur in the
// simulator's schedules; it reads as online).
var presenceKinds = [...]EventKind{router.Unchanged: EventOnline, router.Offline: EventOffline, router.Online: EventOnline,
	router.Busy: EventOnline, router.Away: EventAway}

func pendingCause(campaign bool) EventCause {
	if campaign {
		return CauseCampaign
	}
	return CauseReturn
}

// botClosed records a conversation the bot contained.
func (r *replication) botClosed(id int32, c *conversation, at Time) {
	e := r.convEvent(id, c, at, EventClosed, ActorBot, CauseResolved)
	e.Outcome, e.Confidence = CauseResolved, r.ev.info[id].conf
	r.ev.addLater(e)
}

// handOffEvent records the bot's hand-off of c.
func (r *replication) handOffEvent(id int32, c *conversation, at Time) {
	info := r.ev.info[id]
	e := r.convEvent(id, c, at, EventBotHandoff, ActorBot, botCauses[info.cause])
	e.Confidence = info.conf
	r.ev.add(e)
}
