package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// This file holds the node-level helpers: each checks one YAML node against one kind
// of value, records an error at the node with its path when it does not fit, and
// returns ok = false. Aliases were reported once by rejectAliases; the helpers skip
// them silently.

// join extends a key path: join("agents[1]", "count") = "agents[1].count".
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index extends a path with a sequence index: index("agents", 1) = "agents[1]".
func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// kindName says what a node is, for "got …" in messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!str":
			return quote(n.Value)
		}
		return short(n.Value)
	}
	return "an unknown node"
}

// quote quotes a user's string for a message, shortened when long.
func quote(s string) string { return strconv.Quote(short(s)) }

// short truncates s for a message.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:37]) + "…"
	}
	return s
}

// quoteIfOdd quotes names that would read badly bare (empty, spaces, control characters).
func quoteIfOdd(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\r\n\"'") || strconv.Quote(s) != `"`+s+`"` || len(s) > 40 {
		return quote(s)
	}
	return s
}

func isNull(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// entry is one key: value pair of a mapping.
type entry struct {
	key, val *yaml.Node
	name     string
}

// pairs returns the entries of a mapping in file order, reporting duplicate and
// non-scalar keys. A null value (a key with nothing after it) counts as an empty
// mapping. ok is false when n is not a mapping.
func (p *parser) pairs(n *yaml.Node, path string) ([]entry, bool) {
	if n.Kind == yaml.AliasNode {
		return nil, false
	}
	if isNull(n) {
		return nil, true
	}
	if n.Kind != yaml.MappingNode {
		p.errf(n, path, "must be a mapping of key: value, got %s", kindName(n))
		return nil, false
	}
	var out []entry
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			if k.Kind != yaml.AliasNode {
				p.errf(k, path, "keys must be plain names, got %s", kindName(k))
			}
			continue
		}
		if prev, dup := first[k.Value]; dup {
			p.errf(k, join(path, k.Value), "duplicate key (first at line %d)", prev.Line)
			continue
		}
		first[k.Value] = k
		out = append(out, entry{key: k, val: v, name: k.Value})
	}
	return out, true
}

// fields returns a mapping's entries by key, reporting unknown keys with a suggestion
// among allowed, and records each key's path as seen.
func (p *parser) fields(n *yaml.Node, path string, allowed ...string) (map[string]*yaml.Node, bool) {
	es, ok := p.pairs(n, path)
	if !ok {
		return nil, false
	}
	out := make(map[string]*yaml.Node, len(es))
	for _, e := range es {
		if !contains(allowed, e.name) {
			p.errf(e.key, join(path, e.name), "unknown key%s", didYouMean(e.name, allowed))
			continue
		}
		out[e.name] = e.val
		p.seen[join(path, e.name)] = e.val
	}
	return out, true
}

