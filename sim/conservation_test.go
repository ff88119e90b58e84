package sim_test

import (
	"math"
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
			conserved(t, res)
		})
	}
}

// Groups of concurrency 1 take their concurrency histogram from their busy and
// capacity integrals instead of per-agent bookkeeping: the two must agree (up to
// the order of float additions) on every scenario with every group at
// concurrency 1, through schedules, status capacity, push offers and requeues.
func TestConcurrencyHistogramFromIntegrals(t *testing.T) {
	files, err := filepath.Glob("../scenarios/testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, err := scenarios.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := sc.Model()
			if err != nil {
				t.Fatal(err)
			}
			m.Horizon = min(m.Horizon, 48*3600e9)
			for i := range m.Groups {
				m.Groups[i].Concurrency = 1
			}
			for i := range m.Channels {
				m.Channels[i].Units = 1
			}
			run := func(integrals bool) *sim.Result {
				defer sim.SetConcurrencyFromIntegrals(integrals)()
				res, err := sim.Run(m, 0)
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			fast, slow := run(true), run(false)
			for g := range slow.Groups {
				want, got := slow.Groups[g].ConcurrencySeconds, fast.Groups[g].ConcurrencySeconds
				for k := range want {
					if d := math.Abs(got[k] - want[k]); d > 1e-9*math.Max(1, math.Abs(want[k])) {
						t.Errorf("group %s, %d units: %v agent-seconds from the integrals, %v per agent", slow.Groups[g].Name, k, got[k], want[k])
					}
				}
				if want[1] > 0 {
					checked++
				}
			}
		})
	}
	if checked == 0 {
		t.Fatal("no group was ever busy: the test checked nothing")
	}
}

// conserved checks, in every scope of every result, that each conversation offered
// is contained or routed, each routed one handled, abandoned or unserved, and that
// utilization stays at most 1.
func conserved(t *testing.T, res []*sim.Result) {
	t.Helper()
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
}
