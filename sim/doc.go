// Package sim is omnisim's discrete-event simulator of asynchronous customer
// messaging.
//
// Time is virtual: an integer count of nanoseconds since the start of the run
// (Time, convertible to time.Duration). Simulated day 0 is a Monday and starts at
// 00:00, so daily profiles and weekly schedules map onto the clock without a
// calendar. Events live in a 4-ary heap of small value structs ordered by time and
// then by insertion (FIFO among simultaneous events); the hot path allocates nothing
// per event and calls no interface or closure.
//
// The traffic model: conversations arrive on each arrival stream as a Poisson
// process whose rate is a weekly step function (a constant rate, or a daily profile
// limited to some weekdays), generated exactly by inverting the integrated rate.
// Every conversation gets its own random stream, seeded from its arrival stream, and
// draws from it everything the customer brings — intent, language, number of
// messages, pauses, patience, and the base time of each agent reply — so two runs
// that differ only in staffing or routing see the same customers (common random
// numbers). Each customer message needs an agent reply; the reply takes the agent
// group's response time × (1 + concurrency_penalty × (open conversations − 1)).
// Between messages the customer pauses; after the reply to the last message the
// conversation ends (after wrap_up). A customer not accepted by an agent within
// their patience abandons.
//
// Shift ends: when a group's schedule drops, idle agents (holding no
// conversation) go offline first; a busy agent leaves only when no idle one is
// left, the least loaded first. A leaving agent takes no new work and finishes
// what it holds, or, with offline_requeue (router.Config.OfflineRequeue), hands
// its conversations back to routing at once, at the front of their queue. A
// requeue is counted in the interval where it happens, not in the conversation's
// arrival interval. When the schedule rises, agents still finishing work after
// their shift come back first.
//
// Messaging service levels (Model.FirstResponse, NextResponse, Resolution): the
// first agent reply is timed from the customer's first message, every later reply
// from the customer message it answers (next response), and the end of the
// conversation from its first message (resolution); each is on time when it
// comes within its target, counted in business hours when the target has a
// calendar (BusinessHours: the clock stops outside opening hours). A response
// still owed when the run stops is late. Model.Initial opens a start-of-run
// backlog (Backlog).
//
// Routing is delegated to package router through its pure API (Enqueue, Withdraw,
// Route, Release, SetOnline): the simulator never decides who gets work.
//
// The conversation lifecycle (issue 18), each rule in its own file: the bot
// resolving turn by turn with give-ups and CSAT falling with turns (botturns.go;
// Bot.Containment is the one containment rule for sim, planning and loadtest),
// silent abandonment (silent.go), no-reply reclaim (the router's rule,
// reclaim.go books it), routing rules choosing the queue, an agent group first
// (router.Engine.EnqueueDirect) and the bot or not (rules.go, sharing
// router/work.Match with omnisim serve; the keywords of a first message, which the
// simulator has no text for, are drawn with each keyword's share of the stream,
// Arrival.Keywords) and the expected-wait predictors scored against realised waits
// (waitpred.go), announced to delayed customers, who may balk on hearing a wait
// beyond their patience (announce.go), nudges to silent customers with their
// auto-close (nudge.go) and the bot's own inactivity clock (botsilent.go).
//
// Statistics: a conversation is measured when it arrives after the warm-up; time
// integrals (utilization, queue length) are taken over [warmup, warmup+horizon].
// Arrivals stop at the end of the horizon and conversations in the system are run to
// their end (at most a week further), so waits near the end are not cut short.
// Replications run in parallel, each with streams derived from (seed, replication,
// stream name), and are returned in replication order: the output does not depend
// on the number of cores.
package sim
