package planning

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// TestStaffMMCAgreesWithErlangC: on an M/M/c queue per interval, staff must return
// the Erlang C minimum, or one more or less only where the simulated service
// level's 95 % CI straddles the target.
//
// The rates are chosen so that three intervals are clear-cut and one is not
// (Erlang C service level within 20 s, AHT 3 min, target 80 %):
//
//	00:00   40/h  c* = 4   SL(4) = 0.861, SL(3) = 0.602   clear-cut: exactly 4
//	06:00  175/h  c* = 12  SL(12) = 0.840, SL(11) = 0.706 clear-cut: exactly 12
//	12:00  365/h  c* = 23  SL(23) = 0.875, SL(22) = 0.798 borderline: 22 or 23
//	18:00  120/h  c* = 9   SL(9) = 0.860, SL(8) = 0.714   clear-cut: exactly 9
//
// At 12:00, 22 agents give 79.8 %, 0.2 points under the target, well inside the
// simulation's CI (about ±3 points with 20 replications of two days), so either
// answer is honest there; the test then requires the CI to straddle the target.
func TestStaffMMCAgreesWithErlangC(t *testing.T) {
	sc, err := scenarios.Load("testdata/mmc-intervals.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: sc.SLA.Target}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Met {
		t.Fatalf("targets not met in %v", res.UnmetIntervals)
	}
	rates := []float64{40, 175, 365, 120}
	clearCut := []bool{true, true, false, true}
	for i, is := range res.Intervals {
		want, err := erlang.MinAgents(erlang.CInput{RatePerSecond: rates[i] / 3600, AHT: 3 * time.Minute, Within: 20 * time.Second}, 0.8)
		if err != nil {
			t.Fatal(err)
		}
		got := is.Agents[0]
		if is.ErlangC[0] != want {
			t.Errorf("%s: Erlang C start %d, want %d", is.Start, is.ErlangC[0], want)
		}
		t.Logf("%s: staff %d, Erlang C %d, SL %.3f ± %.3f, one less %.3f ± %.3f", is.Start, got, want,
			is.ServiceLevel.Mean, is.ServiceLevel.CI95, is.OneLess[0].Mean, is.OneLess[0].CI95)
		switch {
		case got == want:
		case clearCut[i]:
			t.Errorf("%s: staff %d, want Erlang C's %d (clear-cut interval)", is.Start, got, want)
		case got == want-1:
			// Fewer than Erlang C: the simulated SL with got agents must be at the target
			// but its CI must reach below it.
			if sl := is.ServiceLevel; !(sl.Mean >= 0.8 && sl.Mean-sl.CI95 < 0.8) {
				t.Errorf("%s: staff %d < Erlang C %d but SL %.3f ± %.3f does not straddle 0.8", is.Start, got, want, sl.Mean, sl.CI95)
			}
		case got == want+1:
			// More than Erlang C: with one less the SL missed, but its CI must reach the target.
			if sl := is.OneLess[0]; !(sl.Mean < 0.8 && sl.Mean+sl.CI95 >= 0.8) {
				t.Errorf("%s: staff %d > Erlang C %d but SL with one less %.3f ± %.3f does not straddle 0.8", is.Start, got, want, sl.Mean, sl.CI95)
			}
		default:
			t.Errorf("%s: staff %d, Erlang C %d: more than one apart", is.Start, got, want)
		}
	}
	if res.Evaluations >= res.NaiveEvaluations {
		t.Errorf("search used %d evaluations, naive %d", res.Evaluations, res.NaiveEvaluations)
	}
	t.Logf("evaluations %d (naive linear search: %d), agent hours %.0f", res.Evaluations, res.NaiveEvaluations, res.AgentHours)
	if math.Abs(res.AgentHours-6*float64(sumAgents(res))) > 1e-9 {
		t.Errorf("agent hours %v, want 6 h × %d", res.AgentHours, sumAgents(res))
	}
}

func sumAgents(r *StaffResult) int {
	n := 0
	for _, is := range r.Intervals {
		for _, a := range is.Agents {
			n += a
		}
	}
	return n
}

// TestStaffOnlyAnotherGroupHasTheSkill: when the conversations that miss need a
// skill only a later group has, the earlier group stops growing where it stops
// helping (it used to grow to 100000 agents and fail the whole search) and the
// group with the skill is staffed until every interval meets the targets.
func TestStaffOnlyAnotherGroupHasTheSkill(t *testing.T) {
	sc, err := scenarios.Load("testdata/two-groups.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// At most 8 replications an evaluation: this test is about stalling groups,
	// not about the confidence of each decision (decide_test.go), and an abandon
	// rate near its 1 % cap would otherwise take every evaluation to 32.
	res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: sc.SLA.Target, AbandonRate: 0.01}, MaxReplications: 8})
	if err != nil {
		t.Fatalf("staff gave up: %v", err)
	}
	if !res.Met {
		t.Fatalf("targets not met in %v; %s", res.UnmetIntervals, res.Advice())
	}
	if res.Advice() != "" || len(res.Stalled) != 0 {
		t.Errorf("met, yet advice %q, stalled %v", res.Advice(), res.Stalled)
	}
	// Each group's load is its own (intent routing): the billing group carries about
	// 72 of the 100 conversations an hour, the general group 28, so billing needs
	// more agents than general in every interval, and neither needs hundreds.
	for _, is := range res.Intervals {
		general, billing := is.Agents[0], is.Agents[1]
		if billing <= general || general < 1 || billing > 50 {
			t.Errorf("%s: general %d, billing %d; want 1 ≤ general < billing ≤ 50", is.Start, general, billing)
		}
		if is.AbandonRate.Mean > 0.01 || is.ServiceLevel.Mean < 0.8 {
			t.Errorf("%s: abandon %.3f, service level %.3f: targets not met", is.Start, is.AbandonRate.Mean, is.ServiceLevel.Mean)
		}
	}
}

