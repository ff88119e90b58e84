package roster

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/omnisim/omnisim/reports"
)

// Report is a roster with its simulation proof, as omnisim roster prints it.
type Report struct {
	Scenario      string
	Roster        *Roster
	Checks        []IntervalCheck // nil: not simulated
	TargetSL      float64
	ProofInterval time.Duration
	// StaffSL, if set, is staff's own simulated service level of the
	// requirement per interval of the day (ProofInterval), or per weekday ×
	// interval (7 × as many; planning.StaffResult.WeekServiceLevel): the reason
	// for a miss says whether the requirement itself was at the edge.
	StaffSL []reports.Stat
}

// Formats are the output formats of Report.Write.
var Formats = []string{"text", "json", "csv", "md", "html"}

// Write renders the report as text, json or csv.
func (rp *Report) Write(w io.Writer, format string) error {
	switch format {
	case "json":
		return rp.writeJSON(w)
	case "csv":
		return rp.writeCSV(w)
	case "text":
		return rp.writeText(w)
	case "md":
		return rp.writeMarkdown(w)
	case "html":
		return rp.writeHTML(w)
	}
	return fmt.Errorf("format %q: want %s", format, strings.Join(Formats, ", "))
}

type jsonStat struct {
	Mean *float64 `json:"mean"`
	CI95 *float64 `json:"ci95"`
}

func stat(s reports.Stat) jsonStat {
	f := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		v = math.Round(v*1e9) / 1e9
		return &v
	}
	return jsonStat{f(s.Mean), f(s.CI95)}
}

type jsonInterval struct {
	Day          string         `json:"day"`
	Start        string         `json:"start"`
	Required     map[string]int `json:"required"`
	Rostered     map[string]int `json:"rostered"`
	ServiceLevel *jsonStat      `json:"service_level"`
}

