package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omnisim/omnisim/calendar"
	"gopkg.in/yaml.v3"
)

// The keys of the messaging sections: a messaging target (sla.first_response,
// sla.next_response, sla.resolution), a business-hours calendar (calendars.NAME)
// and a start-of-day backlog (initial[i]). Their top-level keys (start,
// time_zone, calendars, initial) and sla's are rows of keys_scenario.go; what
// needs the whole file is checked by validateMessaging (calendar.go).

var responseSection = section{name: "response_target", docPath: "sla.first_response.", def: "responseTarget", about: "a messaging service-level target: the share of responses within `within`, optionally in business hours", keys: []key{
	{name: "within", kind: kPositive, field: at(func(r *ResponseSLA) any { return &r.Within }),
		doc:  "the time within which a response counts, such as 4h (required; at most the horizon)",
		need: "required: the time within which the response counts, such as 4h"},
	{name: "target", kind: kShare, field: at(func(r *ResponseSLA) any { return &r.Target }),
		dflt: func() any { return DefaultSLATarget },
		def:  fmt.Sprint(DefaultSLATarget) + " (and next_response, resolution; each absent: not measured against a target)",
		doc:  "the share the plan aims at (default 80%)"},
	{name: "calendar", kind: kString, schema: node{"type": "string", "minLength": 1}, field: at(func(r *ResponseSLA) any { return &r.Calendar }),
		doc: "the calendar whose business hours the time is counted in (default: around the clock)"},
}}

var calendarSection = section{name: "calendars", docPath: "calendars.C.", def: "calendar", about: "a business-hours calendar: opening hours per weekday, holidays, a time zone", keys: []key{
	{name: "time_zone", kind: kZone, field: at(func(c *Calendar) any { return &c.TimeZone }), def: "the scenario's time_zone",
		doc: "the calendar's IANA time zone (default: the scenario's time_zone)"},
	{name: "hours", schema: node{"type": "object", "minProperties": 1, "additionalProperties": node{"type": "string"}}, read: calendarHours,
		doc:  `opening hours by days, such as {mon-fri: "09:00-18:00", sat: "10:00-14:00"}; spans may not overlap; "closed" for none`,
		need: `required: opening hours by day, such as {mon-fri: "09:00-18:00"}`},
	{name: "holidays", schema: listOf(dateSchema), read: func(p *parser, v *yaml.Node, path string, t any) {
		c := t.(*Calendar)
		c.Holidays = append(c.Holidays, items(p, v, path, func(n *yaml.Node, path string) calendar.Date {
			d, _ := p.date(n, path, "a date such as 2026-12-25")
			return d
		})...)
	},
		doc: "local dates closed all day, inside the run"},
}}

// backlogStates are the values of initial[i].state, sim.BacklogState order.
var backlogStates = []string{"waiting", "assigned", "inactive"}

var backlogSection = section{name: "initial", docPath: "initial[].", def: "backlog", about: "conversations open when the run starts", keys: []key{
	{name: "channel", kind: kChannel, field: at(func(b *Backlog) any { return &b.Channel }),
		doc:  "the channel (enabled, with an arrival stream that gives the customers' attributes)",
		need: "required: the channel of these conversations"},
	{name: "queue", kind: kString, schema: node{"type": "string", "minLength": 1}, field: at(func(b *Backlog) any { return &b.Queue }),
		def: "the channel's queue", doc: "the queue they are in (default: the channel's)"},
	{name: "state", kind: kString, schema: node{"type": "string", "enum": slices.Clone(backlogStates)}, field: at(func(b *Backlog) any { return &b.State }),
		check: func(v any, _ string) string {
			if st := v.(string); !contains(backlogStates, st) {
				return "must be one of " + strings.Join(backlogStates, ", ") + ", got " + quote(st) + didYouMean(st, backlogStates)
			}
			return ""
		},
		doc:  "waiting (in queue), assigned (an agent is replying) or inactive (the customer is silent)",
		need: "required: waiting, assigned or inactive"},
	{name: "count", kind: kInt, lo: 1, hi: maxCount, field: at(func(b *Backlog) any { return &b.Count }),
		dflt: func() any { return 1 },
		doc:  "how many (default 1)"},
	{name: "age", kind: kDuration, field: at(func(b *Backlog) any { return &b.Age }),
		doc: "how long they have been open: the oldest are first in line"},
}}

// responseTarget is the read of a messaging target of sla: present means measured.
func responseTarget(dst func(*SLA) **ResponseSLA) func(*parser, *yaml.Node, string, any) {
	return func(p *parser, v *yaml.Node, path string, t any) {
		r := &ResponseSLA{}
		p.fill(v, path, &responseSection, r)
		*dst(t.(*SLA)) = r
	}
}

// mondayRule is start's rule: simulated day 0 is a Monday.
func mondayRule(v any, _ string) string {
	d := v.(calendar.Date)
	if wd := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday(); wd != time.Monday {
		return fmt.Sprintf("must be a Monday (simulated day 0 is a Monday), got %s, a %s", d, wd)
	}
	return ""
}
