// Package fit turns an event log (package eventlog) into a scenario: it
// observes the log in one streaming pass (Observer: state for the conversations
// not yet ended and for the agents, plus a float64 per observation) and fits,
// by maximum likelihood, the scenario format's parameters (Fit):
//
//   - arrivals per channel and interval of the day: a rate per interval
//     (Poisson: count ÷ observed time), written as a constant rate when a χ²
//     test does not reject homogeneity (p ≥ 0.01), and by day group (weekdays
//     and weekends, or each weekday) when the Poisson AIC prefers it; a trend
//     over the log's days reported (least squares with a level per weekday);
//     intents, languages and tiers
//     as shares of each channel's new conversations (returns and campaign
//     replies are not arrivals);
//   - messages per conversation: geometric on 1, 2, …, with conversations cut
//     short (closed for inactivity, open at the end of the log) as censored;
//   - the customer pause (an agent reply to the customer's next message): a
//     mixture of 1–3 lognormal components by EM on the logs (SQUAREM
//     accelerated), the number of components by AIC among the identified ones; silences that ended the conversation or the log are
//     right-censored (EM with truncated-normal moments);
//   - agent response time (from the later of the customer's message and the
//     agent's accept to the reply) and patience (first routing to abandonment,
//     where an accept or the end of the log censors it: a censored likelihood,
//     never a mean of the abandoned only), each in the exponential, lognormal,
//     gamma and Weibull families, the lowest AIC chosen (Nelder–Mead from
//     gonum/optimize where there is no closed form);
//   - the bot: confidence per intent (beta), resolvable in the calibrated form
//     P(resolved | c) = resolvable × c, the share that asks for an agent, the
//     threshold (between the highest low-confidence hand-off and the lowest
//     confidence the bot went on with), its latency;
//   - the concurrency penalty, regressed on the conversations the agent held
//     when each reply started (a lognormal base; kept when its interval excludes
//     0 and it beats the families without it by AIC);
//   - agents: the mean number online per interval from presence events, the
//     largest number of conversations an agent held at once (a lower bound of
//     its capacity), status capacity when inactivity events occur; agents who
//     serve disjoint queues (connected components of agents and the queues
//     they accepted from) as separate groups, each with its own schedule,
//     concurrency and the intents routed to its queues as skills, with a queue
//     per queue of the log and intent rules (reply times fitted on every
//     group's replies together);
//   - transfers per intent: the share of the accepted transferred, the
//     probability a draw transfers (the transferred over the agent replies on
//     the first routing after which the customer had more to say, as the
//     simulator draws routing.transfers) and the destination queues; with
//     several groups each intent's main destination among the written queues is
//     written as routing.transfers with the probability of a transfer there
//     (the scenario format takes one destination per intent), and what is
//     dropped (other destinations, queues the scenario lacks) is noted.
//
// Samples beyond MaxSample observations per distribution are thinned at random
// with a fixed seed before the iterative fits (events and censored ones with the
// same probability), which bounds their cost on long logs.
//
// NewBacktest compares a simulation of a scenario with a log per interval of
// the day (offered per hour, service level, abandon rate), flagging intervals
// outside the simulation's 95 % prediction interval.
//
// Every parameter carries a standard error from the observed information (the
// inverse Hessian of the negative log-likelihood at the optimum) and every
// distribution its sample size, censored count and Kolmogorov–Smirnov distance
// (to the Kaplan–Meier estimate when censored). WriteScenario writes them as
// comments beside each value; Result.NotFitted says what was not fitted and why.
// Intervals of the day are taken in UTC, or in Observer.Zone's local time.
//
// NewBotCurve draws the bot's threshold curve from the logs, censored by the
// threshold in force (below it no outcome is observed: those points are the
// calibrated form's, marked extrapolated). RunHoldout fits on all of a log but
// its last span and backtests on that span.
package fit
