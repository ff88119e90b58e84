package roster

import (
	"math"
	"time"
)

// weekRequirement is a synthetic week: per group a daily curve with a morning
// and an afternoon peak (peak agents at the top), weekends at 60 %, on a
// 30-minute grid. Deterministic, so benchmarks and tests see the same instance.
func weekRequirement(peaks ...int) *Requirement {
	const interval = 30 * time.Minute
	perDay := int(Day / interval)
	req := &Requirement{Interval: interval}
	for g, peak := range peaks {
		req.Groups = append(req.Groups, []string{"tier1", "specialists", "billing", "g3", "g4"}[g%5])
		row := make([]int, 7*perDay)
		for d := 0; d < 7; d++ {
			scale := 1.0
			if d >= 5 {
				scale = 0.6
			}
			for i := 0; i < perDay; i++ {
				h := float64(i) / 2
				v := 0.1 + 0.9*math.Exp(-math.Pow((h-10.5-float64(g))/2.5, 2)) + 0.7*math.Exp(-math.Pow((h-16)/3, 2))
				row[d*perDay+i] = int(math.Ceil(scale * float64(peak) * math.Min(v, 1)))
			}
		}
		req.Agents = append(req.Agents, row)
	}
	return req
}
