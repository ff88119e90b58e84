package eventlog

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Mapping reads another CSV export, one event a row, as the event log: which
// of its columns is which of ours, how its values translate, what is constant.
// It is loaded from a YAML file (omnisim fit --columns FILE):
//
//	columns:               # our column: the export's column header
//	  conversation_id: Chat ID
//	  time: Timestamp
//	  actor: Sender
//	  kind: Event
//	values:                # our column: {the export's value: ours}
//	  actor: {Visitor: customer, Operator: agent}
//	  kind: {Message: message, Assigned: accepted, Ended: closed}
//	constants:             # our column: the value of every row (when its cell is empty)
//	  channel: web
//	time_layout: "2006-01-02 15:04:05"   # a Go layout; default RFC 3339, epoch ms or a common zone-less form
//	time_zone: Europe/Berlin             # for times without a zone (--tz overrides)
//
// A column the mapping does not name is read from the export's column of our
// name, if it has one; the export's other columns are ignored.
type Mapping struct {
	Columns    map[string]string            `yaml:"columns"`
	Values     map[string]map[string]string `yaml:"values"`
	Constants  map[string]string            `yaml:"constants"`
	TimeLayout string                       `yaml:"time_layout"`
	TimeZone   string                       `yaml:"time_zone"`
	// Location is TimeZone loaded (nil without one).
	Location *time.Location `yaml:"-"`
}

// LoadMapping reads a mapping file.
func LoadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMapping(path, b)
}

// ParseMapping parses and checks a mapping; errors name file:line and the key.
func ParseMapping(file string, data []byte) (*Mapping, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	m := &Mapping{}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: empty mapping: want columns, values, constants, time_layout or time_zone", file)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping of columns, values, constants, time_layout, time_zone", file, doc.Line)
	}
	at := func(n *yaml.Node, format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", file, n.Line, fmt.Sprintf(format, a...))
	}
	column := func(k *yaml.Node) error {
		if !known(Columns, k.Value) {
			return at(k, "%q is not an event log column (columns: %s)", k.Value, strings.Join(Columns, ", "))
		}
		return nil
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "columns", "constants":
			if v.Kind != yaml.MappingNode {
				return nil, at(v, "%s: want a mapping of event log column to a string", k.Value)
			}
			out := map[string]string{}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				if err := column(ck); err != nil {
					return nil, err
				}
				if cv.Kind != yaml.ScalarNode || (k.Value == "columns" && strings.TrimSpace(cv.Value) == "") {
					return nil, at(cv, "%s.%s: want a non-empty string", k.Value, ck.Value)
				}
				if _, dup := out[ck.Value]; dup {
					return nil, at(ck, "%s.%s given twice", k.Value, ck.Value)
				}
				out[ck.Value] = cv.Value
			}
			if k.Value == "columns" {
				m.Columns = out
			} else {
				m.Constants = out
			}
		case "values":
			if v.Kind != yaml.MappingNode {
				return nil, at(v, "values: want a mapping of event log column to {export value: ours}")
			}
			m.Values = map[string]map[string]string{}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				if err := column(ck); err != nil {
					return nil, err
				}
				if cv.Kind != yaml.MappingNode {
					return nil, at(cv, "values.%s: want a mapping of the export's value to ours", ck.Value)
				}
				vals := map[string]string{}
				for n := 0; n+1 < len(cv.Content); n += 2 {
					from, to := cv.Content[n], cv.Content[n+1]
					if from.Kind != yaml.ScalarNode || to.Kind != yaml.ScalarNode {
						return nil, at(from, "values.%s: want strings", ck.Value)
					}
					if err := checkValue(ck.Value, to.Value); err != nil {
						return nil, at(to, "values.%s.%s: %v", ck.Value, from.Value, err)
					}
					vals[from.Value] = to.Value
				}
				m.Values[ck.Value] = vals
			}
		case "time_layout":
			if v.Kind != yaml.ScalarNode || v.Value == "" {
				return nil, at(v, "time_layout: want a Go time layout such as \"2006-01-02 15:04:05\"")
			}
			m.TimeLayout = v.Value
		case "time_zone":
			if v.Kind != yaml.ScalarNode {
				return nil, at(v, "time_zone: want a zone name such as Europe/Berlin")
			}
			loc, err := time.LoadLocation(v.Value)
			if err != nil || v.Value == "" || v.Value == "Local" {
				return nil, at(v, "time_zone %q: want an IANA zone name such as Europe/Berlin or UTC", v.Value)
			}
			m.TimeZone, m.Location = v.Value, loc
		default:
			return nil, at(k, "unknown key %q (want columns, values, constants, time_layout, time_zone)", k.Value)
		}
	}
	for k, v := range m.Constants {
		if err := checkValue(k, v); err != nil {
			return nil, fmt.Errorf("%s: constants.%s: %v", file, k, err)
		}
	}
	return m, nil
}

// checkValue checks a value a mapping gives an actor or kind column.
func checkValue(column, v string) error {
	switch column {
	case "actor":
		if !known(Actors, v) {
			return fmt.Errorf("actor %q (want %s)", v, strings.Join(Actors, ", "))
		}
	case "kind":
		if !known(Kinds, v) {
			return fmt.Errorf("kind %q (want %s)", v, strings.Join(Kinds, ", "))
		}
	}
	return nil
}

// header returns, for each of Columns, its index in the export's header (-1:
// absent), reading the header through the mapping.
func (m *Mapping) header(file string, head []string) ([14]int, error) {
	var col [14]int
	for i := range col {
		col[i] = -1
	}
	index := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	for k, c := range Columns {
		name, mapped := m.Columns[c]
		if !mapped {
			name = c
		}
		i, ok := index[name]
		if !ok {
			if mapped {
				return col, fmt.Errorf("%s:1: no column %q (the mapping's %s); the header has: %s", file, name, c, strings.Join(sortedCopy(head), ", "))
			}
			continue
		}
		col[k] = i
	}
	for _, need := range []int{2, 4, 5} { // time, actor, kind
		if col[need] < 0 && m.Constants[Columns[need]] == "" {
			return col, fmt.Errorf("%s:1: missing column %q: map it (columns.%s) or give a constant", file, Columns[need], Columns[need])
		}
	}
	return col, nil
}

// apply translates one cell of our column c.
func (m *Mapping) apply(c, v string) string {
	if v == "" {
		if k, ok := m.Constants[c]; ok {
			return k
		}
		return v
	}
	if vals := m.Values[c]; vals != nil {
		if to, ok := vals[v]; ok {
			return to
		}
	}
	return v
}

func sortedCopy(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}
