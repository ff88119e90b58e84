package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omnisim/omnisim/calendar"
	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// The keys of the messaging sections: top level start, time_zone, calendars,
// initial; sla's first_response, next_response, resolution (added to
// sections.go's lists here, so that the format's v1 lists stay as they were).
func init() {
	topKeys = append(topKeys, "start", "time_zone", "calendars", "initial")
	slaKeys = append(slaKeys, "first_response", "next_response", "resolution")
}

var (
	calendarKeys  = []string{"time_zone", "hours", "holidays"}
	backlogKeys   = []string{"channel", "queue", "state", "count", "age"}
	backlogStates = []string{"waiting", "assigned", "inactive"}
)

// DefaultStart is the date of simulated day 0 when start: is absent: a Monday.
var DefaultStart = calendar.Date{Year: 2024, Month: time.January, Day: 1}

// Messaging holds the scenario's business calendars and start-of-day backlog
// (YAML keys start, time_zone, calendars, initial).
type Messaging struct {
	Start     calendar.Date // start: the date of simulated day 0, a Monday (default 2024-01-01)
	TimeZone  string        // time_zone: the zone of the simulated clock (default UTC)
	Calendars []Calendar    // calendars: by name, in file order
	Initial   []Backlog     // initial: conversations open when the run starts
}

// Calendar is one named business-hours calendar.
type Calendar struct {
	Name     string
	TimeZone string            // time_zone (default: the scenario's)
	Hours    [7]calendar.Hours // hours: by time.Weekday (Sunday = 0)
	Holidays []calendar.Date   // holidays: local dates closed all day
	cal      *calendar.Calendar
}

// Backlog is a number of conversations open at the start of the run.
type Backlog struct {
	Channel string        // channel (enabled)
	Queue   string        // queue (default: the channel's)
	State   string        // state: waiting, assigned or inactive
	Count   int           // count (default 1)
	Age     time.Duration // age: how long they have been open
}

// ResponseSLA is a messaging service-level target (sla.first_response,
// sla.next_response, sla.resolution).
type ResponseSLA struct {
	Within   time.Duration // within
	Target   float64       // target (default 0.8)
	Calendar string        // calendar: the name of a calendar (default: around the clock)
}

// messaging reads the top-level messaging keys.
func (p *parser) messaging(f map[string]*yaml.Node, s *Scenario) {
	s.Start = DefaultStart
	if v, ok := f["start"]; ok && p.scalar(v, "start", "a date such as 2026-12-07") {
		d, err := calendar.ParseDate(v.Value)
		switch {
		case err != nil:
			p.errf(v, "start", "%v", err)
		case time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday() != time.Monday:
			p.errf(v, "start", "must be a Monday (simulated day 0 is a Monday), got %s, a %s", d, time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday())
		default:
			s.Start = d
		}
	}
	s.TimeZone = "UTC"
	if v, ok := f["time_zone"]; ok {
		s.TimeZone, _ = p.zone(v, "time_zone")
	}
	if v, ok := f["calendars"]; ok {
		es, _ := p.pairs(v, "calendars")
		for _, e := range es {
			s.Calendars = append(s.Calendars, p.calendar(e.val, join("calendars", e.name), e.name))
		}
	}
	if v, ok := f["initial"]; ok {
		if items, good := p.seq(v, "initial"); good {
			for i, it := range items {
				s.Initial = append(s.Initial, p.backlog(it, index("initial", i)))
			}
		}
	}
}

func (p *parser) zone(n *yaml.Node, path string) (string, bool) {
	name, ok := p.str(n, path)
	if !ok {
		return "", false
	}
	if _, err := calendar.LoadLocation(name); err != nil {
		p.errf(n, path, "%v", err)
		return "", false
	}
	return name, true
}

