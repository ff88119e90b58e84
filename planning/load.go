package planning

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/omnisim/omnisim/erlang"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
	"github.com/omnisim/omnisim/sim/dist"
)

// GroupLoad is the work offered to one agent group in one interval of the day.
type GroupLoad struct {
	RatePerSecond float64 // conversations routed to the group
	HoldSeconds   float64 // capacity a conversation holds, in unit-seconds ÷ Units
	Units         float64 // mean capacity units per conversation
}

// Erlangs is the offered load in capacity units.
func (l GroupLoad) Erlangs() float64 { return l.RatePerSecond * l.HoldSeconds * l.Units }

// IntervalLoad is the analytic load of one interval of the day.
type IntervalLoad struct {
	OfferedPerHour float64     // conversations arriving (before the bot)
	RoutedPerHour  float64     // conversations reaching routing
	Groups         []GroupLoad // per agent group
}

// mcSamples is how many draws estimate a distribution's expectations (bot
// containment, pauses cut at inactive_after): ±1 % at worst, plenty for a start.
const mcSamples = 20000

// OfferedLoad estimates the load of each interval of the day analytically:
// arrival rates averaged over the interval on the measured days; the bot's
// containment (1 − ask_agent) × E[resolvable × c; c ≥ threshold]; the capacity a
// routed conversation holds — the accept time, messages × mean reply time (with
// the concurrency penalty at ~80 % of concurrency open), the pauses between
// messages (cut at inactive_after under status capacity, when an inactive
// conversation frees its unit) and wrap-up; and each conversation's share of the
// groups that would take it (the groups with its queue's required skills, narrowed
// to those with the additional skills if any has them; equal shares).
func OfferedLoad(s *scenarios.Scenario, m *sim.Model) []IntervalLoad {
	return offeredLoad(s, m, -1)
}

// OfferedLoadByWeekday is OfferedLoad of each weekday alone (index: weekday,
// 0 = Monday, × intervals of the day + interval): the arrival rates averaged
// over the measured days of that weekday only (all zero for a weekday the
// measured window does not reach).
func OfferedLoadByWeekday(s *scenarios.Scenario, m *sim.Model) []IntervalLoad {
	var out []IntervalLoad
	for d := 0; d < 7; d++ {
		out = append(out, offeredLoad(s, m, d)...)
	}
	return out
}

// offeredLoad is OfferedLoad over the measured days of weekday (−1: every day).
func offeredLoad(s *scenarios.Scenario, m *sim.Model, weekday int) []IntervalLoad {
	nInt := int(24 * time.Hour / m.Interval)
	rng := rand.New(rand.NewPCG(m.Seed, 0x10ad))
	out := make([]IntervalLoad, nInt)
	for i := range out {
		out[i].Groups = make([]GroupLoad, len(m.Groups))
	}

	// Pauses between messages, as far as they hold capacity.
	cut := time.Duration(0)
	if m.Routing.Capacity == router.Status && m.InactiveAfter > 0 {
		cut = m.InactiveAfter
	} else if m.EndInactiveAfter > 0 {
		cut = m.EndInactiveAfter
	}
	pauseHeld := meanCut(m.Pause, cut, rng)
	messages := m.Messages.Mean()
	accept := 0.0
	if m.Routing.PushTimeout > 0 && m.AcceptTime != nil {
		accept = m.AcceptTime.Mean()
	}

	skill := map[string]int{}
	for i, s := range m.Skills {
		skill[s] = i
	}
	queueOf := make([]int, len(m.Channels))
	for c := range queueOf {
		queueOf[c] = -1
		for q, spec := range m.Routing.Queues {
			for _, ch := range spec.Channels {
				if ch == c && queueOf[c] < 0 {
					queueOf[c] = q
				}
			}
		}
	}

	// The days the measured window covers, to average daily and weekly profiles.
	firstDay := int(m.Warmup / (24 * time.Hour))
	lastDay := int((m.Warmup + m.Horizon - 1) / (24 * time.Hour))
	contained := map[string]float64{}
	for k, a := range m.Arrivals {
		intentShares, langShares := shares(a.Intents.Names, nil), shares(a.Languages.Names, nil)
		if k < len(s.Arrivals) {
			intentShares = shares(a.Intents.Names, s.Arrivals[k].Intents)
			langShares = shares(a.Languages.Names, s.Arrivals[k].Languages)
		}
		units := float64(m.Channels[a.Channel].Units)
		q := queueOf[a.Channel]
		for ii, intent := range a.Intents.Names {
			pIntent := intentShares[ii]
			pRouted := 1.0
			if b := m.Bot; b != nil {
				c, ok := contained[intent]
				if !ok {
					c = b.Containment(intent, rng, mcSamples)
					contained[intent] = c
				}
				pRouted = 1 - c
			}
			for li, lang := range a.Languages.Names {
				p := pIntent * langShares[li]
				groups := takers(m, q, skill, intent, lang)
				for i := range out {
					rate := meanRateOn(a.Rate, i, m.Interval, firstDay, lastDay, weekday)
					out[i].OfferedPerHour += rate * p * 3600
					out[i].RoutedPerHour += rate * p * pRouted * 3600
					for _, g := range groups {
						grp := &m.Groups[g]
						open := 1 + 0.8*float64(grp.Concurrency-1)
						hold := accept + messages*grp.ResponseTime.Mean()*(1+grp.Penalty*(open-1)) +
							(messages-1)*pauseHeld + grp.WrapUp.Seconds()
						r := rate * p * pRouted / float64(len(groups))
						gl := &out[i].Groups[g]
						// Rate-weighted means of hold and units.
						tot := gl.RatePerSecond + r
						if tot > 0 {
							gl.HoldSeconds = (gl.HoldSeconds*gl.RatePerSecond + hold*r) / tot
							gl.Units = (gl.Units*gl.RatePerSecond + units*r) / tot
						}
						gl.RatePerSecond = tot
					}
				}
			}
		}
	}
	return out
}

