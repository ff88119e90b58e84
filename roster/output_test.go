package roster

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math/bits"
	"strings"
	"testing"
)

// TestReportFormats writes a solved roster in every format: the CSV has a row
// per tour and working day, the JSON its stable keys, the HTML its chart and
// the Markdown its tour table; the same roster gives the same bytes twice.
func TestReportFormats(t *testing.T) {
	requireSolver(t)
	s, req, _ := oneDayInstance(t)
	r, err := Solve(context.Background(), s, req, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rp := &Report{Scenario: "one-day", Roster: r, TargetSL: 0.8}
	out := map[string]string{}
	for _, f := range Formats {
		var a, b bytes.Buffer
		if err := rp.Write(&a, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := rp.Write(&b, f); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%s: two writes differ", f)
		}
		out[f] = a.String()
	}
	rows, err := csv.NewReader(strings.NewReader(out["csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, tr := range r.Tours {
		want += bits.OnesCount8(tr.Days)
	}
	if got := strings.Join(rows[0], ","); got != "pattern,group,template,agents,day,start,end,breaks" {
		t.Errorf("CSV header %q", got)
	}
	if len(rows)-1 != want || want == 0 {
		t.Errorf("CSV has %d rows, want one per tour and working day: %d", len(rows)-1, want)
	}
	var js map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out["json"]), &js); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"intervals", "shifts", "agent_hours", "required_agent_hours", "cost", "unmet"} {
		if _, ok := js[k]; !ok {
			t.Errorf("JSON key %q missing", k)
		}
	}
	if !strings.Contains(out["html"], "<svg") || !strings.Contains(out["html"], "Heads on the floor") {
		t.Error("HTML without its chart")
	}
	if !strings.Contains(out["md"], "| tour | group | days | start | end | breaks | agents |") {
		t.Errorf("Markdown without its tour table:\n%s", out["md"])
	}
}
