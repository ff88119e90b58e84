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
// of a scenario. Every point of a sweep, every staffing candidate and every
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
// verifies the chosen staffing as a whole (backlog carries over between intervals)
// and adds agents where an interval misses. Evaluations counts the simulations used;
// NaiveEvaluations what a per-interval linear search from zero would have needed.
//
// Deferred work (PlanDeferred, deferred.go) — a target longer than the interval,
// such as email answered within 24 h — is planned as a backlog cleared within its
// deadline at a maximum occupancy, with the fluid (deterministic
// work-conservation) model of a first-in, first-out backlog, not as an interval
// service level.
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
