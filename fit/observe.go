package fit

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/omnisim/omnisim/eventlog"
)

// Observer turns a stream of events into the samples the fits need. It keeps
// state for the conversations that have not ended and for the agents; the
// pause, patience and reply time samples are bounded (sampler: at most
// 4 × MaxSample each, a uniform random subsample beyond), the others grow with
// the log (a float64 per conversation).
type Observer struct {
	Interval time.Duration // arrival profile and schedule interval (default 30m)
	// SLA is the service level threshold on the wait for the backtest's observed
	// service level (0: none).
	SLA time.Duration
	// ChannelUnits and AgentUnits, when AgentUnits is set, give the observed
	// utilization as the simulator defines it: capacity units in use (each held
	// conversation costs its channel's units, 1 if absent) over the capacity
	// units of the online agents (an agent absent from AgentUnits has
	// DefaultAgentUnits, or 1). A log does not say an agent's capacity; the
	// scenario under test does.
	ChannelUnits      map[string]float64
	AgentUnits        map[string]float64
	DefaultAgentUnits float64
	// Zone, if set, puts the intervals and weekdays of the day in its local
	// time: every time is shifted by the zone's offset at the log's first event
	// (a daylight saving change within the log moves its later part by an hour).
	Zone   *time.Location
	offset time.Duration

	busyUnits, capUnits float64           // now
	busyAt, capAt       map[int64]float64 // unit-seconds per interval since the Unix epoch

	convs  map[string]*conv
	agents map[string]*agent
	online map[int64]float64 // agent-seconds online per interval since the Unix epoch

	first, last      time.Time // first and last event
	lastArrival      time.Time
	started          bool
	Data             Data
	onlineAgents     int
	lastPresenceTime time.Time
	// The pause, patience and reply time samples, bounded (sampler).
	pauseS, patienceS, responseS sampler
}

// Data is what a log says, ready to fit.
type Data struct {
	Interval time.Duration
	// Arrivals: new conversations (a customer's first message, not a return or a
	// campaign reply) per channel, per interval of the day; Exposure is the
	// observed time per interval of the day (seconds), the same for every channel.
	Channels []string
	Arrivals map[string][]int64
	Exposure []float64
	Weekdays map[string]*[7]int64 // arrivals per weekday (Monday first)
	// WeekArrivals: per channel, new conversations per weekday (Monday first) ×
	// interval of the day, index weekday × intervals + interval; WeekExposure
	// the observed seconds of each; Daily the new conversations per day of the
	// log (days since the Unix epoch), for the trend.
	// Transfers: per intent, new conversations transferred at least once, by
	// the queue of their first transfer; AcceptedByIntent: those accepted.
	Transfers        map[string]map[string]int64
	AcceptedByIntent map[string]int64
	// TransferDraws: per intent, the agent replies after which a new
	// conversation on its first routing could have been transferred (the
	// customer wrote again, or was silent until the end for inactivity, or it
	// was transferred then): the simulator draws routing.transfers'
	// probability at each of them.
	TransferDraws map[string]int64
	WeekArrivals  map[string][]int64
	WeekExposure  []float64
	Daily         map[int64]int64
	Intents       map[string]map[string]int64
	Languages     map[string]map[string]int64
	Tiers         map[string]map[string]int64
	Returns       int64 // conversations that are a customer's return or a campaign reply
	NewConvs      int64
	Messages      []float64 // customer messages of conversations an agent finished
	// MsgCens: conversations cut short (closed for inactivity, or open at the end
	// of the log) have more messages than they showed: N > MsgCens[i].
	MsgCens      []float64
	Pauses       []float64 // seconds from an agent reply to the customer's next message
	PauseCens    []float64 // seconds of silence after an agent reply that ended the conversation (inactive) or the log
	Response     []float64 // seconds from reply start (customer message or accept, the later) to the reply
	ResponseOpen []float64 // conversations the agent held when each reply started
	Patience     []float64 // seconds from first routing to abandonment
	PatCens      []float64 // seconds from first routing to accept or to the end of the log (censored)
	BotEntered   int64
	BotAsked     int64
	BotLow       int64
	BotMax       int64
	BotOK        int64
	BotConf      map[string][]float64 // per intent: confidences drawn
	// BotTry: conversations whose confidence reached the threshold: their
	// confidence and whether the bot resolved them.
	BotTryConf     map[string][]float64
	BotTryResolved map[string][]bool
	BotLowMax      float64 // highest confidence handed off as low confidence
	// BotLowConf: per intent, the confidences handed off as low: their outcome,
	// had the bot tried, is censored by the threshold in force.
	BotLowConf map[string][]float64
	BotLatency []float64 // seconds from first message to a first-turn hand-off
	// Agents: mean agents online per interval of the day; largest number of
	// conversations an agent held at once.
	OnlineSeconds []float64 // agent-seconds online per interval of the day
	MaxHeld       int
	Agents        int
	// Groups: the agents by the queues they accepted from, agents who share no
	// queue in separate groups (connected components of agents and queues), in
	// order of their first agent's id; agents never seen accepting join the
	// largest group (NoQueueAgents counts them). IntentQueues: per intent, new
	// conversations by the queue of their first routing; QueueChannels: per
	// queue, their channels.
	Groups        []AgentGroup
	NoQueueAgents int
	IntentQueues  map[string]map[string]int64
	QueueChannels map[string]map[string]int64
	Inactive      []float64 // seconds from the agent's last reply to inactivity
	EndInactive   []float64 // seconds from the agent's last reply to a close for inactivity
	SawInactive   bool
	// Per interval of the day of the conversations' arrival, as the simulator
	// counts them: new conversations routed for the first time, of them accepted
	// within Observer.SLA, and abandoned.
	SlotRouted, SlotWithin, SlotAbandoned []int64
	// BusyUnitSeconds and CapacityUnitSeconds per interval of the day, when the
	// observer had AgentUnits (nil otherwise).
	BusyUnitSeconds, CapacityUnitSeconds []float64
	// ByChannel and ByQueue count new conversations, as the slots do, per
	// channel and per queue of their first routing.
	ByChannel, ByQueue map[string]*Counts
	Span               time.Duration
	// Start and End are in the Zone's local time written as UTC when Zone is
	// set (ZoneOffset ahead of UTC).
	Start, End    time.Time
	Zone          string
	ZoneOffset    time.Duration
	Conversations int64
	StillOpen     int64 // conversations without an end at the end of the log
	ObservedDays  float64
}