func (p *parser) calendar(n *yaml.Node, path, name string) Calendar {
	c := Calendar{Name: name}
	f, _ := p.fields(n, path, calendarKeys...)
	if v, ok := f["time_zone"]; ok {
		c.TimeZone, _ = p.zone(v, join(path, "time_zone"))
	}
	if v, ok := f["hours"]; ok {
		hpath := join(path, "hours")
		es, _ := p.pairs(v, hpath)
		from := [7]string{} // the key that gave each weekday its hours
		for _, e := range es {
			kpath := join(hpath, e.name)
			days, err := ParseDays(e.name)
			if err != nil {
				p.errf(e.key, kpath, "%v", err)
				continue
			}
			if !p.scalar(e.val, kpath, `opening hours such as "09:00-18:00"`) {
				continue
			}
			h, err := calendar.ParseHours(e.val.Value)
			if err != nil {
				p.errf(e.val, kpath, "%v", err)
				continue
			}
			for d := 0; d < 7; d++ { // 0 = Monday here, time.Weekday (d+1)%7 in calendar
				if !days.Has(d) {
					continue
				}
				wd := (d + 1) % 7
				merged, err := append(slices.Clone(c.Hours[wd]), h...).Normalize()
				if err != nil {
					p.errf(e.key, kpath, "%s: %v (with %s)", time.Weekday(wd), err, from[wd])
					continue
				}
				c.Hours[wd] = merged
				from[wd] = e.name
			}
		}
	} else {
		p.missing(n, join(path, "hours"), `required: opening hours by day, such as {mon-fri: "09:00-18:00"}`)
	}
	if v, ok := f["holidays"]; ok {
		if items, good := p.seq(v, join(path, "holidays")); good {
			for i, it := range items {
				ipath := index(join(path, "holidays"), i)
				if !p.scalar(it, ipath, "a date such as 2026-12-25") {
					c.Holidays = append(c.Holidays, calendar.Date{})
					continue
				}
				d, err := calendar.ParseDate(it.Value)
				if err != nil {
					p.errf(it, ipath, "%v", err)
				}
				c.Holidays = append(c.Holidays, d)
			}
		}
	}
	return c
}

func (p *parser) backlog(n *yaml.Node, path string) Backlog {
	b := Backlog{Count: 1}
	f, _ := p.fields(n, path, backlogKeys...)
	if v, ok := f["channel"]; ok {
		b.Channel, _ = p.channelName(v, join(path, "channel"))
	} else {
		p.missing(n, join(path, "channel"), "required: the channel of these conversations")
	}
	if v, ok := f["queue"]; ok {
		b.Queue, _ = p.str(v, join(path, "queue"))
	}
	if v, ok := f["state"]; ok {
		st, good := p.str(v, join(path, "state"))
		if good && !contains(backlogStates, st) {
			p.errf(v, join(path, "state"), "must be one of %s, got %s%s", strings.Join(backlogStates, ", "), quote(st), didYouMean(st, backlogStates))
		}
		b.State = st
	} else {
		p.missing(n, join(path, "state"), "required: waiting, assigned or inactive")
	}
	if v, ok := f["count"]; ok {
		c, _ := p.integer(v, join(path, "count"), 1, maxCount)
		b.Count = int(c)
	}
	if v, ok := f["age"]; ok {
		b.Age, _ = p.duration(v, join(path, "age"))
	}
	return b
}

// slaTargets reads sla's messaging targets.
func (p *parser) slaTargets(f map[string]*yaml.Node, s *Scenario) {
	for _, k := range []struct {
		key string
		dst **ResponseSLA
	}{{"first_response", &s.SLA.FirstResponse}, {"next_response", &s.SLA.NextResponse}, {"resolution", &s.SLA.Resolution}} {
		v, ok := f[k.key]
		if !ok {
			continue
		}
		path := join("sla", k.key)
		t := &ResponseSLA{Target: DefaultSLATarget}
		g, _ := p.fields(v, path, responseKeys...)
		if w, ok := g["within"]; ok {
			t.Within, _ = p.positiveDuration(w, join(path, "within"))
		} else {
			p.missing(v, join(path, "within"), "required: the time within which the response counts, such as 4h")
		}
		if w, ok := g["target"]; ok {
			t.Target, _ = p.share(w, join(path, "target"))
		}
		if w, ok := g["calendar"]; ok {
			t.Calendar, _ = p.str(w, join(path, "calendar"))
		}
		*k.dst = t
	}
}

