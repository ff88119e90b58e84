package router

// LoadRotation is Omni-Channel's name for the rotation RoundRobin makes: the
// agent whose last assignment (or offer) is oldest.
const LoadRotation Model = 3

func loadRotationKey(open, free, capacity int32) int32 { return roundRobinKey(open, free, capacity) }