// AgentGroup is a group of agents found in a log.
type AgentGroup struct {
	Agents []string // ids, sorted
	Queues []string // the queues they accepted from, sorted
	// OnlineSeconds: the group's share of OnlineSeconds per interval of the day
	// (its agents' online time over all agents' in that interval).
	OnlineSeconds []float64
	MaxHeld       int  // most conversations one of its agents held at once
	Presence      bool // some of its agents have presence events
}

// Counts are a scope's new conversations: arrived, routed for the first time,
// of them accepted within Observer.SLA, and abandoned.
type Counts struct {
	New, Routed, Within, Abandoned int64
}

func counts(m map[string]*Counts, k string) *Counts {
	c := m[k]
	if c == nil {
		c = &Counts{}
		m[k] = c
	}
	return c
}

type conv struct {
	queue        string
	channel      string
	intent       string
	start        time.Time
	new          bool
	customerMsgs int
	routedAt     time.Time // first routing; zero: none yet
	accepted     bool
	replyFrom    time.Time // when the pending reply started; zero: none pending
	replyOpen    int       // conversations its agent held then
	awaiting     bool      // the customer wrote and waits
	lastReply    time.Time // the agent's last reply; zero: none
	agent        string
	bot          bool
	botConf      float64
	abandoned    bool
	everAccepted bool
	transferred  bool
	routings     int  // routed and transferred events
	slot         int  // interval of the day of its arrival
	held         bool // counted in its agent's held conversations
}

type agent struct {
	online  bool
	held    int
	maxHeld int
	onSince time.Time       // when it last went online
	byIv    []float64       // seconds online per interval of the day (nil: never online)
	queues  map[string]bool // queues it accepted from
}

