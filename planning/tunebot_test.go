package planning

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/scenarios"
)

func TestTuneBotCurveAndRecommendation(t *testing.T) {
	sc := small(t)
	sc.Replications = 3
	opt := TuneOptions{
		Thresholds: []float64{0.3, 0.6, 0.9}, Objective: MaxContainment, MinCSAT: 1,
		AgentHourCost: 30, BotConversationCost: 0.05, Staffing: "erlang",
		Staff: StaffOptions{Targets: Targets{ServiceLevel: 0.8}},
	}
	res, err := TuneBot(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 3 {
		t.Fatalf("%d points, want 3", len(res.Points))
	}
	// A higher threshold hands off more: containment falls and agent hours rise
	// (same customers at every point, so the order is not noise).
	c := func(i int) float64 { return res.Points[i].Metric("bot_containment").Mean }
	if !(c(0) > c(1) && c(1) > c(2)) {
		t.Errorf("containment %v %v %v: want falling with the threshold", c(0), c(1), c(2))
	}
	if !(res.Points[0].AgentHours <= res.Points[2].AgentHours) {
		t.Errorf("agent hours %v at 0.3, %v at 0.9: want more agents when the bot contains less", res.Points[0].AgentHours, res.Points[2].AgentHours)
	}
	if res.Best != 0 || !strings.Contains(res.Why, "highest containment") {
		t.Errorf("max-containment picked %d (%s), want threshold 0.3", res.Best, res.Why)
	}
	// min-cost weighs agents against the bot's cost.
	opt.Objective, opt.MinCSAT = MinCost, 0
	res2, err := TuneBot(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range res2.Points {
		if p.TotalCost < res2.Points[res2.Best].TotalCost {
			t.Errorf("point %d costs %v, less than the recommended %v", i, p.TotalCost, res2.Points[res2.Best].TotalCost)
		}
	}
	// A CSAT floor nobody reaches: no recommendation, said so.
	opt.MinCSAT = 6
	res3, err := TuneBot(sc, opt)
	if err != nil || res3.Best != -1 || !strings.Contains(res3.Why, "no threshold") {
		t.Errorf("impossible CSAT floor: best %d, %q, %v", res3.Best, res3.Why, err)
	}
	var b bytes.Buffer
	if err := res.Write(&b, "json"); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Points []struct {
			Threshold float64                   `json:"threshold"`
			Metrics   map[string]map[string]any `json:"metrics"`
		} `json:"points"`
		Recommended *struct{ Threshold float64 } `json:"recommended"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"bot_containment", "escalated_asked", "escalated_low_confidence", "escalated_max_turns", "bot_failed_share", "csat"} {
		if _, ok := out.Points[0].Metrics[k]; !ok {
			t.Errorf("JSON point lacks %s", k)
		}
	}
	if out.Recommended == nil || out.Recommended.Threshold != 0.3 {
		t.Errorf("JSON recommended %+v", out.Recommended)
	}
	for _, f := range []string{"text", "csv", "md", "html"} {
		b.Reset()
		if err := res.Write(&b, f); err != nil || b.Len() == 0 {
			t.Errorf("format %s: %v", f, err)
		}
	}
}

func TestStaffSmallSimulatedSearch(t *testing.T) {
	sc := small(t)
	res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: 0.8, AbandonRate: 0.05}, Shrinkage: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Met {
		t.Errorf("unmet: %v", res.UnmetIntervals)
	}
	if res.Evaluations >= res.NaiveEvaluations {
		t.Errorf("%d evaluations, naive %d", res.Evaluations, res.NaiveEvaluations)
	}
	for _, is := range res.Intervals {
		for g, n := range is.Agents {
			if want := int((float64(n) / 0.7) + 0.999999); is.Scheduled[g] != want && !(n == 0 && is.Scheduled[g] == 0) {
				t.Errorf("%s: %d agents → %d scheduled with 30%% shrinkage, want %d", is.Start, n, is.Scheduled[g], want)
			}
		}
	}
	var b bytes.Buffer
	if err := res.Write(&b, "json"); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Intervals []struct {
			Start          string         `json:"start"`
			OfferedPerHour *float64       `json:"offered_per_hour"`
			Agents         map[string]int `json:"agents"`
			ErlangCAgents  *int           `json:"erlang_c_agents"`
			ServiceLevel   map[string]any `json:"service_level"`
		} `json:"intervals"`
		AgentHours *float64 `json:"agent_hours"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Intervals) != 24 || out.AgentHours == nil {
		t.Fatalf("%d intervals, agent_hours %v", len(out.Intervals), out.AgentHours)
	}
	iv := out.Intervals[8]
	if iv.Start != "08:00" || iv.OfferedPerHour == nil || iv.ErlangCAgents == nil || len(iv.Agents) != 2 {
		t.Errorf("interval 08:00 JSON: %+v", iv)
	}
	if _, ok := iv.ServiceLevel["ci95"]; !ok {
		t.Error("service_level lacks ci95")
	}
	for _, f := range []string{"text", "csv", "md", "html"} {
		b.Reset()
		if err := res.Write(&b, f); err != nil || b.Len() == 0 {
			t.Errorf("format %s: %v", f, err)
		}
	}
}

// tuneParts runs tune-bot on sc in n shards and returns their partials, through JSON.
func tuneParts(t *testing.T, sc *scenarios.Scenario, opt TuneOptions, n int, fp string) ([]string, []*Partial) {
	t.Helper()
	var names []string
	var parts []*Partial
	for i := 1; i <= n; i++ {
		s := Shard{i, n}
		p, err := TuneBotShard(sc, opt, s, fp)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := p.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		back, err := ReadPartial("part"+s.String(), &b)
		if err != nil {
			t.Fatal(err)
		}
		names, parts = append(names, "part"+s.String()), append(parts, back)
	}
	return names, parts
}

// TestTuneBotShardsMergeEqualsTuneBot: the points of tune-bot split over shards
// (simulated staffing, so each point runs a staff search) and merged give the
// single run's result, byte for byte in every format, whatever the files' order.
func TestTuneBotShardsMergeEqualsTuneBot(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: simulates tune-bot whole and in 3 and 7 shards; make test runs it in its first pass, without -race")
	}
	opt := TuneOptions{
		Thresholds: []float64{0.9, 0.3, 0.6}, MaxTurns: []int{1, 2}, Objective: MinCost,
		AgentHourCost: 30, BotConversationCost: 0.05,
		Staff: StaffOptions{Targets: Targets{ServiceLevel: 0.8}},
	}
	sc := small(t)
	sc.Replications = 2
	whole, err := TuneBot(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{3, 7} { // 7 shards for 6 points: one shard is empty
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			names, parts := tuneParts(t, sc, opt, n, "fp")
			slices.Reverse(names)
			slices.Reverse(parts)
			merged, err := Merge(names, parts)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"json", "text", "csv", "md", "html"} {
				var want, got bytes.Buffer
				if err := whole.Write(&want, f); err != nil {
					t.Fatal(err)
				}
				if err := merged.Tune.Write(&got, f); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Errorf("%d shards, --format %s: merged result differs:\n%s\nwant\n%s", n, f, head(got.String()), head(want.String()))
				}
			}
		})
	}
}

