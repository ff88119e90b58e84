package scenarios

import (
	"time"

	"github.com/omnisim/omnisim/sim"
)

// The rules of single values beyond their kind, named by the registry's rows
// (key.check). Each takes the value read and the value as written (got), and
// returns the message when the value breaks the rule.

func atMostMaxHorizon(v any, got string) string {
	if v.(time.Duration) > maxHorizon {
		return "must be at most 100 years (got " + got + ")"
	}
	return ""
}

func intervalRule(v any, got string) string {
	switch d := v.(time.Duration); {
	case d < sim.MinInterval:
		return "must be at least " + sim.ShortDuration(sim.MinInterval) + ", such as 15m, 30m or 1h (got " + got + ")"
	case (24*time.Hour)%d != 0:
		return "must divide 24h evenly, such as 15m, 30m or 1h (got " + got + ")"
	}
	return ""
}

func positiveRate(v any, got string) string {
	if v.(float64) == 0 {
		return "must be > 0 (got " + got + ")"
	}
	return ""
}

func positiveUnits(v any, got string) string {
	if v.(float64) <= 0 {
		return "must be > 0 capacity units (got " + got + ")"
	}
	return ""
}
