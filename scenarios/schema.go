package scenarios

import (
	"bytes"
	"encoding/json"
	"github.com/omnisim/omnisim/sim"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/omnisim/omnisim/channels"
)

// The JSON Schema of the scenario format, for editors (validation, completion and
// hover text in VS Code's YAML extension, JetBrains IDEs and anything else that
// speaks JSON Schema). It is generated from the loader's own tables: the keys of each
// section are the lists the loader accepts (sections.go), the channel names come
// from the channel catalog, the distribution families and their parameters from
// dists.go, the metrics of assert: lines from MetricKeys. What this file adds is a
// type and a description per key (keyDocs); TestSchemaKeysMatchLoader fails when a
// key of the loader has none, or a description names a key the loader does not
// know, and TestSchemaCurrent when scenario.schema.json is stale
// (go test ./scenarios -run Schema -update rewrites it).
//
// The schema is as strict as the loader where JSON Schema can say it (unknown keys,
// types, enumerations, ranges, the forms of durations, rates, shares, times of day
// and days) and leaves to the loader what it cannot (shares summing to 1, channels
// being enabled, cross-field checks): a file the schema accepts can still fail
// omnisim validate, but a valid scenario never fails the schema.

// SchemaID is the schema's $id.
const SchemaID = "https://github.com/omnisim/omnisim/scenarios/scenario.schema.json"

// node is one JSON Schema object.
type node = map[string]any

// keyDoc is the schema and the description of one key of a section.
type keyDoc struct {
	schema node
	doc    string
}

// JSONSchema returns the JSON Schema (draft-07) of scenario files, indented, with a
// final newline. It is the content of scenarios/scenario.schema.json and of
// omnisim scenarios schema.
func JSONSchema() []byte {
	data, _ := buildSchema()
	return data
}

