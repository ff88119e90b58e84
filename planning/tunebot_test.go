package planning

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
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
