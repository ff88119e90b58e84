package planning

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

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
// rates per hour when given as plain numbers.
var Keys = []string{
	"replications",
	"sla.target", "sla.within",
	"arrivals.scale", "arrivals.CHANNEL.scale", "arrivals[i].scale", "arrivals[i].rate",
	"agents.scale",
	"agents.NAME.count", "agents.NAME.schedule.scale", "agents.NAME.concurrency",
	"agents.NAME.concurrency_penalty", "agents.NAME.wrap_up",
	"bot.threshold", "bot.max_turns", "bot.ask_agent", "bot.intents.INTENT.resolvable",
	"bot.turns.decay", "bot.turns.give_up", "bot.turns.csat_per_turn",
	"routing.push_timeout", "routing.inactive_after", "routing.sticky_for", "routing.decline",
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

// Set sets key to v in s (change a Clone). Counts must be whole numbers; shares
// lie in [0, 1]; durations are seconds; rates are per hour.
func Set(s *scenarios.Scenario, key string, v float64) error {
	bad := func(format string, args ...any) error {
		return &KeyError{Key: key, Reason: fmt.Sprintf(format, args...)}
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return bad("value must be a finite number")
	}
	integer := func(min int) (int, error) {
		if v != math.Trunc(v) || v < float64(min) || v > 1e6 {
			return 0, bad("want a whole number ≥ %d, got %g", min, v)
		}
		return int(v), nil
	}
	share := func() (float64, error) {
		if v < 0 || v > 1 {
			return 0, bad("want a share in [0, 1], got %g", v)
		}
		return v, nil
	}
	nonNeg := func() (float64, error) {
		if v < 0 {
			return 0, bad("must be ≥ 0, got %g", v)
		}
		return v, nil
	}
	seconds := func() (time.Duration, error) {
		if v < 0 || v > 1e9 {
			return 0, bad("want seconds ≥ 0, got %g", v)
		}
		return time.Duration(math.Round(v * float64(time.Second))), nil
	}
	var err error
	switch key {
	case "replications":
		s.Replications, err = integer(1)
		return err
	case "sla.target":
		s.SLA.Target, err = share()
		return err
	case "sla.within":
		s.SLA.Within, err = seconds()
		return err
	case "arrivals.scale":
		f, err := nonNeg()
		for i := range s.Arrivals {
			scaleArrival(&s.Arrivals[i], f)
		}
		return err
	case "agents.scale":
		f, err := nonNeg()
		for i := range s.Agents {
			scaleAgents(&s.Agents[i], f)
		}
		return err
	case "bot.threshold", "bot.max_turns", "bot.ask_agent":
		if s.Bot == nil {
			return bad("the scenario has no bot: section")
		}
		switch key {
		case "bot.threshold":
			s.Bot.Threshold, err = share()
		case "bot.max_turns":
			s.Bot.MaxTurns, err = integer(1)
		default:
			s.Bot.AskAgent, err = share()
		}
		return err
	case "bot.turns.decay", "bot.turns.give_up", "bot.turns.csat_per_turn":
		if s.Bot == nil {
			return bad("the scenario has no bot: section")
		}
		s.Bot.Turns, err = setBotTurns(s.Bot.Turns, key, v)
		return err
	case "routing.push_timeout":
		s.Routing.PushTimeout, err = seconds()
		return err
	case "routing.inactive_after":
		s.Routing.InactiveAfter, err = seconds()
		return err
	case "routing.sticky_for":
		s.Routing.StickyFor, err = seconds()
		return err
	case "routing.decline":
		s.Routing.Decline, err = share()
		return err
	}
	parts := strings.Split(key, ".")
	switch {
	case strings.HasPrefix(key, "agents"):
		g, rest, err := agentGroup(s, key, parts)
		if err != nil {
			return err
		}
		a := &s.Agents[g]
		switch rest {
		case "count":
			n, err := integer(0)
			a.Count, a.Schedule = n, nil
			return err
		case "schedule.scale", "scale":
			f, err := nonNeg()
			scaleAgents(a, f)
			return err
		case "concurrency":
			a.Concurrency, err = integer(1)
			return err
		case "concurrency_penalty":
			a.ConcurrencyPenalty, err = nonNeg()
			return err
		case "wrap_up":
			a.WrapUp, err = seconds()
			return err
		}
		return bad("unknown agent group setting %q (known: count, schedule.scale, concurrency, concurrency_penalty, wrap_up)", rest)
	case strings.HasPrefix(key, "arrivals"):
		idx, rest, err := arrivalStreams(s, key, parts)
		if err != nil {
			return err
		}
		switch rest {
		case "scale":
			f, err := nonNeg()
			for _, i := range idx {
				scaleArrival(&s.Arrivals[i], f)
			}
			return err
		case "rate":
			r, err := nonNeg()
			for _, i := range idx {
				s.Arrivals[i].Rate, s.Arrivals[i].Profile = r/3600, nil
			}
			return err
		}
		return bad("unknown arrival setting %q (known: scale, rate)", rest)
	case len(parts) == 4 && parts[0] == "bot" && parts[1] == "intents" && parts[3] == "resolvable":
		if s.Bot == nil {
			return bad("the scenario has no bot: section")
		}
		for i := range s.Bot.Intents {
			if s.Bot.Intents[i].Intent == parts[2] {
				s.Bot.Intents[i].Resolvable, err = share()
				return err
			}
		}
		return bad("the bot has no intent %q", parts[2])
	}
	return bad("unknown key (known: %s)", strings.Join(Keys, ", "))
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
