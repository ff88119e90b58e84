package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// The key registry: every key of the format is one row, and each section of the
// format one table of rows in a file of its own (keys_*.go). From the rows come the
// keys each section accepts (unknown keys, suggestions), the walk that reads them
// (walk.go: plain keys by kind and rule, the others by the row's read), the JSON
// Schema and its descriptions (schema.go), the defaults applyDefaults sets and the
// table of them in the package documentation (TestDocDefaults), the rules Validate
// checks again after a change, and the keys planning.Set may change (SweepKeys,
// SetValue).
//
// Adding a key is a row in its section's file — name, kind (or schema and read),
// field, doc, and as needed dflt, need, check, sweep — plus the field it sets in
// scenario.go; then go test ./scenarios -run 'Schema|DocDefaults' -update rewrites
// scenario.schema.json and the table of defaults, and testdata/valid/full.yaml
// should use the key (TestFullExampleUsesEveryKey). A required key is a row with a
// need: the walk reports it missing and the schema lists it as required. A new
// section is a table (with its schema definition's name and description), its line
// in sections, a row naming it (with a read) in its parent's table, and, for
// defaults, Validate and SetValue to reach its keys, its line in instances (set.go).

// kind is what a key's value is: it decides how the walk reads it, the value's
// rule, and the schema when the row gives none.
type kind uint8

const (
	kCustom      kind = iota // read by hand code in sections.go
	kString                  // any string
	kName                    // a non-empty string
	kBool                    // true or false
	kInt                     // an integer in [lo, hi]
	kNumber                  // a finite number
	kNonNegative             // a finite number ≥ 0
	kShare                   // a share in [0, 1]: 0.8 or 80%
	kDuration                // a duration ≥ 0
	kPositive                // a duration > 0
	kRate                    // a rate such as 120/h, per second
	kDistSeconds             // a distribution of seconds
	kDistCount               // a distribution of a count (geometric on 1, 2, …)
	kDistPlain               // a distribution of a plain number
	kDays                    // weekdays
	kShares                  // name: share pairs summing to 1
	kSkills                  // name: level 0–10
	kEnum                    // one of enum.values()
	kChannel                 // a channel of the catalog
	kDate                    // a date YYYY-MM-DD; one that breaks its rule leaves the default
	kZone                    // an IANA time zone name
)

// key is one row of the registry.
type key struct {
	name   string
	kind   kind
	lo, hi int64         // kInt: the accepted range
	enum   *enumSource   // kEnum: the values and the message for another
	field  func(any) any // a pointer to the field the key sets, given its section's struct
	schema node          // the value's schema, where the kind's own is not enough
	doc    string        // the schema's description
	def    string        // the default, for the table of defaults ("" for none)
	dflt   func() any    // what applyDefaults sets when the key is absent (nil: no default, or one set by hand)
	need   string        // the message when a required key is missing ("" optional)
	sweep  string        // planning.Set's name of the key ("" when not sweepable)
	// read reads a key the walk does not read by its kind (a section, a list, a
	// value with its own syntax) into t, its section's struct; nil for a kCustom
	// key read by the section's own code.
	read func(p *parser, v *yaml.Node, path string, t any)
	set  func(t any) // after SetValue: what else the change implies
	// check is a further rule on a value read (got: the value as written); it
	// returns the message when the value breaks it, "" when it holds.
	check func(v any, got string) string
}

// section is the table of one section of the format.
type section struct {
	name    string // the schema's and keyDocs' name of the section
	docPath string // the path of its keys in the documentation: "routing.queues[]."
	// Its JSON Schema definition: the name ("" for the scenario's root), the
	// description, whether it may be written empty (sla: with nothing after it),
	// and the keys of which exactly one must be given (rate or profile). Its
	// required keys are the rows with a need.
	def      string
	about    string
	nullable bool
	oneOf    [][]string
	anyOf    [][]string // keys of which at least one must be given (a rule's queue or bot)
	keys     []key
}

// enumSource is the set of values a kEnum key accepts, taken from the package that
// defines them.
type enumSource struct {
	values func() []string
	// unknown words the error for a value not in values.
	unknown func(v string, values []string) string
}

