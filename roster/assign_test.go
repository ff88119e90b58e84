package roster

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// tourOf is a hand-built tour: the same shift (start, length) on the given days.
func tourOf(id string, agents int, start, length time.Duration, days ...int) Tour {
	t := Tour{ID: id, Group: "g", Agents: agents}
	for _, d := range days {
		t.Daily[d] = &DayShift{Start: start, Length: length, Breaks: []time.Duration{4 * time.Hour}, BreakLens: []time.Duration{30 * time.Minute}}
		t.Days |= 1 << d
	}
	return t
}

const (
	mon = iota
	tue
	wed
	thu
	fri
	sat
	sun
)

func TestAssignRotation(t *testing.T) {
	h := time.Hour
	cases := []struct {
		name    string
		tours   []Tour
		rules   Rules
		weeks   int
		unmet   []string // agent/rule of what is left broken
		rotates bool     // some agent must change tour between weeks 1 and 2
	}{
		{
			// The plain rotation puts g-001 on the late Sunday tour, then the
			// early Monday one: 6 h of rest across the week boundary.
			name:  "min rest across the week boundary",
			tours: []Tour{tourOf("late", 2, 16*h, 8*h, mon, tue, sat, sun), tourOf("early", 2, 6*h, 8*h, mon, tue, wed, thu, fri)},
			rules: Rules{MinRest: 11 * h}, weeks: 2,
		},
		{
			// Wed–Sun then Mon–Fri is ten days in a row.
			name:  "consecutive days across the week boundary",
			tours: []Tour{tourOf("monfri", 1, 9*h, 8*h, mon, tue, wed, thu, fri), tourOf("wedsun", 1, 9*h, 8*h, wed, thu, fri, sat, sun)},
			rules: Rules{MaxConsecutiveDays: 6}, weeks: 2,
		},
		{
			name:  "four weeks, four tours, no rule binds",
			tours: []Tour{tourOf("a", 1, 8*h, 8*h, mon, tue, wed, thu, fri), tourOf("b", 2, 10*h, 8*h, tue, wed, thu, fri, sat), tourOf("c", 1, 12*h, 8*h, wed, thu, fri, sat, sun)},
			rules: Rules{MinRest: 11 * h, MaxConsecutiveDays: 7}, weeks: 4, rotates: true,
		},
		{
			// A tour that breaks the rule with itself (the roster's own tours never
			// do): nothing a swap can mend, so each agent is named.
			name: "impossible: named in unmet",
			tours: []Tour{func() Tour {
				t := tourOf("bad", 2, 16*h, 8*h, sun)
				t.Daily[mon] = &DayShift{Start: 6 * h, Length: 8 * h}
				t.Days |= 1 << mon
				return t
			}()},
			rules: Rules{MinRest: 11 * h}, weeks: 1,
			unmet: []string{"g-001/min_rest", "g-002/min_rest"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &Roster{Groups: []string{"g"}, Tours: c.tours}
			as, err := Assign(r, c.rules, c.weeks)
			if err != nil {
				t.Fatal(err)
			}
			heads := 0
			for _, tr := range c.tours {
				heads += tr.Agents
			}
			if len(as.Agents) != heads {
				t.Fatalf("%d agents named, the roster has %d", len(as.Agents), heads)
			}
			// Every week, each tour has exactly its agents.
			for w := 0; w < c.weeks; w++ {
				n := make([]int, len(c.tours))
				for _, ag := range as.Agents {
					n[ag.Tours[w]]++
				}
				for i, tr := range c.tours {
					if n[i] != tr.Agents {
						t.Errorf("week %d: tour %s worked by %d agents, the roster says %d", w+1, tr.ID, n[i], tr.Agents)
					}
				}
			}
			if c.rotates {
				moved := 0
				for _, ag := range as.Agents {
					if ag.Tours[0] != ag.Tours[1] {
						moved++
					}
				}
				if moved == 0 {
					t.Error("no agent changes tour between weeks: a rotation that does not rotate")
				}
			}
			// What Unmet says is exactly what the rules find, boundary by boundary.
			var got []string
			for _, u := range as.Unmet {
				got = append(got, u.Agent+"/"+u.Rule)
			}
			if strings.Join(got, " ") != strings.Join(c.unmet, " ") {
				t.Errorf("unmet %v, want %v (%+v)", got, c.unmet, as.Unmet)
			}
			broken := 0
			for _, ag := range as.Agents {
				for w := range ag.Tours {
					if rule, _ := boundary(r, c.rules, ag.Tours[w], ag.Tours[(w+1)%c.weeks]); rule != "" {
						broken++
					}
				}
			}
			if broken != len(as.Unmet) {
				t.Errorf("%d broken boundaries, %d in unmet", broken, len(as.Unmet))
			}
		})
	}
}

// Without the repair the first two cases break their rule: the test above
// passes because of it, not because the rotation happens to avoid the rule.
func TestAssignPlainRotationBreaks(t *testing.T) {
	h := time.Hour
	r := &Roster{Groups: []string{"g"}, Tours: []Tour{tourOf("late", 2, 16*h, 8*h, mon, tue, sat, sun), tourOf("early", 2, 6*h, 8*h, mon, tue, wed, thu, fri)}}
	rules := Rules{MinRest: 11 * h}
	// Slots late, late, early, early; step 2: g-001 works late, then early.
	if rule, why := boundary(r, rules, 0, 1); rule != "min_rest" || !strings.Contains(why, "6h0m0s of rest") {
		t.Fatalf("late then early: %q %q", rule, why)
	}
	if rule, _ := boundary(r, rules, 1, 0); rule != "" {
		t.Fatalf("early then late breaks %s", rule)
	}
}

func TestAssignDeterministicCSV(t *testing.T) {
	h := time.Hour
	r := &Roster{Groups: []string{"g"}, Tours: []Tour{tourOf("a", 3, 8*h, 8*h, mon, tue, wed, thu, fri), tourOf("b", 2, 14*h, 9*h, wed, thu, fri, sat, sun)}}
	var out [2]bytes.Buffer
	for i := range out {
		as, err := Assign(r, Rules{MinRest: 11 * h, MaxConsecutiveDays: 6}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if err := as.WriteCSV(&out[i], r); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Fatal("two assignments of one roster differ")
	}
	lines := strings.Split(strings.TrimSpace(out[0].String()), "\n")
	if want := 1 + 3*(3*5+2*5); len(lines) != want { // header + weeks × shifts worked
		t.Fatalf("%d lines, want %d", len(lines), want)
	}
	if lines[0] != "agent,group,week,day,tour,start,end,breaks" || !strings.HasPrefix(lines[1], "g-001,g,1,") || !strings.Contains(out[0].String(), "g-003,g,1,mon,a,08:00,16:00,12:00-12:30\n") {
		t.Fatalf("CSV starts\n%s\n%s", lines[0], lines[1])
	}
	if _, err := Assign(r, Rules{}, 0); err == nil {
		t.Fatal("0 rotation weeks accepted")
	}
}