// keyNode returns the key node of the entry whose value is v in mapping m (for errors
// that belong at a key rather than at its value).
func keyNode(m, v *yaml.Node) *yaml.Node {
	if m == nil {
		return v
	}
	for i := 1; i < len(m.Content); i += 2 {
		if m.Content[i] == v {
			return m.Content[i-1]
		}
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// seq returns the items of a list; ok is false when n is not a list.
func (p *parser) seq(n *yaml.Node, path string) ([]*yaml.Node, bool) {
	if n.Kind == yaml.AliasNode {
		return nil, false
	}
	if n.Kind != yaml.SequenceNode {
		p.errf(n, path, "must be a list, got %s", kindName(n))
		return nil, false
	}
	return n.Content, true
}

// scalar checks that n is a scalar with a value (not a mapping, list or nothing).
func (p *parser) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind == yaml.AliasNode {
		return false
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errf(n, path, "must be %s, got %s", want, kindName(n))
		return false
	}
	return true
}

// str reads a string. Numbers and booleans written bare are taken as written
// (name: 2024 is the name "2024").
func (p *parser) str(n *yaml.Node, path string) (string, bool) {
	if !p.scalar(n, path, "a string") {
		return "", false
	}
	return n.Value, true
}

// name reads an identifier-like string (a name, a channel): non-empty.
func (p *parser) name(n *yaml.Node, path string) (string, bool) {
	s, ok := p.str(n, path)
	if !ok {
		return "", false
	}
	if strings.TrimSpace(s) == "" {
		p.errf(n, path, "must not be empty")
		return "", false
	}
	return s, true
}

// boolean reads true or false.
func (p *parser) boolean(n *yaml.Node, path string) (bool, bool) {
	if !p.scalar(n, path, "true or false") {
		return false, false
	}
	if n.Tag != "!!bool" {
		p.errf(n, path, "must be true or false, got %s", kindName(n))
		return false, false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		p.errf(n, path, "must be true or false, got %s", kindName(n))
		return false, false
	}
	return b, true
}

// integer reads an integer in [lo, hi].
func (p *parser) integer(n *yaml.Node, path string, lo, hi int64) (int64, bool) {
	if !p.scalar(n, path, "an integer") {
		return 0, false
	}
	if n.Tag != "!!int" {
		if n.Tag == "!!float" {
			p.errf(n, path, "must be an integer, got %s", n.Value)
		} else {
			p.errf(n, path, "must be an integer, got %s", kindName(n))
		}
		return 0, false
	}
	var v int64
	if err := n.Decode(&v); err != nil {
		p.errf(n, path, "integer %s is out of range", short(n.Value))
		return 0, false
	}
	if msg := intRule(v, lo, hi); msg != "" {
		p.errf(n, path, "%s", msg)
		return 0, false
	}
	return v, true
}

// intRule is the rule of an integer in [lo, hi].
func intRule(v, lo, hi int64) string {
	if v < lo {
		return fmt.Sprintf("must be ≥ %d (got %d)", lo, v)
	}
	if v > hi {
		return fmt.Sprintf("must be ≤ %d (got %d)", hi, v)
	}
	return ""
}

// number reads a finite number (integer or decimal).
func (p *parser) number(n *yaml.Node, path string) (float64, bool) {
	if !p.scalar(n, path, "a number") {
		return 0, false
	}
	if n.Tag != "!!int" && n.Tag != "!!float" {
		p.errf(n, path, "must be a number, got %s", kindName(n))
		return 0, false
	}
	var v float64
	if err := n.Decode(&v); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.errf(n, path, "must be a finite number, got %s", short(n.Value))
		return 0, false
	}
	return v, true
}

// nonNegative reads a finite number ≥ 0.
func (p *parser) nonNegative(n *yaml.Node, path string) (float64, bool) {
	v, ok := p.number(n, path)
	if msg := nonNegativeRule(v, n.Value); ok && msg != "" {
		p.errf(n, path, "%s", msg)
		return 0, false
	}
	return v, ok
}

// nonNegativeRule is the rule of a number ≥ 0 (got: as written).
func nonNegativeRule(v float64, got string) string {
	if v < 0 {
		return "must be ≥ 0 (got " + got + ")"
	}
	return ""
}

// share reads a probability or share: 0.8 or 80%, in [0, 1].
func (p *parser) share(n *yaml.Node, path string) (float64, bool) {
	if !p.scalar(n, path, "a share such as 0.8 or 80%") {
		return 0, false
	}
	if n.Tag != "!!int" && n.Tag != "!!float" && n.Tag != "!!str" {
		p.errf(n, path, "must be a share such as 0.8 or 80%%, got %s", kindName(n))
		return 0, false
	}
	v, err := ParseShare(n.Value)
	if err != nil {
		p.errf(n, path, "%s", describeShareError(n.Value))
		return 0, false
	}
	return v, true
}

// describeShareError words a bad share for the user.
func describeShareError(s string) string {
	t := strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, "%")), 64); err == nil {
		return fmt.Sprintf("must be between 0 and 1 (0%% and 100%%), got %s", short(t))
	}
	return fmt.Sprintf("must be a share such as 0.8 or 80%%, got %s", quote(s))
}

// duration reads a Go duration ≥ 0 ("45s", "1h30m"; a bare 0 is allowed).
func (p *parser) duration(n *yaml.Node, path string) (time.Duration, bool) {
	d, ok := p.anyDuration(n, path)
	if msg := durationRule(d, false, short(n.Value)); ok && msg != "" {
		p.errf(n, path, "%s", msg)
		return 0, false
	}
	return d, ok
}

// durationRule is the rule of a duration ≥ 0, or > 0 when positive (got: as
// written).
func durationRule(d time.Duration, positive bool, got string) string {
	switch {
	case positive && d <= 0:
		return "must be > 0 (got " + got + ")"
	case d < 0:
		return "must be ≥ 0 (got " + got + ")"
	}
	return ""
}

// positiveDuration reads a duration > 0.
func (p *parser) positiveDuration(n *yaml.Node, path string) (time.Duration, bool) {
	d, ok := p.anyDuration(n, path)
	if msg := durationRule(d, true, short(n.Value)); ok && msg != "" {
		p.errf(n, path, "%s", msg)
		return 0, false
	}
	return d, ok
}

