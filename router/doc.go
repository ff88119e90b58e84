// Package router is omnisim's reference routing engine: the Omni-Channel style logic
// that decides which human agent gets which waiting conversation.
//
// The engine is pure. Time is an argument (nanoseconds on the caller's clock), it
// starts no goroutines, reads no clock and draws no random numbers: ties are broken
// deterministically (the agent whose last assignment is oldest, then the lowest agent
// index). The simulator drives it in virtual time and `omnisim serve` in wall time,
// through the same calls:
//
//   - AddAgent once per agent, SetOnline when presence changes;
//   - Enqueue when a conversation needs an agent, Withdraw when its customer gives up;
//   - Route after any change, which returns the assignments it made;
//   - Release when a conversation no longer holds the agent's capacity.
//
// Conversations are identified by small dense integers chosen by the caller (the
// simulator reuses the slot index of a finished conversation), so per-conversation
// state lives in slices, not maps. Routing is a pipeline as in Nomad's scheduler:
// eligible agents (online, room for the conversation's capacity units) → rank by the
// routing model → pick.
//
// Models: least_active picks the agent with the fewest open conversations;
// most_available the one with the most free capacity units; round_robin and
// load_rotation the one whose last assignment is oldest. Ties always go to the agent
// who received work longest ago.
package router
