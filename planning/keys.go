package planning

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/omnisim/omnisim/scenarios"
)

// KeyError is a key Set does not know or a value it refuses; the CLI reports it
// as bad input.
type KeyError struct {
	Key    string
	Reason string
}

func (e *KeyError) Error() string { return showKey(e.Key) + ": " + e.Reason }

// Keys lists the keys Set understands, NAME standing for an agent group's name
// (or [i] for its index) and CHANNEL for a channel. Durations are in seconds and
// rates per hour when given as plain numbers. They are the scenario keys the
// registry of package scenarios marks sweepable (scenarios.SweepKeys), and the
// scale factors of planning's own, each before the keys of its list.
var Keys = sweepKeys()

// scaleKeys are Set's own keys: factors on a list's rates or head counts, by the
// list they scale.
var scaleKeys = map[string][]string{
	"arrivals": {"arrivals.scale", "arrivals.CHANNEL.scale", "arrivals[i].scale"},
	"agents":   {"agents.scale", "agents.NAME.schedule.scale"},
	// not a scale: bot.turns' parameters, set through setBotTurns (the section
	// may be absent and gets its defaults)
	"bot": {"bot.turns.decay", "bot.turns.give_up", "bot.turns.csat_per_turn"},
}

func sweepKeys() []string {
	var out []string
	done := map[string]bool{}
	for _, k := range scenarios.SweepKeys() {
		head := k[:strings.IndexAny(k+".", ".[")]
		if !done[head] {
			done[head] = true
			out = append(out, scaleKeys[head]...)
		}
		out = append(out, k)
	}
	return out
}

// known lists the settings of Keys under prefix (agents.NAME., arrivals[i].), for
// messages.
func known(prefixes ...string) string {
	var out []string
	for _, k := range Keys {
		for _, p := range prefixes {
			if rest, ok := strings.CutPrefix(k, p); ok && !slices.Contains(out, rest) {
				out = append(out, rest)
			}
		}
	}
	return strings.Join(out, ", ")
}

// Clone returns a copy of s that Set may change without touching s: the parts
// Set writes are copied, the rest is shared (it is never written).
func Clone(s *scenarios.Scenario) *scenarios.Scenario {
	c := *s
	c.Arrivals = slices.Clone(s.Arrivals)
	for i := range c.Arrivals {
		c.Arrivals[i].Profile = slices.Clone(c.Arrivals[i].Profile)
	}
	c.Agents = slices.Clone(s.Agents)
	for i := range c.Agents {
		c.Agents[i].Schedule = slices.Clone(c.Agents[i].Schedule)
	}
	if s.Bot != nil {
		b := *s.Bot
		b.Intents = slices.Clone(s.Bot.Intents)
		c.Bot = &b
	}
	return &c
}

// Set sets key to v in s (change a Clone). Counts must be whole numbers; durations
// are seconds; rates are per hour. The scenario keys are set by scenarios.SetValue,
// which checks each value by the rule the loader applies to the file (the same
// message as for the value written there); the scale factors must be ≥ 0.
func Set(s *scenarios.Scenario, key string, v float64) error {
	bad := func(format string, args ...any) error {
		return &KeyError{Key: key, Reason: fmt.Sprintf(format, args...)}
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return bad("value must be a finite number")
	}
	factor := func() (float64, error) {
		if v < 0 {
			return 0, bad("must be ≥ 0, got %g", v)
		}
		return v, nil
	}
	set := func(path string) error {
		err := scenarios.SetValue(s, path, v)
		if err != nil && !errors.Is(err, scenarios.ErrNotSweepable) {
			return bad("%v", err)
		}
		return err
	}
	switch key {
	case "arrivals.scale":
		f, err := factor()
		for i := range s.Arrivals {
			scaleArrival(&s.Arrivals[i], f)
		}
		return err
	case "agents.scale":
		f, err := factor()
		for i := range s.Agents {
			scaleAgents(&s.Agents[i], f)
		}
		return err
	case "bot.turns.decay", "bot.turns.give_up", "bot.turns.csat_per_turn":
		if s.Bot == nil {
			return bad("the scenario has no bot: section")
		}
		var err error
		s.Bot.Turns, err = setBotTurns(s.Bot.Turns, key, v)
		return err
	}
	parts := strings.Split(key, ".")
	switch {
	case strings.HasPrefix(key, "agents"):
		g, rest, err := agentGroup(s, key, parts)
		if err != nil {
			return err
		}
		if rest == "schedule.scale" || rest == "scale" {
			f, err := factor()
			scaleAgents(&s.Agents[g], f)
			return err
		}
		if err := set(fmt.Sprintf("agents[%d].%s", g, rest)); errors.Is(err, scenarios.ErrNotSweepable) {
			return bad("unknown agent group setting %q (known: %s)", rest, known("agents.NAME."))
		} else if err != nil {
			return err
		}
		return nil
	case strings.HasPrefix(key, "arrivals"):
		idx, rest, err := arrivalStreams(s, key, parts)
		if err != nil {
			return err
		}
		if rest == "scale" {
			f, err := factor()
			for _, i := range idx {
				scaleArrival(&s.Arrivals[i], f)
			}
			return err
		}
		for _, i := range idx {
			if err := set(fmt.Sprintf("arrivals[%d].%s", i, rest)); errors.Is(err, scenarios.ErrNotSweepable) {
				return bad("unknown arrival setting %q (known: %s)", rest, known("arrivals[i].", "arrivals.CHANNEL."))
			} else if err != nil {
				return err
			}
		}
		return nil
	case parts[0] == "bot" && s.Bot == nil && slices.Contains(Keys, key):
		return bad("the scenario has no bot: section")
	case len(parts) == 4 && parts[0] == "bot" && parts[1] == "intents" && parts[3] == "resolvable":
		if s.Bot == nil {
			return bad("the scenario has no bot: section")
		}
		if !slices.ContainsFunc(s.Bot.Intents, func(b scenarios.BotIntent) bool { return b.Intent == parts[2] }) {
			return bad("the bot has no intent %q", parts[2])
		}
	}
	if err := set(key); errors.Is(err, scenarios.ErrNotSweepable) {
		return bad("unknown key (known: %s)", strings.Join(Keys, ", "))
	} else if err != nil {
		return err
	}
	return nil
}