// TestStaffUnreachableTargetSaysWhatToChange: a target no head count reaches (every
// offer waits 90 s for the agent's accept, longer than sla.within) stops every group
// where it stalls; staff returns the staffing it found, not an error, and its
// advice names the groups and intervals.
func TestStaffUnreachableTargetSaysWhatToChange(t *testing.T) {
	sc, err := scenarios.Load("testdata/two-groups.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Routing.PushTimeout = 5 * time.Minute
	ninety, err := dist.New(dist.Spec{Kind: "constant", Value: 90})
	if err != nil {
		t.Fatal(err)
	}
	sc.Routing.AcceptTime = &ninety
	res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: 0.8}})
	if err != nil {
		t.Fatalf("staff gave up instead of reporting what it found: %v", err)
	}
	if res.Met || len(res.UnmetIntervals) != len(res.Intervals) {
		t.Fatalf("met %v, unmet %v: a 90 s accept cannot meet 80 %% within 60 s", res.Met, res.UnmetIntervals)
	}
	advice := res.Advice()
	for _, want := range []string{"more agents of general did not help at any interval", "billing", "relax the target"} {
		if !strings.Contains(advice, want) {
			t.Errorf("advice %q lacks %q", advice, want)
		}
	}
	for _, is := range res.Intervals {
		for g, n := range is.Agents {
			if n > 50 {
				t.Errorf("%s: group %d at %d agents: the search should stop where agents stop helping", is.Start, g, n)
			}
		}
	}
}

// TestStaffHourlyMMCHoldsOnFreshSeeds is issue 16's acceptance case: on a plain
// hourly M/M/c day (testdata/mmc-hourly.yaml: 24 rates, ten measured days per
// replication, the scenario's own 4 replications), the staffing staff recommends
// with its defaults, re-simulated here on 20 replications that neither the search
// nor staff's own verification used, meets the 80 % target in every interval
// (the mean, a ratio estimate over the 20), and is within one agent of the
// stationary Erlang C minimum for the hour's rate.
//
// Erlang C is the stationary answer; a whole-day simulation is not stationary at
// the hour boundaries. Where the rate falls (from 12:00 on, and the night hours),
// an interval starts with the backlog of a busier hour, so it may need one agent
// more than its own rate says; where it rises it starts from a calmer state and
// may need one less. The test allows exactly that and no more: at most one agent
// above Erlang C anywhere (two would need a backlog no hourly M/M/c step here
// builds), and one above only where the previous hour's rate was higher or the
// verified service level shows the one less was short; never more than one below.
func TestStaffHourlyMMCHoldsOnFreshSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 11-day replications")
	}
	sc, err := scenarios.Load("testdata/mmc-hourly.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: sc.SLA.Target}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Met {
		t.Fatalf("staff says the targets are not met in %v", res.UnmetIntervals)
	}
	plan := [][]int{make([]int, len(res.Intervals))}
	for i, is := range res.Intervals {
		plan[0][i] = is.Agents[0]
	}
	m, err := WithStaffing(sc, plan).Model()
	if err != nil {
		t.Fatal(err)
	}
	const fresh = 20
	idx := make([]int, fresh)
	for k := range idx {
		idx[k] = 5_000_000 + k // neither the search (< sim.MaxReplications) nor staff's verification (verifyBase…)
	}
	var reps []reports.RepValues
	results, err := sim.RunReplications(m, idx, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		reps = append(reps, reports.FromResult(r))
	}
	rates := []float64{20, 15, 12, 10, 10, 15, 40, 90, 160, 220, 260, 280, 300, 280, 260, 240, 220, 200, 160, 120, 90, 60, 40, 30}
	for i, is := range res.Intervals {
		sl, _, _ := intervalEstimates(reps, i)
		ec, err := erlang.MinAgents(erlang.CInput{RatePerSecond: rates[i] / 3600, AHT: 3 * time.Minute, Within: 20 * time.Second}, 0.8)
		if err != nil {
			t.Fatal(err)
		}
		got := is.Agents[0]
		prev := rates[(i+len(rates)-1)%len(rates)]
		t.Logf("%s: %3.0f/h  staff %2d  Erlang C %2d  fresh SL %.3f ± %.3f", is.Start, rates[i], got, ec, sl.Mean, sl.HalfWidth(0.95))
		if sl.Mean < 0.8 {
			t.Errorf("%s: on %d fresh replications the service level is %.3f ± %.3f, below the 80 %% target", is.Start, fresh, sl.Mean, sl.HalfWidth(0.95))
		}
		switch d := got - ec; {
		case d > 1:
			t.Errorf("%s: staff %d, %d above Erlang C's %d", is.Start, got, d, ec)
		case d == 1 && prev <= rates[i]:
			// Not a falling edge: one more than Erlang C must be what the
			// replications showed (the one less missed or straddled the target).
			if ol := is.OneLess[0]; math.IsNaN(ol.Mean) || ol.Mean-ol.CI95 >= 0.8 {
				t.Errorf("%s: staff %d > Erlang C %d on a rising or flat edge, and one less (%.3f ± %.3f) was not short", is.Start, got, ec, ol.Mean, ol.CI95)
			}
		case d < -1:
			t.Errorf("%s: staff %d, %d below Erlang C's %d", is.Start, got, -d, ec)
		}
	}
	t.Logf("search: %d whole-day evaluations, %d replications (%d to %d per evaluation); staff's verification: %d replications in %d round(s); this test's check: %d",
		res.Evaluations, res.Simulations, res.Rule.Initial, res.Rule.Max, res.VerifySimulations, res.VerifyRounds, fresh)
}
