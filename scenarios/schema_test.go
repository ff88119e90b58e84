package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const schemaFile = "scenario.schema.json"

// TestSchemaCurrent fails when scenario.schema.json is not what JSONSchema generates;
// go test ./scenarios -run Schema -update rewrites it.
func TestSchemaCurrent(t *testing.T) {
	got := JSONSchema()
	if *update {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v (go test ./scenarios -run Schema -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: regenerate it with go test ./scenarios -run Schema -update", schemaFile)
	}
}

// TestSchemaKeysMatchLoader: every key the loader accepts has a type and a
// description in the schema, and the schema describes no key the loader refuses.
func TestSchemaKeysMatchLoader(t *testing.T) {
	_, problems := buildSchema()
	for _, p := range problems {
		t.Error(p)
	}
}

func TestSchemaDeterministic(t *testing.T) {
	if !bytes.Equal(JSONSchema(), JSONSchema()) {
		t.Error("two generations differ")
	}
}

// TestSchemaAcceptsValidScenarios validates every valid scenario of the repository
// (testdata, examples, the default) against the schema: an editor must never flag a
// file omnisim accepts.
func TestSchemaAcceptsValidScenarios(t *testing.T) {
	v := newSchemaValidator(t)
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	examples, _ := filepath.Glob("examples/*.yaml")
	files = append(append(files, examples...), "default.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(f, data); err != nil {
			continue // a file of another issue in progress; the loader's tests report it
		}
		if errs := v.check(t, data); len(errs) > 0 {
			t.Errorf("%s: the loader accepts it, the schema does not:\n%s", f, strings.Join(errs, "\n"))
		}
	}
}

// TestSchemaRejects checks that the schema catches what it can say: each case breaks
// a valid scenario in one place.
func TestSchemaRejects(t *testing.T) {
	base := `version: 1
horizon: 24h
channels: {web: {}, sms: {opt_out: 2%}}
arrivals: [{channel: web, rate: 60/h, days: mon-fri, profile_placeholder: 0}]
customers: {pause: {dist: lognormal, median: 45s, sigma: 1}}
agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]
assert: [service_level >= 80%]
`
	v := newSchemaValidator(t)
	ok := strings.Replace(base, ", profile_placeholder: 0", "", 1)
	if errs := v.check(t, []byte(ok)); len(errs) > 0 {
		t.Fatalf("base case rejected:\n%s", strings.Join(errs, "\n"))
	}
	cases := map[string][2]string{
		"unknown key":          {", profile_placeholder: 0", ", intnets: {a: 1}"},
		"rate without unit":    {"rate: 60/h", "rate: 60"},
		"rate and profile":     {", profile_placeholder: 0", `, profile: [{at: "08:00", rate: 1/h}]`},
		"bad time of day":      {"rate: 60/h", `profile: [{at: "25:00", rate: 1/h}]`},
		"bad days":             {"days: mon-fri", "days: mon-fry"},
		"duration w/o unit":    {"horizon: 24h", "horizon: 24"},
		"future version":       {"version: 1", "version: 2"},
		"unknown channel":      {"web: {}", "fax: {}"},
		"share above 1":        {"opt_out: 2%", "opt_out: 2"},
		"unknown dist param":   {"median: 45s", "mode: 45s"},
		"unknown dist":         {"dist: exponential", "dist: poisson"},
		"count not integer":    {"count: 5", "count: 5.5"},
		"count and schedule":   {"count: 5,", `count: 5, schedule: [{at: "00:00", count: 1}],`},
		"bad assertion op":     {"service_level >= 80%", "service_level => 80%"},
		"bad assertion key":    {"service_level >= 80%", "service_levels >= 80%"},
		"no agents":            {"agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 2m}}]", ""},
		"missing response":     {", response_time: {dist: exponential, mean: 2m}", ""},
		"routing model":        {"assert:", "routing: {model: fastest}\nassert:"},
		"skill level above 10": {"count: 5,", "count: 5, skills: {en: 11},"},
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		c := cases[name]
		doc := strings.Replace(base, c[0], c[1], 1)
		if doc == base && !strings.Contains(base, c[0]) {
			t.Fatalf("%s: %q not in the base case", name, c[0])
		}
		doc = strings.Replace(doc, ", profile_placeholder: 0", "", 1)
		if errs := v.check(t, []byte(doc)); len(errs) == 0 {
			t.Errorf("%s: schema accepts\n%s", name, doc)
		}
	}
}

// schemaValidator is a small JSON Schema (draft-07) validator for the keywords the
// generated schema uses; it fails the test on any other keyword, so that the schema
// cannot grow beyond what this test checks.
type schemaValidator struct {
	root map[string]any
}

func newSchemaValidator(t *testing.T) *schemaValidator {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(JSONSchema(), &root); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if root["$schema"] != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("$schema = %v", root["$schema"])
	}
	return &schemaValidator{root: root}
}