// agentGroup resolves agents.NAME.… or agents[i].… to a group index and the rest
// of the key.
func agentGroup(s *scenarios.Scenario, key string, parts []string) (int, string, error) {
	head := parts[0]
	if i, ok := indexOf(head, "agents"); ok {
		if i < 0 || i >= len(s.Agents) {
			return 0, "", &KeyError{Key: key, Reason: fmt.Sprintf("no agent group %d (the scenario has %d)", i, len(s.Agents))}
		}
		return i, strings.Join(parts[1:], "."), nil
	}
	if head != "agents" || len(parts) < 3 {
		return 0, "", &KeyError{Key: key, Reason: "want agents.NAME.SETTING or agents[i].SETTING"}
	}
	var names []string
	for i, g := range s.Agents {
		if g.Name == parts[1] {
			return i, strings.Join(parts[2:], "."), nil
		}
		names = append(names, g.Name)
	}
	return 0, "", &KeyError{Key: key, Reason: fmt.Sprintf("no agent group named %q (groups: %s)", parts[1], strings.Join(names, ", "))}
}

// arrivalStreams resolves arrivals[i].… or arrivals.CHANNEL.… to the streams it
// names and the rest of the key.
func arrivalStreams(s *scenarios.Scenario, key string, parts []string) ([]int, string, error) {
	head := parts[0]
	if i, ok := indexOf(head, "arrivals"); ok {
		if i < 0 || i >= len(s.Arrivals) {
			return nil, "", &KeyError{Key: key, Reason: fmt.Sprintf("no arrival stream %d (the scenario has %d)", i, len(s.Arrivals))}
		}
		return []int{i}, strings.Join(parts[1:], "."), nil
	}
	if head != "arrivals" || len(parts) < 3 {
		return nil, "", &KeyError{Key: key, Reason: "want arrivals.scale, arrivals.CHANNEL.SETTING or arrivals[i].SETTING"}
	}
	var idx []int
	for i, a := range s.Arrivals {
		if a.Channel == parts[1] {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, "", &KeyError{Key: key, Reason: fmt.Sprintf("no arrival stream on channel %q", parts[1])}
	}
	return idx, strings.Join(parts[2:], "."), nil
}

// indexOf parses "name[i]".
func indexOf(s, name string) (int, bool) {
	if !strings.HasPrefix(s, name+"[") || !strings.HasSuffix(s, "]") {
		return 0, false
	}
	i, err := strconv.Atoi(s[len(name)+1 : len(s)-1])
	if err != nil {
		return -1, true
	}
	return i, true
}

func scaleArrival(a *scenarios.Arrival, f float64) {
	a.Rate *= f
	for j := range a.Profile {
		a.Profile[j].Rate *= f
	}
}

// scaleAgents multiplies a group's head counts, rounding to whole agents.
func scaleAgents(a *scenarios.AgentGroup, f float64) {
	a.Count = int(math.Round(float64(a.Count) * f))
	for j := range a.Schedule {
		a.Schedule[j].Count = int(math.Round(float64(a.Schedule[j].Count) * f))
	}
}
