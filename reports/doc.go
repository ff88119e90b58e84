// Package reports turns the raw counts of simulation replications into the
// numbers planners read: every metric of DESIGN.md's JSON report as a mean across
// replications with the half-width of its 95 % confidence interval, for the whole
// run, by channel and by interval of the day, and renders them as text or JSON.
//
// Each replication yields one value per metric (a ratio of its counts, or a
// percentile of its histogram); the replications are independent, so the mean and
// the Student-t interval over them are exact in the usual batch sense. A metric
// whose denominator is empty in a replication (no conversation was accepted in a
// quiet night interval, say) is undefined there and left out of that metric's mean;
// a metric undefined in every replication is null in JSON and "–" in text.
//
// Definitions follow the WFM conventions of DESIGN.md: service_level counts
// abandoned conversations in the denominator and never in the numerator;
// asa_seconds is over accepted conversations only; p_wait is the share of routed
// conversations that found no agent with room at once, abandoned ones included;
// utilization is capacity units in use over capacity units of online agents,
// time-weighted.
//
// first_response_p90_seconds is the 90th percentile, over the conversations that
// got an agent reply, of the time from the customer's first message to the first
// agent reply sent: bot time + wait + reply time. Bot time includes the customer's
// own pauses between bot turns (the customers' pause distribution), so in a
// scenario whose pauses are sometimes hours long (returning later in the day) the
// percentile is dominated by them: the default scenario's first_response_p90 of
// about 370 s against a wait p90 of 63 s, and 2,500 s at 03:00 where a handful
// of night conversations spent hours in the bot, are that, not the agents'
// speed (bot_seconds, the mean time in the bot before a hand-off, shows it).
// Abandoned conversations never got a reply and are not in it.
//
// Terms. Every report states what its numbers mean: the JSON's top-level
// "terms" object has horizon_seconds (measured time after the warm-up),
// warmup_seconds, interval_seconds, days (horizon in days), sla_within_seconds
// and sla_target (the scenario's sla), and says that "metrics" are means per
// replication over the horizon and "by_interval" means per day; text, Markdown
// and HTML print the same terms in words before the numbers.
//
// Numbers for people (text, Markdown, HTML) follow one rule: a value alone has
// three significant digits (never fewer than its integer part), shares are
// percentages with one decimal, costs have two decimals; a mean with its
// confidence interval takes the decimals of the interval's two significant
// digits, both the same (369 ± 43, 6.13 ± 0.31). A count is a mean per
// replication (per day by interval), so it may be fractional.
//
// By interval of the day (by_interval): a run of several days adds each interval's
// days together, and reports means per day: an interval's counts and costs
// (offered, handled, abandoned, cost, …; IsAdditive) are divided by the number of
// days that interval was measured after warm-up (its measured time over its
// length), so 08:00–08:30 of a 7-day run reads as an ordinary day's 08:00–08:30.
// Ratios, percentiles and time averages pool the days' conversations. The
// whole-run metrics and by_channel, by_queue stay totals over the horizon.
//
// By weekday and interval (by_weekday_interval): when some arrival stream,
// campaign or agent group's schedule differs between weekdays (days: in the
// scenario; sim.Model.ByWeekday), the JSON report adds a list of
// {"weekday": "mon"…"sun", "start": "HH:MM", KEY: {"mean", "ci95"}, …} with every
// metric key, for each weekday the horizon reaches (simulated day 0 is a Monday),
// with the same per-day means: a Monday 08:00 of a 14-day run is the mean of its
// two Mondays. Text, Markdown and HTML show offered and service level by weekday
// and interval; CSV has scopes weekday:DAY@HH:MM. by_interval keeps its meaning
// (every day together).
//
// Scopes beyond DESIGN.md's by_channel and by_interval: by_queue (a conversation
// counts in the queue of its first routing) and by_group (each agent group's
// utilization, by interval too, and its time-weighted concurrency histogram: the
// share of online agent-time spent with k capacity units in use).
//
// The bot and the customer. bot_containment = contained ÷ conversations that
// entered the bot; escalated_asked, escalated_low_confidence and
// escalated_max_turns split the hand-offs by cause (shares of those that entered
// the bot; the three and bot_containment sum to 1, except that with bot.turns
// the customers who gave up in the bot are in none of the three); bot_failed_share is the share
// where the bot tried and failed (the max_turns cause, and with bot.turns the
// customers who gave up: bot_failed_share − escalated_max_turns); bot_seconds is the mean time
// in the bot before a hand-off. csat is a proxy for customer satisfaction on a 1–5
// scale, averaged over conversations that ended one way or another:
//
//	contained by the bot                  4.5
//	accepted by an agent after wait w     5 − min(2, w / 5 min) − 0.7 if the bot tried and failed
//	abandoned                             1.5
//
// so it falls by 0.2 a minute of waiting (at most 2 points) and by 0.7 for a failed
// bot attempt; with bot.turns, both the contained and the failed lose
// bot.turns.csat_per_turn for each bot turn after the first. It is a proxy to compare scenarios, not a survey prediction.
//
// Messaging: templates_required counts outbound messages the channel's window
// allows only as an approved template; blocked those it refuses (SMS after STOP,
// Apple after the customer closed, Messenger past 7 days); cost sums the catalog's
// per-message prices (package channels, which records each price table's source and
// date) of inbound messages, agent replies, follow-ups and campaign messages, with
// cost_marketing, cost_utility, cost_authentication, cost_service and cost_inbound
// splitting it by category.
//
// The conversation lifecycle (channels.C.silent_abandon): silent_abandon_rate is the
// share of routed conversations an agent accepted after the customer had left
// without saying so (they count as handled too, with their wait: that is what makes
// silent abandonment invisible in ACD reports), and silent_abandon_agent_seconds the
// mean agent time one of them holds, from accept to the release of its capacity
// (the reply, then inactivity: end_inactive_after under tab capacity,
// inactive_after under status). Their product with routed is the capacity they cost.
// reclaimed counts conversations taken back from an agent who had not replied
// within routing.reclaim_after (they wait again with their age; their wait metrics
// stay those of their first routing). wait_prediction_mae_seconds and
// wait_prediction_rmse_seconds score the expected-wait predictor (routing.
// wait_predictor; sim's waitpred.go) against the realised wait of delayed
// conversations: mean absolute error and root mean squared error, per scope.
//
// Check evaluates a scenario's assertions against a report (on the mean, or on the
// whole 95 % interval when strict) and returns verdicts with the measured value;
// WriteChecksText, WriteChecksJSON and WriteJUnit render the verdicts of many
// scenarios for people, scripts and CI servers (omnisim check).
package reports
