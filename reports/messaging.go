package reports

import (
	"fmt"

	"github.com/omnisim/omnisim/sim"
)

// messagingTerms are the terms of a model's messaging targets and start-of-run
// backlog, in the order the report prints them; none when it has neither.
func messagingTerms(m *sim.Model) [][2]string {
	var out [][2]string
	target := func(name, format string, t *sim.ResponseTarget) {
		if t == nil {
			return
		}
		s := fmt.Sprintf(format, sim.ShortDuration(t.Within))
		if t.Hours != nil {
			s += " (business hours: calendar " + t.Hours.Name + ")"
		}
		if t.Target > 0 {
			s += "; target " + pct(t.Target)
		}
		out = append(out, [2]string{name, s})
	}
	target("first response", "routed conversations whose first agent reply came within %s of the customer's first message", m.FirstResponse)
	target("next response", "later customer messages answered within %s", m.NextResponse)
	target("resolution", "routed conversations ended within %s of their first message", m.Resolution)
	if n := len(m.Initial); n > 0 {
		total := 0
		for _, b := range m.Initial {
			total += b.Count
		}
		out = append(out, [2]string{"initial backlog", fmt.Sprintf("%d conversations open at the start (they load agents and queues; not counted in the statistics)", total)})
	}
	return out
}
