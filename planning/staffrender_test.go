package planning

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// staffFixture is a two-interval result whose second interval misses on the
// verification: the headline must not say "meets" for it.
func staffFixture(met bool) *StaffResult {
	iv := func(start string, verified float64, holds, confident bool) IntervalStaff {
		return IntervalStaff{Start: start, OfferedPerHour: 100, RoutedPerHour: 100, Agents: []int{6}, Scheduled: []int{6}, ErlangC: []int{6},
			ServiceLevel: reports.Stat{Mean: 0.85, CI95: 0.01, N: 8}, OneLess: []reports.Stat{{Mean: 0.7, CI95: 0.02, N: 8}},
			Replications: 8, Fractional: []float64{5.667}, Occupancy: []float64{0.8333},
			Verified: Verification{ServiceLevel: reports.Stat{Mean: verified, CI95: 0.02, N: 20}, Holds: holds, Confident: confident}}
	}
	r := &StaffResult{Scenario: "fixture", Interval: 12 * time.Hour, Groups: []string{"pool"}, Targets: Targets{ServiceLevel: 0.8},
		SLAWithin: 20 * time.Second, Rule: Rule{Initial: 4, Max: 32}.withDefaults(), Simulations: 40, VerifyFrom: verifyBase, VerifyReplications: 20,
		VerifyRounds: 1, VerifySimulations: 20, GroupAgentHours: []float64{144}, AgentHours: 144, Scale: 1.2, Met: met,
		Intervals: []IntervalStaff{iv("00:00", 0.86, true, true), iv("12:00", 0.81, true, false)}}
	if !met {
		r.Intervals[1].Verified = Verification{ServiceLevel: reports.Stat{Mean: 0.79, CI95: 0.02, N: 20}}
		r.UnmetIntervals = []string{"12:00"}
	}
	return r
}

// TestStaffPageSaysWhatVerificationShows: the headline, the holds column and the
// JSON follow the verification.
func TestStaffPageSaysWhatVerificationShows(t *testing.T) {
	for _, tc := range []struct {
		name        string
		met         bool
		want, never []string
	}{
		{"verified", true, []string{"every interval meets the targets on 20 fresh replications", "(1 by the mean", "× 1.2", " yes", " mean"}, []string{"missing"}},
		{"misses on verification", false, []string{"intervals missing the targets", "12:00", " no"}, []string{"every interval meets"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := staffFixture(tc.met)
			var text bytes.Buffer
			if err := r.Write(&text, "text"); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("text lacks %q:\n%s", w, text.String())
				}
			}
			for _, w := range tc.never {
				if strings.Contains(text.String(), w) {
					t.Errorf("text says %q:\n%s", w, text.String())
				}
			}
			var js bytes.Buffer
			if err := r.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			var out struct {
				Met       bool `json:"met"`
				Intervals []struct {
					Fractional map[string]float64 `json:"fractional_agents"`
					Occupancy  map[string]float64 `json:"occupancy"`
					Verified   struct {
						Holds bool `json:"holds"`
					} `json:"verified"`
				} `json:"intervals"`
				Decision struct {
					Confidence float64 `json:"confidence"`
					Max        int     `json:"max_replications"`
				} `json:"decision"`
				Hours map[string]float64 `json:"agent_hours_by_group"`
			}
			if err := json.Unmarshal(js.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			if out.Met != tc.met || out.Intervals[1].Verified.Holds != tc.met || out.Intervals[0].Fractional["pool"] != 5.667 ||
				out.Intervals[0].Occupancy["pool"] != 0.8333 || out.Decision.Confidence != 0.95 || out.Decision.Max != 32 || out.Hours["pool"] != 144 {
				t.Errorf("JSON %s", js.String())
			}
		})
	}
}

// TestFractional: the line between one agent less and the requirement crosses
// the target at the fractional requirement.
func TestFractional(t *testing.T) {
	for _, tc := range []struct {
		name           string
		n              int
		at, less, want float64
	}{
		{"a third of the way", 6, 0.9, 0.75, 5 + 1.0/3},
		{"just reached", 6, 0.8, 0.7, 6},
		{"one less unknown", 6, 0.9, -1, 6},
		{"zero agents", 0, 1, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			less := tc.less
			if less < 0 {
				less = math.NaN()
			}
			if got := fractional(tc.n, tc.at, less, 0.8); !same(got, tc.want) {
				t.Errorf("fractional = %v, want %v", got, tc.want)
			}
		})
	}
}

func same(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 }

// TestStaffSameBytesAnyWorkers: the sequential search and the verification give
// the same bytes on one worker and on four (replication k's streams depend on k
// alone, and each look waits for all its replications).
func TestStaffSameBytesAnyWorkers(t *testing.T) {
	sc, err := scenarios.Load("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out [2]bytes.Buffer
	for i, workers := range []int{1, 4} {
		res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: 0.8}, Workers: workers, MaxReplications: 16, VerifyReplications: 8})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.WriteJSON(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Errorf("1 worker and 4 workers differ:\n%s\n%s", out[0].String(), out[1].String())
	}
}