// NewObserver returns an observer with the given interval (0: 30m).
func NewObserver(interval time.Duration) *Observer {
	if interval <= 0 {
		interval = 30 * time.Minute
	}
	n := int(24 * time.Hour / interval)
	return &Observer{Interval: interval, convs: map[string]*conv{}, agents: map[string]*agent{}, online: map[int64]float64{},
		Data: Data{Interval: interval, Arrivals: map[string][]int64{}, Exposure: make([]float64, n),
			Weekdays: map[string]*[7]int64{}, Intents: map[string]map[string]int64{}, Languages: map[string]map[string]int64{},
			Tiers: map[string]map[string]int64{}, BotConf: map[string][]float64{}, BotTryConf: map[string][]float64{}, BotLowConf: map[string][]float64{},
			BotTryResolved: map[string][]bool{}, OnlineSeconds: make([]float64, n), BotLowMax: math.Inf(-1),
			SlotRouted: make([]int64, n), SlotWithin: make([]int64, n), SlotAbandoned: make([]int64, n),
			ByChannel: map[string]*Counts{}, ByQueue: map[string]*Counts{},
			WeekArrivals: map[string][]int64{}, Transfers: map[string]map[string]int64{}, AcceptedByIntent: map[string]int64{}, TransferDraws: map[string]int64{}, IntentQueues: map[string]map[string]int64{}, QueueChannels: map[string]map[string]int64{}, WeekExposure: make([]float64, 7*n), Daily: map[int64]int64{}}}
}

// slot returns the interval of the day (UTC) of t.
func (o *Observer) slot(t time.Time) int {
	return int((t.UnixNano() % int64(24*time.Hour)) / int64(o.Interval))
}

// advancePresence adds the online agent time up to t.
func (o *Observer) advancePresence(t time.Time) {
	from := o.lastPresenceTime
	o.lastPresenceTime = t
	if from.IsZero() || !from.Before(t) {
		return
	}
	if n := float64(o.onlineAgents); n > 0 {
		spread(from, t, o.Interval, func(slot int64, s float64) { o.online[slot] += s * n })
	}
	if o.AgentUnits != nil && (o.busyUnits > 0 || o.capUnits > 0) {
		if o.busyAt == nil {
			o.busyAt, o.capAt = map[int64]float64{}, map[int64]float64{}
		}
		b, c := o.busyUnits, o.capUnits
		spread(from, t, o.Interval, func(slot int64, s float64) { o.busyAt[slot] += s * b; o.capAt[slot] += s * c })
	}
}

// agentUnits is agent id's capacity in units.
func (o *Observer) agentUnits(id string) float64 {
	if u, ok := o.AgentUnits[id]; ok {
		return u
	}
	if o.DefaultAgentUnits > 0 {
		return o.DefaultAgentUnits
	}
	return 1
}

// convUnits is what a conversation on channel ch costs in units.
func (o *Observer) convUnits(ch string) float64 {
	if u, ok := o.ChannelUnits[ch]; ok {
		return u
	}
	return 1
}

// weekdayOf is the weekday (Monday 0) of a day since the Unix epoch (a
// Thursday).
func weekdayOf(day int64) int { return int((day%7 + 7 + 3) % 7) }

// spread calls f with each interval in [from, to), numbered from the Unix
// epoch (intervals divide the day), and the seconds of it covered.
func spread(from, to time.Time, iv time.Duration, f func(slot int64, seconds float64)) {
	for from.Before(to) {
		slot := from.UnixNano() / int64(iv)
		end := time.Unix(0, (slot+1)*int64(iv)).In(from.Location())
		if end.After(to) {
			end = to
		}
		f(slot, end.Sub(from).Seconds())
		from = end
	}
}

func count(m map[string]map[string]int64, ch, v string) {
	if v == "" {
		return
	}
	if m[ch] == nil {
		m[ch] = map[string]int64{}
	}
	m[ch][v]++
}

