package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestStaffDecisionFlagsRefuseBadInput: each decision flag refuses a value it
// cannot use with exit 2 and a line that names the flag.
func TestStaffDecisionFlagsRefuseBadInput(t *testing.T) {
	sc := writeScenario(t)
	for _, tc := range []struct{ flag, value string }{
		{"--tolerance", "0"}, {"--tolerance", "abc"}, {"--tolerance", "100pp"},
		{"--confidence", "100%"}, {"--confidence", "0"},
		{"--scale", "-1"}, {"--scale", "0"},
		{"--max-replications", "1"}, {"--verify-replications", "0"},
	} {
		t.Run(tc.flag+"="+tc.value, func(t *testing.T) {
			code, _, errs := omnisim(t, "staff", sc, tc.flag, tc.value)
			if code != 2 || !strings.Contains(errs, tc.flag) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("exit %d, %q; want 2 and one line naming %s", code, errs, tc.flag)
			}
		})
	}
}

// TestStaffScaleWhatIf: --scale 1.5 is arrivals.scale=1.5 in one flag: more
// offered volume, at least as many agent hours, and the JSON says the scale.
func TestStaffScaleWhatIf(t *testing.T) {
	sc := writeScenario(t)
	type result struct {
		AgentHours float64 `json:"agent_hours"`
		Scale      float64 `json:"arrivals_scale"`
		Intervals  []struct {
			Offered float64 `json:"offered_per_hour"`
		} `json:"intervals"`
	}
	var base, surge result
	for _, run := range []struct {
		into *result
		args []string
	}{{&base, nil}, {&surge, []string{"--scale", "1.5"}}} {
		code, out, errs := omnisim(t, append([]string{"staff", sc, "--format", "json"}, run.args...)...)
		if code != 0 && code != 1 {
			t.Fatalf("staff %v: exit %d: %s", run.args, code, errs)
		}
		if err := json.Unmarshal([]byte(out), run.into); err != nil {
			t.Fatal(err)
		}
	}
	offered := func(r result) float64 {
		s := 0.0
		for _, iv := range r.Intervals {
			s += iv.Offered
		}
		return s
	}
	if base.Scale != 1 || surge.Scale != 1.5 || offered(surge) < 1.3*offered(base) || surge.AgentHours < base.AgentHours {
		t.Errorf("base %+v (offered %.1f), surge %+v (offered %.1f)", base.Scale, offered(base), surge.Scale, offered(surge))
	}
}
