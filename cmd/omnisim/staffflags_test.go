package main

import (
	"encoding/json"
	"os"
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

// TestStaffDeferredChannel: a channel with channels.C.deferred is planned as
// backlog on the staff page (JSON deferred[]: 1000 × 6 min within 24 h at 85 %
// is 5 agents), and a deferred target longer than the horizon, or a backlog on
// a channel not enabled, exit 2 with file:line and the field.
func TestStaffDeferredChannel(t *testing.T) {
	code, out, errs := omnisim(t, "staff", "../../planning/testdata/deferred-backlog.yaml", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Deferred []struct {
			Channel string `json:"channel"`
			Agents  int    `json:"agents"`
		} `json:"deferred"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Deferred) != 1 || res.Deferred[0].Channel != "web" || res.Deferred[0].Agents != 5 {
		t.Errorf("deferred %+v, want web at 5 agents", res.Deferred)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ name, yaml, want string }{
		{"deferred longer than the horizon", "channels: {web: {deferred: {within: 72h}}}\narrivals: [{channel: web, rate: 1/h}]\n",
			"bad.yaml:3:37: channels.web.deferred.within: 72h is longer than the horizon"},
		{"backlog on a channel not enabled", "channels: {web: {}}\narrivals: [{channel: web, rate: 1/h}]\ninitial: [{channel: sms, state: waiting}]\n",
			"bad.yaml:5:21: initial[0].channel: sms is not enabled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := dir + "/bad.yaml"
			body := "version: 1\nhorizon: 48h\n" + tc.yaml + "agents: [{name: pool, count: 2, response_time: {dist: exponential, mean: 2m}}]\n"
			if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errs := omnisim(t, "staff", f)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, %q; want 2 and %q", code, errs, tc.want)
			}
		})
	}
}
