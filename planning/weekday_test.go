package planning

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/scenarios"
)

// TestStaffByWeekday: a scenario whose Saturday volume is half the other days'
// (testdata/mmc-weekdays.yaml, an M/M/c queue per 6-hour interval) is staffed
// per weekday × interval: Saturday needs fewer agents than every other weekday
// in every interval, each weekday's Erlang C start is Erlang C of that
// weekday's rates, the requirement is within one agent of it (the simulated
// intervals hand backlog on, which Erlang C ignores), and every cell holds the
// target on the verification's fresh replications.
func TestStaffByWeekday(t *testing.T) {
	sc, err := scenarios.Load("testdata/mmc-weekdays.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Staff(sc, StaffOptions{Targets: Targets{ServiceLevel: sc.SLA.Target}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.ByWeekday {
		t.Fatal("ByWeekday false for a scenario whose Saturday differs")
	}
	if !res.Met {
		t.Fatalf("targets not met in %v", res.UnmetIntervals)
	}
	const perDay = 4
	if len(res.Intervals) != 7*perDay {
		t.Fatalf("%d intervals, want 7 weekdays × %d", len(res.Intervals), perDay)
	}
	weekday := []float64{40, 175, 300, 120}
	agents := map[string][]int{}
	off := 0
	for k, is := range res.Intervals {
		i := k % perDay
		if want := scenariosWeekday(k / perDay); is.Weekday != want {
			t.Fatalf("interval %d: weekday %q, want %q", k, is.Weekday, want)
		}
		rate := weekday[i]
		if is.Weekday == "sat" {
			rate /= 2
		}
		ec, err := erlang.MinAgents(erlang.CInput{RatePerSecond: rate / 3600, AHT: 3 * time.Minute, Within: 20 * time.Second}, 0.8)
		if err != nil {
			t.Fatal(err)
		}
		got := is.Agents[0]
		agents[is.Weekday] = append(agents[is.Weekday], got)
		t.Logf("%s %s: %5.1f/h staff %2d Erlang C %2d, verified SL %.3f ± %.3f", is.Weekday, is.Start, rate, got, ec,
			is.Verified.ServiceLevel.Mean, is.Verified.ServiceLevel.CI95)
		if is.ErlangC[0] != ec {
			t.Errorf("%s %s: Erlang C start %d, want %d (that weekday's rate %.1f/h)", is.Weekday, is.Start, is.ErlangC[0], ec, rate)
		}
		if d := got - ec; d < -1 || d > 1 {
			t.Errorf("%s %s: staff %d, Erlang C %d: more than one apart", is.Weekday, is.Start, got, ec)
		} else if d != 0 {
			off++
		}
		if !is.Verified.Holds || is.Verified.ServiceLevel.Mean < 0.8 {
			t.Errorf("%s %s: verified service level %.3f, below the 80 %% target", is.Weekday, is.Start, is.Verified.ServiceLevel.Mean)
		}
		// The simulated offered rate is the weekday's, not the week's mean.
		if is.OfferedPerHour < 0.9*rate || is.OfferedPerHour > 1.1*rate {
			t.Errorf("%s %s: offered %.1f/h, want about %.1f/h", is.Weekday, is.Start, is.OfferedPerHour, rate)
		}
	}
	if off > 4 {
		t.Errorf("%d of %d cells differ from Erlang C by one: more than the borderline few", off, len(res.Intervals))
	}
	for day, a := range agents {
		if day == "sat" {
			continue
		}
		for i := range a {
			if agents["sat"][i] >= a[i] {
				t.Errorf("%s: Saturday needs %d, %s %d: half the volume should need fewer", res.Intervals[i].Start, agents["sat"][i], day, a[i])
			}
		}
	}
	// Hours: per weekday, and their mean as the day's.
	total := 0.0
	for _, wh := range res.WeekdayHours {
		total += wh.AgentHours
	}
	if len(res.WeekdayHours) != 7 || !near(res.AgentHours, total/7) {
		t.Errorf("agent hours %v, want the mean of %v", res.AgentHours, res.WeekdayHours)
	}
	// The outputs carry the weekday.
	var js bytes.Buffer
	if err := res.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Intervals []struct {
			Weekday string `json:"weekday"`
		} `json:"intervals"`
		Hours map[string]float64 `json:"agent_hours_by_weekday"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Intervals[5*perDay].Weekday != "sat" || len(out.Hours) != 7 || !(out.Hours["sat"] < out.Hours["mon"]) {
		t.Errorf("JSON lacks the weekdays: %v, %v", out.Intervals[5*perDay], out.Hours)
	}
	var csv bytes.Buffer
	if err := res.Write(&csv, "csv"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(csv.String(), "weekday,start,") || !strings.Contains(csv.String(), "\nsat,18:00,") {
		t.Errorf("CSV lacks the weekday column:\n%s", csv.String()[:200])
	}
	// The week the roster gets is each weekday's own.
	week := res.WeekScheduled()[0]
	if week[5*perDay+2] != agents["sat"][2] || week[2] != agents["mon"][2] {
		t.Errorf("WeekScheduled Saturday noon %d, Monday noon %d; want %d, %d", week[5*perDay+2], week[2], agents["sat"][2], agents["mon"][2])
	}
}

func scenariosWeekday(d int) string {
	return []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}[d]
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestWeekPlanFillsUnmeasuredWeekdays: a weekday the measured window does not
// reach is staffed, per interval, at the most of the staffed weekdays, and
// WithWeekStaffing gives each weekday its own schedule.
func TestWeekPlanFillsUnmeasuredWeekdays(t *testing.T) {
	cells := []cell{{0, 0}, {0, 1}, {2, 0}, {2, 1}}
	week := weekPlan(cells, 2, []int{3, 5, 4, 1})
	want := []int{3, 5, 4, 5, 4, 1, 4, 5, 4, 5, 4, 5, 4, 5}
	for k := range want {
		if week[k] != want[k] {
			t.Fatalf("week %v, want %v", week, want)
		}
	}
	sc := &scenarios.Scenario{Interval: 12 * time.Hour, Agents: []scenarios.AgentGroup{{Name: "a", Count: 9}}}
	c := WithWeekStaffing(sc, [][]int{week})
	if c.Agents[0].Count != 0 || len(c.Agents[0].Schedule) != 14 {
		t.Fatalf("schedule %+v", c.Agents[0].Schedule)
	}
	if e := c.Agents[0].Schedule[5]; e.At != 12*time.Hour || e.Count != 1 || !e.Days.Has(2) || e.Days.Has(3) {
		t.Errorf("Wednesday noon entry %+v", e)
	}
	if sc.Agents[0].Count != 9 {
		t.Error("WithWeekStaffing changed its input")
	}
}

// TestWeekServiceLevel: the week's service level, as roster's proof reads it,
// is the day's on every weekday, or each staffed weekday's own (NaN for one not
// staffed).
func TestWeekServiceLevel(t *testing.T) {
	day := staffFixture(true) // two 12-hour intervals
	w := day.WeekServiceLevel()
	if len(w) != 14 || w[13] != day.Intervals[1].ServiceLevel || w[2] != day.Intervals[0].ServiceLevel {
		t.Fatalf("day result: week %v", w)
	}
	byDay := staffFixture(true)
	byDay.ByWeekday = true
	byDay.Intervals[0].Weekday, byDay.Intervals[1].Weekday = "sat", "sat"
	byDay.Intervals[1].ServiceLevel.Mean = 0.9
	w = byDay.WeekServiceLevel()
	if w[10].Mean != 0.85 || w[11].Mean != 0.9 || !math.IsNaN(w[0].Mean) {
		t.Errorf("by weekday: Saturday %v %v, Monday %v", w[10], w[11], w[0])
	}
	if s := byDay.WeekScheduled()[0]; s[11] != 6 || s[0] != 6 {
		t.Errorf("by weekday scheduled %v", s)
	}
}

// appendChanges keeps a day's head counts where they change, on its days: the
// schedule of WithStaffing (every day) and, once per weekday, WithWeekStaffing.
func TestAppendChanges(t *testing.T) {
	got := appendChanges(nil, []int{2, 2, 3, 3, 1}, 30*time.Minute, scenarios.Days(1<<2))
	want := []scenarios.ScheduleEntry{{At: 0, Count: 2, Days: 4}, {At: time.Hour, Count: 3, Days: 4}, {At: 2 * time.Hour, Count: 1, Days: 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("appendChanges = %+v, want %+v", got, want)
	}
	prev := []scenarios.ScheduleEntry{{At: 0, Count: 9}}
	if got := appendChanges(prev, []int{4}, time.Hour, 0); len(got) != 2 || got[1] != (scenarios.ScheduleEntry{Count: 4}) {
		t.Errorf("appending a constant day: %+v", got)
	}
}
