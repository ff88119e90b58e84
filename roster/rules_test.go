package roster

import (
	"context"
	"math/bits"
	"strings"
	"testing"
	"time"
)

// restAfter is the shortest rest of a tour between two consecutive working
// days' shifts (the week taken cyclically); 7·24h when it never works two
// days in a row.
func restAfter(t *Tour) time.Duration {
	best := Week
	for d := 0; d < 7; d++ {
		a, b := t.Daily[d], t.Daily[(d+1)%7]
		if a == nil || b == nil {
			continue
		}
		best = min(best, Day+b.Start-(a.Start+a.Length))
	}
	return best
}

func partTimeShare(r *Roster) float64 {
	pt, all := 0, 0
	for _, t := range r.Tours {
		all += t.Agents
		if t.PartTime {
			pt += t.Agents
		}
	}
	return float64(pt) / float64(all)
}

// TestLabourRules: a table of hand-built cases, one per rule. Each is solved
// twice, without and with the rule: without it the roster (or, where the
// optimum does not care, the tours offered) breaks the rule, so the rule
// binds; with it every tour of the solved roster obeys it, and the roster
// still covers the requirement.
func TestLabourRules(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: solves a roster per labour rule with CBC; make test runs it in its first pass, without -race")
	}
	requireSolver(t)
	cases := []struct {
		name, templates, rule string
		req                   *Requirement
		obeys                 func(r *Roster, tr *Tour) bool
		share                 float64 // part-time share cap, checked on the whole roster
	}{
		{name: "max consecutive days", templates: `[{starts: ["00:00-23:00/1h"], lengths: [8h], days: 5, paired_rest: false, start_band: 1h}]`,
			rule: `max_consecutive_days: 3`, req: weekRequirement(2),
			obeys: func(_ *Roster, tr *Tour) bool { return maxRun(tr.Days) <= 3 }},
		{name: "min rest between shifts", templates: `[{starts: ["00:00-23:30/30m"], lengths: [10h], days: 6, start_band: 12h}]`,
			rule: `min_rest: 12h`, req: weekRequirement(3),
			obeys: func(_ *Roster, tr *Tour) bool { return restAfter(tr) >= 12*time.Hour }},
		{name: "weekly hours max", templates: `[{starts: ["00:00-23:00/1h"], lengths: [6h, 8h], days: 5}]`,
			rule: `weekly_hours: {max: 35}`, req: weekRequirement(3),
			obeys: func(_ *Roster, tr *Tour) bool { return tr.first().PaidHours*5 <= 35 }},
		{name: "weekly hours min", templates: `[{starts: ["00:00-23:00/1h"], lengths: [4h, 8h], days: 5}]`,
			rule: `weekly_hours: {min: 30}`, req: weekRequirement(3),
			obeys: func(_ *Roster, tr *Tour) bool { return tr.first().PaidHours*5 >= 30 }},
		{name: "paired rest days", templates: `[{starts: ["00:00-23:00/1h"], lengths: [8h], days: 5, paired_rest: false}]`,
			rule: `paired_rest: true`, req: weekRequirement(3),
			obeys: func(_ *Roster, tr *Tour) bool { return restPaired(tr.Days) }},
		{name: "part-time share", templates: `[{name: full, starts: ["00:00-23:00/1h"], lengths: [8h], days: 5, cost_per_hour: 1},
  {name: part, starts: ["00:00-23:00/1h"], lengths: [4h], days: 5, cost_per_hour: 0.8, part_time: true}]`,
			rule: `part_time_share: 25%`, req: weekRequirement(4), share: 0.25},
	}
	opt := Options{SolveOptions: SolveOptions{Gap: 0.02, TimeLimit: 20 * time.Second}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			free := mustShifts(t, "templates: "+c.templates+"\n")
			bound := mustShifts(t, "templates: "+c.templates+"\nrules: {"+c.rule+"}\n")
			without, err := Solve(context.Background(), free, c.req, opt)
			if err != nil {
				t.Fatal(err)
			}
			with, err := Solve(context.Background(), bound, c.req, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(with.Unmet) != 0 || len(without.Unmet) != 0 {
				t.Fatalf("unmet intervals: with the rule %d, without %d", len(with.Unmet), len(without.Unmet))
			}
			if c.share > 0 {
				if s := partTimeShare(without); s <= c.share {
					t.Errorf("without the rule part-time share %.2f: the rule does not bind", s)
				}
				if s := partTimeShare(with); s > c.share+1e-9 {
					t.Errorf("part-time share %.2f above the rule's %.2f", s, c.share)
				}
				if with.Cost <= without.Cost {
					t.Errorf("a binding rule costs something: %v with, %v without", with.Cost, without.Cost)
				}
				return
			}
			for i := range with.Tours {
				tr := &with.Tours[i]
				if !c.obeys(with, tr) {
					t.Errorf("tour %s (%s) breaks the rule", tr.ID, DaysString(tr.Days))
				}
			}
			broken := 0
			for i := range without.Tours {
				if !c.obeys(without, &without.Tours[i]) {
					broken++
				}
			}
			if broken == 0 {
				// The cheapest roster may obey the rule by chance: then it
				// binds on what is offered.
				bs, err := free.Bands("tier1", 30*time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				kept, err := bound.Bands("tier1", 30*time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				if offered(bs) == offered(kept) {
					t.Errorf("the rule does not bind: %d tours offered either way", offered(bs))
				}
			}
		})
	}
}

