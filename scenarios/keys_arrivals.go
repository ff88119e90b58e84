package scenarios

import "gopkg.in/yaml.v3"

// The keys of an arrival stream (arrivals[i]) and of a point of its daily profile.
var arrivalSection = section{name: "arrivals", docPath: "arrivals[].", def: "arrival", oneOf: [][]string{{"rate"}, {"profile"}}, about: "an arrival stream: conversations on one channel at a constant rate or a daily profile", keys: []key{
	{name: "channel", kind: kChannel, field: at(func(a *Arrival) any { return &a.Channel }),
		doc: "the channel the conversations arrive on; it must be enabled under channels", need: "required: the channel the conversations arrive on"},
	{name: "rate", kind: kRate, field: at(func(a *Arrival) any { return &a.Rate }), sweep: "arrivals[i].rate",
		set: func(t any) { t.(*Arrival).Profile = nil }, doc: "a constant arrival rate, such as 80/h (or give profile)"},
	{name: "profile", schema: nonEmptyList(ref("profilePoint")),
		doc: "a daily profile of rates that repeats every day (or give rate); before the first point the last point's rate applies"},
	{name: "days", kind: kDays, field: at(func(a *Arrival) any { return &a.Days }), dflt: func() any { return AllDays }, doc: "the weekdays the stream is active (default all)"},
	{name: "intents", kind: kShares, field: at(func(a *Arrival) any { return &a.Intents }),
		dflt: func() any { return []Share{{Name: DefaultIntent, Share: 1}} },
		doc:  "intent shares (default {general: 1})"},
	{name: "languages", kind: kShares, field: at(func(a *Arrival) any { return &a.Languages }),
		dflt: func() any { return []Share{{Name: DefaultLanguage, Share: 1}} },
		doc:  "language shares (default {en: 1})"},
	{name: "tiers", kind: kShares, field: at(func(a *Arrival) any { return &a.Tiers }), doc: "customer tier shares"},
	{name: "keywords", schema: node{"type": "object", "minProperties": 1, "additionalProperties": ref("share")},
		read: func(p *parser, v *yaml.Node, path string, t any) { t.(*Arrival).Keywords = p.keywordShares(v, path) },
		doc:  "keyword: share — the share of the stream's conversations whose first message contains the keyword, each drawn on its own; routing.rules[].keywords match them"},
}}

var profileSection = section{name: "profile", docPath: "arrivals[].profile[].", def: "profilePoint", about: "a step of a daily profile: the rate from this time of day until the next point", keys: []key{
	{name: "at", schema: ref("timeOfDay"), field: at(func(p *ProfilePoint) any { return &p.At }), doc: `the time of day the rate starts, such as "08:00"`,
		need: `required: the time of day the rate starts, such as "08:00"`},
	{name: "rate", kind: kRate, field: at(func(p *ProfilePoint) any { return &p.Rate }),
		doc: "the arrival rate from this time on", need: "required: the arrival rate from this time on, such as 60/h"},
	{name: "days", schema: ref("days"), field: at(func(p *ProfilePoint) any { return &p.Days }), doc: "limits this point to some weekdays (default: the stream's days)", def: "the arrival's days"},
}}
