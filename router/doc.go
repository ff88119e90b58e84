// Package router is omnisim's reference routing engine: the Omni-Channel style logic
// that decides which human agent gets which waiting conversation.
//
// # Purity
//
// The engine is pure. Time is an argument (nanoseconds on the caller's clock, never
// going backwards), it starts no goroutines, reads no clock and draws no random
// numbers: random outcomes such as "the agent declined" are events the caller
// passes in, and ties are broken deterministically. The same calls give the same
// decisions. The simulator drives it in virtual time and `omnisim serve` in wall
// time, through the same calls:
//
//   - AddAgent once per agent (it starts Offline), SetPresence (or SetOnline) when
//     its presence changes;
//   - Enqueue when a conversation needs an agent, Withdraw when its customer gives
//     up, Release when it ends, Transfer when an agent sends it to another queue;
//   - under status capacity, SetInactive when its customer has been silent longer
//     than inactive_after and Resume when the customer writes again;
//   - with a push timeout, Accept or Decline for each offer;
//   - Route after any change, and at NextDeadline, which applies what time
//     changed and returns the assignments (or offers) it made.
//
// Conversations are identified by small dense integers chosen by the caller (the
// simulator reuses the slot of a finished conversation), so per-conversation state
// lives in slices, not maps. Agents are the indices AddAgent returns; skills and
// channels are small integers too (Config.SkillNames and ChannelNames name them in
// errors).
//
// # Queues and order
//
// A conversation waits in one queue (Work.Queue; QueueFor picks the first queue, by
// priority, that takes its channel). Waiting conversations are routed best first
// by (effective routing priority, secondary priority, arrival): the queue's
// Priority, lower first, improved by 1 for each QueueSpec.Aging the conversation
// has waited; then Work.Priority2 (such as a customer tier), lower first; then FIFO.
// A conversation handed back by an agent going offline goes to the front of its
// priority. After QueueSpec.OverflowAfter in a queue it moves to OverflowTo, keeping
// its place in arrival order there.
//
// # Skills
//
// Agents hold skills at levels 0–10 (0: lacks it). A conversation requires its
// queue's RequiredSkills and its own Work.Skills (its language, say), each at a
// minimum level, and asks for its queue's AdditionalSkills and its own
// Work.Additional (its intent). Only agents with all of them qualify — until the
// conversation has waited DropAdditionalAfter in its queue without one free; then
// the additional skills are dropped (Assignment.DroppedSkills, Counts.SkillDrops).
// Among qualified agents with room, the routing model picks.
//
// # Routing models
//
// least_active picks the agent with the fewest open conversations; most_available
// the one with the most free capacity units; round_robin and load_rotation the
// one whose last assignment (or offer) is oldest. Ties always go to the agent who
// received work longest ago, then to the lower index.
//
// # Capacity
//
// Each agent has capacity units; each conversation costs Work.Units (or its
// channel's Config.ChannelUnits, or 1); for percentage capacity use 100 units. An
// agent takes a conversation only if it has that much room, and a conversation that
// does not fit does not block the smaller ones behind it. Under Tab capacity a
// conversation holds its units until Release. Under Status capacity SetInactive
// frees them while the conversation stays attached to its agent; Resume puts it
// back into routing, and within Config.StickyFor of going inactive it waits for its
// previous agent only (Assignment.Sticky, Counts.StickyHits), for up to
// Config.PreferredTimeout (DefaultPreferredTimeout, 30 s, when zero) — or not at
// all if that agent is Offline — before any qualified agent may take it
// (Counts.StickyMisses). An agent may also set a conversation aside while waiting
// on its customer (Pause, Status capacity only): Paused frees the units too, but
// Unpause gives it back to the same agent without routing, even beyond its
// capacity, as Salesforce's paused messaging work does (pause.go says which
// Salesforce documents the two states follow).
//
// # Direct routing
//
// EnqueueDirect routes a conversation to some agents first, as Omni-Channel
// Flow's "Route Work" to an agent with a fallback queue: only agents holding
// Direct.Agents (a skill the target agent or group alone holds) may take it,
// whatever its own skills, until Direct.FallbackAfter; then it moves to
// Direct.Queue with its Work's skills, keeping its arrival order
// (Counts.Fallbacks).
//
// # Push routing
//
// Without Config.PushTimeout, Route's assignments are accepted. With it, they are
// offers (Assignment.Offer) that reserve the agent's capacity until Accept. An
// offer declined (Decline) or not accepted before its deadline (Expire, or Route,
// at or after it) goes back to its place in the queue and is never offered to that
// agent again; the agent moves to Config.DeclinePresence or TimeoutPresence (Away,
// say).
//
// # Presence
//
// Only Online agents receive work; Busy and Away agents keep what they hold. An
// agent going Offline hands back its pending offers and, with
// Config.OfflineRequeue (usual under tab capacity), its conversations, which
// SetPresence returns; without it (usual under status capacity) it keeps and
// finishes them.
//
// # No-reply reclaim
//
// With Config.ReclaimAfter, an assigned conversation whose customer waits for a
// reply (since the accept, or since AwaitReply) and gets none (Replied) in time
// goes back to routing with its age kept, never to that agent again, who moves to
// Config.ReclaimPresence (reclaim.go).
//
// # Time
//
// Skill drops, overflows, push timeouts, preferred-agent timeouts and reclaims happen at
// fixed times that NextDeadline reports: the caller routes then, even if nothing
// else happens. Aging needs no wake-up: it only reorders conversations that no
// agent can take, and Route ranks them at the time it is called.
//
// # Checks and counters
//
// New rejects a malformed Config, Check (or Validate) a configuration that the
// agents make impossible, naming the field: a queue whose required skills no agent
// has at the minimum level, a channel that costs more than any agent's capacity.
// Servable checks a kind of conversation (a language a scenario produces, say).
// Stats counts, per queue, requeues, transfers, overflows, skill drops, push
// timeouts, declines and sticky hits and misses; waits, utilization and
// concurrency are the caller's to measure from the assignments.
//
// # How it stays fast
//
// Routing is a pipeline as in Nomad's scheduler: eligible agents (Online, room,
// skills) → rank by the routing model → pick. Agents with identical skills form a
// class; each class keeps a heap of its ready agents per capacity cost, best first,
// so the best agent for a requirement is the best of the tops of the classes that
// meet it. Waiting conversations with the same queue, requirement, cost and
// secondary priority form a line in arrival order (a FIFO ring; a small heap takes
// the rare late arrivals), so only line heads are ever compared, and each
// requirement counts its classes with a ready agent, so a line that cannot be
// routed costs one load to skip. Route only looks at lines that something made
// routable since the last call (new conversations, agents with more room), ranked
// by cached bounds first. A decision costs O(log agents) in the ready heaps,
// O(log timers) in the heap of pending deadlines, plus the lines and classes
// involved, which the configuration bounds; it grows at most logarithmically with
// the number of conversations waiting, and allocates nothing.
package router