func TestTuneMergeRefuses(t *testing.T) {
	opt := TuneOptions{Thresholds: []float64{0.3, 0.6, 0.9}, Objective: MinCost, Staffing: "erlang",
		Staff: StaffOptions{Targets: Targets{ServiceLevel: 0.8}}}
	names, parts := tuneParts(t, small(t), opt, 2, "fp")
	moved := *parts[1]
	tune := *moved.Tune
	tune.Points = append([]TunePartPoint{parts[0].Tune.Points[0]}, tune.Points...) // point 0 again, in shard 2
	moved.Tune = &tune
	tests := []struct {
		name  string
		parts []*Partial
		want  string
	}{
		{"point twice", []*Partial{parts[0], &moved}, "point 0 is in both part1/2 and part2/2"},
		{"other run", []*Partial{parts[0], {Format: PartialFormat, Kind: tuneKind, Shard: "2/2", Fingerprint: "other", Tune: parts[1].Tune}}, "different runs (the scenario files or options differ)"},
		{"sweep", []*Partial{parts[0], {Format: PartialFormat, Kind: "sweep", Shard: "2/2", Fingerprint: "fp"}}, "part2/2 is a sweep result but part1/2 is a tune-bot result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(names, tt.parts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Merge: %v, want %q", err, tt.want)
			}
		})
	}
	// Damaged files are refused on reading, naming the file and the field.
	reads := []struct{ json, want string }{
		{`{"format":"omnisim-partial/1","kind":"tune-bot","shard":"1/2","fingerprint":"fp"}`, "f.json: incomplete partial result"},
		{`{"format":"omnisim-partial/1","kind":"tune-bot","shard":"1/2","fingerprint":"fp","tune":{"objective":"cheap","total_points":3}}`, `f.json: tune.objective "cheap"`},
		{`{"format":"omnisim-partial/1","kind":"tune-bot","shard":"1/2","fingerprint":"fp","tune":{"objective":"min-cost","total_points":3,"points":[{"point":3}]}}`, "f.json: tune.points: point 3 out of range"},
		{`{"format":"omnisim-partial/1","kind":"tune","shard":"1/2","fingerprint":"fp"}`, `f.json: incomplete partial result (kind "tune")`},
	}
	for _, r := range reads {
		if _, err := ReadPartial("f.json", strings.NewReader(r.json)); err == nil || !strings.Contains(err.Error(), r.want) {
			t.Errorf("ReadPartial(%s): %v, want %q", r.json, err, r.want)
		}
	}
	// A point without its report is refused at merge, not a panic.
	bad := *parts[1]
	badTune := *bad.Tune
	badTune.Points = []TunePartPoint{{Point: 1, Result: []byte(`{"Threshold":0.6,"MaxTurns":2,"Report":null,"AgentHours":1,"StaffMet":true,"MessagingCost":0,"BotCost":0,"AgentCost":0,"TotalCost":0}`)}}
	bad.Tune = &badTune
	if _, err := Merge(names, []*Partial{parts[0], &bad}); err == nil || !strings.Contains(err.Error(), "part2/2: point 1: no report") {
		t.Errorf("point without report: %v", err)
	}
}

