package roster

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/omnisim/omnisim/scenarios"
)

// Day is 24 hours; Week is 7 days. Day 0 of a roster is a Monday.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

// Break is a break inside a shift: Length long, starting no earlier than From
// after the shift start and ending no later than To after it.
type Break struct {
	Length time.Duration
	From   time.Duration
	To     time.Duration
	Paid   bool
	at     string // file:line, for errors
}

// Template is a family of shifts one or more groups may work.
type Template struct {
	Name        string
	Groups      []string        // groups that may work it; empty: every group
	Starts      []time.Duration // allowed start times of day
	Lengths     []time.Duration // allowed shift lengths (breaks included)
	Breaks      []Break         // in order; each is placed once per shift
	WorkDays    int             // days worked per week (1–7)
	PairedRest  bool            // the rest days are consecutive (cyclically)
	CostPerHour float64         // per paid hour
	// StartBand is how far an agent's start may move between working days:
	// starts within StartBand − one grid step of each other (default 4h, so
	// 3h30 on a 30-minute grid); one grid step or less keeps one start all week.
	StartBand time.Duration
	PartTime  bool // counts toward rules.part_time_share
	at        string
}

// DefaultStartBand is a template's start_band when the file gives none.
const DefaultStartBand = 4 * time.Hour

// Rules are the labour rules every pattern obeys. Zero values switch a rule off.
type Rules struct {
	MaxConsecutiveDays int           // working days in a row, the week taken cyclically
	MinRest            time.Duration // between the end of one shift and the start of the next
	WeeklyHoursMin     float64       // paid hours per week
	WeeklyHoursMax     float64
	PairedRest         bool    // every tour's rest days are consecutive
	PartTimeMaxShare   float64 // part-time heads ≤ this share of a group's heads (with partTimeSet)
	partTimeSet        bool
	at                 map[string]string // field → file:line
}

// Shifts is a shifts file: templates, rules and head-count caps.
type Shifts struct {
	Templates []Template
	Rules     Rules
	Headcount map[string]int // group → available heads; absent: no cap
	// UnderCoverPenalty is the cost of one agent-hour of requirement not covered;
	// default 100 × the highest cost per hour, so that the solver leaves an
	// interval short only when no head is left to cover it.
	UnderCoverPenalty float64
	file              string
	headAt            map[string]string
}

// Default is the template used without a shifts file: 8-hour shifts starting on
// every half hour, a 30-minute unpaid break inside the middle three hours of
// the shift, 5 days of 7 with the two rest days consecutive, cost 1 per paid
// hour (so the cost is paid agent-hours).
func Default() *Shifts {
	starts := make([]time.Duration, 0, 48)
	for t := time.Duration(0); t < Day; t += 30 * time.Minute {
		starts = append(starts, t)
	}
	return &Shifts{
		Templates: []Template{{
			Name:        "default",
			Starts:      starts,
			Lengths:     []time.Duration{8 * time.Hour},
			Breaks:      []Break{{Length: 30 * time.Minute, From: 150 * time.Minute, To: 330 * time.Minute}},
			WorkDays:    5,
			PairedRest:  true,
			CostPerHour: 1,
			StartBand:   DefaultStartBand,
		}},
		Rules: Rules{MaxConsecutiveDays: 5},
	}
}

