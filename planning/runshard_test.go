package planning

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

func TestReadPartialFiles(t *testing.T) {
	sc := small(t)
	sc.Replications = 2
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var names []string
	for i := 1; i <= 2; i++ {
		p, err := RunShard(m, Shard{i, 2}, "fp", nil)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, "part"+strconv.Itoa(i)+".json")
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.WriteJSON(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		names = append(names, name)
	}
	parts, err := ReadPartialFiles(names)
	if err != nil || len(parts) != 2 || parts[1].Shard != "2/2" {
		t.Fatalf("read %v, %v", parts, err)
	}
	if _, err := Merge(names, parts); err != nil {
		t.Errorf("the parts read back do not merge: %v", err)
	}
	junk := filepath.Join(dir, "junk.json")
	if err := os.WriteFile(junk, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPartialFiles([]string{names[0], junk}); err == nil || !strings.Contains(err.Error(), junk) {
		t.Errorf("a file that is no partial: %v, want an error naming it", err)
	}
	if _, err := ReadPartialFiles([]string{filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("a missing file: no error")
	}
}
