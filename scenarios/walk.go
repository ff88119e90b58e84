package scenarios

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/calendar"
	"github.com/omnisim/omnisim/sim/dist"
	"gopkg.in/yaml.v3"
)

// hook reads a key the walk does not, or not only, read by its kind: it is called
// for every row, present (ok) or not, before the walk looks at it, and returns
// true when it has dealt with the key. Keys of kind kCustom that no hook takes are
// left alone (a section may read them after the walk).
type hook func(k *key, v *yaml.Node, ok bool) bool

// fill reads mapping n of section sec, at path, into t (its struct). Unlike
// mapping, a value that is no mapping still has its required keys reported
// missing.
func (p *parser) fill(n *yaml.Node, path string, sec *section, t any) {
	f, _ := p.fields(n, path, sec.names()...)
	p.walk(n, f, path, sec, t, nil)
}

// walk reads the keys of section sec found in f (the entries of mapping n, at path)
// into t, a pointer to the section's struct, in table order: each plain key by its
// kind and rule, each other by h. A required key that is absent is reported at n.
func (p *parser) walk(n *yaml.Node, f map[string]*yaml.Node, path string, sec *section, t any, h hook) {
	for i := range sec.keys {
		k := &sec.keys[i]
		v, ok := f[k.name]
		if h != nil && h(k, v, ok) {
			continue
		}
		if !ok {
			if k.need != "" {
				p.missing(n, join(path, k.name), "%s", k.need)
			}
			continue
		}
		switch {
		case k.read != nil:
			k.read(p, v, join(path, k.name), t)
		case k.kind != kCustom:
			p.read(v, join(path, k.name), k, k.field(t))
		}
	}
}

// read reads the value v of key k, at path, into the field ptr points to. A value
// that breaks its kind or rule is reported; the field then keeps what the reader
// returned (the zero value, or the part that was good).
func (p *parser) read(v *yaml.Node, path string, k *key, ptr any) {
	var val any
	good := false
	switch k.kind {
	case kInt:
		var n int64
		n, good = p.integer(v, path, k.lo, k.hi)
		val = int(n)
	case kDistSeconds, kDistCount, kDistPlain:
		val, good = p.distribution(v, path, k.kind.unit())
	case kEnum:
		var s string
		if s, good = p.name(v, path); good {
			if vals := k.enum.values(); !contains(vals, s) {
				p.errf(v, path, "%s", k.enum.unknown(s, vals))
				return
			}
		}
		val = s
	default:
		if int(k.kind) >= len(readers) || readers[k.kind] == nil {
			panic(fmt.Sprintf("scenarios: %s: a row of kind %d the walk cannot read", path, k.kind))
		}
		val, good = readers[k.kind](p, v, path)
	}
	if good && k.check != nil {
		if msg := k.check(val, short(v.Value)); msg != "" {
			p.errf(v, path, "%s", msg)
			good = false // a pointer or date field keeps what it had
		}
	}
	assign(ptr, val, good)
}

// readers are the node readers (nodes.go) of the kinds that take no parameter.
var readers = [...]func(*parser, *yaml.Node, string) (any, bool){
	kString: reader((*parser).str), kName: reader((*parser).name), kChannel: reader((*parser).channelName),
	kBool: reader((*parser).boolean), kNumber: reader((*parser).number), kNonNegative: reader((*parser).nonNegative),
	kShare: reader((*parser).share), kDuration: reader((*parser).duration), kPositive: reader((*parser).positiveDuration),
	kRate: reader((*parser).rate), kDays: reader((*parser).days), kShares: reader((*parser).shares), kSkills: reader((*parser).skills),
	kZone: reader((*parser).zone), kDate: func(p *parser, v *yaml.Node, path string) (any, bool) {
		return p.date(v, path, "a date such as 2026-12-07")
	},
}

func reader[T any](f func(*parser, *yaml.Node, string) (T, bool)) func(*parser, *yaml.Node, string) (any, bool) {
	return func(p *parser, v *yaml.Node, path string) (any, bool) { return f(p, v, path) }
}

// unit is the distribution unit of a distribution kind.
func (k kind) unit() distUnit {
	switch k {
	case kDistCount:
		return count
	case kDistPlain:
		return plain
	}
	return seconds
}

// assign stores val in the field ptr points to. A pointer field (an optional value
// whose absence means something: patience, accept_time, offline_requeue) is set
// only to a good value.
func assign(ptr, val any, good bool) {
	switch f := ptr.(type) {
	case *string:
		*f = val.(string)
	case *bool:
		*f = val.(bool)
	case **bool:
		if good {
			b := val.(bool)
			*f = &b
		}
	case *int:
		*f = val.(int)
	case *float64:
		*f = val.(float64)
	case *time.Duration:
		*f = val.(time.Duration)
	case *dist.Dist:
		*f = val.(dist.Dist)
	case **dist.Dist:
		if good {
			d := val.(dist.Dist)
			*f = &d
		}
	case *Days:
		*f = val.(Days)
	case *calendar.Date:
		if good {
			*f = val.(calendar.Date)
		}
	case *[]Share:
		*f = val.([]Share)
	case *[]Skill:
		*f = val.([]Skill)
	default:
		panic(fmt.Sprintf("scenarios: a field of type %T the walk cannot set", ptr))
	}
}
