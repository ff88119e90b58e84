package router

// The names a scenario file gives the router's settings, for the loader's checks and
// the JSON Schema (package scenarios imports them instead of keeping copies).

// CapacityNames returns the names of the capacity models, in CapacityModel order.
func CapacityNames() []string { return append([]string(nil), capacityNames[:]...) }

// PresenceNames returns the presences a scenario may send an agent to (routing's
// timeout_presence): online, busy, away, offline. Unchanged is not one.
func PresenceNames() []string {
	return []string{Online.String(), Busy.String(), Away.String(), Offline.String()}
}
