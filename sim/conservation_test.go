package sim_test

import (
	"path/filepath"
	"testing"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// No conversation is lost or counted twice, whatever the routing features: every
// offered conversation is contained by the bot or routed, and every routed one is
// accepted, abandoned or still waiting at the stop — in every scope of every
// replication. Run on the default scenario and every valid test scenario (which
// between them use status and tab capacity, push routing with timeouts and
// declines, transfers, overflow, skills, campaigns, follow-ups and STOP).
func TestConversationsAreConserved(t *testing.T) {
	files, err := filepath.Glob("../scenarios/testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	load := map[string]func() (*scenarios.Scenario, error){"default": scenarios.Default}
	for _, f := range files {
		load[filepath.Base(f)] = func() (*scenarios.Scenario, error) { return scenarios.Load(f) }
	}
	for name, get := range load {
		t.Run(name, func(t *testing.T) {
			sc, err := get()
			if err != nil {
				t.Fatal(err)
			}
			m, err := sc.Model()
			if err != nil {
				t.Fatal(err)
			}
			if m.Horizon > 72*3600e9 {
				m.Horizon = 72 * 3600e9 // keep the test quick
			}
			res, err := sim.RunReplications(m, []int{0, 1}, 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				scopes := append([]sim.Tally{r.Total}, r.ByChannel...)
				scopes = append(scopes, r.ByQueue...)
				for i, s := range scopes {
					if s.Offered != s.BotContained+s.Routed {
						t.Errorf("replication %d scope %d: offered %d ≠ contained %d + routed %d", r.Replication, i, s.Offered, s.BotContained, s.Routed)
					}
					if s.Routed != s.Handled+s.Abandoned+s.Unserved {
						t.Errorf("replication %d scope %d: routed %d ≠ handled %d + abandoned %d + unserved %d", r.Replication, i, s.Routed, s.Handled, s.Abandoned, s.Unserved)
					}
					if s.WithinSLA > s.Handled || s.Waited > s.Routed {
						t.Errorf("replication %d scope %d: within SLA %d, waited %d out of bounds", r.Replication, i, s.WithinSLA, s.Waited)
					}
				}
				if u := r.Total.BusyUnitSeconds / r.Total.CapacityUnitSeconds; u > 1+1e-9 {
					t.Errorf("utilization %v above 1", u)
				}
			}
		})
	}
}
