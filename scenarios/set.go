package scenarios

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/omnisim/omnisim/calendar"
	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// positions is what a loaded scenario keeps of its file for Validate: the node of
// each key present, by path, so that a scenario changed after loading (by
// planning.Set) is checked again with the file's positions.
type positions struct {
	file        string
	fileOf      map[*yaml.Node]string
	seen        map[string]*yaml.Node
	root        *yaml.Node
	assertNodes []*yaml.Node
	assertIndex []int
}

// keep records the parser's positions on s.
func (p *parser) keep(s *Scenario) {
	s.pos = &positions{file: p.file, fileOf: p.fileOf, seen: p.seen, root: p.root, assertNodes: p.assertNodes, assertIndex: p.assertIndex}
}

// Validate checks a loaded scenario again, as the loader did, after changes made to
// it (planning.Set): every key's rule (kinds and ranges of the registry), the
// cross-field checks and the size limits. Errors are an *ErrorList at the file's
// positions of the fields, the same messages as the loader's for the same values;
// a field the file left out is reported at its nearest enclosing key. A scenario
// not made by Load or Parse is checked with positions at line 1.
func Validate(s *Scenario) error {
	pos := s.pos
	if pos == nil {
		pos = &positions{file: s.File, fileOf: map[*yaml.Node]string{}, seen: map[string]*yaml.Node{}}
	}
	p := &parser{file: pos.file, fileOf: pos.fileOf, seen: pos.seen, root: pos.root, assertNodes: pos.assertNodes, assertIndex: pos.assertIndex}
	for _, in := range instances(s) {
		for i := range in.sec.keys {
			k := &in.sec.keys[i]
			if k.kind == kCustom || k.field == nil {
				continue
			}
			path := join(in.path, k.name)
			val, set := fieldValue(k.field(in.ptr))
			if _, present := p.seen[path]; !present && !set {
				continue // absent and zero: the format's "not given"
			}
			if msg := k.rule(val); msg != "" {
				n, at := p.limitNode(path)
				p.errf(n, at, "%s", msg)
			}
		}
	}
	p.validate(s)
	if len(p.errs) == 0 {
		p.checkLimits(s)
	}
	if len(p.errs) > 0 {
		return p.list()
	}
	return nil
}

// instance is one occurrence of a section in a scenario: its path and a pointer to
// its struct.
type instance struct {
	sec  *section
	path string
	ptr  any
}

// instances lists the sections of s that hold values of registry rows, in file
// order. A section added to the registry whose keys Validate or SetValue should
// reach needs its line here.
func instances(s *Scenario) []instance {
	out := []instance{{&scenarioSection, "", s}, {&slaSection, "sla", &s.SLA}}
	for _, t := range []struct {
		key string
		r   *ResponseSLA
	}{{"first_response", s.SLA.FirstResponse}, {"next_response", s.SLA.NextResponse}, {"resolution", s.SLA.Resolution}} {
		if t.r != nil {
			out = append(out, instance{&responseSection, join("sla", t.key), t.r})
		}
	}
	for i := range s.Calendars {
		out = append(out, instance{&calendarSection, join("calendars", s.Calendars[i].Name), &s.Calendars[i]})
	}
	for i := range s.Initial {
		out = append(out, instance{&backlogSection, index("initial", i), &s.Initial[i]})
	}
	for i := range s.Channels {
		c := &s.Channels[i]
		out = append(out, instance{&channelSection, join("channels", c.Name), c})
		if c.Silent != nil {
			out = append(out, instance{&silentSection, join(join("channels", c.Name), "silent_abandon"), c.Silent})
		}
		if d := c.Deferred; d != nil {
			out = append(out, instance{&deferredSection, join(join("channels", c.Name), "deferred"), d})
		}
	}
	for i := range s.Arrivals {
		a := &s.Arrivals[i]
		out = append(out, instance{&arrivalSection, index("arrivals", i), a})
		for j := range a.Profile {
			out = append(out, instance{&profileSection, index(join(index("arrivals", i), "profile"), j), &a.Profile[j]})
		}
	}
	out = append(out, instance{&customerSection, "customers", &s.Customers})
	if s.Bot != nil {
		out = append(out, instance{&botSection, "bot", s.Bot})
		if s.Bot.Turns != nil {
			out = append(out, instance{&botTurnsSection, "bot.turns", s.Bot.Turns})
		}
		for i := range s.Bot.Intents {
			out = append(out, instance{&botIntentSection, join("bot.intents", s.Bot.Intents[i].Intent), &s.Bot.Intents[i]})
		}
	}
	if s.FollowUp != nil {
		out = append(out, instance{&followUpSection, "follow_up", s.FollowUp})
	}
	for i := range s.Outbound {
		out = append(out, instance{&outboundSection, index("outbound", i), &s.Outbound[i]})
	}
	for i := range s.Agents {
		g := &s.Agents[i]
		out = append(out, instance{&agentSection, index("agents", i), g})
		for j := range g.Schedule {
			out = append(out, instance{&scheduleSection, index(join(index("agents", i), "schedule"), j), &g.Schedule[j]})
		}
	}
	out = append(out, instance{&routingSection, "routing", &s.Routing})
	if s.Routing.Announce != nil {
		out = append(out, instance{&announceSection, "routing.announce", s.Routing.Announce})
	}
	for i := range s.Routing.Queues {
		out = append(out, instance{&queueSection, index("routing.queues", i), &s.Routing.Queues[i]})
	}
	for i := range s.Routing.Transfers {
		out = append(out, instance{&transferSection, index("routing.transfers", i), &s.Routing.Transfers[i]})
	}
	for i := range s.Routing.Rules {
		out = append(out, instance{&ruleSection, index("routing.rules", i), &s.Routing.Rules[i]})
	}
	return out
}

