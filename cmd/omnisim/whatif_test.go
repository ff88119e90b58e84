package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeYAML(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSetEqualsEditedFile: run, staff and tune-bot with --set KEY=VALUE (and run
// with --interval) print exactly what they print for a file edited the same way.
func TestSetEqualsEditedFile(t *testing.T) {
	dir := t.TempDir()
	base := writeYAML(t, dir, "base.yaml", mmcScenario)
	edited := writeYAML(t, dir, "edited.yaml", strings.NewReplacer(
		"rate: 120/h", "rate: 144/h", // arrivals.scale=1.2
		"count: 9", "count: 11",
		"within: 20s", "within: 30s",
	).Replace(mmcScenario))
	halfHour := writeYAML(t, dir, "half-hour.yaml", strings.Replace(mmcScenario, "interval: 1h", "interval: 30m", 1))
	botBase := writeYAML(t, dir, "bot.yaml", botScenario)
	botEdited := writeYAML(t, dir, "bot-edited.yaml", strings.NewReplacer("rate: 60/h", "rate: 72/h", "rate: 30/h", "rate: 36/h").Replace(botScenario))
	sets := []string{"--set", "arrivals.scale=1.2", "--set", "agents.pool.count=11", "--set", "sla.within=30s"}
	cases := []struct {
		name       string
		set, plain []string
	}{
		{"run --set", append([]string{"run", base, "--format", "json"}, sets...), []string{"run", edited, "--format", "json"}},
		{"run --interval", []string{"run", base, "--interval", "30m", "--format", "json"}, []string{"run", halfHour, "--format", "json"}},
		{"staff --set", append([]string{"staff", base, "--format", "json", "-n", "3"}, sets...), []string{"staff", edited, "--format", "json", "-n", "3"}},
		{"tune-bot --set", []string{"tune-bot", botBase, "--set", "arrivals.scale=1.2", "--staffing", "erlang", "--thresholds", "0.5,0.8", "-n", "2", "--format", "json"},
			[]string{"tune-bot", botEdited, "--staffing", "erlang", "--thresholds", "0.5,0.8", "-n", "2", "--format", "json"}},
	}
	for _, tc := range cases {
		code, got, errs := omnisim(t, tc.set...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errs)
		}
		code, want, errs := omnisim(t, tc.plain...)
		if code != 0 {
			t.Fatalf("%s (edited file): exit %d: %s", tc.name, code, errs)
		}
		if got != want {
			t.Errorf("%s differs from the edited file's output at byte %d", tc.name, firstDiff([]byte(got), []byte(want)))
		}
	}
	// And the what-if changed something: 20 % more offered conversations, within
	// the runs' confidence intervals (same seed: the same customers and then some).
	offered := func(args ...string) (mean, ci float64) {
		_, out, _ := omnisim(t, args...)
		var rep struct {
			Metrics map[string]struct{ Mean, CI95 float64 } `json:"metrics"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		return rep.Metrics["offered"].Mean, rep.Metrics["offered"].CI95
	}
	m0, c0 := offered("run", base, "--format", "json")
	m1, c1 := offered("run", base, "--format", "json", "--set", "arrivals.scale=1.2")
	if d := m1 - 1.2*m0; d*d > c1*c1+1.44*c0*c0 {
		t.Errorf("offered %.1f ± %.1f with arrivals.scale=1.2, want 1.2 × %.1f ± %.1f", m1, c1, m0, c0)
	}
	var rep struct {
		ByInterval []json.RawMessage `json:"by_interval"`
	}
	_, out, _ := omnisim(t, "run", base, "--interval", "30m", "--format", "json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.ByInterval) != 48 {
		t.Errorf("run --interval 30m: %d intervals (%v), want 48", len(rep.ByInterval), err)
	}
}

// TestSetBadInput: a what-if that cannot apply is one line on stderr and exit 2.
func TestSetBadInput(t *testing.T) {
	sc := writeScenario(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", sc, "--set", "arrivals.scale"}, "want KEY=VALUE"},
		{[]string{"run", sc, "--set", "arrivals.scale=1.2,1.4"}, "one value on run (got 2)"},
		{[]string{"run", sc, "--set", "arrivals.scale=1.2", "--set", "arrivals.scale=1.3"}, "set twice"},
		{[]string{"run", sc, "--set", "agents.nobody.count=3"}, `no agent group named "nobody"`},
		{[]string{"staff", sc, "--set", "sla.target=120%"}, "--set sla.target: share \"120%\": must be between 0 and 1"},
		{[]string{"tune-bot", sc, "--set", "bot.threshold=0.5"}, "no bot"},
		{[]string{"run", sc, "--interval", "7m"}, "--interval \"7m\": want a duration that divides 24h"},
	}
	for _, tc := range cases {
		code, out, errs := omnisim(t, tc.args...)
		if code != exitBadInput || out != "" || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), code, out, errs, tc.want)
		}
	}
}

// TestSetInShardFingerprint: shards of runs with different --set (or --interval)
// do not merge.
func TestSetInShardFingerprint(t *testing.T) {
	sc := writeScenario(t)
	dir := t.TempDir()
	p1, p2, p3 := filepath.Join(dir, "p1.json"), filepath.Join(dir, "p2.json"), filepath.Join(dir, "p3.json")
	for _, args := range [][]string{
		{"run", sc, "--shard", "1/2", "--out", p1, "--set", "arrivals.scale=1.2"},
		{"run", sc, "--shard", "2/2", "--out", p2},
		{"run", sc, "--shard", "2/2", "--out", p3, "--set", "arrivals.scale=1.2"},
	} {
		if code, _, errs := omnisim(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	if code, _, errs := omnisim(t, "report", "merge", p1, p2); code != exitBadInput {
		t.Errorf("merge of shards with and without --set: exit %d (%s), want 2", code, errs)
	}
	code, merged, errs := omnisim(t, "report", "merge", p1, p3, "--format", "json")
	if code != 0 {
		t.Fatalf("merge of shards with the same --set: exit %d: %s", code, errs)
	}
	_, whole, _ := omnisim(t, "run", sc, "--set", "arrivals.scale=1.2", "--format", "json")
	if merged != whole {
		t.Errorf("merged shards differ from the whole run at byte %d", firstDiff([]byte(merged), []byte(whole)))
	}
}