// ParseShifts reads a shifts file. Errors name file:line and the field.
//
//	templates:
//	  - name: full-time
//	    groups: [tier1]                 # default: every group
//	    starts: ["06:00-14:00/30m", "22:00"]
//	    lengths: [8h, 9h]
//	    breaks: [{length: 30m, from: 2h30m, to: 5h30m, paid: false}]
//	    days: 5                         # per week
//	    paired_rest: true               # rest days consecutive
//	    cost_per_hour: 20
//	    start_band: 4h                  # starts may differ by up to 3h30 between days
//	    part_time: false                # counts toward rules.part_time_share
//	rules: {max_consecutive_days: 5, min_rest: 11h, weekly_hours: {min: 20, max: 40},
//	        paired_rest: true, part_time_share: 30%}
//	headcount: {tier1: 40}
//	under_cover_penalty: 2000         # per agent-hour short
func ParseShifts(file string, data []byte) (*Shifts, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p := &sparser{file: file}
	s := &Shifts{file: file, headAt: map[string]string{}}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty shifts file: want a mapping with templates", file)
	}
	root := doc.Content[0]
	f, err := p.fields(root, "", "templates", "rules", "headcount", "under_cover_penalty")
	if err != nil {
		return nil, err
	}
	tn, ok := f["templates"]
	if !ok {
		return nil, p.errf(root, "templates", "missing: want at least one shift template")
	}
	if tn.Kind != yaml.SequenceNode || len(tn.Content) == 0 {
		return nil, p.errf(tn, "templates", "want a non-empty list")
	}
	for i, n := range tn.Content {
		t, err := p.template(n, fmt.Sprintf("templates[%d]", i))
		if err != nil {
			return nil, err
		}
		s.Templates = append(s.Templates, t)
	}
	if rn, ok := f["rules"]; ok {
		if s.Rules, err = p.rules(rn); err != nil {
			return nil, err
		}
	}
	if hn, ok := f["headcount"]; ok {
		if hn.Kind != yaml.MappingNode {
			return nil, p.errf(hn, "headcount", "want a mapping group: heads")
		}
		s.Headcount = map[string]int{}
		for i := 0; i+1 < len(hn.Content); i += 2 {
			k, v := hn.Content[i], hn.Content[i+1]
			n, err := strconv.Atoi(v.Value)
			if err != nil || n < 0 || n > 1_000_000 || v.Kind != yaml.ScalarNode {
				return nil, p.errf(v, "headcount."+k.Value, "want a whole number of heads in [0, 1000000], got %q", v.Value)
			}
			s.Headcount[k.Value] = n
			s.headAt[k.Value] = p.at(v)
		}
	}
	if n, ok := f["under_cover_penalty"]; ok {
		if s.UnderCoverPenalty, err = p.number(n, "under_cover_penalty", 0, 1e9); err != nil {
			return nil, err
		}
	}
	return s, nil
}

type sparser struct{ file string }

func (p *sparser) at(n *yaml.Node) string { return fmt.Sprintf("%s:%d", p.file, n.Line) }

func (p *sparser) errf(n *yaml.Node, field, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %s", p.at(n), field, fmt.Sprintf(format, args...))
}

// fields checks a mapping's keys against allowed and returns the values by key.
func (p *sparser) fields(n *yaml.Node, path string, allowed ...string) (map[string]*yaml.Node, error) {
	name := path
	if name == "" {
		name = "shifts file"
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, name, "want a mapping")
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		field := k.Value
		if path != "" {
			field = path + "." + k.Value
		}
		if !slices.Contains(allowed, k.Value) {
			return nil, p.errf(k, field, "unknown key (want one of %s)", strings.Join(allowed, ", "))
		}
		if _, dup := out[k.Value]; dup {
			return nil, p.errf(k, field, "given twice")
		}
		out[k.Value] = n.Content[i+1]
	}
	return out, nil
}

func (p *sparser) scalar(n *yaml.Node, field string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errf(n, field, "want a single value")
	}
	return n.Value, nil
}

func (p *sparser) number(n *yaml.Node, field string, lo, hi float64) (float64, error) {
	s, err := p.scalar(n, field)
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < lo || v > hi {
		return 0, p.errf(n, field, "want a number in [%g, %g], got %q", lo, hi, s)
	}
	return v, nil
}

func (p *sparser) duration(n *yaml.Node, field string) (time.Duration, error) {
	s, err := p.scalar(n, field)
	if err != nil {
		return 0, err
	}
	d, err := scenarios.ParseDuration(s)
	if err != nil {
		return 0, p.errf(n, field, "%v", err)
	}
	if d < 0 || d > Week {
		return 0, p.errf(n, field, "want a duration in [0, 168h], got %s", s)
	}
	return d, nil
}

func (p *sparser) boolean(n *yaml.Node, field string) (bool, error) {
	if n.Kind == yaml.ScalarNode {
		switch n.Value {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return false, p.errf(n, field, "want true or false, got %q", n.Value)
}

func (p *sparser) list(n *yaml.Node, field string) ([]*yaml.Node, error) {
	if n.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}, nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, p.errf(n, field, "want a non-empty list")
	}
	return n.Content, nil
}

