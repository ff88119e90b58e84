package router

// RoundRobin gives a conversation to the agent whose last assignment (or offer)
// is oldest: the agents take turns, whatever their load.
const RoundRobin Model = 2

// roundRobinKey ranks every agent alike: the tie-break, the oldest last
// assignment, is the whole order.
func roundRobinKey(open, free, capacity int32) int32 { return 0 }
