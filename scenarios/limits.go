package scenarios

import (
	"errors"
	"strings"

	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// Size limits: a scenario that validates runs in bounded memory. The limits are the
// simulator's (sim.MinInterval, sim.MaxReplications, sim.MaxConversations, …), checked
// in one place, sim.Model.Validate, which Model calls: so validate, run, sweep and
// staff agree, whether a value comes from the file or from a flag. Here the first
// excess is reported at the line of the field to change.
func (p *parser) checkLimits(s *Scenario) {
	_, err := s.Model()
	if err == nil {
		return
	}
	var se *sim.SizeError
	if errors.As(err, &se) {
		n, path := p.limitNode(se.Field)
		p.errf(n, path, "%s", se.Msg)
		return
	}
	// Every other check of the model is made above with positions; one that is not
	// is still an error, not a crash at run time.
	p.errf(p.root, "", "%v", err)
}

// limitNode finds the node of a field named by a size limit: the field itself, the
// rate or profile of an arrival stream, or the nearest enclosing key in the file
// (the root for a field left to its default).
func (p *parser) limitNode(field string) (*yaml.Node, string) {
	for _, f := range []string{field, field + ".rate", field + ".profile"} {
		if n, ok := p.seen[f]; ok {
			return n, f
		}
	}
	for f := field; f != ""; {
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			break
		}
		f = f[:i]
		if n, ok := p.seen[f]; ok {
			return n, field
		}
	}
	return p.root, field
}
