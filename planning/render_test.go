package planning

import (
	"strings"
	"testing"

	"github.com/omnisim/omnisim/reports"
)

// pageProblems runs the chart checks (text clipped at the image's edge, legend
// over the plot area, a band outside its metric's range) on every chart of a page.
func pageProblems(t *testing.T, p *reports.Page) (charts int) {
	t.Helper()
	for _, s := range p.Sections {
		for _, c := range s.Charts {
			if c == nil {
				continue
			}
			charts++
			probs, err := c.Problems()
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range probs {
				t.Errorf("%s: %s", p.Title, pr)
			}
		}
	}
	return charts
}

// TestPagesReadable: the staff, sweep and tune-bot pages' charts pass the checks,
// tune-bot marks its recommended point and keeps agent hours and cost apart, and
// costs carry their currency.
func TestPagesReadable(t *testing.T) {
	sc := small(t)
	sc.Replications = 3
	staff, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: 0.8}})
	if err != nil {
		t.Fatal(err)
	}
	if n := pageProblems(t, staff.Page()); n != 2 {
		t.Errorf("staff page has %d charts, want 2", n)
	}

	plan, err := PlanSweep(sc, []Axis{{Key: "bot.threshold", Values: []float64{0.5, 0.7, 0.9}}, {Key: "agents.scale", Values: []float64{0.9, 1.1}}})
	if err != nil {
		t.Fatal(err)
	}
	values, err := plan.Run(plan.Items(), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	sweep := SweepView{SweepResult: plan.Summarize(values)}
	if n := pageProblems(t, sweep.Page()); n != len(DefaultSweepMetrics) {
		t.Errorf("sweep page has %d charts, want %d", n, len(DefaultSweepMetrics))
	}

	tune, err := TuneBot(sc, TuneOptions{Thresholds: []float64{0.3, 0.6, 0.9}, Objective: MinCost, AgentHourCost: 30, BotConversationCost: 0.05,
		Staffing: "erlang", Staff: StaffOptions{Targets: Targets{ServiceLevel: 0.8}}})
	if err != nil {
		t.Fatal(err)
	}
	page := tune.Page()
	if n := pageProblems(t, page); n != 4 {
		t.Errorf("tune-bot page has %d charts, want 4", n)
	}
	var marked int
	for _, c := range page.Sections[0].Charts {
		if strings.Contains(c.YLabel, "÷") || strings.Contains(c.YLabel, "/ cost") {
			t.Errorf("chart %q mixes units on one axis: %q", c.Title, c.YLabel)
		}
		for _, m := range c.Marks {
			if m.X == tune.Points[tune.Best].Threshold {
				marked++
			}
		}
	}
	if marked != 4 {
		t.Errorf("recommended point marked on %d charts, want 4", marked)
	}
	if !strings.Contains(tune.Why, Currency) {
		t.Errorf("recommendation %q states a cost without its currency", tune.Why)
	}
	var js strings.Builder
	if err := tune.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"currency": "USD"`) {
		t.Error("tune-bot JSON does not say the costs' currency")
	}
	tab := tune.Table()
	if !strings.Contains(strings.Join(tab.Columns, "|"), "cost per day ("+Currency+")") {
		t.Errorf("curve table columns %v: no currency", tab.Columns)
	}
	if !strings.Contains(tab.Rows[tune.Best][0], "recommended") {
		t.Errorf("recommended row %v not marked in its first cell", tab.Rows[tune.Best])
	}
}
