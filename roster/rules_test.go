package roster

import (
	"context"
	"math/bits"
	"strings"
	"testing"
	"time"
)

// TestLabourRules: for each rule, a template with patterns the rule forbids;
// the patterns generated (and so any roster) obey it, and without the rule
// the forbidden patterns exist (the rule binds).
func TestLabourRules(t *testing.T) {
	cases := []struct {
		name, template, rule string
		obeys                func(p Pattern) bool
	}{
		{"max consecutive days", `{starts: ["08:00"], lengths: [8h], days: 5, paired_rest: false}`,
			`max_consecutive_days: 3`, func(p Pattern) bool { return maxRun(p.Days) <= 3 }},
		{"min rest", `{starts: ["08:00"], lengths: [8h, 14h], days: 5}`,
			`min_rest: 11h`, func(p Pattern) bool { return Day-p.Length >= 11*time.Hour }},
		{"weekly hours max", `{starts: ["08:00"], lengths: [6h, 8h], days: 5}`,
			`weekly_hours: {max: 35}`, func(p Pattern) bool { return p.PaidHours <= 35 }},
		{"weekly hours min", `{starts: ["08:00"], lengths: [4h, 8h], days: 5}`,
			`weekly_hours: {min: 30}`, func(p Pattern) bool { return p.PaidHours >= 30 }},
		{"paired rest days", `{starts: ["08:00"], lengths: [8h], days: 5, paired_rest: true}`,
			``, func(p Pattern) bool { return restPaired(p.Days) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			free := mustShifts(t, "templates: ["+c.template+"]\n")
			bound := mustShifts(t, "templates: ["+c.template+"]\nrules: {"+c.rule+"}\n")
			all, err := free.Patterns("tier1", 30*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			kept, err := bound.Patterns("tier1", 30*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if len(kept) == 0 {
				t.Fatal("the rule left no pattern")
			}
			for _, p := range kept {
				if !c.obeys(p) || bits.OnesCount8(p.Days) != 5 {
					t.Errorf("pattern %s %s %s breaks the rule", DaysString(p.Days), fmtClock(p.Start), p.Length)
				}
			}
			broken := 0
			for _, p := range all {
				if !c.obeys(p) {
					broken++
				}
			}
			if c.rule != "" && broken == 0 {
				t.Error("the rule does not bind: no pattern breaks it without the rule")
			}
			if c.rule == "" && broken != 0 {
				t.Errorf("%d patterns break a built-in rule", broken)
			}
		})
	}
}

// TestRulesObeyedBySolvedRoster solves under max_consecutive_days 3 and
// weekly_hours max 35 and checks every rostered shift.
func TestRulesObeyedBySolvedRoster(t *testing.T) {
	requireSolver(t)
	s := mustShifts(t, `
templates: [{starts: ["06:00-12:00/1h"], lengths: [6h, 8h], days: 5, paired_rest: false}]
rules: {max_consecutive_days: 3, weekly_hours: {max: 35}}
`)
	req := weekRequirement(6)
	r, err := Solve(context.Background(), s, req, Options{SolveOptions: SolveOptions{Gap: 0.02, TimeLimit: 20 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Shifts) == 0 {
		t.Fatal("no shifts")
	}
	for _, sh := range r.Shifts {
		if maxRun(sh.Days) > 3 || (sh.End-sh.Start).Hours()*5 > 35 {
			t.Errorf("shift %+v breaks the rules", sh)
		}
	}
}

func TestBadShiftsFile(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"overlapping breaks", `
templates:
  - starts: ["08:00"]
    lengths: [8h]
    breaks:
      - {length: 15m, from: 1h, to: 3h}
      - {length: 30m, from: 2h, to: 5h}
`, "shifts.yaml:7: templates[0].breaks[1].from: overlaps breaks[0]"},
		{"shift longer than the day", `
templates:
  - starts: ["08:00"]
    lengths: [25h]
`, "shifts.yaml:4: templates[0].lengths: a shift of 25h does not fit in a day"},
		{"break outside the shift", `
templates:
  - starts: ["08:00"]
    lengths: [4h]
    breaks: [{length: 30m, from: 3h, to: 5h}]
`, "shifts.yaml:5: templates[0].breaks[0].to: the break window ends at 5h0m0s, after the end of the 4h0m0s shift"},
		{"window too small", `
templates:
  - {starts: ["08:00"], lengths: [8h], breaks: [{length: 1h, from: 3h, to: 3h30m}]}
`, "shifts.yaml:3: templates[0].breaks[0].to: the window 3h0m0s–3h30m0s cannot hold a break of 1h0m0s"},
		{"unknown key", `
templates:
  - {starts: ["08:00"], lenghts: [8h]}
`, "shifts.yaml:3: templates[0].lenghts: unknown key"},
		{"bad start", `
templates:
  - {starts: ["25:00"], lengths: [8h]}
`, "shifts.yaml:3: templates[0].starts: \"25:00\": want a time of day HH:MM"},
		{"weekly hours inverted", `
templates: [{starts: ["08:00"], lengths: [8h]}]
rules: {weekly_hours: {min: 40, max: 30}}
`, "shifts.yaml:3: rules.weekly_hours: min 40 is above max 30"},
		{"no templates", `rules: {min_rest: 11h}`, "shifts.yaml:1: templates: missing"},
		{"bad days", `
templates: [{starts: ["08:00"], lengths: [8h], days: 8}]
`, "shifts.yaml:2: templates[0].days: want whole days worked per week in [1, 7]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseShifts("shifts.yaml", []byte(c.yaml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

// TestRulesNoRosterCanMeet: rules that remove every pattern give an error
// that names the rule's file:line and how many patterns it removed.
func TestRulesNoRosterCanMeet(t *testing.T) {
	s := mustShifts(t, `
templates: [{starts: ["08:00"], lengths: [8h], days: 5}]
rules:
  weekly_hours: {min: 45}
`)
	_, err := Build(s, weekRequirement(3))
	want := "group tier1: no shift pattern satisfies the templates and rules: shifts.yaml:4: rules.weekly_hours removed"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}

func TestOffGridTemplate(t *testing.T) {
	s := mustShifts(t, `templates: [{starts: ["08:15"], lengths: [8h]}]`)
	_, err := Build(s, weekRequirement(3))
	if err == nil || !strings.Contains(err.Error(), "shifts.yaml:1: templates[0].starts: 08:15 is not on the 30m0s interval grid") {
		t.Fatalf("error %v", err)
	}
}

func FuzzParseShifts(f *testing.F) {
	f.Add([]byte("templates: [{starts: [\"06:00-11:30/30m\"], lengths: [8h], breaks: [{length: 30m, from: 2h30m, to: 5h30m}]}]\nrules: {max_consecutive_days: 5, min_rest: 11h}\nheadcount: {tier1: 4}\n"))
	f.Add([]byte("templates: []"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseShifts("f.yaml", data)
		if err != nil {
			return
		}
		for _, tp := range s.Templates {
			if len(tp.Starts) == 0 || len(tp.Lengths) == 0 {
				t.Fatalf("accepted a template without starts or lengths: %+v", tp)
			}
		}
	})
}