// fieldValue reads the field ptr points to; set is false for the zero value (and
// a nil pointer).
func fieldValue(ptr any) (val any, set bool) {
	switch f := ptr.(type) {
	case *string:
		return *f, *f != ""
	case *int:
		return *f, *f != 0
	case *float64:
		return *f, *f != 0
	case *time.Duration:
		return *f, *f != 0
	}
	return nil, false // distributions, days, shares, skills, booleans: checked when read
}

// rule checks a value held in a scenario against key k's kind and rule, with the
// loader's message for the same value written in the file ("" when it holds).
// Values of other kinds (distributions, days, shares, skills) are checked when
// read, and not again.
func (k *key) rule(val any) string {
	msg := ""
	got := ""
	switch v := val.(type) {
	case string:
		got = v
		switch k.kind {
		case kName:
			if strings.TrimSpace(v) == "" {
				msg = "must not be empty"
			}
		case kChannel:
			if known, why := lookupChannel(v); !known {
				msg = why
			}
		case kEnum:
			if vals := k.enum.values(); !contains(vals, v) {
				msg = k.enum.unknown(v, vals)
			}
		case kZone:
			if _, err := calendar.LoadLocation(v); err != nil {
				msg = err.Error()
			}
		}
	case int:
		got = strconv.Itoa(v)
		if k.kind == kInt {
			msg = intRule(int64(v), k.lo, k.hi)
		}
	case float64:
		got = strconv.FormatFloat(v, 'g', -1, 64)
		switch k.kind {
		case kNonNegative:
			msg = nonNegativeRule(v, got)
		case kShare:
			if _, err := ParseShare(got); err != nil {
				msg = describeShareError(got)
			}
		case kRate:
			got = strconv.FormatFloat(v*3600, 'g', -1, 64) + "/h"
			if _, err := ParseRate(got); err != nil {
				msg = describeRateError(got)
			}
		}
	case time.Duration:
		got = sim.ShortDuration(v)
		msg = durationRule(v, k.kind == kPositive, got)
	}
	if msg == "" && k.check != nil && val != nil {
		msg = k.check(val, got)
	}
	return msg
}

// ErrNotSweepable is SetValue's error for a path that names no sweepable key.
var ErrNotSweepable = errors.New("not a key SetValue changes")

// SweepKeys lists the keys SetValue changes, in registry order, as planning.Set
// names them: NAME stands for an agent group's name, INTENT for an intent, [i] for
// an index.
func SweepKeys() []string {
	var out []string
	for _, sec := range sections {
		for _, k := range sec.keys {
			if k.sweep != "" {
				out = append(out, k.sweep)
			}
		}
	}
	return out
}

// SetValue sets the key at path — a path of the file, such as replications,
// bot.threshold, agents[1].count or bot.intents.billing.resolvable — to v, for a
// key the registry marks sweepable: counts must be whole numbers, durations are
// seconds and rates per hour. A value the key's rule refuses is not set; the error
// is the loader's message for that value. A path naming no sweepable key of s
// yields ErrNotSweepable.
func SetValue(s *Scenario, path string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return errors.New("value must be a finite number")
	}
	for _, in := range instances(s) {
		for i := range in.sec.keys {
			k := &in.sec.keys[i]
			if k.sweep == "" || join(in.path, k.name) != path {
				continue
			}
			ptr := k.field(in.ptr)
			var val any
			switch ptr.(type) {
			case *int:
				if v != math.Trunc(v) {
					return fmt.Errorf("must be an integer, got %g", v)
				}
				if math.Abs(v) > math.MaxInt32 {
					return fmt.Errorf("integer %g is out of range", v)
				}
				val = int(v)
			case *float64:
				val = v
				if k.kind == kRate {
					val = v / 3600
				}
			case *time.Duration:
				if math.Abs(v) > maxHorizon.Seconds() {
					return fmt.Errorf("must be at most 100 years (got %gs)", v)
				}
				val = time.Duration(math.Round(v * float64(time.Second)))
			default:
				return fmt.Errorf("%s: %w", path, ErrNotSweepable)
			}
			if msg := k.rule(val); msg != "" {
				return errors.New(msg)
			}
			assign(ptr, val, true)
			if k.set != nil {
				k.set(in.ptr)
			}
			return nil
		}
	}
	return fmt.Errorf("%s: %w", path, ErrNotSweepable)
}
