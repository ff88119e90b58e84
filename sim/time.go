package sim

import (
	"math"
	"time"
)

// Time is virtual time in nanoseconds since the start of the run (Monday 00:00).
type Time int64

// Duration converts t to a time.Duration since the start.
func (t Time) Duration() time.Duration { return time.Duration(t) }

// Seconds returns t in seconds.
func (t Time) Seconds() float64 { return float64(t) / 1e9 }

// Day is the length of a simulated day, Week of a week.
const (
	Day  = Time(24 * time.Hour)
	Week = 7 * Day
)

// maxTime bounds sampled delays so that sums of times cannot overflow.
const maxTime = Time(math.MaxInt64 / 4)

// seconds converts a sampled value in seconds to Time, clamped to [0, maxTime].
func seconds(s float64) Time {
	if !(s > 0) { // also NaN
		return 0
	}
	if s >= float64(maxTime)/1e9 {
		return maxTime
	}
	return Time(s * 1e9)
}
