package planning

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/omnisim/omnisim/scenarios"
)

// TestScenarioFingerprint: the fingerprint changes with the scenario file, a base
// it extends, the seed, the replications and the options, and with nothing else.
func TestScenarioFingerprint(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("base.yaml", "version: 1\nhorizon: 8h\nchannels: {web: {}}\narrivals: [{channel: web, rate: 60/h}]\n"+
		"agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]\n")
	file := write("run.yaml", "extends: base.yaml\nseed: 7\n")
	load := func() *scenarios.Scenario {
		sc, err := scenarios.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	fp := ScenarioFingerprint(load(), "set arrivals.scale=1.2")
	if again := ScenarioFingerprint(load(), "set arrivals.scale=1.2"); again != fp {
		t.Fatal("the same inputs give another fingerprint")
	}
	sc := load()
	sc.Seed++
	changed := map[string]string{
		"options":  ScenarioFingerprint(load(), "set arrivals.scale=1.3"),
		"seed":     ScenarioFingerprint(sc, "set arrivals.scale=1.2"),
		"embedded": ScenarioFingerprint(&scenarios.Scenario{Seed: 7, Replications: load().Replications}, "set arrivals.scale=1.2"),
	}
	sc = load()
	sc.Replications++
	changed["replications"] = ScenarioFingerprint(sc, "set arrivals.scale=1.2")
	write("base.yaml", "version: 1\nhorizon: 9h\nchannels: {web: {}}\narrivals: [{channel: web, rate: 60/h}]\n"+
		"agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]\n")
	changed["base file"] = ScenarioFingerprint(load(), "set arrivals.scale=1.2")
	for what, got := range changed {
		if got == fp {
			t.Errorf("changing the %s keeps the fingerprint", what)
		}
	}
}
