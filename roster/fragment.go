package roster

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// Fragment writes the roster as a scenario fragment that extends base (the
// scenario file, named as the fragment's extends: sees it): the base's agents
// list, each rostered group's count and schedule replaced by the roster's
// heads on the floor per weekday and grid interval, and a steady-state week
// (warmup SteadyWarmup, horizon 168h), so that `omnisim run` simulates the
// week the proof simulated. baseYAML is the base's text; its agents list must
// be in it (lists replace a base's whole, so the fragment carries them all).
func Fragment(baseYAML []byte, baseFile, base string, r *Roster) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(baseYAML, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", baseFile, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not a scenario mapping", baseFile)
	}
	var agents *yaml.Node
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "agents" {
			agents = root.Content[i+1]
		}
	}
	if agents == nil || agents.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: agents: not in this file (in a base it extends?); the fragment needs the agents list to replace it", baseFile)
	}
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
	done := map[string]bool{}
	for _, a := range agents.Content {
		if a.Kind != yaml.MappingNode {
			continue
		}
		name := ""
		for i := 0; i+1 < len(a.Content); i += 2 {
			if a.Content[i].Value == "name" {
				name = a.Content[i+1].Value
			}
		}
		g := -1
		for k, n := range r.Groups {
			if n == name {
				g = k
			}
		}
		if g < 0 {
			continue
		}
		done[name] = true
		var kept []*yaml.Node
		for i := 0; i+1 < len(a.Content); i += 2 {
			if k := a.Content[i].Value; k != "count" && k != "schedule" {
				kept = append(kept, a.Content[i], a.Content[i+1])
			}
		}
		sched := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range r.schedule(g) {
			sched.Content = append(sched.Content, &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
				str("at"), {Kind: yaml.ScalarNode, Value: fmtClock(e.at), Style: yaml.DoubleQuotedStyle},
				str("count"), str(strconv.Itoa(e.count)),
				str("days"), str(DayNames[e.day]),
			}})
		}
		a.Content = append(kept, str("schedule"), sched)
	}
	for _, n := range r.Groups {
		if !done[n] {
			return nil, fmt.Errorf("%s: agents: no group named %s", baseFile, n)
		}
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		str("version"), str("1"),
		str("extends"), str(base),
		str("warmup"), str(SteadyWarmup.String()),
		str("horizon"), str(Week.String()),
		str("agents"), agents,
	}}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# omnisim roster: the week's agents on the floor per group, weekday and %s (breaks excluded),\n", r.Interval)
	fmt.Fprintf(&b, "# simulated as a steady-state week (run it: omnisim run FILE).\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type schedEntry struct {
	day   int
	at    time.Duration
	count int
}

// schedule is group g's floor count per weekday, one entry where it changes,
// in time order (the scenario format's; a time shared only by different days).
func (r *Roster) schedule(g int) []schedEntry {
	perDay := int(Day / r.Interval)
	var out []schedEntry
	for i := 0; i < perDay; i++ {
		for d := 0; d < 7; d++ {
			n := r.Rostered[g][d*perDay+i]
			if i > 0 && n == r.Rostered[g][d*perDay+i-1] {
				continue
			}
			out = append(out, schedEntry{d, time.Duration(i) * r.Interval, n})
		}
	}
	return out
}
