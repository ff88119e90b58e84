package planning

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/scenarios"
)

func defaultScenario(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestStaffArgsApply(t *testing.T) {
	sc := defaultScenario(t)
	opt, err := StaffArgs{Shrinkage: "30%", Confidence: "99%", Tolerance: "1pp", MaxReplications: "40",
		Scale: "1.5", Interval: "30m", Seed: "7", Replications: "3"}.Apply(sc)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Targets.ServiceLevel != sc.SLA.Target || opt.Shrinkage != 0.3 || opt.Confidence != 0.99 ||
		opt.Tolerance != 0.01 || opt.MaxReplications != 40 || opt.VerifyReplications != 0 {
		t.Errorf("options = %+v", opt)
	}
	if sc.Interval != 30*time.Minute || sc.Seed != 7 || sc.Replications != 3 {
		t.Errorf("scenario: interval %v, seed %d, replications %d", sc.Interval, sc.Seed, sc.Replications)
	}
	def, err := StaffArgs{}.Apply(defaultScenario(t))
	if err != nil || def.Confidence != DefaultConfidence || def.Tolerance != DefaultTolerance {
		t.Errorf("defaults = %+v, %v", def, err)
	}
}

func TestStaffArgsErrorsNameTheFlag(t *testing.T) {
	for _, tt := range []struct {
		args StaffArgs
		want string
	}{
		{StaffArgs{ServiceLevel: "lots"}, "--service-level: "},
		{StaffArgs{AbandonRate: "x"}, "--abandon-rate: "},
		{StaffArgs{MaxUtilization: "x"}, "--max-utilization: "},
		{StaffArgs{Shrinkage: "100%"}, "--shrinkage: must be below 100%"},
		{StaffArgs{Confidence: "100%"}, "--confidence: want a level above 0 and below 100% (got 100%)"},
		{StaffArgs{Tolerance: "wide"}, "--tolerance: "},
		{StaffArgs{MaxReplications: "1"}, "--max-replications: want 2 to 10000 (got 1)"},
		{StaffArgs{VerifyReplications: "0"}, "--verify-replications: want 2 to 10000 (got 0)"},
		{StaffArgs{Scale: "0"}, "--scale: want a factor above 0 (got 0)"},
		{StaffArgs{Interval: "7m"}, `--interval "7m": want a duration that divides 24h`},
		{StaffArgs{Interval: "30s"}, `--interval "30s": want a duration of at least 1m`},
		{StaffArgs{Replications: "1"}, "--replications: must be ≥ 2 for confidence intervals (got 1)"},
		{StaffArgs{Replications: "10001"}, "--replications: at most 10000 (got 10001)"},
	} {
		_, err := tt.args.Apply(defaultScenario(t))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want prefix %q", tt.args, err, tt.want)
		}
	}
}

func TestApplySets(t *testing.T) {
	sc := defaultScenario(t)
	same, err := ApplySets(sc, nil, "run")
	if err != nil || same != sc {
		t.Fatalf("no --set: %p, %v; want the scenario itself", same, err)
	}
	out, err := ApplySets(sc, []string{"arrivals.scale=1.2"}, "run")
	if err != nil || out == sc {
		t.Fatalf("ApplySets: %v (a clone expected)", err)
	}
	for _, tt := range []struct {
		sets []string
		want string
	}{
		{[]string{"arrivals.scale"}, "want KEY=VALUE"},
		{[]string{"arrivals.scale=1..2:0.5"}, "--set arrivals.scale: one value on staff (got 3); omnisim sweep tries several"},
		{[]string{"arrivals.scale=1", "arrivals.scale=2"}, "--set arrivals.scale: set twice"},
		{[]string{"no.such.key=1"}, "--set "},
	} {
		_, err := ApplySets(sc, tt.sets, "staff")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.sets, err, tt.want)
		}
	}
	if got := SetOptions([]string{"a=1", "b=2"}); strings.Join(got, ";") != "set a=1;set b=2" {
		t.Errorf("SetOptions = %q", got)
	}
}

