package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// The scenario's own keys, in DESIGN.md order (the public format, v1).
var scenarioSection = section{name: "scenario", keys: []key{
	{name: "version", schema: node{"const": FormatVersion}, doc: "the format version: 1"},
	{name: "extends", schema: node{"type": "string", "minLength": 1}, doc: "a base scenario this file is laid over, relative to this file: mappings merge key by key, lists and scalars replace the base's"},
	{name: "name", kind: kName, field: at(func(s *Scenario) any { return &s.Name }),
		doc: "the scenario's name in reports (default: the file name without extension)", def: "the file name without extension"},
	{name: "description", kind: kString, field: at(func(s *Scenario) any { return &s.Description }), doc: "free text, shown by scenario listings"},
	{name: "seed", schema: node{"type": "integer", "minimum": 0}, read: scenarioPart((*parser).seed),
		doc: "the random seed (default 1): same scenario and seed give the same report, byte for byte", def: fmt.Sprint(DefaultSeed)},
	{name: "horizon", kind: kPositive, field: at(func(s *Scenario) any { return &s.Horizon }), check: atMostMaxHorizon,
		doc:  "simulated time after the warm-up, such as 24h or 168h (required; simulated time starts on a Monday at 00:00)",
		need: "required: simulated time after warm-up, such as 24h or 168h"},
	{name: "warmup", kind: kDuration, field: at(func(s *Scenario) any { return &s.Warmup }), check: atMostMaxHorizon,
		doc: "simulated time before measurement starts (default 0)", def: "0"},
	{name: "replications", kind: kInt, lo: 1, hi: sim.MaxReplications, field: at(func(s *Scenario) any { return &s.Replications }), sweep: "replications",
		dflt: func() any { return DefaultReplications },
		doc:  "independent replications; reports give the mean and 95 % CI across them (default 10)"},
	{name: "interval", kind: kPositive, field: at(func(s *Scenario) any { return &s.Interval }), check: intervalRule,
		dflt: func() any { return DefaultInterval },
		doc:  "the reporting and staffing interval; at least 1m and must divide 24h (default 30m)"},
	{name: "sla", schema: ref("sla"), read: func(p *parser, v *yaml.Node, path string, t any) {
		p.mapping(v, path, &slaSection, &t.(*Scenario).SLA)
	},
		doc: "the service-level definition (default {within: 60s, target: 80%})"},
	// No type in the schema: YAML reads an unquoted date as a timestamp.
	{name: "prices_as_of", schema: node{"pattern": `^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$`}, read: scenarioPart((*parser).pricesAsOf),
		doc: "the date whose channel price tables apply, such as 2025-07-01 (WhatsApp: per-message pricing from 2025-07-01, conversation-based tables from 2023-06-01; a date before a channel's earliest table is an error)",
		def: "the tables in force on start: when given (the earliest when start is before them), else the latest"},
	{name: "channels", read: scenarioPart((*parser).channels), schema: node{
		"type": "object", "minProperties": 1,
		"propertyNames":        node{"enum": slices.Clone(channels.Default().Names())},
		"additionalProperties": ref("channel"),
	}, doc: "the enabled channels (" + strings.Join(channels.Default().Names(), ", ") + "); the catalog's rules apply, overridable per channel",
		need: "required: the enabled channels, such as channels: {web: {}}"},
	{name: "arrivals", schema: nonEmptyList(ref("arrival")), read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Scenario).Arrivals = items(p, v, path, p.arrival)
	},
		doc:  "the arrival streams (required)",
		need: "required: at least one arrival stream, such as [{channel: web, rate: 60/h}]"},
	{name: "customers", schema: ref("customers"), read: func(p *parser, v *yaml.Node, path string, t any) {
		p.mapping(v, path, &customerSection, &t.(*Scenario).Customers)
	},
		doc: "customer behaviour: messages per conversation, pauses, patience"},
	{name: "bot", schema: ref("bot"), read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Scenario).Bot = &Bot{}
		p.mapping(v, path, &botSection, t.(*Scenario).Bot)
	},
		doc: "the bot tier; present means enabled"},
	{name: "follow_up", schema: ref("followUp"), read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Scenario).FollowUp = &FollowUp{}
		p.mapping(v, path, &followUpSection, t.(*Scenario).FollowUp)
	},
		doc: "agent follow-ups after a conversation"},
	{name: "outbound", schema: listOf(ref("outbound")), read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Scenario).Outbound = items(p, v, path, p.outbound)
	},
		doc: "proactive, business-initiated campaigns"},
	{name: "agents", schema: nonEmptyList(ref("agentGroup")), read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Scenario).Agents = items(p, v, path, p.agentGroup)
	},
		doc:  "the agent groups (required)",
		need: "required: at least one agent group, such as [{name: pool, count: 10, response_time: {dist: exponential, mean: 4m}}]"},
	{name: "routing", schema: ref("routing"), read: func(p *parser, v *yaml.Node, _ string, t any) { p.routing(v, &t.(*Scenario).Routing) },
		doc: "routing: model, capacity model, inactivity, queues"},
	{name: "assert", read: scenarioPart((*parser).assertions), schema: listOf(node{"type": "string", "pattern": assertPattern()}),
		doc: "assertions omnisim check evaluates: [CHANNEL. or queue:NAME.]METRIC OP VALUE [strict], such as service_level >= 80% or whatsapp.wait_p90_seconds <= 2m; strict requires the whole 95 % CI on the right side"},
	// The messaging keys (keys_messaging.go, calendar.go): after the v1 keys.
	{name: "start", kind: kDate, field: at(func(s *Scenario) any { return &s.Start }), check: mondayRule,
		dflt: func() any { return DefaultStart }, def: DefaultStart.String() + " (a Monday: simulated day 0)",
		doc: "the date of simulated day 0, a Monday (default 2024-01-01): calendars and holidays are laid on the run from it"},
	{name: "time_zone", kind: kZone, field: at(func(s *Scenario) any { return &s.TimeZone }), dflt: func() any { return "UTC" },
		doc: "the IANA time zone of the simulated clock, such as Europe/Paris (default UTC): simulated time runs from midnight of start there (elapsed time: after a daylight-saving change, profiles sit an hour off local time; calendars keep local hours)"},
	{name: "calendars", schema: node{"type": "object", "additionalProperties": ref("calendar")}, read: func(p *parser, v *yaml.Node, path string, t any) {
		es, _ := p.pairs(v, path)
		for _, e := range es {
			c := Calendar{Name: e.name}
			p.fill(e.val, join(path, e.name), &calendarSection, &c)
			t.(*Scenario).Calendars = append(t.(*Scenario).Calendars, c)
		}
	},
		doc: "business-hours calendars by name, for the sla: targets' calendar"},
	{name: "initial", schema: node{"type": "array", "items": ref("backlog")}, read: func(p *parser, v *yaml.Node, path string, t any) {
		t.(*Scenario).Initial = items(p, v, path, func(n *yaml.Node, path string) (b Backlog) {
			p.fill(n, path, &backlogSection, &b)
			return b
		})
	},
		doc: "conversations open when the run starts (an intraday re-plan's start-of-day backlog)"},
}}

