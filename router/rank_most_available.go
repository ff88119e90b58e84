package router

// MostAvailable gives a conversation to the agent with the most free capacity
// units.
const MostAvailable Model = 1

func mostAvailableKey(open, free, capacity int32) int32 { return -free }