// TestTuneOptionsKey: every option that changes the result changes the key.
func TestTuneOptionsKey(t *testing.T) {
	base := TuneOptions{Thresholds: []float64{0.3, 0.6}, Objective: MinCost, AgentHourCost: 30, BotConversationCost: 0.05}
	if base.Key() != (TuneOptions{Thresholds: []float64{0.3, 0.6}, Objective: MinCost, AgentHourCost: 30, BotConversationCost: 0.05, Staffing: "simulate", Progress: func(int) {}}).Key() {
		t.Error("the default staffing or a progress callback changed the key")
	}
	changes := map[string]func(*TuneOptions){
		"thresholds":    func(o *TuneOptions) { o.Thresholds = []float64{0.3} },
		"max_turns":     func(o *TuneOptions) { o.MaxTurns = []int{2} },
		"objective":     func(o *TuneOptions) { o.Objective = MaxContainment },
		"min_csat":      func(o *TuneOptions) { o.MinCSAT = 4 },
		"agent cost":    func(o *TuneOptions) { o.AgentHourCost = 31 },
		"bot cost":      func(o *TuneOptions) { o.BotConversationCost = 0.06 },
		"staffing":      func(o *TuneOptions) { o.Staffing = "erlang" },
		"service level": func(o *TuneOptions) { o.Staff.Targets.ServiceLevel = 0.9 },
		"abandon rate":  func(o *TuneOptions) { o.Staff.Targets.AbandonRate = 0.05 },
		"utilization":   func(o *TuneOptions) { o.Staff.Targets.MaxUtilization = 0.85 },
	}
	for name, change := range changes {
		o := base
		change(&o)
		if o.Key() == base.Key() {
			t.Errorf("%s: same key", name)
		}
	}
}
