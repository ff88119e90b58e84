package scenarios

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/omnisim/omnisim/sim/dist"
)

// distUnit says what a distribution's values measure, which decides whether duration
// strings are allowed.
type distUnit int

const (
	// seconds: pauses, patience, response times, latency, delays. Values may be
	// written as durations (45s, 3h) or as plain numbers of seconds.
	seconds distUnit = iota
	// count: messages per conversation. Plain numbers only.
	count
	// plain: a dimensionless number such as the bot's confidence. Plain numbers only.
	plain
)

// distParams lists each family's parameters (sim/dist.Spec).
var distParams = map[string][]string{
	"constant":    {"value"},
	"exponential": {"mean"},
	"lognormal":   {"median", "sigma", "mean"},
	"gamma":       {"shape", "scale", "mean"},
	"weibull":     {"shape", "scale"},
	"uniform":     {"min", "max"},
	"beta":        {"alpha", "beta"},
	"geometric":   {"mean"},
	"empirical":   {"values", "weights"},
}

// timeParams are the parameters measured in the distribution's unit (seconds for a
// time-valued distribution); the others (sigma, shape, alpha, beta, weights) are
// dimensionless.
var timeParams = map[string]bool{"value": true, "mean": true, "median": true, "scale": true, "min": true, "max": true, "values": true}

func distKinds() []string {
	kinds := make([]string, 0, len(distParams)+1)
	for k := range distParams {
		kinds = append(kinds, k)
	}
	kinds = append(kinds, "mixture")
	sort.Strings(kinds)
	return kinds
}

// distribution reads a distribution: {dist: NAME, params…} or {mixture: [{weight, dist,
// params…}, …]}, and builds it with dist.New, whose complaint is reported at the
// distribution with its path.
func (p *parser) distribution(n *yaml.Node, path string, u distUnit) (dist.Dist, bool) {
	spec, _, ok := p.distSpec(n, path, u, false, 0)
	if !ok {
		return dist.Dist{}, false
	}
	d, err := dist.New(spec)
	if err != nil {
		at, atPath, msg := locateDistError(n, path, distError(err))
		p.errf(at, atPath, "%s", msg)
		return dist.Dist{}, false
	}
	return d, true
}

// locateDistError moves dist.New's complaint to the node it is about: its
// "mixture[i]: " prefixes name components, and "FAMILY: PARAM …" a parameter.
func locateDistError(n *yaml.Node, path, msg string) (*yaml.Node, string, string) {
	for strings.HasPrefix(msg, "mixture[") {
		end := strings.Index(msg, "]: ")
		if end < 0 {
			break
		}
		i, err := strconv.Atoi(msg[len("mixture["):end])
		comps := mapValue(n, "mixture")
		if err != nil || comps == nil || comps.Kind != yaml.SequenceNode || i < 0 || i >= len(comps.Content) {
			break
		}
		n, path, msg = comps.Content[i], index(join(path, "mixture"), i), msg[end+len("]: "):]
	}
	if fam, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(fam, " ") {
		param, _, _ := strings.Cut(rest, " ")
		if v := mapValue(n, param); v != nil {
			return v, join(path, param), msg
		}
	}
	return n, path, msg
}

// mapValue returns the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// distError words dist.New's error for a scenario message.
func distError(err error) string {
	return strings.TrimPrefix(err.Error(), "dist: ")
}

// maxMixtureDepth bounds mixtures of mixtures; nothing real needs more than one level.
const maxMixtureDepth = 4

