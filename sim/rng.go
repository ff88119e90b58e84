package sim

import "math/rand/v2"

// splitmix64 is the finaliser of SplitMix64 (Steele, Lea, Flood 2014): a bijective
// mixer that turns structured inputs (seed, replication, name) into well spread
// PCG seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// fnv1a hashes a stream name.
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Stream returns the random stream named name of replication rep under seed. The
// same triple always gives the same sequence; different names give independent
// streams, which is what keeps arrivals identical when staffing changes.
func Stream(seed uint64, rep int, name string) *rand.Rand {
	a := splitmix64(seed ^ splitmix64(uint64(rep)+0x632be59bd9b4e019))
	b := splitmix64(a ^ fnv1a(name))
	return rand.New(rand.NewPCG(a, b))
}
