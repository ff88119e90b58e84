package roster

import (
	"context"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// TestScheduledFollowsRoster: the scenario built from a roster staffs every
// group, at every interval of the week, with exactly the rostered heads on the
// floor (breaks excluded), which is what the proof simulates.
func TestScheduledFollowsRoster(t *testing.T) {
	requireSolver(t)
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	req := weekRequirement(5, 2)
	req.Groups = []string{"tier1", "specialists"}
	// Every-day shifts keep the program small (CBC proves it at once); the
	// breaks still make the floor count differ from the shift count.
	shifts := mustShifts(t, `templates: [{starts: ["00:00-23:00/1h"], lengths: [8h], days: 7, breaks: [{length: 30m, from: 2h30m, to: 5h30m}]}]`)
	r, err := Solve(context.Background(), shifts, req, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Scheduled(sc, r).Model()
	if err != nil {
		t.Fatal(err)
	}
	perDay := int(Day / r.Interval)
	for g, name := range r.Groups {
		var staff sim.Weekly
		for _, grp := range m.Groups {
			if grp.Name == name {
				staff = grp.Staff
			}
		}
		if staff == nil {
			t.Fatalf("group %s not in the model", name)
		}
		for tt := 0; tt < 7*perDay; tt++ {
			at := sim.Time(time.Duration(tt)*r.Interval + r.Interval/2)
			if got := staff.At(at); got != float64(r.Rostered[g][tt]) {
				t.Fatalf("%s, %s %s: scheduled %v, rostered %d", name, DayNames[tt/perDay], fmtClock(time.Duration(tt%perDay)*r.Interval), got, r.Rostered[g][tt])
			}
		}
	}
}
