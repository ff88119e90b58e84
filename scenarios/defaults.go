package scenarios

import (
	"time"

	"github.com/omnisim/omnisim/calendar"
	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim/dist"
)

// Defaults of the format, applied by applyDefaults and nowhere else. The registry's
// rows (keys_*.go) name them for the table of defaults in doc.go.
const (
	DefaultSeed             = 1
	DefaultReplications     = 10
	DefaultInterval         = 30 * time.Minute
	DefaultSLAWithin        = 60 * time.Second
	DefaultSLATarget        = 0.8
	DefaultPauseSeconds     = 60
	DefaultConcurrency      = 1
	DefaultEndInactiveAfter = 24 * time.Hour // as Salesforce Omni-Channel does
	DefaultQueuePriority    = 1
	DefaultMinLevel         = 1
	DefaultBotMaxTurns      = 3
	DefaultBotLatency       = 2 * time.Second
	DefaultReplyDelayMean   = 2 * time.Hour  // campaign replies: exponential mean
	DefaultReplyWindow      = 48 * time.Hour // a campaign conversation ends unanswered after it
	DefaultChannelCost      = 1
	DefaultIntent           = "general"
	DefaultLanguage         = "en"
	DefaultQueueName        = "default"
)

// The default routing and capacity models, by the router's names for them.
var (
	DefaultRoutingModel  = router.LeastActive.String()
	DefaultCapacityModel = router.Tab.String()
)

// applyDefaults fills every key the file left out; the table of defaults in the
// package documentation (doc.go) is generated from the registry, and this function is the only place that applies
// them. "Absent" is decided by p.seen, which tells a key written as 0 from a missing
// one. It also runs on a file with errors (so that cross-field checks can run);
// values that failed to parse are zero and stay so.
func (p *parser) applyDefaults(s *Scenario) {
	has := func(path string) bool { _, ok := p.seen[path]; return ok }
	constant := func(path string, v float64) dist.Dist {
		d, err := dist.New(dist.Spec{Kind: "constant", Value: v, Set: map[string]bool{"value": true}})
		if err != nil {
			p.errf(p.root, path, "cannot build the default {dist: constant, value: %g}: %v (write %s explicitly)", v, distError(err), path)
		}
		return d
	}

	if !has("name") {
		s.Name = defaultName(p.file)
	}
	if !has("seed") {
		s.Seed = DefaultSeed
	}
	r := &s.Routing
	if !has("routing.queues") {
		r.Queues = []Queue{{Name: DefaultQueueName, Line: 0}}
	}
	// The registry's defaults (the rows with dflt), in every place their section
	// occurs. A date a bad value left unset (no file can write the zero date) takes
	// its default too, so that what is laid on the run from it is still checked.
	for _, in := range instances(s) {
		for i := range in.sec.keys {
			k := &in.sec.keys[i]
			if k.dflt == nil {
				continue
			}
			ptr := k.field(in.ptr)
			if d, ok := ptr.(*calendar.Date); !has(join(in.path, k.name)) || ok && *d == (calendar.Date{}) {
				assign(ptr, k.dflt(), true)
			}
		}
	}
	// The defaults that are not one value: they depend on other keys, or are
	// distributions built here.
	for i := range s.Arrivals {
		a := &s.Arrivals[i]
		for j := range a.Profile {
			if !has(join(index(join(index("arrivals", i), "profile"), j), "days")) {
				a.Profile[j].Days = a.Days
			}
		}
	}
	if !has("customers.messages") {
		s.Customers.Messages = constant("customers.messages", 1)
	}
	if !has("customers.pause") {
		s.Customers.Pause = constant("customers.pause", DefaultPauseSeconds)
	}
	if b := s.Bot; b != nil && !has("bot.latency") {
		b.Latency = constant("bot.latency", DefaultBotLatency.Seconds())
	}
	for i := range s.Outbound {
		if !has(join(index("outbound", i), "reply_delay")) {
			if d, err := dist.New(dist.Spec{Kind: "exponential", Mean: DefaultReplyDelayMean.Seconds()}); err == nil {
				s.Outbound[i].ReplyDelay = d
			}
		}
	}
	for i := range s.Agents {
		g := &s.Agents[i]
		for j := range g.Schedule {
			if !has(join(index(join(index("agents", i), "schedule"), j), "days")) {
				g.Schedule[j].Days = AllDays
			}
		}
	}
	catchAllTaken := false
	for i := range r.Queues {
		if !has(join(index("routing.queues", i), "channels")) && !catchAllTaken {
			// The first queue without channels takes every enabled channel that no
			// other queue lists; later ones take none directly (they are reached by
			// transfer or overflow).
			catchAllTaken = true
			r.Queues[i].Channels = unlisted(s)
		}
	}
}

// unlisted lists the enabled channels, in file order, that no queue lists.
func unlisted(s *Scenario) []string {
	listed := map[string]bool{}
	for _, q := range s.Routing.Queues {
		for _, c := range q.Channels {
			listed[c] = true
		}
	}
	var out []string
	for _, c := range s.Channels {
		if !listed[c.Name] {
			out = append(out, c.Name)
		}
	}
	return out
}

// enabledNames lists the enabled channels in file order.
func enabledNames(s *Scenario) []string {
	out := make([]string, len(s.Channels))
	for i, c := range s.Channels {
		out[i] = c.Name
	}
	return out
}