// Observe takes one event (in time order).
func (o *Observer) Observe(e *eventlog.Event) {
	if o.Zone != nil {
		if !o.started {
			_, off := e.Time.In(o.Zone).Zone()
			o.offset = time.Duration(off) * time.Second
			o.Data.Zone, o.Data.ZoneOffset = o.Zone.String(), o.offset
		}
		shifted := *e
		shifted.Time = e.Time.Add(o.offset).UTC()
		e = &shifted
	}
	t := e.Time
	if !o.started {
		o.started, o.first = true, t
		o.lastPresenceTime = t
	}
	o.last = t
	o.advancePresence(t)
	d := &o.Data
	if e.IsPresence() {
		a := o.agents[e.AgentID]
		if a == nil {
			a = &agent{}
			o.agents[e.AgentID] = a
		}
		on := e.Kind == eventlog.Online
		if on != a.online {
			a.online = on
			if on {
				o.onlineAgents++
				o.capUnits += o.agentUnits(e.AgentID)
				a.onSince = t
			} else {
				o.onlineAgents--
				o.capUnits -= o.agentUnits(e.AgentID)
				o.addOnline(a, t)
			}
		}
		return
	}
	c := o.convs[e.Conversation]
	if c == nil {
		c = &conv{channel: e.Channel, start: t, botConf: math.NaN(), slot: o.slot(t)}
		o.convs[e.Conversation] = c
		d.Conversations++
	}
	switch e.Kind {
	case eventlog.Message:
		if e.Actor == eventlog.Customer {
			if c.customerMsgs == 0 {
				o.firstMessage(c, e)
			} else if !c.lastReply.IsZero() && !c.awaiting {
				if o.pauseS.keep(&d.Pauses, &d.PauseCens, false) {
					d.Pauses = append(d.Pauses, t.Sub(c.lastReply).Seconds())
				}
				o.transferDraw(c)
			}
			c.customerMsgs++
			c.awaiting = true
			if c.accepted && c.replyFrom.IsZero() {
				c.replyFrom = t
				c.replyOpen = o.held(c)
			}
		} else if e.Actor == eventlog.Agent {
			if !c.replyFrom.IsZero() {
				if o.responseS.keep(&d.Response, &d.ResponseOpen, true) {
					d.Response = append(d.Response, t.Sub(c.replyFrom).Seconds())
					d.ResponseOpen = append(d.ResponseOpen, float64(c.replyOpen))
				}
			}
			c.replyFrom = time.Time{}
			c.awaiting = false
			c.lastReply = t
		}
	case eventlog.BotHandoff:
		c.bot = true
		o.botOutcome(c, e)
	case eventlog.Routed:
		c.routings++
		if c.routedAt.IsZero() && (e.Cause == "" || e.Cause == "first") {
			c.routedAt = t
			c.queue = e.Queue
			if c.new {
				count(d.IntentQueues, c.intent, c.queue)
				count(d.QueueChannels, c.queue, c.channel)
				d.SlotRouted[c.slot]++
				counts(d.ByChannel, c.channel).Routed++
				counts(d.ByQueue, c.queue).Routed++
			}
		}
		if e.Cause == "requeue" || e.Cause == "resume" {
			o.release(c)
			c.accepted = false
			c.replyFrom = time.Time{}
		}
	case eventlog.Transferred:
		if !c.transferred && c.new {
			o.transferDraw(c)
			c.transferred = true
			count(d.Transfers, c.intent, e.Queue)
		}
		c.routings++
		o.release(c)
		c.accepted = false
		c.replyFrom = time.Time{}
	case eventlog.Accepted:
		if !c.everAccepted && !c.routedAt.IsZero() {
			// Answered before the customer gave up: patience is longer (censored).
			if o.patienceS.keep(&d.Patience, &d.PatCens, false) {
				d.PatCens = append(d.PatCens, t.Sub(c.routedAt).Seconds())
			}
			if c.new && t.Sub(c.routedAt) <= o.SLA {
				d.SlotWithin[c.slot]++
				counts(d.ByChannel, c.channel).Within++
				counts(d.ByQueue, c.queue).Within++
			}
		}
		if !c.everAccepted && c.new {
			d.AcceptedByIntent[c.intent]++
		}
		c.everAccepted = true
		c.accepted = true
		c.agent = e.AgentID
		a := o.agents[e.AgentID]
		if a == nil && e.AgentID != "" { // an export without presence events still shows what agents held
			a = &agent{}
			o.agents[e.AgentID] = a
		}
		if a != nil && e.Queue != "" {
			if a.queues == nil {
				a.queues = map[string]bool{}
			}
			a.queues[e.Queue] = true
		}
		if a != nil && !c.held {
			c.held = true
			a.held++
			o.busyUnits += o.convUnits(c.channel)
			d.MaxHeld = max(d.MaxHeld, a.held)
			a.maxHeld = max(a.maxHeld, a.held)
		}
		if c.awaiting {
			c.replyFrom = t
			c.replyOpen = o.held(c)
		}
	case eventlog.Inactive:
		d.SawInactive = true
		if !c.lastReply.IsZero() {
			d.Inactive = append(d.Inactive, t.Sub(c.lastReply).Seconds())
		}
		o.release(c)
	case eventlog.Abandoned:
		if !c.routedAt.IsZero() {
			if o.patienceS.keep(&d.Patience, &d.PatCens, false) {
				d.Patience = append(d.Patience, t.Sub(c.routedAt).Seconds())
			}
			if c.new && !c.everAccepted {
				d.SlotAbandoned[c.slot]++
				counts(d.ByChannel, c.channel).Abandoned++
				counts(d.ByQueue, c.queue).Abandoned++
			}
		}
		c.abandoned = true
		o.end(e.Conversation, c)
	case eventlog.Closed:
		if e.Actor == eventlog.Bot && e.Outcome == "resolved" {
			c.bot = true
			o.botResolved(c, e)
		} else if c.agent != "" && !c.awaiting {
			if e.Cause == "inactive" {
				if c.new {
					d.MsgCens = append(d.MsgCens, float64(c.customerMsgs))
				}
				if !c.lastReply.IsZero() {
					d.EndInactive = append(d.EndInactive, t.Sub(c.lastReply).Seconds())
					if o.pauseS.keep(&d.Pauses, &d.PauseCens, false) {
						d.PauseCens = append(d.PauseCens, t.Sub(c.lastReply).Seconds())
					}
					o.transferDraw(c)
				}
			} else if e.Cause != "blocked" && c.new {
				d.Messages = append(d.Messages, float64(c.customerMsgs))
			}
		}
		o.end(e.Conversation, c)
	}
}