// shares returns the share of each name as the scenario lists them (one name
// without a list: the default intent or language, all of it).
func shares(names []string, list []scenarios.Share) []float64 {
	out := make([]float64, len(names))
	if len(list) == 0 {
		for i := range out {
			out[i] = 1 / float64(len(names))
		}
		return out
	}
	for i, n := range names {
		for _, sh := range list {
			if sh.Name == n {
				out[i] = sh.Share
			}
		}
	}
	return out
}

// takers returns the groups that would take a conversation of intent and language
// in queue q.
func takers(m *sim.Model, q int, skill map[string]int, intent, lang string) []int {
	if q < 0 || q >= len(m.QueueRoutes) {
		all := make([]int, len(m.Groups))
		for g := range all {
			all[g] = g
		}
		return all
	}
	qr := m.QueueRoutes[q]
	minLevel := max(qr.MinLevel, 1)
	has := func(g int, on bool, name string) bool {
		if !on {
			return true
		}
		id, ok := skill[name]
		return ok && id < len(m.Groups[g].Skills) && int(m.Groups[g].Skills[id]) >= minLevel
	}
	var eligible, preferred []int
	for g := range m.Groups {
		if has(g, qr.Language, lang) && has(g, qr.Intent, intent) {
			eligible = append(eligible, g)
			if has(g, qr.AdditionalLanguage, lang) && has(g, qr.AdditionalIntent, intent) {
				preferred = append(preferred, g)
			}
		}
	}
	if len(preferred) > 0 {
		return preferred
	}
	return eligible
}

// meanRate averages a weekly rate over interval i of the day on days first..last.
func meanRate(w sim.Weekly, i int, interval time.Duration, first, last int) float64 {
	return meanRateOn(w, i, interval, first, last, -1)
}

// meanRateOn is meanRate over the days of weekday only (−1: every day; simulated
// day 0 is a Monday).
func meanRateOn(w sim.Weekly, i int, interval time.Duration, first, last, weekday int) float64 {
	const step = time.Minute
	sum, n := 0.0, 0
	for d := first; d <= last; d++ {
		if weekday >= 0 && d%7 != weekday {
			continue
		}
		start := time.Duration(d)*24*time.Hour + time.Duration(i)*interval
		for t := start; t < start+interval; t += step {
			sum += w.At(sim.Time(t))
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// meanCut estimates E[min(X, cut)] (cut 0: E[X]) of a distribution in seconds.
func meanCut(d dist.Dist, cut time.Duration, rng *rand.Rand) float64 {
	if cut <= 0 {
		return d.Mean()
	}
	c := cut.Seconds()
	sum := 0.0
	for k := 0; k < mcSamples; k++ {
		sum += math.Min(d.Sample(rng), c)
	}
	return sum / mcSamples
}

// ErlangAgents is the Erlang C minimum of agents for a group's load: the capacity
// slots (agents × concurrency ÷ units) that reach the service level target within
// `within`, and keep the offered load at or below maxUtil of them when maxUtil > 0.
func ErlangAgents(l GroupLoad, concurrency int, within time.Duration, target, maxUtil float64) int {
	if l.RatePerSecond <= 0 || l.HoldSeconds <= 0 {
		return 0
	}
	target = math.Min(math.Max(target, 0), 0.999)
	slots, err := erlang.MinAgents(erlang.CInput{
		RatePerSecond: l.RatePerSecond,
		AHT:           time.Duration(l.HoldSeconds * float64(time.Second)),
		Within:        within,
	}, target)
	if err != nil {
		slots = int(math.Ceil(l.RatePerSecond*l.HoldSeconds)) + 1
	}
	if maxUtil > 0 {
		slots = max(slots, int(math.Ceil(l.RatePerSecond*l.HoldSeconds/maxUtil)))
	}
	units := math.Max(l.Units, 1)
	return int(math.Ceil(float64(slots) * units / float64(max(concurrency, 1))))
}
