package eventlog

import (
	"math"
	"strconv"
	"time"

	"github.com/omnisim/omnisim/sim"
)

// Epoch is the calendar time of the simulator's time 0 in the logs it writes:
// Monday 1 January 2024, 00:00 UTC (simulated day 0 is a Monday).
var Epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

var (
	simKinds = [...]string{sim.EventMessage: Message, sim.EventBotHandoff: BotHandoff, sim.EventRouted: Routed,
		sim.EventOffered: Offered, sim.EventAccepted: Accepted, sim.EventDeclined: Declined, sim.EventTransferred: Transferred,
		sim.EventInactive: Inactive, sim.EventClosed: Closed, sim.EventAbandoned: Abandoned, sim.EventOptedOut: OptedOut,
		sim.EventOnline: Online, sim.EventAway: Away, sim.EventOffline: Offline}
	simActors = [...]string{sim.ActorCustomer: Customer, sim.ActorBot: Bot, sim.ActorAgent: Agent, sim.ActorSystem: System}
	simCauses = [...]string{sim.CauseNone: "", sim.CauseNew: "new", sim.CauseReturn: "return", sim.CauseCampaign: "campaign",
		sim.CauseLowConfidence: "low_confidence", sim.CauseMaxTurns: "max_turns", sim.CauseAsked: "asked",
		sim.CauseFirst: "first", sim.CauseResume: "resume", sim.CauseRequeue: "requeue",
		sim.CauseDeclined: "declined", sim.CausePushTimeout: "push_timeout",
		sim.CauseDone: "done", sim.CauseInactive: "inactive", sim.CauseBlocked: "blocked",
		sim.CauseResolved: "resolved", sim.CauseEscalated: "escalated"}
)

// SimSink writes one replication's simulated events to w: conversation ids
// "<replication>-<number>" (both from 1), agents as Model.AgentNames, times from
// Epoch plus ReplicationOffset, so that the replications of a run, one after
// another, form one log in time order.
type SimSink struct {
	w        *Writer
	prefix   string
	channels []string
	queues   []string
	agents   []string
	epoch    time.Time
	e        Event
}

// ReplicationOffset is where replication rep's calendar starts, from Epoch: rep
// times the whole weeks that hold a replication (warm-up, horizon and the at most
// a week the simulator runs on to finish the conversations in the system), so
// that weekdays and times of day stay where they are.
func ReplicationOffset(m *sim.Model, rep int) time.Duration {
	const week = 7 * 24 * time.Hour
	span := m.Warmup + m.Horizon + week
	weeks := (span + week - 1) / week
	return time.Duration(rep) * weeks * week
}

// NewSimSink returns the sink of replication rep (0-based) of m writing to w.
func NewSimSink(m *sim.Model, rep int, w *Writer) *SimSink {
	s := &SimSink{w: w, prefix: strconv.Itoa(rep+1) + "-", agents: m.AgentNames(), epoch: Epoch.Add(ReplicationOffset(m, rep))}
	for _, c := range m.Channels {
		s.channels = append(s.channels, c.Name)
	}
	s.queues = QueueNames(m)
	return s
}

// QueueNames names a model's router queues as the simulator's results do.
func QueueNames(m *sim.Model) []string {
	n := max(1, len(m.Routing.Queues))
	names := make([]string, n)
	for q := range names {
		names[q] = "default"
		if q < len(m.Routing.Queues) && m.Routing.Queues[q].Name != "" {
			names[q] = m.Routing.Queues[q].Name
		}
	}
	return names
}

// WriteEvents implements sim.EventSink.
func (s *SimSink) WriteEvents(evs []sim.Event) error {
	var conv string
	var convOf int64 = -1
	for i := range evs {
		v := &evs[i]
		e := &s.e
		*e = Event{Time: s.epoch.Add(time.Duration(v.At)), Kind: simKinds[v.Kind], Actor: simActors[v.Actor],
			Cause: simCauses[v.Cause], Outcome: simCauses[v.Outcome], Intent: v.Intent, Language: v.Language, Tier: v.Tier,
			BotConfidence: v.Confidence}
		if v.Conv > 0 {
			if v.Conv != convOf {
				conv, convOf = s.prefix+strconv.FormatInt(v.Conv, 10), v.Conv
			}
			e.Conversation = conv
		}
		if v.Channel >= 0 && int(v.Channel) < len(s.channels) {
			e.Channel = s.channels[v.Channel]
		}
		if v.Agent >= 0 && int(v.Agent) < len(s.agents) {
			e.AgentID = s.agents[v.Agent]
		}
		if v.Queue >= 0 && int(v.Queue) < len(s.queues) {
			e.Queue = s.queues[v.Queue]
		}
		if math.IsNaN(v.Confidence) {
			e.BotConfidence = NoConfidence
		}
		if err := s.w.Write(e); err != nil {
			return err
		}
	}
	return nil
}
