package scenarios

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/metrics"
)

// The JSON Schema of the scenario format, for editors (validation, completion and
// hover text in VS Code's YAML extension, JetBrains IDEs and anything else that
// speaks JSON Schema). It is generated from the loader's own tables: the keys of each
// section are the lists the loader accepts (sections.go), the channel names come
// from the channel catalog, the distribution families and their parameters from
// dists.go, the metrics of assert: lines from metrics.Keys. What this file adds is a
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
	docs := messagingKeyDocs(keyDocs())
	addLifecycleKeyDocs(docs)
	addNudgeKeyDocs(docs)
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
	nudgeSchemaDefs(defs, section)
	defs["botIntent"] = section("bot.intents", botIntentKeys, []string{"resolvable", "confidence"}, false, "the bot's ability on one intent")
	defs["followUp"] = section("follow_up", followUpKeys, []string{"probability", "delay"}, false, "agent follow-ups: an outbound message some time after the conversation")
	defs["outbound"] = section("outbound", outboundKeys, []string{"channel", "rate"}, false, "a proactive, business-initiated campaign (templates)")
	defs["agentGroup"] = section("agents", agentKeys, []string{"name", "response_time"}, false, "a group of identical agents")
	defs["agentGroup"].(node)["oneOf"] = []node{{"required": []string{"count"}}, {"required": []string{"schedule"}}}
	defs["scheduleEntry"] = section("schedule", scheduleKeys, []string{"at", "count"}, false, "a step of a staffing schedule: the head count from this time of day until the next entry")
	defs["routing"] = section("routing", routingKeys, nil, true, "Omni-Channel style routing")
	defs["queue"] = section("queues", queueKeys, []string{"name"}, false, "a routing queue")
	defs["transfer"] = section("transfers", transferKeys, []string{"intent", "probability", "to"}, false, "a transfer rule: agents move a share of an intent's conversations to another queue")
	messagingSchema(defs, section)

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
	metric := `(` + strings.Join(quoteMeta(metrics.Keys), "|") + `)`
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

// keyDocs describes every key of every section, by "section.key": the rows of the
// registry (keys_*.go) that have a description.
func keyDocs() map[string]keyDoc {
	out := map[string]keyDoc{}
	for _, sec := range sections {
		for i := range sec.keys {
			if k := &sec.keys[i]; k.doc != "" {
				out[sec.name+"."+k.name] = keyDoc{k.valueSchema(), k.doc}
			}
		}
	}
	return out
}

// channelNames returns the catalog's channel names (a copy).
func channelNames() []string { return slices.Clone(channels.Default().Names()) }