func TestParseMaxTurnsAndAxes(t *testing.T) {
	turns, err := ParseMaxTurns("2..4")
	if err != nil || len(turns) != 3 || turns[0] != 2 || turns[2] != 4 {
		t.Errorf("ParseMaxTurns(2..4) = %v, %v", turns, err)
	}
	if turns, err := ParseMaxTurns(""); err != nil || turns != nil {
		t.Errorf(`ParseMaxTurns("") = %v, %v`, turns, err)
	}
	if _, err := ParseMaxTurns("1.5"); err == nil || err.Error() != "--max-turns: 1.5 is not a whole number ≥ 1" {
		t.Errorf("ParseMaxTurns(1.5): %v", err)
	}
	if _, err := ParseAxes(nil); err == nil || !strings.Contains(err.Error(), "at least one --set") {
		t.Errorf("ParseAxes(nil): %v", err)
	}
	axes, err := ParseAxes([]string{"bot.threshold=0.5..0.7:0.1", "agents.tier1.count=4"})
	if err != nil || len(axes) != 2 || len(axes[0].Values) != 3 {
		t.Errorf("ParseAxes = %v, %v", axes, err)
	}
}

func TestCheckMetrics(t *testing.T) {
	if err := CheckMetrics([]string{"service_level", "asa_seconds"}); err != nil {
		t.Errorf("report keys: %v", err)
	}
	want := `--metrics: unknown metric "sla" (the JSON report keys, such as service_level, asa_seconds)`
	if err := CheckMetrics([]string{"service_level", "sla"}); err == nil || err.Error() != want {
		t.Errorf("unknown key: %v, want %q", err, want)
	}
}

func TestShardOfAndFormat(t *testing.T) {
	for _, tt := range []struct {
		flag, index, count string
		want               Shard
		sharded            bool
		err                string
	}{
		{"2/4", "0", "9", Shard{2, 4}, true, ""}, // the flag wins over the Job
		{"", "1", "3", Shard{2, 3}, true, ""},
		{"", "", "", Shard{}, false, ""},
		{"5/4", "", "", Shard{}, false, "--shard 5/4: I must be from 1 to 4"},
		{"", "3", "3", Shard{}, false, "JOB_COMPLETION_INDEX=3, JOB_COMPLETIONS=3"},
	} {
		s, sharded, err := ShardOf(tt.flag, tt.index, tt.count)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) || sharded {
				t.Errorf("ShardOf(%q, %q, %q): %v, %v, want error %q", tt.flag, tt.index, tt.count, sharded, err, tt.err)
			}
			continue
		}
		if err != nil || s != tt.want || sharded != tt.sharded {
			t.Errorf("ShardOf(%q, %q, %q) = %v, %v, %v", tt.flag, tt.index, tt.count, s, sharded, err)
		}
	}
	if err := CheckShardFormat(Shard{1, 2}, "json", true); err != nil {
		t.Error(err)
	}
	if err := CheckShardFormat(Shard{1, 2}, "text", false); err != nil {
		t.Errorf("the default format: %v", err)
	}
	want := "--shard 1/2 writes a partial result (JSON), not html: merge the shards with omnisim report merge --format html"
	if err := CheckShardFormat(Shard{1, 2}, "html", true); err == nil || err.Error() != want {
		t.Errorf("--format html: %v", err)
	}
}

func TestParseThresholds(t *testing.T) {
	th, err := ParseThresholds("0.5..0.7:0.1")
	if err != nil || len(th) != 3 || math.Abs(th[0]-0.5) > 1e-9 || math.Abs(th[2]-0.7) > 1e-9 {
		t.Errorf("ParseThresholds(0.5..0.7:0.1) = %v, %v", th, err)
	}
	if th, err := ParseThresholds("0.6,0.8"); err != nil || len(th) != 2 || th[1] != 0.8 {
		t.Errorf("ParseThresholds(0.6,0.8) = %v, %v", th, err)
	}
	if _, err := ParseThresholds("high"); err == nil || !strings.HasPrefix(err.Error(), "--thresholds: ") {
		t.Errorf("ParseThresholds(high): %v, want an error naming --thresholds", err)
	}
}