// distSpec reads the Spec of a distribution, or of one mixture component (then with
// its weight).
func (p *parser) distSpec(n *yaml.Node, path string, u distUnit, component bool, depth int) (dist.Spec, float64, bool) {
	var spec dist.Spec
	if n.Kind == yaml.AliasNode {
		return spec, 0, false
	}
	if n.Kind != yaml.MappingNode {
		p.errf(n, path, "must be a distribution such as {dist: %s}, got %s", distExample(u), kindName(n))
		return spec, 0, false
	}
	es, ok := p.pairs(n, path)
	if !ok {
		return spec, 0, false
	}
	byName := map[string]entry{}
	for _, e := range es {
		byName[e.name] = e
	}
	kindEntry, hasDist := byName["dist"]
	mix, hasMix := byName["mixture"]
	var allowed []string
	switch {
	case hasDist && hasMix:
		p.errf(mix.key, join(path, "mixture"), "dist and mixture cannot both be set; give one")
		return spec, 0, false
	case !hasDist && !hasMix:
		p.errf(n, path, "must say dist: NAME (one of %s) or mixture: [...]", strings.Join(distKinds(), ", "))
		return spec, 0, false
	case hasMix:
		spec.Kind = "mixture"
		allowed = []string{"mixture"}
	default:
		name, good := p.name(kindEntry.val, join(path, "dist"))
		if !good {
			return spec, 0, false
		}
		if name == "mixture" {
			p.errf(kindEntry.val, join(path, "dist"), "write a mixture as mixture: [{weight: 0.7, dist: …}, …]")
			return spec, 0, false
		}
		params, known := distParams[name]
		if !known {
			p.errf(kindEntry.val, join(path, "dist"), "unknown distribution %s%s; known: %s", quoteIfOdd(name), didYouMean(name, distKinds()), strings.Join(distKinds(), ", "))
			return spec, 0, false
		}
		spec.Kind = name
		allowed = append([]string{"dist"}, params...)
	}
	if component {
		allowed = append(allowed, "weight")
	}
	spec.Set = map[string]bool{}
	weight := 0.0
	hasWeight := false
	for _, e := range es {
		kp := join(path, e.name)
		if !contains(allowed, e.name) {
			switch {
			case e.name == "weight":
				p.errf(e.key, kp, "weight belongs to the components of a mixture")
			case spec.Kind != "mixture" && isParam(e.name):
				p.errf(e.key, kp, "%s is not a parameter of %s (its parameters: %s)", e.name, spec.Kind, strings.Join(distParams[spec.Kind], ", "))
			default:
				p.errf(e.key, kp, "unknown key%s", didYouMean(e.name, allowed))
			}
			ok = false
			continue
		}
		switch e.name {
		case "dist":
		case "mixture":
			comps, good := p.mixture(e.val, kp, u, depth)
			ok = ok && good
			spec.Components = comps
		case "weight":
			w, good := p.share(e.val, kp)
			ok = ok && good
			weight, hasWeight = w, true
		case "values", "weights":
			items, good := p.seq(e.val, kp)
			if !good {
				ok = false
				continue
			}
			vals := make([]float64, 0, len(items))
			for i, it := range items {
				v, good := p.param(it, index(kp, i), u, e.name == "values")
				ok = ok && good
				vals = append(vals, v)
			}
			if e.name == "values" {
				spec.Values = vals
			} else {
				spec.Weights = vals
			}
			spec.Set[e.name] = true
		default:
			v, good := p.param(e.val, kp, u, timeParams[e.name])
			if !good {
				ok = false
				continue
			}
			setParam(&spec, e.name, v)
		}
	}
	if component && !hasWeight {
		p.errf(n, join(path, "weight"), "required: the component's share of the mixture, such as 0.7")
		ok = false
	}
	return spec, weight, ok
}

// mixture reads the components of a mixture; their weights must sum to 1.
func (p *parser) mixture(n *yaml.Node, path string, u distUnit, depth int) ([]dist.Component, bool) {
	if depth >= maxMixtureDepth {
		p.errf(n, path, "mixtures nested more than %d deep", maxMixtureDepth)
		return nil, false
	}
	items, ok := p.seq(n, path)
	if !ok {
		return nil, false
	}
	if len(items) == 0 {
		p.errf(n, path, "must list at least one component {weight, dist, …}")
		return nil, false
	}
	comps := make([]dist.Component, 0, len(items))
	sum := 0.0
	for i, it := range items {
		spec, w, good := p.distSpec(it, index(path, i), u, true, depth+1)
		if !good {
			ok = false
			continue
		}
		sum += w
		comps = append(comps, dist.Component{Weight: w, Spec: spec})
	}
	if ok && math.Abs(sum-1) > 1e-9 {
		p.errf(n, path, "weights must sum to 1 (got %s)", strconv.FormatFloat(sum, 'g', 10, 64))
		return nil, false
	}
	return comps, ok
}

func isParam(name string) bool {
	for _, ps := range distParams {
		if contains(ps, name) {
			return true
		}
	}
	return false
}

// param reads one numeric parameter. Parameters measured in a time-valued
// distribution's unit may be durations, converted to seconds.
func (p *parser) param(n *yaml.Node, path string, u distUnit, measured bool) (float64, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && measured && u == seconds {
		d, err := time.ParseDuration(strings.TrimSpace(n.Value))
		if err != nil {
			p.errf(n, path, "must be a number of seconds or a duration such as 45s or 3h, got %s", quote(n.Value))
			return 0, false
		}
		if d < 0 {
			p.errf(n, path, "must be ≥ 0: it is a time (got %s)", short(n.Value))
			return 0, false
		}
		return d.Seconds(), true
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && measured {
		if _, err := time.ParseDuration(strings.TrimSpace(n.Value)); err == nil {
			what := "count"
			if u == plain {
				what = "plain-number"
			}
			p.errf(n, path, "must be a number; durations are not allowed in a %s distribution (got %s)", what, short(n.Value))
			return 0, false
		}
	}
	v, ok := p.number(n, path)
	if ok && measured && u == seconds && v < 0 {
		p.errf(n, path, "must be ≥ 0: it is a time in seconds (got %s)", short(n.Value))
		return 0, false
	}
	return v, ok
}

func setParam(s *dist.Spec, name string, v float64) {
	s.Set[name] = true
	switch name {
	case "value":
		s.Value = v
	case "mean":
		s.Mean = v
	case "median":
		s.Median = v
	case "sigma":
		s.Sigma = v
	case "shape":
		s.Shape = v
	case "scale":
		s.Scale = v
	case "min":
		s.Min = v
	case "max":
		s.Max = v
	case "alpha":
		s.Alpha = v
	case "beta":
		s.Beta = v
	}
}

func distExample(u distUnit) string {
	switch u {
	case count:
		return "geometric, mean: 4"
	case plain:
		return "beta, alpha: 8, beta: 2"
	}
	return "exponential, mean: 30m"
}
