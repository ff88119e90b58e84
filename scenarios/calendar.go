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

// dateSchema is the schema of a date: no type, as YAML reads an unquoted date as
// a timestamp.
var dateSchema = node{"pattern": `^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$`}

// date reads a date YYYY-MM-DD (want: the example for a value that is no scalar).
func (p *parser) date(n *yaml.Node, path, want string) (calendar.Date, bool) {
	if !p.scalar(n, path, want) {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDate(n.Value)
	if err != nil {
		p.errf(n, path, "%v", err)
		return d, false
	}
	return d, true
}

// zone reads an IANA time zone name.
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

// calendarHours reads a calendar's hours: days: spans, merged per weekday.
func calendarHours(p *parser, v *yaml.Node, hpath string, t any) {
	c := t.(*Calendar)
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
}

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