// offered is what bands offer: Σ working-day sets × start spread × lengths.
func offered(bs []Band) int {
	n := 0
	for _, b := range bs {
		n += len(b.DayPatterns) * (1 + int((b.Hi-b.Lo)/(30*time.Minute))) * len(b.Shifts)
	}
	return n
}

// TestTourShape: every tour of the default template works five days with the
// rest days together, one shift a working day whose start stays within the
// 4h band, the break inside the middle three hours.
func TestTourShape(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: solves a week's tours with CBC; make test runs it in its first pass, without -race")
	}
	requireSolver(t)
	// Any feasible roster shows the shape: a loose gap keeps the solve short.
	r, err := Solve(context.Background(), Default(), weekRequirement(6), Options{SolveOptions: SolveOptions{Gap: 0.05, TimeLimit: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range r.Tours {
		if bits.OnesCount8(tr.Days) != 5 || !restPaired(tr.Days) {
			t.Errorf("tour %s works %s", tr.ID, DaysString(tr.Days))
		}
		lo, hi := Day, time.Duration(0)
		for d, s := range tr.Daily {
			if (s != nil) != (tr.Days&(1<<d) != 0) {
				t.Fatalf("tour %s: day %s shift %v, days %s", tr.ID, DayNames[d], s, DaysString(tr.Days))
			}
			if s == nil {
				continue
			}
			lo, hi = min(lo, s.Start), max(hi, s.Start)
			if s.Length != 8*time.Hour || len(s.Breaks) != 1 || s.Breaks[0] < 150*time.Minute || s.Breaks[0]+30*time.Minute > 330*time.Minute {
				t.Errorf("tour %s %s: shift %+v", tr.ID, DayNames[d], s)
			}
		}
		if hi-lo > DefaultStartBand-30*time.Minute {
			t.Errorf("tour %s: starts %s–%s, more than the band apart", tr.ID, fmtClock(lo), fmtClock(hi))
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
		{"bad part-time share", `
templates: [{starts: ["08:00"], lengths: [8h]}]
rules:
  part_time_share: 130%
`, "shifts.yaml:4: rules.part_time_share: want a share in [0, 1]"},
		{"bad start band", `
templates: [{starts: ["08:00"], lengths: [8h], start_band: 30h}]
`, "shifts.yaml:2: templates[0].start_band: want at most 24h"},
		{"bad part_time", `
templates: [{starts: ["08:00"], lengths: [8h], part_time: yes}]
`, "shifts.yaml:2: templates[0].part_time: want true or false"},
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
	cases := []struct{ yaml, want string }{
		{`
templates: [{starts: ["08:00"], lengths: [8h], days: 5}]
rules:
  weekly_hours: {min: 45}
`, "group tier1: no shift pattern satisfies the templates and rules: shifts.yaml:4: rules.weekly_hours removed"},
		{`
templates: [{starts: ["08:00"], lengths: [8h], days: 6}]
rules:
  max_consecutive_days: 4
`, "shifts.yaml:4: rules.max_consecutive_days removed"},
		{`
templates: [{starts: ["08:00"], lengths: [14h], days: 5}]
rules:
  min_rest: 11h
`, "shifts.yaml:4: rules.min_rest removed"},
	}
	for _, c := range cases {
		s := mustShifts(t, c.yaml)
		_, err := Build(s, weekRequirement(3))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
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
	f.Add([]byte("templates: [{starts: [\"22:00-02:00/1h\"], lengths: [4h], part_time: true, start_band: 2h}]\nrules: {paired_rest: true, part_time_share: 20%}\n"))
	f.Add([]byte("templates: []"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseShifts("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, tp := range s.Templates {
			if len(tp.Starts) == 0 || len(tp.Lengths) == 0 {
				t.Fatalf("accepted a template without starts or lengths: %+v", tp)
			}
			for _, l := range tp.Lengths {
				if l <= 0 || l > Day {
					t.Fatalf("accepted a shift of %s", l)
				}
			}
			// Expanding an accepted file never panics.
			_, _ = s.Bands("g", 30*time.Minute)
		}
	})
}