// transferDraw counts a reply at which c could have been transferred: a new
// conversation accepted on its first routing, not transferred yet.
func (o *Observer) transferDraw(c *conv) {
	if c.new && c.accepted && c.routings == 1 && !c.transferred {
		o.Data.TransferDraws[c.intent]++
	}
}

// held returns the number of conversations c's agent holds (at least 1).
func (o *Observer) held(c *conv) int {
	if a := o.agents[c.agent]; a != nil && a.held > 0 {
		return a.held
	}
	return 1
}

// release takes c out of its agent's held conversations.
func (o *Observer) release(c *conv) {
	if c.held {
		c.held = false
		o.busyUnits -= o.convUnits(c.channel)
		if a := o.agents[c.agent]; a != nil && a.held > 0 {
			a.held--
		}
	}
}

func (o *Observer) end(id string, c *conv) {
	o.release(c)
	delete(o.convs, id)
}

func (o *Observer) firstMessage(c *conv, e *eventlog.Event) {
	d := &o.Data
	c.intent = e.Intent
	if e.Cause == "return" || e.Cause == "campaign" {
		d.Returns++
		return
	}
	c.new = true
	d.NewConvs++
	ch := e.Channel
	if d.Arrivals[ch] == nil {
		d.Arrivals[ch] = make([]int64, len(d.Exposure))
		d.Weekdays[ch] = &[7]int64{}
		d.Channels = append(d.Channels, ch)
	}
	d.Arrivals[ch][o.slot(e.Time)]++
	counts(d.ByChannel, ch).New++
	if d.WeekArrivals[ch] == nil {
		d.WeekArrivals[ch] = make([]int64, 7*len(d.Exposure))
	}
	day := e.Time.UnixNano() / int64(24*time.Hour)
	d.WeekArrivals[ch][weekdayOf(day)*len(d.Exposure)+o.slot(e.Time)]++
	d.Daily[day]++
	d.Weekdays[ch][(int(e.Time.Weekday())+6)%7]++
	count(d.Intents, ch, e.Intent)
	count(d.Languages, ch, e.Language)
	count(d.Tiers, ch, e.Tier)
	o.lastArrival = e.Time
}