// ParseTimeOfDay parses "HH:MM" in [00:00, 24:00).
func ParseTimeOfDay(s string) (time.Duration, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, fmt.Errorf("%q: want a time of day HH:MM", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// parseStarts reads "HH:MM" or "HH:MM-HH:MM/STEP" (both ends included).
func parseStarts(s string) ([]time.Duration, error) {
	rng, step, hasStep := strings.Cut(s, "/")
	from, to, isRange := strings.Cut(rng, "-")
	a, err := ParseTimeOfDay(from)
	if err != nil {
		return nil, err
	}
	if !isRange {
		if hasStep {
			return nil, fmt.Errorf("%q: a step needs a range HH:MM-HH:MM/STEP", s)
		}
		return []time.Duration{a}, nil
	}
	b, err := ParseTimeOfDay(to)
	if err != nil {
		return nil, err
	}
	st := 30 * time.Minute
	if hasStep {
		if st, err = scenarios.ParseDuration(step); err != nil || st < time.Minute {
			return nil, fmt.Errorf("%q: want a step of at least 1m after /", s)
		}
	}
	if b < a {
		b += Day // a range over midnight
	}
	var out []time.Duration
	for t := a; t <= b; t += st {
		out = append(out, t%Day)
	}
	return out, nil
}

func (p *sparser) template(n *yaml.Node, path string) (Template, error) {
	t := Template{at: p.at(n), Name: path, WorkDays: 5, PairedRest: true, CostPerHour: 1, StartBand: DefaultStartBand}
	f, err := p.fields(n, path, "name", "groups", "starts", "lengths", "breaks", "days", "paired_rest", "cost_per_hour", "start_band", "part_time")
	if err != nil {
		return t, err
	}
	if v, ok := f["name"]; ok {
		if t.Name, err = p.scalar(v, path+".name"); err != nil {
			return t, err
		}
	}
	if v, ok := f["groups"]; ok {
		items, err := p.list(v, path+".groups")
		if err != nil {
			return t, err
		}
		for _, it := range items {
			g, err := p.scalar(it, path+".groups")
			if err != nil {
				return t, err
			}
			t.Groups = append(t.Groups, g)
		}
	}
	v, ok := f["starts"]
	if !ok {
		return t, p.errf(n, path+".starts", "missing: want start times HH:MM or ranges HH:MM-HH:MM/30m")
	}
	items, err := p.list(v, path+".starts")
	if err != nil {
		return t, err
	}
	for _, it := range items {
		s, err := p.scalar(it, path+".starts")
		if err != nil {
			return t, err
		}
		st, err := parseStarts(s)
		if err != nil {
			return t, p.errf(it, path+".starts", "%v", err)
		}
		t.Starts = append(t.Starts, st...)
	}
	slices.Sort(t.Starts)
	t.Starts = slices.Compact(t.Starts)
	v, ok = f["lengths"]
	if !ok {
		return t, p.errf(n, path+".lengths", "missing: want shift lengths such as [8h]")
	}
	if items, err = p.list(v, path+".lengths"); err != nil {
		return t, err
	}
	for _, it := range items {
		d, err := p.duration(it, path+".lengths")
		if err != nil {
			return t, err
		}
		if d <= 0 || d > Day {
			return t, p.errf(it, path+".lengths", "a shift of %s does not fit in a day (want more than 0 and at most 24h)", it.Value)
		}
		t.Lengths = append(t.Lengths, d)
	}
	if v, ok := f["breaks"]; ok {
		if v.Kind != yaml.SequenceNode {
			return t, p.errf(v, path+".breaks", "want a list of {length, from, to, paid}")
		}
		for i, bn := range v.Content {
			bp := fmt.Sprintf("%s.breaks[%d]", path, i)
			bf, err := p.fields(bn, bp, "length", "from", "to", "paid")
			if err != nil {
				return t, err
			}
			b := Break{at: p.at(bn)}
			for _, k := range []string{"length", "from", "to"} {
				kn, ok := bf[k]
				if !ok {
					return t, p.errf(bn, bp+"."+k, "missing")
				}
				d, err := p.duration(kn, bp+"."+k)
				if err != nil {
					return t, err
				}
				switch k {
				case "length":
					b.Length = d
				case "from":
					b.From = d
				default:
					b.To = d
				}
			}
			if b.Length <= 0 {
				return t, p.errf(bf["length"], bp+".length", "want a positive length")
			}
			if b.To-b.From < b.Length {
				return t, p.errf(bf["to"], bp+".to", "the window %s–%s cannot hold a break of %s", b.From, b.To, b.Length)
			}
			if pn, ok := bf["paid"]; ok {
				switch pn.Value {
				case "true":
					b.Paid = true
				case "false":
				default:
					return t, p.errf(pn, bp+".paid", "want true or false, got %q", pn.Value)
				}
			}
			t.Breaks = append(t.Breaks, b)
		}
	}
	if v, ok := f["days"]; ok {
		d, err := p.number(v, path+".days", 1, 7)
		if err != nil || d != math.Trunc(d) {
			return t, p.errf(v, path+".days", "want whole days worked per week in [1, 7], got %q", v.Value)
		}
		t.WorkDays = int(d)
	}
	if v, ok := f["paired_rest"]; ok {
		switch v.Value {
		case "true":
		case "false":
			t.PairedRest = false
		default:
			return t, p.errf(v, path+".paired_rest", "want true or false, got %q", v.Value)
		}
	}
	if v, ok := f["cost_per_hour"]; ok {
		if t.CostPerHour, err = p.number(v, path+".cost_per_hour", 0, 1e6); err != nil {
			return t, err
		}
	}
	if v, ok := f["start_band"]; ok {
		if t.StartBand, err = p.duration(v, path+".start_band"); err != nil {
			return t, err
		}
		if t.StartBand > Day {
			return t, p.errf(v, path+".start_band", "want at most 24h, got %s", v.Value)
		}
	}
	if v, ok := f["part_time"]; ok {
		if t.PartTime, err = p.boolean(v, path+".part_time"); err != nil {
			return t, err
		}
	}
	if err := t.checkBreaks(); err != nil {
		return t, err
	}
	return t, nil
}

// checkBreaks rejects breaks whose windows overlap (breaks are placed in order,
// so overlapping windows make the order ambiguous and allow overlapping breaks)
// or do not fit inside the shortest shift.
func (t *Template) checkBreaks() error {
	shortest := slices.Min(t.Lengths)
	for i, b := range t.Breaks {
		if b.To > shortest {
			return fmt.Errorf("%s: %s.breaks[%d].to: the break window ends at %s, after the end of the %s shift", b.at, t.Name, i, b.To, shortest)
		}
		if i > 0 && b.From < t.Breaks[i-1].To {
			return fmt.Errorf("%s: %s.breaks[%d].from: overlaps breaks[%d] (its window ends at %s, this one starts at %s)",
				b.at, t.Name, i, i-1, t.Breaks[i-1].To, b.From)
		}
	}
	return nil
}

func (p *sparser) rules(n *yaml.Node) (Rules, error) {
	r := Rules{at: map[string]string{}}
	f, err := p.fields(n, "rules", "max_consecutive_days", "min_rest", "weekly_hours", "paired_rest", "part_time_share")
	if err != nil {
		return r, err
	}
	if v, ok := f["max_consecutive_days"]; ok {
		d, err := p.number(v, "rules.max_consecutive_days", 1, 7)
		if err != nil || d != math.Trunc(d) {
			return r, p.errf(v, "rules.max_consecutive_days", "want whole days in [1, 7], got %q", v.Value)
		}
		r.MaxConsecutiveDays = int(d)
		r.at["max_consecutive_days"] = p.at(v)
	}
	if v, ok := f["min_rest"]; ok {
		if r.MinRest, err = p.duration(v, "rules.min_rest"); err != nil {
			return r, err
		}
		r.at["min_rest"] = p.at(v)
	}
	if v, ok := f["weekly_hours"]; ok {
		wf, err := p.fields(v, "rules.weekly_hours", "min", "max")
		if err != nil {
			return r, err
		}
		if m, ok := wf["min"]; ok {
			if r.WeeklyHoursMin, err = p.number(m, "rules.weekly_hours.min", 0, 168); err != nil {
				return r, err
			}
		}
		if m, ok := wf["max"]; ok {
			if r.WeeklyHoursMax, err = p.number(m, "rules.weekly_hours.max", 0, 168); err != nil {
				return r, err
			}
		}
		if r.WeeklyHoursMax > 0 && r.WeeklyHoursMin > r.WeeklyHoursMax {
			return r, p.errf(v, "rules.weekly_hours", "min %g is above max %g", r.WeeklyHoursMin, r.WeeklyHoursMax)
		}
		r.at["weekly_hours"] = p.at(v)
	}
	if v, ok := f["paired_rest"]; ok {
		if r.PairedRest, err = p.boolean(v, "rules.paired_rest"); err != nil {
			return r, err
		}
		r.at["paired_rest"] = p.at(v)
	}
	if v, ok := f["part_time_share"]; ok {
		sh, err := scenarios.ParseShare(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode || sh < 0 || sh > 1 {
			return r, p.errf(v, "rules.part_time_share", "want a share in [0, 1] or a percentage, got %q", v.Value)
		}
		r.PartTimeMaxShare, r.partTimeSet = sh, true
		r.at["part_time_share"] = p.at(v)
	}
	return r, nil
}

// errNoPattern is wrapped when the templates and rules leave no pattern.
var errNoPattern = errors.New("no shift pattern satisfies the templates and rules")
