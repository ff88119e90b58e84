package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseRate parses a rate such as "120/h", "2/s", "30/m" or "500/d" and returns it
// per second. The count may be fractional; it must be finite and ≥ 0.
func ParseRate(s string) (float64, error) {
	num, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, fmt.Errorf("rate %q: want N/s, N/m, N/h or N/d", s)
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("rate %q: %q is not a number", s, num)
	}
	if n < 0 {
		return 0, fmt.Errorf("rate %q: must be ≥ 0", s)
	}
	var per float64
	switch strings.TrimSpace(unit) {
	case "s":
		per = 1
	case "m":
		per = 60
	case "h":
		per = 3600
	case "d":
		per = 86400
	default:
		return 0, fmt.Errorf("rate %q: unit %q: want s, m, h or d", s, unit)
	}
	return n / per, nil
}

// ParseDuration parses a Go duration ("45s", "1h30m") that must be ≥ 0.
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("duration %q: want a Go duration such as 45s, 3h or 1h30m", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("duration %q: must be ≥ 0", s)
	}
	return d, nil
}

// ParseShare parses a share or target written as 0.8 or 80%, which must lie in [0, 1].
func ParseShare(s string) (float64, error) {
	t := strings.TrimSpace(s)
	scale := 1.0
	if strings.HasSuffix(t, "%") {
		t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
		scale = 100
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("share %q: want a number such as 0.8 or 80%%", s)
	}
	v /= scale
	if v < 0 || v > 1 {
		return 0, fmt.Errorf("share %q: must be between 0 and 1 (0%% and 100%%)", s)
	}
	return v, nil
}