type jsonShift struct {
	Group    string   `json:"group"`
	Tour     string   `json:"tour"`
	Template string   `json:"template"`
	Days     []string `json:"days"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Breaks   []string `json:"breaks"`
	Agents   int      `json:"agents"`
}

type jsonUnmet struct {
	Kind     string   `json:"kind"`
	Group    string   `json:"group,omitempty"`
	Day      string   `json:"day"`
	Start    string   `json:"start"`
	Required *int     `json:"required,omitempty"`
	Rostered *int     `json:"rostered,omitempty"`
	Mean     *float64 `json:"service_level,omitempty"`
	Reason   string   `json:"reason"`
}

// Misses are the unmet items: short intervals of the roster, then intervals
// whose simulated service level is under the target.
func (rp *Report) misses() []jsonUnmet {
	var out []jsonUnmet
	for _, u := range rp.Roster.Unmet {
		req, ros := u.Required, u.Rostered
		out = append(out, jsonUnmet{Kind: "coverage", Group: u.Group, Day: DayNames[u.Day], Start: fmtClock(u.Start),
			Required: &req, Rostered: &ros, Reason: u.Reason})
	}
	for _, c := range rp.Checks {
		if m := c.ServiceLevel.Mean; !math.IsNaN(m) && m < rp.TargetSL {
			v := math.Round(m*1e9) / 1e9
			reason := "simulated service level under the target"
			if c.ServiceLevel.CI95 > 0 && m+c.ServiceLevel.CI95 >= rp.TargetSL {
				reason += " (the target is inside the 95 % CI: more replications would tell)"
			} else {
				reason += " (backlog from the interval before, or the requirement's own miss: see omnisim staff)"
			}
			over := false
			for g := range c.Required {
				over = over || c.Rostered[g] > c.Required[g]
			}
			if !over {
				reason += "; rostered = required here"
			} else {
				reason += "; rostered above the requirement here (another group's mix, or the interval before)"
			}
			i := int(c.Start / rp.interval())
			if perDay := int(Day / rp.interval()); len(rp.StaffSL) == 7*perDay {
				i += c.Day * perDay // staff's requirement by weekday
			}
			if i < len(rp.StaffSL) {
				if st := rp.StaffSL[i]; !math.IsNaN(st.Mean) {
					reason += fmt.Sprintf("; staff's own simulation of the requirement: %.1f %% ± %.1f %%", 100*st.Mean, 100*st.CI95)
					if st.Mean-st.CI95 < rp.TargetSL {
						reason += ", the target inside its CI too: the requirement meets it on average, not on every week's random numbers"
					}
				}
			}
			out = append(out, jsonUnmet{Kind: "service_level", Day: DayNames[c.Day], Start: fmtClock(c.Start), Mean: &v, Reason: reason})
		}
	}
	return out
}

func spanString(s Span) string { return fmtClock(s.Start) + "-" + fmtClock(s.End) }

func (rp *Report) writeJSON(w io.Writer) error {
	r := rp.Roster
	out := struct {
		Scenario           string         `json:"scenario"`
		Solver             string         `json:"solver"`
		Optimal            bool           `json:"optimal"`
		Status             string         `json:"status"`
		IntervalMinutes    float64        `json:"interval_minutes"`
		Patterns           int            `json:"patterns"`
		Intervals          []jsonInterval `json:"intervals"`
		Shifts             []jsonShift    `json:"shifts"`
		AgentHours         float64        `json:"agent_hours"`
		RequiredAgentHours float64        `json:"required_agent_hours"`
		PaidHours          float64        `json:"paid_hours"`
		Cost               float64        `json:"cost"`
		Unmet              []jsonUnmet    `json:"unmet"`
	}{
		Scenario: rp.Scenario, Solver: r.Solver, Optimal: r.Optimal, Status: r.Status, Patterns: r.Patterns,
		AgentHours: r.AgentHours, RequiredAgentHours: r.RequiredAgentHours, PaidHours: r.PaidHours,
		Cost: math.Round(r.Cost*1e6) / 1e6, Unmet: rp.misses(),
	}
	if out.Unmet == nil {
		out.Unmet = []jsonUnmet{}
	}
	for _, c := range rp.intervals() {
		ji := jsonInterval{Day: DayNames[c.Day], Start: fmtClock(c.Start), Required: map[string]int{}, Rostered: map[string]int{}}
		for g, name := range r.Groups {
			ji.Required[name], ji.Rostered[name] = c.Required[g], c.Rostered[g]
		}
		if rp.Checks != nil {
			s := stat(c.ServiceLevel)
			ji.ServiceLevel = &s
		}
		out.Intervals = append(out.Intervals, ji)
	}
	out.IntervalMinutes = rp.interval().Minutes()
	for _, s := range r.Shifts {
		js := jsonShift{Group: s.Group, Tour: s.Tour, Template: s.Template, Days: strings.Split(DaysString(s.Days), ","),
			Start: fmtClock(s.Start), End: fmtClock(s.End), Breaks: []string{}, Agents: s.Agents}
		for _, b := range s.Breaks {
			js.Breaks = append(js.Breaks, spanString(b))
		}
		out.Shifts = append(out.Shifts, js)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func (rp *Report) interval() time.Duration {
	if rp.Checks != nil && rp.ProofInterval > 0 {
		return rp.ProofInterval
	}
	return rp.Roster.Interval
}

// intervals are the proof's checks, or without a proof the roster's grid.
func (rp *Report) intervals() []IntervalCheck {
	if rp.Checks != nil {
		return rp.Checks
	}
	r := rp.Roster
	perDay := int(Day / r.Interval)
	var out []IntervalCheck
	for t := 0; t < 7*perDay; t++ {
		c := IntervalCheck{Day: t / perDay, Start: time.Duration(t%perDay) * r.Interval, ServiceLevel: reports.Stat{Mean: math.NaN(), CI95: math.NaN()}}
		for g := range r.Groups {
			c.Required = append(c.Required, r.Required[g][t])
			c.Rostered = append(c.Rostered, r.Rostered[g][t])
		}
		out = append(out, c)
	}
	return out
}

// writeCSV writes one row per tour and working day, the columns a WFM tool
// imports (a tour is a pattern that its agents share: agents says how many).
func (rp *Report) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"pattern", "group", "template", "agents", "day", "start", "end", "breaks"})
	for _, t := range rp.Roster.Tours {
		for d, s := range t.Daily {
			if s == nil {
				continue
			}
			_ = cw.Write([]string{t.ID, t.Group, t.Template, strconv.Itoa(t.Agents), DayNames[d], fmtClock(s.Start), fmtClock(s.Start + s.Length), breakList(s.breakSpans(), ";")})
		}
	}
	cw.Flush()
	return cw.Error()
}

func (rp *Report) writeText(w io.Writer) error {
	r := rp.Roster
	fmt.Fprintf(w, "Roster for %s: %s\n\n", rp.Scenario, rp.summary())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "tour\tgroup\tdays\tstart\tend\tbreaks\tagents")
	for _, s := range r.Shifts {
		var bs []string
		for _, b := range s.Breaks {
			bs = append(bs, spanString(b))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", s.Tour, s.Group, DaysString(s.Days), fmtClock(s.Start), fmtClock(s.End), strings.Join(bs, " "), s.Agents)
	}
	tw.Flush()
	if rp.Checks != nil {
		fmt.Fprintf(w, "\nBy interval (required / rostered heads per group, simulated service level ± 95 %% CI):\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "day\tstart\trequired\trostered\tservice level")
		for _, c := range rp.Checks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.3f ± %.3f\n", DayNames[c.Day], fmtClock(c.Start), ints(c.Required), ints(c.Rostered), c.ServiceLevel.Mean, c.ServiceLevel.CI95)
		}
		tw.Flush()
	}
	ms := rp.misses()
	if len(ms) == 0 {
		fmt.Fprintln(w, "\nEvery interval covered; every simulated interval meets the service-level target.")
		return nil
	}
	fmt.Fprintf(w, "\nUnmet (%d):\n", len(ms))
	for _, m := range ms {
		fmt.Fprintf(w, "  %s %s %s %s: %s\n", m.Kind, m.Day, m.Start, m.Group, m.Reason)
	}
	return nil
}

func ints(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, "/")
}
