package sim_test

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/sim"
)

// Business hours on the simulated clock: Monday to Friday 9–18 of the first week.
// A message on Friday at 17:55 with a 4-business-hour target is due the next
// Monday at 12:55 — past the week these spans cover, so Add says it cannot tell —
// and one on Thursday at 17:55 on Friday at 12:55.
func ExampleBusinessHours() {
	at := func(day, h, m int) sim.Time {
		return sim.Time(time.Duration(day)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	var spans []sim.Span
	for d := 0; d < 5; d++ {
		spans = append(spans, sim.Span{From: at(d, 9, 0), To: at(d, 18, 0)})
	}
	office, _ := sim.NewBusinessHours("office", spans)
	_, ok := office.Add(at(4, 17, 55), 4*time.Hour)
	due, _ := office.Add(at(3, 17, 55), 4*time.Hour)
	fmt.Println(ok, sim.ShortDuration(due.Duration()-at(4, 0, 0).Duration()))
	fmt.Println(sim.ShortDuration(office.Between(at(3, 17, 55), at(4, 12, 55)).Duration()))
	// Output:
	// false 12h55m
	// 4h
}
