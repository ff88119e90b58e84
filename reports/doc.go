// Package reports turns the raw counts of simulation replications into the
// numbers planners read: every metric of DESIGN.md's JSON report as a mean across
// replications with the half-width of its 95 % confidence interval, for the whole
// run, by channel and by interval of the day, and renders them as text or JSON.
//
// Each replication yields one value per metric (a ratio of its counts, or a
// percentile of its histogram); the replications are independent, and the
// estimate across them depends on the kind of metric (estimators.go):
//
//   - shares and means per conversation whose denominator is itself a metric
//     (service_level, abandon_rate, p_wait over routed; asa_seconds,
//     dropped_skill_share over handled; abandon_wait_seconds over abandoned;
//     resume_wait_seconds, sticky_hit_rate over resumed; the messaging service
//     levels first_response_service_level and resolution_service_level over
//     routed, next_response_service_level over next_responses) are ratio estimators:
//     the replications' numerators pooled over their pooled denominators, with a
//     delta-method Student-t interval (RatioEstimate). A mean of per-replication
//     ratios gives a thin interval's few conversations as much weight as a busy
//     one's and is biased there (a p_wait of 0.024 where the exact probability is
//     0.033); the pool is not.
//   - percentiles (…_pNN_seconds) are the mean of the replications' values with
//     the Student-t half-width plus half the histogram bucket width at the mean
//     (sim.HistBucketWidth, 1/128 of the power of two): each value is its
//     bucket's midpoint, so an interval of replications that all landed in one
//     bucket is ± half a bucket, not ± 0.
//   - everything else (counts, costs, time averages, utilization, bot shares,
//     csat) is the mean of the replications' values with its Student-t interval.
//
// TestCICoverage checks on an M/M/2 queue that the 95 % intervals of a share, a
// mean per conversation, a time average and a percentile contain the Erlang C
// value in 90–99 of 100 seeded runs. A metric
// whose denominator is empty in a replication (no conversation was accepted in a
// quiet night interval, say) is undefined there and left out of that metric's mean;
// a metric undefined in every replication is null in JSON and "–" in text. What
// each metric means, its label and its kind are package metrics' (its Table).
//
// Messaging service levels (sla.first_response, next_response, resolution in the
// scenario; undefined without their target): first_response_service_level is
// the share of routed conversations whose first agent reply came within the
// target of the customer's first message; next_response_service_level the share
// of later customer messages (those after the first agent reply, next_responses
// of them) answered within the target; resolution_service_level the share of
// routed conversations that ended (last reply, after wrap_up; or ended inactive)
// within the target of the first message. With a calendar the time counts only
// inside its opening hours. A response still owed when the run stops (and a
// conversation that never got one: abandoned, reply blocked) is late — in the
// denominator, never in the numerator, as for service_level. next_response_seconds
// and resolution_seconds are the mean elapsed times of those answered and ended.
// Conversations of the start-of-run backlog (initial:) are not counted.
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
// (offered, handled, abandoned, cost, …; metrics.IsAdditive) are divided by the
// number of days that interval was measured after warm-up (its measured time over
// its length), so 08:00–08:30 of a 7-day run reads as an ordinary day's 08:00–08:30.
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
// Check evaluates a scenario's assertions against a report (on the mean, or on the
// whole 95 % interval when strict) and returns verdicts with the measured value;
// WriteChecksText, WriteChecksJSON and WriteJUnit render the verdicts of many
// scenarios for people, scripts and CI servers (omnisim check).
package reports