// anyDuration reads a Go duration of either sign.
func (p *parser) anyDuration(n *yaml.Node, path string) (time.Duration, bool) {
	if !p.scalar(n, path, "a duration such as 45s, 3h or 1h30m") {
		return 0, false
	}
	d, err := time.ParseDuration(strings.TrimSpace(n.Value))
	if err != nil {
		if _, e := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); e == nil {
			p.errf(n, path, "must be a duration with a unit such as 45s, 3h or 1h30m, got %s", short(n.Value))
		} else {
			p.errf(n, path, "must be a duration such as 45s, 3h or 1h30m, got %s", quote(n.Value))
		}
		return 0, false
	}
	return d, true
}

// rate reads a rate such as 120/h, per second.
func (p *parser) rate(n *yaml.Node, path string) (float64, bool) {
	if !p.scalar(n, path, "a rate such as 120/h") {
		return 0, false
	}
	v := strings.TrimSpace(n.Value)
	if n.Tag == "!!int" || n.Tag == "!!float" {
		p.errf(n, path, "must be a rate with a unit such as %s/h (per s, m, h or d), got %s", short(v), short(v))
		return 0, false
	}
	r, err := ParseRate(v)
	if err != nil {
		p.errf(n, path, "%s", describeRateError(v))
		return 0, false
	}
	return r, true
}

// describeRateError words a rate ParseRate refuses for the user.
func describeRateError(v string) string {
	if num, _, ok := strings.Cut(v, "/"); ok {
		if x, e := strconv.ParseFloat(strings.TrimSpace(num), 64); e == nil && x < 0 {
			return "must be ≥ 0 (got " + short(v) + ")"
		}
	}
	return "must be a rate such as 120/h (N/s, N/m, N/h or N/d), got " + quote(v)
}

// timeOfDay reads "HH:MM".
func (p *parser) timeOfDay(n *yaml.Node, path string) (time.Duration, bool) {
	if !p.scalar(n, path, `a time of day such as "08:00"`) {
		return 0, false
	}
	d, err := ParseTimeOfDay(n.Value)
	if err != nil {
		p.errf(n, path, "%v", err)
		return 0, false
	}
	return d, true
}

// days reads a set of weekdays: "mon-fri", "sat,sun", "weekdays", or a list [sat, sun].
func (p *parser) days(n *yaml.Node, path string) (Days, bool) {
	if n.Kind == yaml.SequenceNode {
		var all Days
		ok := true
		for i, it := range n.Content {
			d, good := p.days(it, index(path, i))
			all |= d
			ok = ok && good
		}
		if len(n.Content) == 0 {
			p.errf(n, path, "must name at least one day")
			return 0, false
		}
		return all, ok
	}
	if !p.scalar(n, path, "days such as mon-fri, sat,sun or weekdays") {
		return 0, false
	}
	d, err := ParseDays(n.Value)
	if err != nil {
		p.errf(n, path, "%v", err)
		return 0, false
	}
	return d, true
}

// shares reads a categorical map name: share whose shares sum to 1, in file order.
func (p *parser) shares(n *yaml.Node, path string) ([]Share, bool) {
	es, ok := p.pairs(n, path)
	if !ok {
		return nil, false
	}
	if len(es) == 0 {
		p.errf(n, path, "must list at least one name: share, such as {en: 1}")
		return nil, false
	}
	out := make([]Share, 0, len(es))
	sum := 0.0
	for _, e := range es {
		v, good := p.share(e.val, join(path, e.name))
		if !good {
			ok = false
			continue
		}
		if strings.TrimSpace(e.name) == "" {
			p.errf(e.key, path, "names must not be empty")
			ok = false
			continue
		}
		sum += v
		out = append(out, Share{Name: e.name, Share: v})
	}
	// With a duplicate name (already reported) the sum would blame the wrong thing.
	if ok && len(es) == len(n.Content)/2 && math.Abs(sum-1) > 1e-9 {
		p.errf(n, path, "shares must sum to 1 (got %s)", strconv.FormatFloat(sum, 'g', 10, 64))
		return nil, false
	}
	return out, ok
}

// skills reads name: level with integer levels 0–10, in file order.
func (p *parser) skills(n *yaml.Node, path string) ([]Skill, bool) {
	es, ok := p.pairs(n, path)
	if !ok {
		return nil, false
	}
	out := make([]Skill, 0, len(es))
	for _, e := range es {
		v, good := p.integer(e.val, join(path, e.name), 0, 10)
		if !good {
			ok = false
			continue
		}
		out = append(out, Skill{Name: e.name, Level: int(v)})
	}
	return out, ok
}
