package router

// LeastActive gives a conversation to the agent with the fewest open
// conversations (offers included, inactive ones under status capacity not).
const LeastActive Model = 0

func leastActiveKey(open, free, capacity int32) int32 { return open }