func (o *Observer) botOutcome(c *conv, e *eventlog.Event) {
	d := &o.Data
	d.BotEntered++
	lat := e.Time.Sub(c.start).Seconds()
	conf := e.BotConfidence
	switch e.Cause {
	case "asked":
		d.BotAsked++
		d.BotLatency = append(d.BotLatency, lat)
	case "low_confidence":
		d.BotLow++
		d.BotLatency = append(d.BotLatency, lat)
		if !math.IsNaN(conf) {
			d.BotConf[c.intent] = append(d.BotConf[c.intent], conf)
			d.BotLowConf[c.intent] = append(d.BotLowConf[c.intent], conf)
			d.BotLowMax = math.Max(d.BotLowMax, conf)
		}
	case "max_turns":
		d.BotMax++
		if !math.IsNaN(conf) {
			d.BotConf[c.intent] = append(d.BotConf[c.intent], conf)
			d.BotTryConf[c.intent] = append(d.BotTryConf[c.intent], conf)
			d.BotTryResolved[c.intent] = append(d.BotTryResolved[c.intent], false)
		}
	}
}

func (o *Observer) botResolved(c *conv, e *eventlog.Event) {
	d := &o.Data
	d.BotEntered++
	d.BotOK++
	if conf := e.BotConfidence; !math.IsNaN(conf) {
		d.BotConf[c.intent] = append(d.BotConf[c.intent], conf)
		d.BotTryConf[c.intent] = append(d.BotTryConf[c.intent], conf)
		d.BotTryResolved[c.intent] = append(d.BotTryResolved[c.intent], true)
	}
}

// Finish ends the log: conversations still open are censored at its end, and
// the observed time per interval of the day is the span from the interval of
// the first event to that of the last new conversation.
func (o *Observer) Finish() *Data {
	d := &o.Data
	d.Agents = len(o.agents)
	for _, a := range o.agents {
		if a.online {
			o.addOnline(a, o.last)
			a.onSince = o.last
		}
	}
	ids := make([]string, 0, len(o.convs))
	for id := range o.convs {
		ids = append(ids, id)
	}
	sort.Strings(ids) // deterministic order of the censored samples
	for _, id := range ids {
		c := o.convs[id]
		d.StillOpen++
		if !c.routedAt.IsZero() && !c.accepted && !c.abandoned {
			if o.patienceS.keep(&d.Patience, &d.PatCens, false) {
				d.PatCens = append(d.PatCens, o.last.Sub(c.routedAt).Seconds())
			}
		}
		if !c.lastReply.IsZero() && !c.awaiting {
			if o.pauseS.keep(&d.Pauses, &d.PauseCens, false) {
				d.PauseCens = append(d.PauseCens, o.last.Sub(c.lastReply).Seconds())
			}
		}
		if c.new && c.customerMsgs > 0 && c.accepted {
			k := float64(c.customerMsgs)
			if c.awaiting {
				k-- // N ≥ the messages seen
			}
			if k > 0 {
				d.MsgCens = append(d.MsgCens, k)
			}
		}
	}
	if !o.started {
		return d
	}
	iv := int64(o.Interval)
	start := time.Unix(0, o.first.UnixNano()/iv*iv).UTC()
	end := o.lastArrival
	if end.IsZero() {
		end = o.last
	}
	end = time.Unix(0, (end.UnixNano()/iv+1)*iv).UTC()
	d.Start, d.End, d.Span = start, end, end.Sub(start)
	d.ObservedDays = d.Span.Hours() / 24
	perDay := int64(24 * time.Hour / o.Interval)
	if o.AgentUnits != nil {
		d.BusyUnitSeconds, d.CapacityUnitSeconds = make([]float64, perDay), make([]float64, perDay)
	}
	spread(start, end, o.Interval, func(slot int64, s float64) {
		k := int(slot % perDay)
		d.Exposure[k] += s
		d.WeekExposure[weekdayOf(slot/perDay)*int(perDay)+k] += s
		d.OnlineSeconds[k] += o.online[slot] // over the same window only
		if d.BusyUnitSeconds != nil {
			d.BusyUnitSeconds[k] += o.busyAt[slot]
			d.CapacityUnitSeconds[k] += o.capAt[slot]
		}
	})
	o.groups()
	return d
}

// addOnline adds an agent's time online from its onSince to t to its seconds
// per interval of the day.
func (o *Observer) addOnline(a *agent, t time.Time) {
	if a.byIv == nil {
		a.byIv = make([]float64, len(o.Data.Exposure))
	}
	perDay := int64(len(a.byIv))
	spread(a.onSince, t, o.Interval, func(slot int64, s float64) { a.byIv[slot%perDay] += s })
}

