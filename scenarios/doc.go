// Package scenarios reads scenario files: the YAML format (v1) in which users describe
// channels, arrivals, customers, the bot, agents, routing and the assertions CI checks
// (DESIGN.md, "Scenario file"). Load and Parse turn a file into a Scenario that is
// parsed, defaulted and validated in one pass; the simulator and the load tester take
// it from there and never see YAML.
//
// # Format
//
// A file is one YAML mapping with version: 1 and the sections of DESIGN.md: name,
// seed, horizon, warmup, replications, interval, sla, channels, arrivals, customers,
// bot, follow_up, outbound, agents, routing and assert; besides them, description
// (free text) and extends (a base scenario, below); and for messaging service
// levels start, time_zone, calendars and initial (keys_messaging.go: business-hours
// calendars, the start-of-run backlog) with sla's first_response, next_response
// and resolution targets. The format is
// strict: an unknown key is an error (with the closest known key as a suggestion),
// so is a key written twice, and a key that takes one of two forms takes exactly one:
// an arrival has rate or profile, an agent group count or schedule.
//
// Values are written the way planners speak:
//
//   - durations are Go durations: 45s, 3h, 1h30m (≥ 0; horizon and interval > 0,
//     interval dividing 24h);
//   - rates are N/s, N/m, N/h or N/d (120/h), stored per second;
//   - times of day are "HH:MM" from 00:00 to 23:59; the points of a profile or a
//     schedule must increase in time (two points may share a time only when their
//     days: do not overlap). A profile repeats daily and wraps round midnight: before
//     its first point, its last point's rate applies;
//   - days are mon-fri, sat,sun, mon-wed,fri, weekdays, weekends or all (ranges may
//     wrap: fri-mon), or a list [sat, sun]; stored as Days, bit 0 = Monday;
//   - probabilities, shares and targets are 0.8 or 80%, within [0, 1];
//   - categorical shares (intents, languages, tiers) are a map name: share summing to 1
//     within 1e-9, kept in file order;
//   - skills are a map name: level with integer levels 0–10, kept in file order;
//   - integers (counts, concurrency, replications, levels) must be written as integers;
//   - distributions are {dist: NAME, parameters…} or {mixture: [{weight, dist, …}, …]}
//     with the families of sim/dist (constant, exponential, lognormal, gamma, weibull,
//     uniform, beta, geometric, empirical). Time-valued distributions (customers.pause,
//     customers.patience, agents[].response_time, bot.latency, follow_up.delay) take
//     durations or plain numbers of seconds; customers.messages (a count) and the bot's
//     confidence take plain numbers only. Mixture weights sum to 1.
//
// Channels are sms, whatsapp, messenger, instagram, apple, rcs, web and inapp; a
// channel must be enabled under channels: before arrivals, outbound campaigns, queues
// or assertions use it. google_business_messages is refused: Google retired Business
// Messages in July 2024, and RCS is its successor.
//
// An assert: line reads [SCOPE.]METRIC OP VALUE [strict], where SCOPE is an enabled
// channel or queue:NAME, METRIC one of metrics.Keys (the JSON report keys), OP one of
// < <= > >= == != and VALUE a number, a percentage (80%, for shares) or a duration
// (2m, for *_seconds metrics, in seconds). strict asks that the whole 95 % confidence
// interval be on the right side. Parsed assertions are in Scenario.Assert; evaluating
// them is the reports package's job.
//
// # Size limits
//
// A scenario that validates runs in bounded memory: every size derived from it is
// checked against the simulator's limits (package sim), in one place that validate,
// run, sweep and staff share, and an excess is reported at the field to change
// (FILE:LINE:COL) or at the flag that set it:
//   - interval at least 1m (sim.MinInterval), dividing 24h: at most 1440 intervals a day;
//   - replications at most 10000 (sim.MaxReplications);
//   - expected conversations per replication — the arrival and campaign rates
//     integrated over warmup + horizon — at most 1e8 (sim.MaxConversations);
//   - concurrency at most 1000 units (sim.MaxConcurrency); at most 1000000 agents in all
//     groups, counting each group's largest head count (sim.MaxAgents);
//   - a mean of at most 1000 customer messages per conversation (sim.MaxMeanMessages);
//   - at most 10000 entries in each list: arrivals, outbound, agents, queues, transfers,
//     a stream's intents, languages or tiers, and distinct skill names (sim.MaxItems);
//   - one replication's tallies and histograms at most 512 MiB
//     (sim.MaxReplicationBytes: channels × queues × intervals of the day), and the
//     results all replications keep at most 1 GiB (sim.MaxResultBytes: replications ×
//     intervals of the day, mostly).
//
// # Bases and variants
//
// extends: base.yaml (relative to the file) lays the file over a base scenario, so
// that teams keep one base and small variants. Mappings (routing, customers, bot,
// channels, …) merge key by key; lists (arrivals, agents, queues, assert), scalars and
// distributions replace the base's value whole; the name is not inherited. A base may
// extend another; errors in a base are reported at the base's file and line.
// A base must be inside the scenario file's directory tree, or inside the base
// directory given to LoadIn (omnisim's --base-dir): an absolute path, a .. that
// climbs out, or a symlink that leads out is an error at the extends: line, since
// omnisim check runs scenario files from pull requests. A file that is not scenario
// YAML (a mapping with a version: key), given or named as a base, is reported
// without quoting any of its content.
// LoadFS loads from an fs.FS (such as embedded examples), resolving bases inside it.
//
// # Defaults
//
// Defaults are applied in one place, applyDefaults, after parsing:
//
//	name                        the file name without extension
//	seed                        1
//	warmup                      0
//	replications                10
//	interval                    30m
//	prices_as_of                the tables in force on start: when given (the earliest when start is before them), else the latest
//	start                       2024-01-01 (a Monday: simulated day 0)
//	time_zone                   UTC
//	sla.within                  1m
//	sla.target                  0.8
//	sla.first_response.target   0.8 (and next_response, resolution; each absent: not measured against a target)
//	calendars.C.time_zone       the scenario's time_zone
//	initial[].queue             the channel's queue
//	initial[].count             1
//	channels.C.cost             1 capacity unit
//	channels.C.bot              true when the bot is enabled
//	arrivals[].days             all
//	arrivals[].intents          {general: 1}
//	arrivals[].languages        {en: 1}
//	arrivals[].profile[].days   the arrival's days
//	customers.messages          {dist: constant, value: 1}
//	customers.pause             {dist: constant, value: 60s}
//	customers.patience          absent: customers never abandon
//	bot.enabled                 true when a bot: section is present (bot.threshold is then required)
//	bot.max_turns               3
//	bot.latency                 {dist: constant, value: 2s}
//	bot.turns                   absent: one resolution draw per conversation
//	bot.turns.decay             0.5
//	bot.turns.give_up           0.1
//	bot.turns.csat_per_turn     0.2
//	outbound[].reply_delay      {dist: exponential, mean: 2h}
//	outbound[].reply_window     48h
//	agents[].concurrency        1
//	agents[].schedule[].days    all
//	routing.model               least_active
//	routing.capacity            tab
//	routing.end_inactive_after  24h
//	routing.nudge               absent: no nudge; present: reply 0, at once; close_after 0 (none)
//	routing.queues              one queue named "default" taking every enabled channel, routing without skills
//	routing.preferred_timeout   30s
//	routing.timeout_presence    away
//	routing.accept_time         absent: at once
//	routing.offline_requeue     true under tab, false under status
//	routing.reclaim_after       0: no reclaim; routing.reclaim_presence: timeout_presence's
//	routing.queues[].channels   every enabled channel
//	routing.queues[].priority   1
//	routing.queues[].min_level  1
//	channels.C.deferred.max_occupancy  85%
//	routing.announce.wait       true
//	routing.announce.position   false
//	routing.announce.balk       0
//
// Required: version, horizon, channels, arrivals (each with channel and rate or
// profile), agents (each with name, count or schedule, and response_time).
//
// # The key registry
//
// Each key of the format is one row of a table per section (keys_*.go): its kind
// (duration, share, integer, rate, distribution, enumeration, …), the field it sets,
// its range or rule, its default, its description, and whether planning may sweep
// it; enumerations come from the packages that define them (router, channels). The
// parser walks these tables; the JSON Schema, the table of defaults above, the
// defaults applyDefaults sets, SweepKeys and SetValue are generated from them. A key
// is added as a row in its section's file plus the field it sets.
//
// Validate checks a loaded scenario again after changes to it (planning.Set): each
// key's rule, the cross-field checks and the size limits, at the positions of the
// file, which a loaded Scenario keeps aside. A value gets the same message whether it
// was written in the file or set afterwards.
//
// # Cross-field checks
//
// Besides each value, the loader checks what needs several fields: channels used
// anywhere are enabled; with routing.queues every arrival's channel belongs to
// exactly one queue; a queue routing on language (or intent) finds, for each language
// (intent) its channels receive, an agent group with that skill at level ≥ min_level;
// no channel costs more capacity units than the largest concurrency; capacity: status
// has inactive_after > 0; agent group and queue names are unique; assertion scopes
// name enabled channels or existing queues; a calendar's hours do not overlap on any
// day, its holidays fall inside the run and its time zone exists; sla targets name
// defined calendars and are not longer than the horizon (plan those as deferred work:
// planning.PlanDeferred); a backlog's channel is enabled, has an arrival stream, and
// its queue exists. With routing.rules (routing_rules.go)
// several queues may take one channel (the first by priority is its fallback),
// rules name enabled channels, intents, languages, tiers and keywords of some
// arrival, existing queues and agent groups; agent_group needs queue and
// fallback_after, fallback_after needs agent_group, bot: true needs a bot; and
// every queue is reachable (a rule, a channel's first queue, an overflow or a
// transfer). routing.reclaim_after is at least push_timeout.
//
// # Errors
//
// Every problem is reported, not only the first, as an *ErrorList sorted by position.
// Each entry reads
//
//	FILE:LINE:COLUMN: PATH: MESSAGE
//	retail.yaml:12:5: agents[1].schedule[0].count: must be ≥ 0 (got -2)
//	retail.yaml:9:5: arrivals[0].intnets: unknown key (did you mean intents?)
//
// where the position is that of the offending key or value and PATH names the field
// as the file does. A version newer than 1 yields that one message, since the rest of
// such a file may use keys this version does not know. YAML syntax errors carry the
// line the YAML parser reports.
//
// Parse never panics. It refuses files larger than MaxFileSize, YAML aliases (which
// would let a small file expand into a huge tree) and, through the YAML parser,
// nesting deeper than 10 000 levels.
package scenarios