var responseKeys = []string{"within", "target", "calendar"}

// validateMessaging checks what needs the whole file: calendars named by the
// targets exist, holidays fall in the run, targets fit the horizon, backlogs are
// on enabled channels and existing queues.
func (p *parser) validateMessaging(s *Scenario, enabled map[string]bool) {
	run := s.Warmup + s.Horizon
	days := int((run + 24*time.Hour - 1) / (24 * time.Hour))
	first := time.Date(s.Start.Year, s.Start.Month, s.Start.Day, 0, 0, 0, 0, time.UTC)
	last := calendar.DateOf(first.AddDate(0, 0, days-1))
	names := []string{}
	for i := range s.Calendars {
		c := &s.Calendars[i]
		names = append(names, c.Name)
		path := join("calendars", c.Name)
		for j, h := range c.Holidays {
			if h == (calendar.Date{}) {
				continue
			}
			if h.Before(s.Start) || last.Before(h) {
				ipath := index(join(path, "holidays"), j)
				p.errf(p.seenItem(join(path, "holidays"), j), ipath, "holiday %s is outside the run (%s to %s); set start: to the run's first Monday, or remove it", h, s.Start, last)
			}
		}
		zone := c.TimeZone
		if zone == "" {
			zone = s.TimeZone
		}
		loc, err := calendar.LoadLocation(zone)
		if err != nil {
			continue // reported at the zone
		}
		cal, err := calendar.New(loc, c.Hours, c.Holidays)
		if err != nil {
			if _, ok := p.seen[join(path, "hours")]; ok {
				p.errf(p.seen[join(path, "hours")], join(path, "hours"), "%v", err)
			}
			continue
		}
		c.cal = cal
	}
	for _, k := range []struct {
		key string
		t   *ResponseSLA
	}{{"first_response", s.SLA.FirstResponse}, {"next_response", s.SLA.NextResponse}, {"resolution", s.SLA.Resolution}} {
		if k.t == nil {
			continue
		}
		path := join("sla", k.key)
		if k.t.Within > s.Horizon && s.Horizon > 0 {
			wpath := join(path, "within")
			p.errf(p.seen[wpath], wpath, "%s is longer than the horizon (%s): no conversation could be measured against it; lengthen horizon: or plan it as deferred work",
				sim.ShortDuration(k.t.Within), sim.ShortDuration(s.Horizon))
		}
		if k.t.Calendar != "" && !contains(names, k.t.Calendar) {
			cpath := join(path, "calendar")
			if len(names) == 0 {
				p.errf(p.seen[cpath], cpath, "calendar %s is not defined: add it under calendars:", quote(k.t.Calendar))
			} else {
				p.errf(p.seen[cpath], cpath, "calendar %s is not defined under calendars: (defined: %s)%s", quote(k.t.Calendar), strings.Join(names, ", "), didYouMean(k.t.Calendar, names))
			}
		}
	}
	for _, c := range s.Channels {
		d := c.Deferred
		if d == nil || d.Within <= 0 {
			continue
		}
		wpath := join(join(join("channels", c.Name), "deferred"), "within")
		interval := s.Interval
		if interval <= 0 {
			interval = 30 * time.Minute
		}
		switch {
		case d.Within > s.Horizon && s.Horizon > 0:
			p.errf(p.seen[wpath], wpath, "%s is longer than the horizon (%s): no conversation could be seen through its deadline; lengthen horizon:",
				sim.ShortDuration(d.Within), sim.ShortDuration(s.Horizon))
		case d.Within <= interval:
			p.errf(p.seen[wpath], wpath, "%s is not longer than the interval (%s): plan it as an interval service level (sla:), not as deferred work",
				sim.ShortDuration(d.Within), sim.ShortDuration(interval))
		}
	}
	queues := map[string]Queue{}
	for _, q := range s.Routing.Queues {
		queues[q.Name] = q
	}
	for i, b := range s.Initial {
		path := index("initial", i)
		if b.Channel != "" && !enabled[b.Channel] {
			cpath := join(path, "channel")
			p.errf(p.seen[cpath], cpath, "%s is not enabled under channels: a backlog needs its channel", b.Channel)
		} else if b.Channel != "" && !slices.ContainsFunc(s.Arrivals, func(a Arrival) bool { return a.Channel == b.Channel }) {
			cpath := join(path, "channel")
			p.errf(p.seen[cpath], cpath, "no arrival stream on %s gives its conversations' intents and languages: add one (a rate of 0/h will do)", b.Channel)
		}
		if q, ok := queues[b.Queue]; b.Queue != "" && !ok {
			qpath := join(path, "queue")
			p.errf(p.seen[qpath], qpath, "queue %s is not defined under routing.queues", quote(b.Queue))
		} else if ok && b.Channel != "" && len(q.Channels) > 0 && !contains(q.Channels, b.Channel) {
			qpath := join(path, "queue")
			p.errf(p.seen[qpath], qpath, "queue %s does not take %s (its channels: %s)", quote(b.Queue), b.Channel, strings.Join(q.Channels, ", "))
		}
	}
}