// oneOf is the usual enumSource message: unknown NOUN X (did you mean …); LABEL: a, b.
func oneOf(values func() []string, noun, label string) *enumSource {
	return &enumSource{values: values, unknown: func(v string, vals []string) string {
		return "unknown " + noun + " " + quoteIfOdd(v) + didYouMean(v, vals) + "; " + label + ": " + strings.Join(vals, ", ")
	}}
}

// at adapts a field accessor of section struct T to a row's field.
func at[T any](f func(*T) any) func(any) any {
	return func(t any) any { return f(t.(*T)) }
}

// sections lists the tables, the scenario's own keys first. Adding a section is a
// file with its table and its name here.
var sections = []*section{
	&scenarioSection, &slaSection, &responseSection, &calendarSection, &backlogSection, &channelSection,
	&priceSection, &silentSection, &arrivalSection, &profileSection, &customerSection, &botSection,
	&botTurnsSection, &botIntentSection, &followUpSection, &outboundSection, &agentSection,
	&scheduleSection, &routingSection, &queueSection, &transferSection, &ruleSection, &deferredSection,
	&announceSection, &nudgeSection,
}

// names returns the keys of a section in table order.
func (s *section) names() []string {
	out := make([]string, len(s.keys))
	for i, k := range s.keys {
		out[i] = k.name
	}
	return out
}

// row returns the row of key name (nil for none).
func (s *section) row(name string) *key {
	for i := range s.keys {
		if s.keys[i].name == name {
			return &s.keys[i]
		}
	}
	return nil
}

// required lists the keys of a section that a file must give (the rows with a
// need), in table order: the JSON Schema's required.
func (s *section) required() []string {
	var out []string
	for _, k := range s.keys {
		if k.need != "" {
			out = append(out, k.name)
		}
	}
	return out
}

// valueSchema is the schema of a key's value: the row's own, else its kind's.
func (k *key) valueSchema() node {
	if k.schema != nil {
		return k.schema
	}
	ref := func(def string) node { return node{"$ref": "#/definitions/" + def} }
	switch k.kind {
	case kString:
		return node{"type": "string"}
	case kName:
		return node{"type": "string", "minLength": 1}
	case kBool:
		return node{"type": "boolean"}
	case kInt:
		return node{"type": "integer", "minimum": int(k.lo), "maximum": int(k.hi)}
	case kNumber:
		return node{"type": "number"}
	case kNonNegative:
		return node{"type": "number", "minimum": 0}
	case kShare:
		return ref("share")
	case kDuration, kPositive:
		return ref("duration")
	case kRate:
		return ref("rate")
	case kDistSeconds:
		return ref("distSeconds")
	case kDistCount, kDistPlain:
		return ref("distNumber")
	case kDays:
		return ref("days")
	case kShares:
		return ref("shares")
	case kSkills:
		return ref("skills")
	case kEnum:
		return node{"type": "string", "enum": slices.Clone(k.enum.values())}
	case kChannel:
		return node{"type": "string", "enum": slices.Clone(channels.Default().Names())}
	case kDate:
		return dateSchema
	case kZone:
		return node{"type": "string", "minLength": 1}
	}
	return node{}
}

// Schema helpers for rows.
func ref(def string) node          { return node{"$ref": "#/definitions/" + def} }
func listOf(items node) node       { return node{"type": "array", "items": items} }
func nonEmptyList(items node) node { return node{"type": "array", "minItems": 1, "items": items} }

// defaultsTable is the table of defaults of the package documentation (doc.go):
// every row with a default, in registry order, as "PATH  DEFAULT" lines.
func defaultsTable() []string {
	var out []string
	for _, sec := range sections {
		for _, k := range sec.keys {
			if def := k.defaultText(); def != "" {
				path := sec.docPath + k.name
				if len(path) >= 28 { // a long path keeps two spaces before its default
					path += "  "
				}
				out = append(out, fmt.Sprintf("%-28s%s", path, def))
			}
		}
	}
	return out
}

// defaultText is a key's default as the table of defaults shows it: the row's
// words, else its default value as a file would write it.
func (k *key) defaultText() string {
	if k.def != "" || k.dflt == nil {
		return k.def
	}
	switch v := k.dflt().(type) {
	case time.Duration:
		return sim.ShortDuration(v)
	case Days:
		return v.String()
	case []Share:
		parts := make([]string, len(v))
		for i, sh := range v {
			parts[i] = fmt.Sprintf("%s: %g", sh.Name, sh.Share)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	default:
		return fmt.Sprint(v)
	}
}
