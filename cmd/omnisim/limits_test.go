package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagSizeLimits: flags that would crash or exhaust the simulator (issue 13,
// item 7: run -n 1000000000000 ran out of memory, staff --interval 1s panicked,
// sweep --set arrivals.scale=1e300 never ended) are refused at once, exit 2, with
// the flag and the limit; the same values in a file are refused by validate.
func TestFlagSizeLimits(t *testing.T) {
	sc := writeScenario(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"run -n 1e12", []string{"run", sc, "-n", "1000000000000"}, "--replications: at most 10000 (got 1000000000000)"},
		{"run -n 9e18", []string{"run", sc, "-n", "9000000000000000000"}, "--replications: at most 10000"},
		{"staff --interval 1s", []string{"staff", sc, "--interval", "1s"}, `--interval "1s": want a duration of at least 1m`},
		{"staff --interval 1m -n 5000", []string{"staff", sc, "--interval", "1m", "-n", "5000"}, "--replications 5000: 5000 replications keep about"},
		{"sweep scale 1e300", []string{"sweep", sc, "--set", "arrivals.scale=1e300"}, "arrivals.scale=1e+300: " + sc + ":10:33: arrivals[0].rate: 5.4e+302 expected conversations per replication"},
		{"sweep replications", []string{"sweep", sc, "--set", "replications=20000"}, "replications: must be ≤ 10000 (got 20000)"}, // the loader's message for replications: 20000
		{"sweep grid", []string{"sweep", sc, "--set", "agents.pool.count=1..10000", "-n", "10000"}, "10000 points × replications (100000000 simulations in all)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := omnisim(t, tt.args...)
			if code != 2 || !strings.Contains(errs, tt.want) || strings.Contains(errs, "panic") {
				t.Errorf("exit %d, stderr %q: want exit 2 and %q", code, errs, tt.want)
			}
		})
	}
	// validate and run agree on a file.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte(strings.Replace(mmcScenario, "interval: 1h", "interval: 1s", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"validate", "run", "check"} {
		code, _, errs := omnisim(t, cmd, bad)
		if code != 2 || !strings.Contains(errs, "bad.yaml:7:11: interval: must be at least 1m") {
			t.Errorf("%s: exit %d, stderr %q", cmd, code, errs)
		}
	}
}