// check validates a YAML document and returns the violations.
func (v *schemaValidator) check(t *testing.T, data []byte) []string {
	t.Helper()
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("YAML: %v", err)
	}
	var errs []string
	v.validate(t, v.root, jsonValue(doc), "$", &errs)
	return errs
}

// jsonValue turns a decoded YAML value into what a YAML-aware editor hands the schema:
// JSON types, numbers as float64.
func jsonValue(x any) any {
	switch x := x.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, v := range x {
			out[k] = jsonValue(v)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = jsonValue(v)
		}
		return out
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return x
}

var knownKeywords = map[string]bool{
	"$schema": true, "$id": true, "title": true, "description": true, "definitions": true,
	"$ref": true, "allOf": true, "anyOf": true, "oneOf": true, "type": true, "enum": true, "const": true,
	"pattern": true, "minLength": true, "minimum": true, "maximum": true, "exclusiveMinimum": true,
	"minItems": true, "items": true, "minProperties": true, "properties": true,
	"additionalProperties": true, "propertyNames": true, "required": true,
}

func (v *schemaValidator) validate(t *testing.T, s map[string]any, x any, at string, errs *[]string) {
	bad := func(format string, args ...any) { *errs = append(*errs, at+": "+fmt.Sprintf(format, args...)) }
	for k := range s {
		if !knownKeywords[k] {
			t.Fatalf("schema keyword %s at %s: the test validator does not know it", k, at)
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/definitions/")
		def, ok := v.root["definitions"].(map[string]any)[name].(map[string]any)
		if !ok {
			t.Fatalf("dangling $ref %s", ref)
		}
		v.validate(t, def, x, at, errs)
	}
	sub := func(schema any) []string {
		var e []string
		v.validate(t, schema.(map[string]any), x, at, &e)
		return e
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, a := range all {
			*errs = append(*errs, sub(a)...)
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		matched := false
		var why []string
		for _, a := range anyOf {
			e := sub(a)
			matched = matched || len(e) == 0
			why = append(why, e...)
		}
		if !matched {
			bad("matches none of anyOf (%s)", strings.Join(why, "; "))
		}
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, a := range oneOf {
			if len(sub(a)) == 0 {
				n++
			}
		}
		if n != 1 {
			bad("matches %d of oneOf, want exactly 1", n)
		}
	}
	if typ, ok := s["type"]; ok {
		var types []string
		switch typ := typ.(type) {
		case string:
			types = []string{typ}
		case []any:
			for _, x := range typ {
				types = append(types, x.(string))
			}
		}
		matched := false
		for _, ty := range types {
			matched = matched || isType(x, ty)
		}
		if !matched {
			bad("%v is not of type %v", x, types)
			return
		}
	}
	if c, ok := s["const"]; ok && !equalJSON(c, x) {
		bad("%v is not %v", x, c)
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, c := range e {
			found = found || equalJSON(c, x)
		}
		if !found {
			bad("%v is not one of %v", x, e)
		}
	}
	if str, ok := x.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			bad("%q does not match %s", str, p)
		}
		if m, ok := s["minLength"].(float64); ok && float64(len([]rune(str))) < m {
			bad("%q is shorter than %v", str, m)
		}
	}
	if num, ok := x.(float64); ok {
		if m, ok := s["minimum"].(float64); ok && num < m {
			bad("%v < minimum %v", num, m)
		}
		if m, ok := s["maximum"].(float64); ok && num > m {
			bad("%v > maximum %v", num, m)
		}
		if m, ok := s["exclusiveMinimum"].(float64); ok && num <= m {
			bad("%v ≤ exclusiveMinimum %v", num, m)
		}
	}
	if arr, ok := x.([]any); ok {
		if m, ok := s["minItems"].(float64); ok && float64(len(arr)) < m {
			bad("%d items, want ≥ %v", len(arr), m)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range arr {
				v.validate(t, items, it, fmt.Sprintf("%s[%d]", at, i), errs)
			}
		}
	}
	if obj, ok := x.(map[string]any); ok {
		if m, ok := s["minProperties"].(float64); ok && float64(len(obj)) < m {
			bad("%d properties, want ≥ %v", len(obj), m)
		}
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				if _, has := obj[r.(string)]; !has {
					bad("required property %s missing", r)
				}
			}
		}
		props, _ := s["properties"].(map[string]any)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			val := obj[k]
			if pn, ok := s["propertyNames"].(map[string]any); ok {
				var e []string
				v.validate(t, pn, k, at+"."+k+"(name)", &e)
				*errs = append(*errs, e...)
			}
			if ps, ok := props[k].(map[string]any); ok {
				v.validate(t, ps, val, at+"."+k, errs)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					bad("property %s is not allowed", k)
				}
			case map[string]any:
				v.validate(t, ap, val, at+"."+k, errs)
			}
		}
	}
}

func isType(x any, ty string) bool {
	switch ty {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "number":
		_, ok := x.(float64)
		return ok
	case "integer":
		f, ok := x.(float64)
		return ok && f == math.Trunc(f)
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "null":
		return x == nil
	}
	return false
}

func equalJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}
