package loadtest

import (
	"errors"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// containmentSamples is the number of confidence draws behind each intent's
// containment probability (sim.Bot.Containment): its standard error is below
// 0.004.
const containmentSamples = 20000

// FromScenario takes a load test's traffic from a scenario, as the simulator
// reads it (sc.Model): the arrival streams' shares at the scenario's busiest
// moment of the week, with their languages, intents and tiers; customer
// messages and pauses; the first agent group's reply time; the agents' accept
// time and decline probability; the bot's containment per intent (the
// simulator's rule, sim.Bot.Containment); follow-ups, sticky_for and
// end_inactive_after. It also returns that busiest total rate (conversations per
// second), the default arrival rate of `omnisim load`.
func FromScenario(sc *scenarios.Scenario) (Traffic, float64, error) {
	m, err := sc.Model()
	if err != nil {
		return Traffic{}, 0, err
	}
	tr := Traffic{Messages: m.Messages, Pause: m.Pause, StickyFor: m.Routing.StickyFor,
		Decline: m.Decline, EndInactiveAfter: m.EndInactiveAfter}
	if len(m.Groups) > 0 {
		tr.AgentReply = m.Groups[0].ResponseTime
	}
	if m.AcceptTime != nil {
		tr.AcceptTime = *m.AcceptTime
	}
	busiest, at := busiestMoment(m.Arrivals)
	if !(busiest > 0) {
		return tr, 0, errors.New("arrivals: no conversations arrive (rate 0); give --rate")
	}
	shares := func(ss []scenarios.Share) []Share {
		var out []Share
		for _, s := range ss {
			out = append(out, Share{Name: s.Name, Weight: s.Share})
		}
		return out
	}
	for i, a := range m.Arrivals {
		ch := m.Channels[a.Channel]
		st := Stream{Channel: ch.Name, Weight: a.Rate.At(sim.Time(at)), Rules: ch.Rules}
		if i < len(sc.Arrivals) { // the model's arrivals are the scenario's, in order
			st.Languages, st.Intents, st.Tiers = shares(sc.Arrivals[i].Languages), shares(sc.Arrivals[i].Intents), shares(sc.Arrivals[i].Tiers)
			st.Keywords = shares(sc.Arrivals[i].Keywords)
		}
		tr.Streams = append(tr.Streams, st)
	}
	if b := m.Bot; b != nil {
		tr.Bot = &Bot{Contained: map[string]float64{}, Latency: b.Latency}
		rng := rand.New(rand.NewPCG(1, 2))
		for _, in := range b.Intents {
			tr.Bot.Contained[in.Intent] = b.Containment(in.Intent, rng, containmentSamples)
		}
	}
	if f := m.FollowUp; f != nil && f.Probability > 0 {
		tr.FollowUp = &FollowUp{Probability: f.Probability, Delay: f.Delay}
	}
	return tr, busiest, nil
}

// busiestMoment is the largest total arrival rate at any step of the week's
// profiles, and when it is.
func busiestMoment(arrivals []sim.Arrival) (float64, time.Duration) {
	var times []time.Duration
	for _, a := range arrivals {
		for _, s := range a.Rate {
			times = append(times, s.At)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	busiest, at := 0.0, time.Duration(0)
	for _, t := range times {
		sum := 0.0
		for _, a := range arrivals {
			sum += a.Rate.At(sim.Time(t))
		}
		if sum > busiest {
			busiest, at = sum, t
		}
	}
	return busiest, at
}

// ContainedShare is the expected share of conversations the bot closes itself:
// each stream's share of the arrivals × its intents' shares × their containment.
func (t *Traffic) ContainedShare() float64 {
	if t.Bot == nil {
		return 0
	}
	total, share := 0.0, 0.0
	for _, s := range t.Streams {
		w := max(s.Weight, 0)
		total += w
		iw := 0.0
		for _, in := range s.Intents {
			iw += max(in.Weight, 0)
		}
		for _, in := range s.Intents {
			share += w * max(in.Weight, 0) / iw * t.Bot.Contained[in.Name]
		}
	}
	if !(total > 0) {
		return 0
	}
	return share / total
}