// groups finds the agent groups: agents linked by a queue they both accepted
// from are in one group (union-find over agents and queues).
func (o *Observer) groups() {
	d := &o.Data
	ids := make([]string, 0, len(o.agents))
	for id := range o.agents {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parent := map[string]string{}
	var find func(x string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[ra] = rb
		}
	}
	var noQueue []string
	for _, id := range ids {
		a := o.agents[id]
		if len(a.queues) == 0 {
			noQueue = append(noQueue, id)
			continue
		}
		for q := range a.queues {
			union("a:"+id, "q:"+q)
		}
	}
	index := map[string]int{}
	for _, id := range ids {
		a := o.agents[id]
		if len(a.queues) == 0 {
			continue
		}
		root := find("a:" + id)
		k, ok := index[root]
		if !ok {
			k = len(d.Groups)
			index[root] = k
			d.Groups = append(d.Groups, AgentGroup{})
		}
		g := &d.Groups[k]
		g.Agents = append(g.Agents, id)
		for q := range a.queues {
			g.Queues = append(g.Queues, q)
		}
	}
	if len(d.Groups) == 0 {
		d.Groups = []AgentGroup{{}}
	}
	largest := 0
	for k := range d.Groups {
		if len(d.Groups[k].Agents) > len(d.Groups[largest].Agents) {
			largest = k
		}
	}
	d.NoQueueAgents = len(noQueue)
	d.Groups[largest].Agents = append(d.Groups[largest].Agents, noQueue...)
	n := len(d.Exposure)
	total := make([]float64, n)
	for k := range d.Groups {
		g := &d.Groups[k]
		sort.Strings(g.Agents)
		g.Queues = uniq(g.Queues)
		g.OnlineSeconds = make([]float64, n)
		for _, id := range g.Agents {
			a := o.agents[id]
			g.MaxHeld = max(g.MaxHeld, a.maxHeld)
			if a.byIv != nil {
				g.Presence = true
				for i, s := range a.byIv {
					g.OnlineSeconds[i] += s
					total[i] += s
				}
			}
		}
	}
	// Scaled to OnlineSeconds, which counts the observed window only.
	for k := range d.Groups {
		g := &d.Groups[k]
		for i := range g.OnlineSeconds {
			if total[i] > 0 {
				g.OnlineSeconds[i] *= d.OnlineSeconds[i] / total[i]
			}
		}
	}
}

func uniq(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// sampler bounds a sample (observations xs and censored cs, or two slices
// drawn together): beyond 4 × MaxSample it keeps each element with probability
// 1/2 and takes later ones with half the probability, so that every
// observation of the log is in the sample with the same probability 2^-level
// (the censored share kept) and memory does not grow with the log; Fit then
// thins to MaxSample as before. The coins come from a fixed seed.
type sampler struct {
	level int
	rng   *rand.Rand
}

const samplerMax = 4 * MaxSample

// keep reports whether the next observation is to be kept, first halving
// the sample (*a, *b) if it is full; paired: a and b are drawn together (the
// same index kept in both).
func (s *sampler) keep(a, b *[]float64, paired bool) bool {
	if s.rng == nil {
		s.rng = rand.New(rand.NewPCG(17, 29))
	}
	if s.level > 0 && s.rng.Uint64()&(1<<s.level-1) != 0 {
		return false
	}
	n := len(*a) + len(*b)
	if paired {
		n = len(*a)
	}
	if n < samplerMax {
		return true
	}
	s.level++
	if paired {
		ka, kb := (*a)[:0], (*b)[:0]
		for i := range *a {
			if s.rng.Uint64()&1 == 0 {
				ka, kb = append(ka, (*a)[i]), append(kb, (*b)[i])
			}
		}
		*a, *b = ka, kb
	} else {
		for _, p := range []*[]float64{a, b} {
			k := (*p)[:0]
			for _, x := range *p {
				if s.rng.Uint64()&1 == 0 {
					k = append(k, x)
				}
			}
			*p = k
		}
	}
	return s.rng.Uint64()&1 == 0
}