// seenItem is the node of item i of the list at path, or the list's.
func (p *parser) seenItem(path string, i int) *yaml.Node {
	n := p.seen[path]
	if n != nil && n.Kind == yaml.SequenceNode && i < len(n.Content) {
		return n.Content[i]
	}
	return n
}

// messagingModel sets the model's messaging targets and initial backlog.
func (s *Scenario) messagingModel(m *sim.Model, channelIndex map[string]int) error {
	loc := time.UTC // a Scenario built in code may leave time_zone empty
	if s.TimeZone != "" {
		var err error
		if loc, err = calendar.LoadLocation(s.TimeZone); err != nil {
			return fmt.Errorf("time_zone: %w", err)
		}
	}
	var err error
	origin := time.Date(s.Start.Year, s.Start.Month, s.Start.Day, 0, 0, 0, 0, loc)
	end := origin.Add(s.Warmup + s.Horizon + time.Duration(sim.DrainLimit))
	hours := map[string]*sim.BusinessHours{}
	target := func(t *ResponseSLA, path string) (*sim.ResponseTarget, error) {
		if t == nil {
			return nil, nil
		}
		rt := &sim.ResponseTarget{Within: t.Within, Target: t.Target}
		if t.Calendar == "" {
			return rt, nil
		}
		if h, ok := hours[t.Calendar]; ok {
			rt.Hours = h
			return rt, nil
		}
		i := slices.IndexFunc(s.Calendars, func(c Calendar) bool { return c.Name == t.Calendar })
		if i < 0 || s.Calendars[i].cal == nil {
			return nil, fmt.Errorf("%s.calendar: %s is not a valid calendar", path, t.Calendar)
		}
		var spans []sim.Span
		for _, o := range s.Calendars[i].cal.Open(origin, end) {
			spans = append(spans, sim.Span{From: sim.Time(o[0].Sub(origin)), To: sim.Time(o[1].Sub(origin))})
		}
		h, err := sim.NewBusinessHours(t.Calendar, spans)
		if err != nil {
			return nil, err
		}
		hours[t.Calendar], rt.Hours = h, h
		return rt, nil
	}
	if m.FirstResponse, err = target(s.SLA.FirstResponse, "sla.first_response"); err != nil {
		return err
	}
	if m.NextResponse, err = target(s.SLA.NextResponse, "sla.next_response"); err != nil {
		return err
	}
	if m.Resolution, err = target(s.SLA.Resolution, "sla.resolution"); err != nil {
		return err
	}
	for i, b := range s.Initial {
		ch, ok := channelIndex[b.Channel]
		if !ok {
			return fmt.Errorf("initial[%d].channel: %s is not enabled", i, b.Channel)
		}
		q := -1
		for j, qq := range s.Routing.Queues {
			if qq.Name == b.Queue {
				q = j
			}
		}
		m.Initial = append(m.Initial, sim.Backlog{Channel: ch, Queue: q, State: backlogState(b.State), Count: b.Count, Age: b.Age})
	}
	return nil
}

