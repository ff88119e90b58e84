package sim

import "reflect"

// Tally is the raw count of one scope (the whole run, a channel, or an interval of
// the day) in one replication. Conversations are counted in the scope of their
// arrival; time integrals in the scope of the time they cover.
type Tally struct {
	Offered      int64 // conversations that arrived in the measured window
	BotEntered   int64 // of those, conversations that entered the bot
	BotContained int64 // resolved by the bot
	Routed       int64 // entered routing (first time)
	Handled      int64 // accepted by an agent
	Abandoned    int64 // gave up waiting
	Unserved     int64 // still waiting when the run stopped
	Waited       int64 // found no agent with room at once (abandoned included)
	WithinSLA    int64 // accepted within the SLA threshold

	WaitSeconds float64 // sum of waits of accepted conversations

	// Messaging service levels (Model.FirstResponse, NextResponse, Resolution).
	FirstResponseDue    int64   // routed conversations, counted when a first-response target is set
	FirstResponseWithin int64   // of those, the first agent reply met the target
	NextResponseOwed    int64   // NextResponseDue, counted when a next-response target is set
	NextResponseDue     int64   // customer messages after the first agent reply: each needs a reply
	NextResponded       int64   // of those, answered
	NextResponseWithin  int64   // answered within the next-response target
	NextResponseSeconds float64 // sum of the response times of the answered ones (elapsed time)
	Resolved            int64   // routed conversations that ended after agent handling
	ResolutionDue       int64   // routed conversations, counted when a resolution target is set
	ResolvedWithin      int64   // resolved within the resolution target
	ResolutionSeconds   float64 // sum of their resolution times (arrival to end, elapsed time)
	AbandonWaitSeconds  float64 // sum of times to abandon

	TemplatesRequired int64
	Blocked           int64 // outbound messages the channel's rules refused
	ThroughputDelayed int64 // outbound messages held back by the channel's throughput limit
	Cost              float64
	CostBy            [numCostCategories]float64 // by CostCategories

	// Bot tier.
	BotAsked         int64 // hand-offs because the customer asked for an agent
	BotLowConfidence int64 // hand-offs after a confidence below the threshold
	BotMaxTurns      int64 // hand-offs after max_turns failed turns (tried and failed)
	BotGaveUp        int64 // BotTurns: customers who gave up in the bot and asked for an agent (tried and failed too)
	// Silent abandonment (SilentAbandon): accepted conversations whose customer had
	// left without saying so, and the agent seconds they held (accept to release).
	Reclaimed int64 // conversations taken back from an agent who did not reply in time (reclaim_after)
	// Expected-wait prediction over delayed conversations (waitpred.go): count,
	// sum of absolute and of squared errors, in seconds.
	WaitPredN          int64
	WaitPredAbsSeconds float64
	WaitPredSqSeconds  float64
	// Announcements (announce.go): messages telling a delayed customer the
	// predicted wait or position, and customers who left at once on hearing it
	// (counted in Abandoned too).
	Announcements      int64
	Balked             int64
	SilentAbandoned    int64
	SilentAgentSeconds float64
	BotSeconds         float64 // sum of time in the bot before hand-off

	// Outbound.
	FollowUps       int64 // follow-up messages attempted
	OptedOut        int64 // conversations whose customer opted out (STOP)
	OptOutBlocked   int64 // outbound messages not sent because their customer opted out
	OutboundSent    int64 // campaign messages sent
	OutboundReplied int64 // campaign messages the customer replied to

	// Routing beyond the first assignment.
	ResumeRouted      int64   // re-routings after inactivity (status capacity)
	ResumeWaitSeconds float64 // sum of their waits
	StickyHits        int64   // resumed conversations that went back to their previous agent
	Requeues          int64   // conversations handed back by an agent going offline
	Transfers         int64   // conversations transferred to another queue
	DroppedSkills     int64   // first routings accepted after additional skills were dropped
	PushTimeouts      int64   // offers not accepted in time
	Declines          int64   // offers declined
	Returns           int64   // customers who came back after their conversation ended (new conversations)

	// Customer inactivity (nudge.go, botsilent.go).
	Nudges        int64 // nudges sent to silent customers (as a message or a template)
	NudgeReplies  int64 // nudged customers who wrote again before the conversation closed
	AutoClosed    int64 // conversations with an agent closed for customer silence (a nudge's close_after, or end_inactive_after)
	BotAutoClosed int64 // conversations the bot still owned, closed for customer silence (bot_inactive_after)

	// CSAT proxy (see package metrics for the formula).
	CSATSum   float64
	CSATCount int64

	// Time integrals over the measured window.
	BusyUnitSeconds     float64 // ∫ capacity units in use dt
	CapacityUnitSeconds float64 // ∫ capacity units of online agents dt
	WaitingSeconds      float64 // ∫ conversations waiting for their first agent dt (Little's L × time)
	MeasuredSeconds     float64 // length of measured time in this scope

	Wait          Hist // waits of accepted conversations, ms
	FirstResponse Hist // first message to first agent reply, ms
}

// Result is one replication's raw counts.
type Result struct {
	Replication int
	Total       Tally
	ByChannel   []Tally // index = Model.Channels
	ByInterval  []Tally // index = interval of the day (24h / Model.Interval)
	// ByWeekdayInterval is kept when arrivals or staffing differ by weekday
	// (Model.ByWeekday), nil otherwise: index = weekday × intervals per day +
	// interval of the day, weekday 0 = Monday (simulated day 0).
	ByWeekdayInterval []Tally
	ByQueue           []Tally  // index = router queue; a conversation counts in the queue of its first routing
	Queues            []string // queue names, index order
	Groups            []GroupTally
	Events            int64 // events processed, for benchmarks
}

// GroupTally is one agent group's time integrals over the measured window.
type GroupTally struct {
	Name                string
	BusyUnitSeconds     []float64 // by interval of the day: ∫ units in use dt
	CapacityUnitSeconds []float64 // by interval of the day: ∫ units of online agents dt
	// ConcurrencySeconds[k] is the agent-time spent with k capacity units in use,
	// over the group's online agents: a time-weighted concurrency histogram.
	ConcurrencySeconds []float64
}

// add adds o into t, field by field: counts and sums add, histograms merge. It
// walks the fields by reflection so that a field added to Tally cannot be
// forgotten here; it runs a few hundred times per replication, not per event.
func (t *Tally) add(o *Tally) {
	tv, ov := reflect.ValueOf(t).Elem(), reflect.ValueOf(o).Elem()
	for i := 0; i < tv.NumField(); i++ {
		f, g := tv.Field(i), ov.Field(i)
		switch f.Kind() {
		case reflect.Int64:
			f.SetInt(f.Int() + g.Int())
		case reflect.Float64:
			f.SetFloat(f.Float() + g.Float())
		case reflect.Array:
			for j := 0; j < f.Len(); j++ {
				f.Index(j).SetFloat(f.Index(j).Float() + g.Index(j).Float())
			}
		case reflect.Struct: // Hist
			f.Addr().Interface().(*Hist).merge(g.Addr().Interface().(*Hist))
		default:
			panic("sim: Tally.add does not know field " + tv.Type().Field(i).Name)
		}
	}
}

// empty reports whether nothing was counted in t.
func (t *Tally) empty() bool { return reflect.ValueOf(*t).IsZero() }