// buildSchema generates the schema and lists the keys of the loader without a
// description and the descriptions of keys the loader does not have.
func buildSchema() ([]byte, []string) {
	var problems []string
	docs := keyDocs()
	addLifecycleKeyDocs(docs)
	used := map[string]bool{}
	// section builds the object schema of a section from the loader's key list.
	section := func(name string, keys []string, required []string, nullable bool, doc string) node {
		props := node{}
		for _, k := range keys {
			d, ok := docs[name+"."+k]
			if !ok {
				problems = append(problems, "the loader accepts "+name+"."+k+" but keyDocs does not describe it")
				props[k] = node{}
				continue
			}
			used[name+"."+k] = true
			s := described(d.schema, d.doc)
			props[k] = s
		}
		n := node{"type": "object", "description": doc, "properties": props, "additionalProperties": false}
		if nullable {
			n["type"] = []string{"object", "null"}
		}
		if len(required) > 0 {
			n["required"] = required
		}
		return n
	}
	ref := func(def string) node { return node{"$ref": "#/definitions/" + def} }

	defs := node{
		"duration": node{
			"description": "a Go duration such as 45s, 3h or 1h30m (0 for none)",
			"anyOf":       []node{{"type": "string", "pattern": durationPattern}, {"const": 0}},
		},
		"rate": node{
			"description": "a rate N/s, N/m, N/h or N/d, such as 120/h",
			"type":        "string", "pattern": `^\s*\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*/\s*[smhd]\s*$`,
		},
		"share": node{
			"description": "a probability, share or target: 0.8 or 80%, within [0, 1]",
			"anyOf": []node{
				{"type": "number", "minimum": 0, "maximum": 1},
				{"type": "string", "pattern": `^\s*\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*%?\s*$`},
			},
		},
		"timeOfDay": node{
			"description": `a time of day "HH:MM" from 00:00 to 23:59`,
			"type":        "string", "pattern": `^\s*([01]?[0-9]|2[0-3]):[0-5][0-9]\s*$`,
		},
		"days": node{
			"description": "weekdays: mon-fri, sat,sun, weekdays, weekends or all (ranges may wrap: fri-mon), or a list [sat, sun]",
			"anyOf": []node{
				ref("daysText"),
				{"type": "array", "minItems": 1, "items": ref("daysText")},
			},
		},
		"daysText": node{"type": "string", "pattern": daysPattern()},
		"shares": node{
			"description":          "name: share pairs summing to 1, such as {en: 0.8, es: 0.2}",
			"type":                 "object",
			"minProperties":        1,
			"additionalProperties": ref("share"),
		},
		"skills": node{
			"description":          "skill name: level from 0 to 10, such as {en: 10, billing: 7}",
			"type":                 "object",
			"additionalProperties": node{"type": "integer", "minimum": 0, "maximum": 10},
		},
		"count": node{"type": "integer", "minimum": 0, "maximum": maxCount},
		"seconds": node{
			"description": "seconds: a duration such as 45s or a plain number of seconds",
			"anyOf":       []node{{"type": "number"}, {"type": "string", "pattern": durationPattern}},
		},
	}
	for name, def := range distDefs("distSeconds", "seconds", "a time-valued distribution: parameters in seconds or as durations (45s, 3h)") {
		defs[name] = def
	}
	for name, def := range distDefs("distNumber", "number", "a distribution of a plain number (a count, a confidence): parameters are numbers") {
		defs[name] = def
	}
	defs["sla"] = section("sla", slaKeys, nil, true, "the service level: the share of routed conversations accepted by an agent within `within`")
	defs["channel"] = section("channels", channelKeys, nil, true, "an enabled channel, with optional overrides of the channel catalog")
	defs["prices"] = section("prices", priceKeys, nil, false, "prices in USD per message, overriding the catalog's")
	defs["arrival"] = section("arrivals", arrivalKeys, []string{"channel"}, false, "an arrival stream: conversations on one channel at a constant rate or a daily profile")
	defs["arrival"].(node)["oneOf"] = []node{{"required": []string{"rate"}}, {"required": []string{"profile"}}}
	defs["profilePoint"] = section("profile", profileKeys, []string{"at", "rate"}, false, "a step of a daily profile: the rate from this time of day until the next point")
	defs["customers"] = section("customers", customerKeys, nil, true, "customer behaviour")
	defs["bot"] = section("bot", botKeys, nil, true, "the bot tier in front of the agents")
	lifecycleSchemaDefs(defs, section)
	defs["botIntent"] = section("bot.intents", botIntentKeys, []string{"resolvable", "confidence"}, false, "the bot's ability on one intent")
	defs["followUp"] = section("follow_up", followUpKeys, []string{"probability", "delay"}, false, "agent follow-ups: an outbound message some time after the conversation")
	defs["outbound"] = section("outbound", outboundKeys, []string{"channel", "rate"}, false, "a proactive, business-initiated campaign (templates)")
	defs["agentGroup"] = section("agents", agentKeys, []string{"name", "response_time"}, false, "a group of identical agents")
	defs["agentGroup"].(node)["oneOf"] = []node{{"required": []string{"count"}}, {"required": []string{"schedule"}}}
	defs["scheduleEntry"] = section("schedule", scheduleKeys, []string{"at", "count"}, false, "a step of a staffing schedule: the head count from this time of day until the next entry")
	defs["routing"] = section("routing", routingKeys, nil, true, "Omni-Channel style routing")
	defs["queue"] = section("queues", queueKeys, []string{"name"}, false, "a routing queue")
	defs["transfer"] = section("transfers", transferKeys, []string{"intent", "probability", "to"}, false, "a transfer rule: agents move a share of an intent's conversations to another queue")

	root := section("scenario", topKeys, []string{"version"}, false,
		"A scenario file of omnisim (format v1): channels, arrivals, customers, bot, agents, routing and the assertions omnisim check evaluates. See DESIGN.md, \"Scenario file\".")
	// A variant (extends:) may leave the required sections to its base.
	root["anyOf"] = []node{{"required": []string{"extends"}}, {"required": []string{"horizon", "channels", "arrivals", "agents"}}}
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["$id"] = SchemaID
	root["title"] = "omnisim scenario"
	root["definitions"] = defs

	for k := range docs {
		if !used[k] {
			problems = append(problems, "keyDocs describes "+k+" but the loader does not accept it")
		}
	}
	sort.Strings(problems)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // patterns hold < and >
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		// Only maps, slices, strings and numbers above: cannot happen.
		panic("scenarios: JSON Schema: " + err.Error())
	}
	return b.Bytes(), problems
}