func backlogState(s string) sim.BacklogState {
	switch s {
	case "assigned":
		return sim.BacklogAssigned
	case "inactive":
		return sim.BacklogInactive
	}
	return sim.BacklogWaiting
}

// messagingSchema adds the schema definitions of the messaging sections
// (schema.go's buildSchema calls it with its section builder).
func messagingSchema(defs node, section func(name string, keys []string, required []string, nullable bool, doc string) node) {
	defs["responseTarget"] = section("response_target", responseKeys, []string{"within"}, false,
		"a messaging service-level target: the share of responses within `within`, optionally in business hours")
	defs["calendar"] = section("calendars", calendarKeys, []string{"hours"}, false,
		"a business-hours calendar: opening hours per weekday, holidays, a time zone")
	defs["backlog"] = section("initial", backlogKeys, []string{"channel", "state"}, false,
		"conversations open when the run starts")
}

// messagingKeyDocs describes the keys of the messaging sections (schema.go's
// keyDocs merges them).
func messagingKeyDocs(docs map[string]keyDoc) map[string]keyDoc {
	ref := func(def string) node { return node{"$ref": "#/definitions/" + def} }
	str := node{"type": "string", "minLength": 1}
	date := node{"pattern": `^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$`} // no type: YAML reads an unquoted date as a timestamp
	for k, d := range map[string]keyDoc{
		"scenario.start":     {date, "the date of simulated day 0, a Monday (default 2024-01-01): calendars and holidays are laid on the run from it"},
		"scenario.time_zone": {str, "the IANA time zone of the simulated clock, such as Europe/Paris (default UTC): simulated time runs from midnight of start there (elapsed time: after a daylight-saving change, profiles sit an hour off local time; calendars keep local hours)"},
		"scenario.calendars": {node{"type": "object", "additionalProperties": ref("calendar")}, "business-hours calendars by name, for the sla: targets' calendar"},
		"scenario.initial":   {node{"type": "array", "items": ref("backlog")}, "conversations open when the run starts (an intraday re-plan's start-of-day backlog)"},

		"sla.first_response": {ref("responseTarget"), "first response: the first agent reply within `within` of the customer's first message ÷ routed conversations"},
		"sla.next_response":  {ref("responseTarget"), "next response: every later customer message answered within `within` ÷ those messages"},
		"sla.resolution":     {ref("responseTarget"), "resolution: conversations ended within `within` of their first message ÷ routed conversations"},

		"response_target.within":   {ref("duration"), "the time within which a response counts, such as 4h (required; at most the horizon)"},
		"response_target.target":   {ref("share"), "the share the plan aims at (default 80%)"},
		"response_target.calendar": {str, "the calendar whose business hours the time is counted in (default: around the clock)"},

		"calendars.time_zone": {str, "the calendar's IANA time zone (default: the scenario's time_zone)"},
		"calendars.hours": {node{"type": "object", "minProperties": 1, "additionalProperties": node{"type": "string"}},
			`opening hours by days, such as {mon-fri: "09:00-18:00", sat: "10:00-14:00"}; spans may not overlap; "closed" for none`},
		"calendars.holidays": {node{"type": "array", "items": date}, "local dates closed all day, inside the run"},

		"initial.channel": {str, "the channel (enabled, with an arrival stream that gives the customers' attributes)"},
		"initial.queue":   {str, "the queue they are in (default: the channel's)"},
		"initial.state":   {node{"type": "string", "enum": slices.Clone(backlogStates)}, "waiting (in queue), assigned (an agent is replying) or inactive (the customer is silent)"},
		"initial.count":   {node{"type": "integer", "minimum": 1, "maximum": maxCount}, "how many (default 1)"},
		"initial.age":     {ref("duration"), "how long they have been open: the oldest are first in line"},
	} {
		docs[k] = d
	}
	return docs
}