var slaSection = section{name: "sla", docPath: "sla.", def: "sla", nullable: true, about: "the service level: the share of routed conversations accepted by an agent within `within`", keys: []key{
	{name: "within", kind: kPositive, field: at(func(s *SLA) any { return &s.Within }), sweep: "sla.within",
		dflt: func() any { return DefaultSLAWithin },
		doc:  "the wait within which an accepted conversation counts toward the service level (default 60s)"},
	{name: "target", kind: kShare, field: at(func(s *SLA) any { return &s.Target }), sweep: "sla.target",
		dflt: func() any { return DefaultSLATarget },
		doc:  "the service-level target (default 80%)"},
	{name: "first_response", schema: ref("responseTarget"), read: responseTarget(func(s *SLA) **ResponseSLA { return &s.FirstResponse }),
		doc: "first response: the first agent reply within `within` of the customer's first message ÷ routed conversations"},
	{name: "next_response", schema: ref("responseTarget"), read: responseTarget(func(s *SLA) **ResponseSLA { return &s.NextResponse }),
		doc: "next response: every later customer message answered within `within` ÷ those messages"},
	{name: "resolution", schema: ref("responseTarget"), read: responseTarget(func(s *SLA) **ResponseSLA { return &s.Resolution }),
		doc: "resolution: conversations ended within `within` of their first message ÷ routed conversations"},
}}

// scenarioPart adapts a reader of a part of the scenario to a row's read.
func scenarioPart(read func(*parser, *yaml.Node, *Scenario)) func(*parser, *yaml.Node, string, any) {
	return func(p *parser, v *yaml.Node, _ string, t any) { read(p, v, t.(*Scenario)) }
}