// described returns a copy of schema with a description. A $ref is wrapped in allOf:
// draft-07 ignores the siblings of $ref, and editors would lose the description.
func described(schema node, doc string) node {
	out := node{"description": doc}
	if r, ok := schema["$ref"]; ok && len(schema) == 1 {
		out["allOf"] = []node{{"$ref": r}}
		return out
	}
	for k, v := range schema {
		out[k] = v
	}
	return out
}

// durationPattern matches Go durations (time.ParseDuration), signs and all.
const durationPattern = `^\s*[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)\s*$`

// daysPattern matches what ParseDays reads: comma-separated days, ranges and
// weekdays, weekends (weekend), all; case does not matter.
func daysPattern() string {
	var names []string
	for i := range dayNames {
		names = append(names, longDayNames[i], dayNames[i])
	}
	d := "(" + caseless(strings.Join(names, "|")) + ")"
	item := `\s*(` + caseless("all|weekdays|weekends|weekend") + `|` + d + `(\s*-\s*` + d + `)?)\s*`
	return "^" + item + "(," + item + ")*$"
}

// caseless turns the letters of a pattern into [xX] classes: JSON Schema patterns
// (ECMA-262) have no case-insensitive flag.
func caseless(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= 'a' && r <= 'z' {
			b.WriteString("[" + string(r) + strings.ToUpper(string(r)) + "]")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// distDefs returns the definitions of distributions whose time parameters take unit
// ("seconds": numbers or durations; "number": numbers only): one per family, named
// prefix_family, and prefix itself, any family or a mixture of them. A family allows
// weight, which only mixture components may have; the loader says so where the schema
// does not.
func distDefs(prefix, unit, doc string) node {
	value := node{"type": "number"}
	if unit == "seconds" {
		value = node{"$ref": "#/definitions/seconds"}
	}
	kinds := make([]string, 0, len(distParams))
	for k := range distParams {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	defs := node{}
	var families []node
	for _, kind := range kinds {
		props := node{
			"dist":   node{"const": kind, "description": "the distribution family"},
			"weight": described(node{"$ref": "#/definitions/share"}, "a mixture component's weight; weights sum to 1"),
		}
		for _, p := range distParams[kind] {
			var s node
			switch {
			case p == "values":
				s = node{"type": "array", "minItems": 1, "items": value}
			case p == "weights":
				s = node{"type": "array", "minItems": 1, "items": node{"type": "number", "minimum": 0}}
			case timeParams[p]:
				s = value
			default:
				s = node{"type": "number"}
			}
			props[p] = described(s, distParamDocs[p])
		}
		name := prefix + "_" + kind
		defs[name] = node{"type": "object", "properties": props, "required": []string{"dist"}, "additionalProperties": false}
		families = append(families, node{"$ref": "#/definitions/" + name})
	}
	mixture := node{
		"type": "object", "required": []string{"mixture"}, "additionalProperties": false,
		"properties": node{
			"mixture": node{
				"type": "array", "minItems": 1, "items": node{"$ref": "#/definitions/" + prefix},
				"description": "components {weight, dist, parameters…}; weights sum to 1",
			},
			"weight": node{"$ref": "#/definitions/share"},
		},
	}
	defs[prefix] = node{
		"description": doc + "; {dist: " + strings.Join(kinds, "|") + ", parameters…} or {mixture: [{weight, dist, …}, …]}",
		"oneOf":       append(families, mixture),
	}
	return defs
}

var distParamDocs = map[string]string{
	"value":   "the constant value",
	"mean":    "the mean",
	"median":  "the median",
	"sigma":   "the standard deviation of the logarithm",
	"shape":   "the shape parameter",
	"scale":   "the scale parameter",
	"min":     "the lower bound",
	"max":     "the upper bound",
	"alpha":   "the first shape parameter α",
	"beta":    "the second shape parameter β",
	"values":  "the values",
	"weights": "the relative weight of each value",
}

// assertPattern matches an assert: line, [SCOPE.]METRIC OP VALUE [strict].
func assertPattern() string {
	names := channels.Default().Names()
	scope := `((` + strings.Join(quoteMeta(names), "|") + `|queue:[^.\s]+)\.)?`
	metric := `(` + strings.Join(quoteMeta(MetricKeys), "|") + `)`
	ops := `(<=|>=|==|!=|<|>)`
	return `^\s*` + scope + metric + `\s*` + ops + `\s*[^<>=!\s][^<>=!]*$`
}

func quoteMeta(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = regexp.QuoteMeta(s)
	}
	return out
}

// keyDocs describes every key of every section, by "section.key". The sections are
// those buildSchema walks; their key lists are the loader's.
func keyDocs() map[string]keyDoc {
	ref := func(def string) node { return node{"$ref": "#/definitions/" + def} }
	str := node{"type": "string", "minLength": 1}
	integer := func(lo, hi int) node { return node{"type": "integer", "minimum": lo, "maximum": hi} }
	enum := func(values []string) node { return node{"type": "string", "enum": slices.Clone(values)} }
	listOf := func(items node) node { return node{"type": "array", "items": items} }
	names := channels.Default().Names()
	outboundPriceKeys := append([]string{channels.PriceMessage}, channels.Categories...)

	return map[string]keyDoc{
		"scenario.version":      {node{"const": FormatVersion}, "the format version: 1"},
		"scenario.extends":      {str, "a base scenario this file is laid over, relative to this file: mappings merge key by key, lists and scalars replace the base's"},
		"scenario.name":         {str, "the scenario's name in reports (default: the file name without extension)"},
		"scenario.description":  {node{"type": "string"}, "free text, shown by scenario listings"},
		"scenario.seed":         {node{"type": "integer", "minimum": 0}, "the random seed (default 1): same scenario and seed give the same report, byte for byte"},
		"scenario.horizon":      {ref("duration"), "simulated time after the warm-up, such as 24h or 168h (required; simulated time starts on a Monday at 00:00)"},
		"scenario.warmup":       {ref("duration"), "simulated time before measurement starts (default 0)"},
		"scenario.replications": {integer(1, sim.MaxReplications), "independent replications; reports give the mean and 95 % CI across them (default 10)"},
		"scenario.interval":     {ref("duration"), "the reporting and staffing interval; at least 1m and must divide 24h (default 30m)"},
		"scenario.sla":          {ref("sla"), "the service-level definition (default {within: 60s, target: 80%})"},
		"scenario.channels": {node{
			"type": "object", "minProperties": 1,
			"propertyNames":        node{"enum": slices.Clone(names)},
			"additionalProperties": ref("channel"),
		}, "the enabled channels (" + strings.Join(names, ", ") + "); the catalog's rules apply, overridable per channel"},
		"scenario.arrivals":  {node{"type": "array", "minItems": 1, "items": ref("arrival")}, "the arrival streams (required)"},
		"scenario.customers": {ref("customers"), "customer behaviour: messages per conversation, pauses, patience"},
		"scenario.bot":       {ref("bot"), "the bot tier; present means enabled"},
		"scenario.follow_up": {ref("followUp"), "agent follow-ups after a conversation"},
		"scenario.outbound":  {listOf(ref("outbound")), "proactive, business-initiated campaigns"},
		"scenario.agents":    {node{"type": "array", "minItems": 1, "items": ref("agentGroup")}, "the agent groups (required)"},
		"scenario.routing":   {ref("routing"), "routing: model, capacity model, inactivity, queues"},
		"scenario.assert": {listOf(node{"type": "string", "pattern": assertPattern()}),
			"assertions omnisim check evaluates: [CHANNEL. or queue:NAME.]METRIC OP VALUE [strict], such as service_level >= 80% or whatsapp.wait_p90_seconds <= 2m; strict requires the whole 95 % CI on the right side"},

		"sla.within": {ref("duration"), "the wait within which an accepted conversation counts toward the service level (default 60s)"},
		"sla.target": {ref("share"), "the service-level target (default 80%)"},

		"channels.throughput":      {ref("rate"), "messages per second per sender, such as 1/s (default: the catalog's)"},
		"channels.cost":            {node{"type": "number", "exclusiveMinimum": 0}, "capacity units a conversation on this channel takes (default 1)"},
		"channels.opt_out":         {ref("share"), "the probability that a conversation's customer opts out (SMS STOP) at its end, blocking later outbound messages"},
		"channels.human_agent_tag": {node{"type": "boolean"}, "agent replies outside the standard window use Messenger's HUMAN_AGENT tag (7 days) where the channel has one"},
		"channels.window":          {ref("duration"), "replaces the standard messaging window of a channel that has one (WhatsApp: 24h)"},
		"channels.prices":          {ref("prices"), "per-message prices overriding the catalog's"},

		"prices.inbound": {node{"type": "number", "minimum": 0}, "the price of an inbound message"},
		"prices.outbound": {node{
			"type": "object", "propertyNames": node{"enum": outboundPriceKeys},
			"additionalProperties": node{"type": "number", "minimum": 0},
		}, "outbound prices: message (a non-template message) or a template category of the channel"},

		"arrivals.channel":   {node{"type": "string", "enum": slices.Clone(names)}, "the channel the conversations arrive on; it must be enabled under channels"},
		"arrivals.rate":      {ref("rate"), "a constant arrival rate, such as 80/h (or give profile)"},
		"arrivals.profile":   {node{"type": "array", "minItems": 1, "items": ref("profilePoint")}, "a daily profile of rates that repeats every day (or give rate); before the first point the last point's rate applies"},
		"arrivals.days":      {ref("days"), "the weekdays the stream is active (default all)"},
		"arrivals.intents":   {ref("shares"), "intent shares (default {general: 1})"},
		"arrivals.languages": {ref("shares"), "language shares (default {en: 1})"},
		"arrivals.tiers":     {ref("shares"), "customer tier shares"},

		"profile.at":   {ref("timeOfDay"), `the time of day the rate starts, such as "08:00"`},
		"profile.rate": {ref("rate"), "the arrival rate from this time on"},
		"profile.days": {ref("days"), "limits this point to some weekdays (default: the stream's days)"},

		"customers.messages": {ref("distNumber"), "customer messages per conversation (default {dist: constant, value: 1}); geometric is on 1, 2, 3, …"},
		"customers.pause":    {ref("distSeconds"), "the time between an agent reply and the customer's next message (default {dist: constant, value: 60s})"},
		"customers.patience": {ref("distSeconds"), "customers abandon if no agent accepted them by then; absent: they never abandon"},

		"bot.enabled":   {node{"type": "boolean"}, "whether the bot runs (default true when bot: is present)"},
		"bot.threshold": {ref("share"), "the bot hands off when its confidence is below this (required when enabled)"},
		"bot.max_turns": {integer(1, maxCount), "failed turns before the bot hands off (default 3)"},
		"bot.ask_agent": {ref("share"), "the share of customers who ask for a human at once"},
		"bot.latency":   {ref("distSeconds"), "the time of a bot turn (default {dist: constant, value: 2s})"},
		"bot.intents": {node{"type": "object", "additionalProperties": ref("botIntent")},
			"the bot's ability per intent; intents without an entry hand off after the first turn"},

		"bot.intents.resolvable": {ref("share"), "the share of these conversations the bot can resolve; it resolves with probability resolvable × confidence"},
		"bot.intents.confidence": {ref("distNumber"), "the bot's confidence on [0, 1], such as {dist: beta, alpha: 8, beta: 2}"},

		"follow_up.probability": {ref("share"), "the share of conversations with a follow-up"},
		"follow_up.delay":       {ref("distSeconds"), "the time from the end of the conversation to the follow-up, such as {dist: lognormal, median: 26h, sigma: 0.3}"},
		"follow_up.by_intent": {node{"type": "object", "additionalProperties": ref("share")},
			"per-intent follow-up probabilities overriding probability, such as {billing: 0.3}"},

		"outbound.channel":           {node{"type": "string", "enum": slices.Clone(names)}, "the channel the campaign sends on; it must be enabled"},
		"outbound.rate":              {ref("rate"), "campaign messages per unit of time, such as 30/h"},
		"outbound.category":          {enum(channels.Categories), "the template category, where the channel has categories (WhatsApp)"},
		"outbound.reply_probability": {ref("share"), "the share of messages the customer replies to, opening a conversation"},
		"outbound.reply_delay":       {ref("distSeconds"), "the time until the customer replies (default {dist: exponential, mean: 2h})"},
		"outbound.reply_window":      {ref("duration"), "the business-initiated conversation ends unanswered after this (default 48h)"},

		"agents.name":                {str, "the group's name, unique"},
		"agents.count":               {ref("count"), "a constant head count (or give schedule)"},
		"agents.schedule":            {node{"type": "array", "minItems": 1, "items": ref("scheduleEntry")}, "head count by time of day (or give count)"},
		"agents.concurrency":         {integer(1, sim.MaxConcurrency), "capacity units per agent (default 1)"},
		"agents.skills":              {ref("skills"), "skills with levels 0–10: languages and intents the queues route on"},
		"agents.response_time":       {ref("distSeconds"), "the time an agent takes per reply (required)"},
		"agents.concurrency_penalty": {node{"type": "number", "minimum": 0}, "each extra open conversation slows replies by this share, such as 0.15"},
		"agents.wrap_up":             {ref("duration"), "after-conversation work"},

		"schedule.at":    {ref("timeOfDay"), `the time of day the head count starts, such as "08:00"`},
		"schedule.count": {ref("count"), "the number of agents from this time on"},
		"schedule.days":  {ref("days"), "limits this entry to some weekdays (default all)"},

		"routing.model":              {enum(routingModels), "who gets the next conversation (default least_active)"},
		"routing.capacity":           {enum(capacityModels), "tab: units held until the conversation ends (default); status: an inactive conversation frees them"},
		"routing.inactive_after":     {ref("duration"), "customer silence after which a conversation is inactive (needed by capacity: status)"},
		"routing.end_inactive_after": {ref("duration"), "an inactive conversation ends after this (default 24h)"},
		"routing.sticky_for":         {ref("duration"), "a returning customer prefers the same agent for this long"},
		"routing.push_timeout":       {ref("duration"), "an offer not accepted within this is re-routed (0: agents accept at once)"},
		"routing.queues":             {node{"type": "array", "minItems": 1, "items": ref("queue")}, "routing queues (default: one queue for every channel, without skills)"},
		"routing.preferred_timeout":  {ref("duration"), "how long a resumed conversation waits for its previous agent (default 30s)"},
		"routing.timeout_presence":   {enum(presences), "where an agent who lets an offer time out goes (default away)"},
		"routing.decline":            {ref("share"), "the probability that an agent declines an offer (push routing)"},
		"routing.accept_time":        {ref("distSeconds"), "the time until an agent accepts an offer (absent: at once)"},
		"routing.offline_requeue":    {node{"type": "boolean"}, "agents going offline hand their conversations back (default: true under tab, false under status)"},
		"routing.transfers":          {listOf(ref("transfer")), "agents transfer a share of an intent's conversations to another queue"},

		"transfers.intent":      {str, "the intent whose conversations agents transfer, such as technical"},
		"transfers.probability": {ref("share"), "the share of those conversations transferred"},
		"transfers.to":          {str, "the queue they go to"},

		"queues.name":                  {str, "the queue's name, unique; assert on it with queue:NAME."},
		"queues.channels":              {node{"type": "array", "minItems": 1, "items": node{"type": "string", "enum": slices.Clone(names)}}, "the channels it takes (default every enabled channel); a channel belongs to one queue"},
		"queues.priority":              {ref("count"), "routing priority, lower first (default 1)"},
		"queues.skills":                {listOf(enum(routingAttributes)), "conversation attributes routed on as required skills"},
		"queues.additional_skills":     {listOf(enum(routingAttributes)), "attributes routed on as additional skills, dropped after drop_additional_after"},
		"queues.drop_additional_after": {ref("duration"), "when additional skills are dropped if no agent has them"},
		"queues.min_level":             {integer(0, 10), "the lowest skill level that counts (default 1)"},
		"queues.secondary":             {enum(secondaryAttrs), "secondary priority inside the queue: tier orders by the arrivals' tiers, first listed first"},
		"queues.aging":                 {ref("duration"), "a waiting conversation's priority improves by 1 per this much wait"},
		"queues.overflow_to":           {str, "the queue a conversation moves to after overflow_after"},
		"queues.overflow_after":        {ref("duration"), "the wait after which a conversation overflows to overflow_to"},
	}
}
