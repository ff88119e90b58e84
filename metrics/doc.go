// Package metrics is the one table of omnisim's report metrics: for each, its key
// in the JSON report (DESIGN.md, "JSON report keys"; the first Stable are stable
// public format, the rest are additions), its label and unit for people, its kind
// (count, money, share, seconds, average) and how a replication's sim.Tally gives
// its value. The report computes and prints exactly these rows, scenario
// assertions may name exactly these keys, and both read them from here. Adding a
// metric is one row of Table plus the count it reads in sim.Tally.
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
// The bot and the customer. bot_containment = contained ÷ conversations that
// entered the bot; escalated_asked, escalated_low_confidence and
// escalated_max_turns split the hand-offs by cause (shares of those that entered
// the bot; the three and bot_containment sum to 1, except that with bot.turns the
// customers who gave up in the bot are in none of the three); bot_failed_share is
// the failed-attempt share: of the conversations the bot tried to resolve
// (confidence at or above the threshold: contained, handed off after max_turns,
// or, with bot.turns, given up between turns), those it failed; bot_seconds is the mean time in the bot before a hand-off. csat is a
// proxy for customer satisfaction on a 1–5 scale, averaged over conversations that
// ended one way or another:
//
//	contained by the bot                  4.5
//	accepted by an agent after wait w     5 − min(2, w / 5 min) − 0.7 if the bot tried and failed
//	abandoned                             1.5
//
// so it falls by 0.2 a minute of waiting (at most 2 points) and by 0.7 for a failed
// bot attempt; with bot.turns, both the contained and the failed lose
// bot.turns.csat_per_turn for each bot turn after the first. It is a proxy to
// compare scenarios, not a survey prediction.
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
// announcements counts the messages telling a delayed customer its predicted wait
// or position (routing.announce; priced and window-checked like any outbound
// message, so they show in cost too), and announce_balked the customers who left
// at once because the announced wait exceeded their patience (Armony, Shimkin
// and Whitt 2009): they count as abandoned too, with a wait of 0.
// outbound_opted_out counts outbound messages not sent because their customer had
// opted out — follow-ups to customers who texted STOP (channels.C.opt_out) and
// campaign messages to opted-out recipients (outbound[].opted_out); they are in
// blocked too.
package metrics
