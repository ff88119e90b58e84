// Package planning turns the simulator into answers to planning questions: what
// happens over a grid of scenario settings (Sweep), how many agents each interval
// needs to meet the targets (Staff), which bot threshold to run (TuneBot), and how
// to split any of that work across machines and put it back together (Shard,
// Partial, Merge).
//
// Settings are addressed with dotted keys that follow the scenario file
// (agents.tier1.count, agents[0].concurrency, bot.threshold, routing.push_timeout)
// plus a few planning knobs (arrivals.scale multiplies every arrival rate,
// agents.NAME.schedule.scale every head count of a group); Set applies one to a copy
// of a scenario. The scenario keys are those the registry of package scenarios marks
// sweepable (scenarios.SweepKeys), set by scenarios.SetValue with the loader's own
// rule and message for each value; scenarios.Validate checks the changed scenario as
// a whole again. Every point of a sweep, every staffing candidate and every
// threshold is simulated with the scenario's seed, so they see the same customers
// (common random numbers) and differences between points are differences of
// settings, not of luck.
//
// Staffing starts from Erlang C on each interval's offered load — arrival rates
// after bot containment, times the capacity a conversation holds (all its replies,
// the customer's pauses up to inactive_after under status capacity, wrap-up),
// divided among agent groups by skills — and refines it by simulation. Each
// simulation covers the whole day, so one evaluation tests every interval at once:
// the search gallops and bisects all intervals in parallel, group by group, then
// checks the chosen staffing as a whole (backlog carries over between intervals)
// and adds agents where an interval misses. Evaluations counts the whole-day
// evaluations used; NaiveEvaluations what a per-interval linear search from zero
// would have needed; Simulations the replications they ran.
//
// Decisions at a stated confidence. Whether an interval meets a target is decided
// by a sequential procedure (Rule), not on the mean of a fixed number of
// replications: an evaluation runs the scenario's replications, and while some
// interval it is asked about is undecided, doubles them (up to MaxReplications),
// replication k of every staffing level being the same customers (common random
// numbers, so levels compared differ by their staffing, not by luck). An interval
// is decided at the first look where its confidence interval lies on one side of
// the target, or where its half-width is at most Tolerance; then the side of the
// mean decides, the true value being within Tolerance of the target (an
// indifference zone). At the last look an interval still straddling the target is
// decided "misses": "meets" is said only when the replications show it. Each of
// the K looks uses the interval at level 1 − (1 − Confidence)/K, so the chance
// that any look wrongly excludes the true value is at most 1 − Confidence
// (Bonferroni). The stopping rule is the fixed-width sequential interval of Chow
// and Robbins (1965, Ann. Math. Statist. 36:457) with the early stop of a
// sequential test, and the indifference zone is that of ranking and selection
// (Bechhofer 1954; Kim and Nelson 2001, ACM TOMACS 11:251, whose fully
// sequential procedure compares systems under common random numbers the same
// way); the looks double rather than grow by one, as in group-sequential designs,
// because each look is a whole-day simulation of every interval at once. The
// shares decided on are ratio estimators over the replications (pooled
// conversations within the target ÷ pooled routed conversations, delta-method
// standard error: reports.RatioEstimate), not means of per-replication ratios.
//
// Verification on fresh seeds. The staffing chosen is simulated once more on
// VerifyReplications replications from index 1,000,000 on, which the search never
// runs (sim.MaxReplications bounds it), and each interval's verified service level
// (with its CI) and whether every target holds there (its mean on the right side)
// are reported; an interval that misses there gets an agent more and is verified
// again on replications not used before, at most three rounds. Met, and the
// headline, say "meets" only where the search's decision and the last
// verification both do.
//
// Requirement outputs: per interval the integer requirement, a fractional one
// (where the line between the service levels at one agent less and at the
// requirement crosses the target), the occupancy implied (offered Erlangs over
// agents × concurrency), and agent hours per group and day. A volume what-if is
// arrivals.scale (staff --scale 1.2).
//
// Deferred work (PlanDeferred, deferred.go) — a target longer than the interval,
// such as email answered within 24 h — is planned as a backlog cleared within its
// deadline at a maximum occupancy, with the fluid (deterministic
// work-conservation) model of a first-in, first-out backlog, not as an interval
// service level.
// Staff plans a channel with channels.C.deferred so (deferredstaff.go): its
// work leaves the interval search and DeferredStaff gives the agents of the
// group that takes it, beside the work-conservation bound.
//
// By weekday (weekday.go): when arrivals or schedules differ by weekday, a cell
// of the search is a weekday × interval, each measured weekday searched,
// started from its own Erlang C and verified on its own.
//
// Scale-out splits a run into work items — (sweep point, replication) pairs in
// order, one point for a plain run — and gives item k to shard (k mod N)+1, so
// shards get equal shares even when there are fewer points than shards. A shard
// writes a Partial: the per-replication metric values (reports.RepValues) with the
// metadata and a fingerprint of the inputs. TuneBot shards by point instead (a
// point's staff search cannot be split), its Partial holding whole TunePoints.
// Merge checks that the partials belong together and are complete, and rebuilds
// exactly the report one machine would have produced, byte for byte (for tune-bot,
// recommending over all the points).
package planning
