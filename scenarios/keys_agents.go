package scenarios

import (
	"github.com/omnisim/omnisim/sim"
)

// The keys of an agent group (agents[i]) and of an entry of its schedule.
var agentSection = section{name: "agents", docPath: "agents[].", def: "agentGroup", oneOf: [][]string{{"count"}, {"schedule"}}, about: "a group of identical agents", keys: []key{
	{name: "name", kind: kName, field: at(func(g *AgentGroup) any { return &g.Name }),
		doc: "the group's name, unique", need: "required: a name for the group, such as tier1"},
	{name: "count", kind: kInt, lo: 0, hi: maxCount, schema: ref("count"), sweep: "agents.NAME.count",
		field: at(func(g *AgentGroup) any { return &g.Count }), set: func(t any) { t.(*AgentGroup).Schedule = nil },
		doc: "a constant head count (or give schedule)"},
	{name: "schedule", schema: nonEmptyList(ref("scheduleEntry")), doc: "head count by time of day (or give count)"},
	{name: "concurrency", kind: kInt, lo: 1, hi: sim.MaxConcurrency, field: at(func(g *AgentGroup) any { return &g.Concurrency }),
		dflt:  func() any { return DefaultConcurrency },
		sweep: "agents.NAME.concurrency", doc: "capacity units per agent (default 1)"},
	{name: "skills", kind: kSkills, field: at(func(g *AgentGroup) any { return &g.Skills }),
		doc: "skills with levels 0–10: languages and intents the queues route on"},
	{name: "response_time", kind: kDistSeconds, field: at(func(g *AgentGroup) any { return &g.ResponseTime }),
		doc:  "the time an agent takes per reply (required)",
		need: "required: the time an agent takes per reply, such as {dist: lognormal, median: 40s, sigma: 0.5}"},
	{name: "concurrency_penalty", kind: kNonNegative, field: at(func(g *AgentGroup) any { return &g.ConcurrencyPenalty }),
		sweep: "agents.NAME.concurrency_penalty", doc: "each extra open conversation slows replies by this share, such as 0.15"},
	{name: "wrap_up", kind: kDuration, field: at(func(g *AgentGroup) any { return &g.WrapUp }), sweep: "agents.NAME.wrap_up",
		doc: "after-conversation work"},
}}

var scheduleSection = section{name: "schedule", docPath: "agents[].schedule[].", def: "scheduleEntry", about: "a step of a staffing schedule: the head count from this time of day until the next entry", keys: []key{
	{name: "at", schema: ref("timeOfDay"), field: at(func(e *ScheduleEntry) any { return &e.At }), doc: `the time of day the head count starts, such as "08:00"`,
		need: `required: the time of day the head count starts, such as "08:00"`},
	{name: "count", kind: kInt, lo: 0, hi: maxCount, schema: ref("count"), field: at(func(e *ScheduleEntry) any { return &e.Count }),
		doc: "the number of agents from this time on", need: "required: the number of agents from this time on"},
	{name: "days", schema: ref("days"), field: at(func(e *ScheduleEntry) any { return &e.Days }), doc: "limits this entry to some weekdays (default all)", def: "all"},
}}
