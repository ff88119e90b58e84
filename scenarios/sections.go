package scenarios

import (
	"errors"
	"math"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim"
	"gopkg.in/yaml.v3"
)

// The keys of each section, in DESIGN.md order (the public format, v1).
var (
	topKeys       = []string{"version", "extends", "name", "description", "seed", "horizon", "warmup", "replications", "interval", "sla", "channels", "arrivals", "customers", "bot", "follow_up", "outbound", "agents", "routing", "assert"}
	slaKeys       = []string{"within", "target"}
	channelKeys   = []string{"throughput", "cost", "opt_out", "human_agent_tag", "window", "prices", "silent_abandon"}
	priceKeys     = []string{"inbound", "outbound"}
	arrivalKeys   = []string{"channel", "rate", "profile", "days", "intents", "languages", "tiers"}
	profileKeys   = []string{"at", "rate", "days"}
	customerKeys  = []string{"messages", "pause", "patience"}
	botKeys       = []string{"enabled", "threshold", "max_turns", "ask_agent", "latency", "intents", "turns"}
	botIntentKeys = []string{"resolvable", "confidence"}
	followUpKeys  = []string{"probability", "delay", "by_intent"}
	outboundKeys  = []string{"channel", "rate", "category", "reply_probability", "reply_delay", "reply_window"}
	agentKeys     = []string{"name", "count", "schedule", "concurrency", "skills", "response_time", "concurrency_penalty", "wrap_up"}
	scheduleKeys  = []string{"at", "count", "days"}
	routingKeys   = []string{"model", "capacity", "inactive_after", "end_inactive_after", "sticky_for", "push_timeout", "queues",
		"preferred_timeout", "timeout_presence", "decline", "accept_time", "offline_requeue", "transfers",
		"reclaim_after", "reclaim_presence", "rules", "wait_predictor"}
	queueKeys = []string{"name", "channels", "priority", "skills", "additional_skills", "drop_additional_after", "min_level",
		"secondary", "aging", "overflow_to", "overflow_after"}
	transferKeys = []string{"intent", "probability", "to"}
)

// Value sets checked by the loader.
var (
	routingModels      = []string{"least_active", "most_available", "round_robin", "load_rotation"}
	capacityModels     = []string{"tab", "status"}
	presences          = []string{"online", "busy", "away", "offline"}
	secondaryAttrs     = []string{"tier"}
	templateCategories = []string{"marketing", "utility", "authentication", "service"}
	routingAttributes  = []string{"language", "intent"}
)

// maxCount bounds head counts, concurrency, replications and the like: far above any
// real contact center, low enough that arithmetic on them cannot overflow.
const maxCount = 1_000_000

// maxHorizon bounds simulated time (100 years), keeping durations far from overflow.
const maxHorizon = 100 * 365 * 24 * time.Hour

// scenario walks the root mapping. It returns nil when the file declares a version this
// loader does not understand: its other keys would only produce noise.
func (p *parser) scenario(root *yaml.Node) *Scenario {
	f, _ := p.fields(root, "", topKeys...)
	s := &Scenario{File: p.file}

	if v, ok := f["version"]; ok && p.scalar(v, "version", "1") {
		n, num := versionNumber(v)
		switch {
		case !num:
			p.errf(v, "version", "must be %d, got %s", FormatVersion, kindName(v))
		case n > FormatVersion:
			// A newer format may have keys this loader does not know; listing them as
			// unknown would only bury the one message that matters.
			p.errs = p.errs[:0]
			p.errf(v, "version", "version %s is newer than this omnisim understands (%d); upgrade omnisim", short(v.Value), FormatVersion)
			return nil
		case n != FormatVersion:
			p.errf(v, "version", "must be %d (got %s)", FormatVersion, short(v.Value))
		default:
			s.Version = FormatVersion
		}
	} else if !ok {
		p.errf(root, "version", "required: add version: %d as the first line", FormatVersion)
	}

	if v, ok := f["name"]; ok {
		s.Name, _ = p.name(v, "name")
	}
	if v, ok := f["description"]; ok {
		s.Description, _ = p.str(v, "description")
	}
	if v, ok := f["seed"]; ok {
		if p.scalar(v, "seed", "an integer") {
			var seed uint64
			if v.Tag != "!!int" || v.Decode(&seed) != nil {
				p.errf(v, "seed", "must be an integer from 0 to %d, got %s", uint64(math.MaxUint64), kindName(v))
			}
			s.Seed = seed
		}
	}
	if v, ok := f["horizon"]; ok {
		if d, good := p.positiveDuration(v, "horizon"); good {
			if d > maxHorizon {
				p.errf(v, "horizon", "must be at most 100 years (got %s)", short(v.Value))
			}
			s.Horizon = d
		}
	} else {
		p.missing(root, "horizon", "required: simulated time after warm-up, such as 24h or 168h")
	}
	if v, ok := f["warmup"]; ok {
		if d, good := p.duration(v, "warmup"); good {
			if d > maxHorizon {
				p.errf(v, "warmup", "must be at most 100 years (got %s)", short(v.Value))
			}
			s.Warmup = d
		}
	}
	if v, ok := f["replications"]; ok {
		n, _ := p.integer(v, "replications", 1, sim.MaxReplications)
		s.Replications = int(n)
	}
	if v, ok := f["interval"]; ok {
		if d, good := p.positiveDuration(v, "interval"); good {
			switch {
			case d < sim.MinInterval:
				p.errf(v, "interval", "must be at least %s, such as 15m, 30m or 1h (got %s)", sim.ShortDuration(sim.MinInterval), short(v.Value))
			case (24*time.Hour)%d != 0:
				p.errf(v, "interval", "must divide 24h evenly, such as 15m, 30m or 1h (got %s)", short(v.Value))
			}
			s.Interval = d
		}
	}
	if v, ok := f["sla"]; ok {
		p.sla(v, s)
	}
	if v, ok := f["channels"]; ok {
		p.channels(v, s)
	} else {
		p.missing(root, "channels", "required: the enabled channels, such as channels: {web: {}}")
	}
	if v, ok := f["arrivals"]; ok {
		if items, good := p.seq(v, "arrivals"); good {
			for i, it := range items {
				s.Arrivals = append(s.Arrivals, p.arrival(it, index("arrivals", i)))
			}
		}
	} else {
		p.missing(root, "arrivals", "required: at least one arrival stream, such as [{channel: web, rate: 60/h}]")
	}
	if v, ok := f["customers"]; ok {
		p.customers(v, &s.Customers)
	}
	if v, ok := f["bot"]; ok {
		s.Bot = p.bot(v)
	}
	if v, ok := f["follow_up"]; ok {
		s.FollowUp = p.followUp(v)
	}
	if v, ok := f["outbound"]; ok {
		if items, good := p.seq(v, "outbound"); good {
			for i, it := range items {
				s.Outbound = append(s.Outbound, p.outbound(it, index("outbound", i)))
			}
		}
	}
	if v, ok := f["agents"]; ok {
		if items, good := p.seq(v, "agents"); good {
			for i, it := range items {
				s.Agents = append(s.Agents, p.agentGroup(it, index("agents", i)))
			}
		}
	} else {
		p.missing(root, "agents", "required: at least one agent group, such as [{name: pool, count: 10, response_time: {dist: exponential, mean: 4m}}]")
	}
	if v, ok := f["routing"]; ok {
		p.routing(v, &s.Routing)
	}
	if v, ok := f["assert"]; ok {
		if items, good := p.seq(v, "assert"); good {
			for i, it := range items {
				path := index("assert", i)
				text, good := p.str(it, path)
				if !good {
					continue
				}
				a, err := ParseAssertion(text)
				if err != nil {
					p.errf(it, path, "%v", err)
					continue
				}
				a.Line = it.Line
				s.Assert = append(s.Assert, a)
				p.assertNodes = append(p.assertNodes, it)
				p.assertIndex = append(p.assertIndex, i)
			}
		}
	}
	return s
}

func (p *parser) sla(n *yaml.Node, s *Scenario) {
	f, _ := p.fields(n, "sla", slaKeys...)
	if v, ok := f["within"]; ok {
		s.SLA.Within, _ = p.positiveDuration(v, "sla.within")
	}
	if v, ok := f["target"]; ok {
		s.SLA.Target, _ = p.share(v, "sla.target")
	}
}

func (p *parser) channels(n *yaml.Node, s *Scenario) {
	es, ok := p.pairs(n, "channels")
	if !ok {
		return
	}
	if len(es) == 0 {
		p.errf(n, "channels", "enable at least one channel, such as channels: {web: {}}")
		return
	}
	for _, e := range es {
		path := join("channels", e.name)
		if known, why := lookupChannel(e.name); !known {
			p.errf(e.key, path, "%s", why)
			continue
		}
		c := Channel{Name: e.name, Line: e.key.Line}
		p.seen[path] = e.val
		f, _ := p.fields(e.val, path, channelKeys...)
		if v, ok := f["throughput"]; ok {
			if r, good := p.rate(v, join(path, "throughput")); good {
				if r == 0 {
					p.errf(v, join(path, "throughput"), "must be > 0 (got %s)", short(v.Value))
				}
				c.Throughput = r
			}
		}
		if v, ok := f["cost"]; ok {
			if x, good := p.number(v, join(path, "cost")); good {
				if x <= 0 {
					p.errf(v, join(path, "cost"), "must be > 0 capacity units (got %s)", short(v.Value))
				}
				c.Cost = x
			}
		}
		if v, ok := f["opt_out"]; ok {
			c.OptOut, _ = p.share(v, join(path, "opt_out"))
		}
		if v, ok := f["human_agent_tag"]; ok {
			c.HumanAgentTag, _ = p.boolean(v, join(path, "human_agent_tag"))
		}
		if v, ok := f["silent_abandon"]; ok {
			c.Silent = p.silentAbandon(v, join(path, "silent_abandon"))
		}
		p.channelOverride(e.val, f, path, &c)
		s.Channels = append(s.Channels, c)
	}
}

// channelOverride reads the keys that override the channel catalog (window,
// prices, throughput) and checks them against the catalog, so that a negative
// price or a category the channel lacks is reported at its line.
func (p *parser) channelOverride(n *yaml.Node, f map[string]*yaml.Node, path string, c *Channel) {
	var o channels.Override
	at := map[string]*yaml.Node{"throughput": f["throughput"], "window": f["window"]} // field → node, for errors
	if c.Throughput > 0 {
		tp := c.Throughput
		o.Throughput = &tp
	}
	if v, ok := f["window"]; ok {
		if d, good := p.positiveDuration(v, join(path, "window")); good {
			o.Window = &d
		}
	}
	if v, ok := f["prices"]; ok {
		g, _ := p.fields(v, join(path, "prices"), priceKeys...)
		po := &channels.PriceOverride{}
		if x, ok := g["inbound"]; ok {
			if price, good := p.number(x, join(path, "prices.inbound")); good {
				po.Inbound = &price
				at["prices.inbound"] = x
			}
		}
		if x, ok := g["outbound"]; ok {
			es, _ := p.pairs(x, join(path, "prices.outbound"))
			po.Outbound = map[string]float64{}
			for _, e := range es {
				if price, good := p.number(e.val, join(join(path, "prices.outbound"), e.name)); good {
					po.Outbound[e.name] = price
					at[join("prices.outbound", e.name)] = e.val
				}
			}
		}
		o.Prices = po
	}
	if _, err := channels.Default().With(c.Name, o); err != nil {
		var fe *channels.FieldError
		if errors.As(err, &fe) {
			node := n
			if v := at[fe.Field]; v != nil {
				node = v
			}
			p.errf(node, join(path, fe.Field), "%s", fe.Msg)
		} else {
			p.errf(n, path, "%v", err)
		}
		return
	}
	c.Override = o
}

// exclusive reports when both of two alternative keys are set (at the later one) or,
// when required, neither. It returns which one is set ("" for none or both).
func (p *parser) exclusive(n *yaml.Node, f map[string]*yaml.Node, path, a, b string, required bool, example string) string {
	va, hasA := f[a]
	vb, hasB := f[b]
	switch {
	case hasA && hasB:
		later, name := keyNode(n, vb), b
		if ka := keyNode(n, va); ka.Line > later.Line || (ka.Line == later.Line && ka.Column > later.Column) {
			later, name = ka, a
		}
		p.errf(later, join(path, name), "%s and %s cannot both be set; give one", a, b)
		return ""
	case hasA:
		return a
	case hasB:
		return b
	case required:
		p.errf(n, path, "needs %s or %s, such as %s", a, b, example)
	}
	return ""
}

func (p *parser) arrival(n *yaml.Node, path string) Arrival {
	a := Arrival{Line: n.Line}
	f, ok := p.fields(n, path, arrivalKeys...)
	if !ok {
		return a
	}
	if v, ok := f["channel"]; ok {
		a.Channel, _ = p.channelName(v, join(path, "channel"))
	} else {
		p.missing(n, join(path, "channel"), "required: the channel the conversations arrive on")
	}
	switch p.exclusive(n, f, path, "rate", "profile", true, "rate: 60/h") {
	case "rate":
		a.Rate, _ = p.rate(f["rate"], join(path, "rate"))
	case "profile":
		a.Profile = p.profile(f["profile"], join(path, "profile"))
	}
	if v, ok := f["days"]; ok {
		a.Days, _ = p.days(v, join(path, "days"))
	}
	if v, ok := f["intents"]; ok {
		a.Intents, _ = p.shares(v, join(path, "intents"))
	}
	if v, ok := f["languages"]; ok {
		a.Languages, _ = p.shares(v, join(path, "languages"))
	}
	if v, ok := f["tiers"]; ok {
		a.Tiers, _ = p.shares(v, join(path, "tiers"))
	}
	return a
}

// channelName reads a channel name and checks it against the catalog; whether the
// scenario enables it is checked later, with all channels known.
func (p *parser) channelName(n *yaml.Node, path string) (string, bool) {
	name, ok := p.name(n, path)
	if !ok {
		return "", false
	}
	if known, why := lookupChannel(name); !known {
		p.errf(n, path, "%s", why)
		return "", false
	}
	return name, true
}

// timedPoint is what profile and schedule points share for the order check.
type timedPoint struct {
	at      time.Duration
	days    Days
	hasDays bool
	node    *yaml.Node
}

// checkIncreasing reports points whose time of day does not come after the previous
// point's. Two points may share a time of day when they apply to disjoint days
// (08:00 on weekdays, 08:00 at weekends).
func (p *parser) checkIncreasing(points []timedPoint, path string) {
	for i := 1; i < len(points); i++ {
		prev, cur := points[i-1], points[i]
		if cur.at > prev.at {
			continue
		}
		if cur.at == prev.at && cur.hasDays && prev.hasDays && cur.days&prev.days == 0 {
			continue
		}
		at := join(index(path, i), "at")
		switch {
		case cur.at < prev.at:
			p.errf(cur.node, at, "times must increase: %s comes before %s (%s[%d])",
				FormatTimeOfDay(cur.at), FormatTimeOfDay(prev.at), path, i-1)
		case cur.hasDays && prev.hasDays:
			p.errf(cur.node, at, "%s repeats the time of %s[%d] on days both apply to (%s); times must increase",
				FormatTimeOfDay(cur.at), path, i-1, cur.days&prev.days)
		default:
			p.errf(cur.node, at, "%s repeats the time of %s[%d]; times must increase (two points may share a time only with days: that do not overlap)",
				FormatTimeOfDay(cur.at), path, i-1)
		}
	}
}

func (p *parser) profile(n *yaml.Node, path string) []ProfilePoint {
	items, ok := p.seq(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.errf(n, path, `must list at least one point, such as [{at: "00:00", rate: 60/h}]`)
		return nil
	}
	var out []ProfilePoint
	var order []timedPoint
	allAt := true
	for i, it := range items {
		ip := index(path, i)
		f, good := p.fields(it, ip, profileKeys...)
		if !good {
			allAt = false
			continue
		}
		var pt ProfilePoint
		atOK := false
		if v, ok := f["at"]; ok {
			pt.At, atOK = p.timeOfDay(v, join(ip, "at"))
		} else {
			p.errf(it, join(ip, "at"), `required: the time of day the rate starts, such as "08:00"`)
		}
		if v, ok := f["rate"]; ok {
			pt.Rate, _ = p.rate(v, join(ip, "rate"))
		} else {
			p.missing(it, join(ip, "rate"), "required: the arrival rate from this time on, such as 60/h")
		}
		_, hasDays := f["days"]
		if hasDays {
			pt.Days, _ = p.days(f["days"], join(ip, "days"))
		}
		// One bad time makes the order meaningless: then only the bad time is reported.
		if atOK {
			order = append(order, timedPoint{at: pt.At, days: pt.Days, hasDays: hasDays, node: f["at"]})
		} else {
			allAt = false
		}
		out = append(out, pt)
	}
	if allAt {
		p.checkIncreasing(order, path)
	}
	return out
}

func (p *parser) customers(n *yaml.Node, c *Customers) {
	f, _ := p.fields(n, "customers", customerKeys...)
	if v, ok := f["messages"]; ok {
		c.Messages, c.HasMessages = p.distribution(v, "customers.messages", count)
	}
	if v, ok := f["pause"]; ok {
		c.Pause, _ = p.distribution(v, "customers.pause", seconds)
	}
	if v, ok := f["patience"]; ok {
		if d, good := p.distribution(v, "customers.patience", seconds); good {
			c.Patience = &d
		}
	}
}

func (p *parser) bot(n *yaml.Node) *Bot {
	b := &Bot{}
	f, ok := p.fields(n, "bot", botKeys...)
	if !ok {
		return b
	}
	if v, ok := f["enabled"]; ok {
		b.Enabled, _ = p.boolean(v, "bot.enabled")
	}
	if v, ok := f["threshold"]; ok {
		b.Threshold, _ = p.share(v, "bot.threshold")
	}
	if v, ok := f["max_turns"]; ok {
		n, _ := p.integer(v, "bot.max_turns", 1, maxCount)
		b.MaxTurns = int(n)
	}
	if v, ok := f["ask_agent"]; ok {
		b.AskAgent, _ = p.share(v, "bot.ask_agent")
	}
	if v, ok := f["latency"]; ok {
		b.Latency, _ = p.distribution(v, "bot.latency", seconds)
	}
	if v, ok := f["turns"]; ok {
		b.Turns = p.botTurns(v)
	}
	if v, ok := f["intents"]; ok {
		es, _ := p.pairs(v, "bot.intents")
		for _, e := range es {
			path := join("bot.intents", e.name)
			bi := BotIntent{Intent: e.name}
			p.seen[path] = e.val
			g, good := p.fields(e.val, path, botIntentKeys...)
			if !good {
				continue
			}
			if v, ok := g["resolvable"]; ok {
				bi.Resolvable, _ = p.share(v, join(path, "resolvable"))
			} else {
				p.missing(e.val, join(path, "resolvable"), "required: the share of these conversations the bot can resolve, such as 0.8")
			}
			if v, ok := g["confidence"]; ok {
				bi.Confidence, _ = p.distribution(v, join(path, "confidence"), plain)
			} else {
				p.missing(e.val, join(path, "confidence"), "required: the bot's confidence distribution on [0, 1], such as {dist: beta, alpha: 8, beta: 2}")
			}
			b.Intents = append(b.Intents, bi)
		}
	}
	return b
}

func (p *parser) followUp(n *yaml.Node) *FollowUp {
	fu := &FollowUp{}
	f, ok := p.fields(n, "follow_up", followUpKeys...)
	if !ok {
		return fu
	}
	if v, ok := f["probability"]; ok {
		fu.Probability, _ = p.share(v, "follow_up.probability")
	} else {
		p.missing(n, "follow_up.probability", "required: the share of conversations with a follow-up, such as 0.1")
	}
	if v, ok := f["delay"]; ok {
		fu.Delay, _ = p.distribution(v, "follow_up.delay", seconds)
	} else {
		p.missing(n, "follow_up.delay", "required: the time until the follow-up, such as {dist: lognormal, median: 26h, sigma: 0.3}")
	}
	if v, ok := f["by_intent"]; ok {
		es, _ := p.pairs(v, "follow_up.by_intent")
		for _, e := range es {
			if x, good := p.share(e.val, join("follow_up.by_intent", e.name)); good {
				fu.ByIntent = append(fu.ByIntent, Share{Name: e.name, Share: x})
			}
		}
	}
	return fu
}

func (p *parser) outbound(n *yaml.Node, path string) Outbound {
	var o Outbound
	f, ok := p.fields(n, path, outboundKeys...)
	if !ok {
		return o
	}
	if v, ok := f["channel"]; ok {
		o.Channel, _ = p.channelName(v, join(path, "channel"))
	} else {
		p.missing(n, join(path, "channel"), "required: the channel the campaign sends on")
	}
	if v, ok := f["rate"]; ok {
		o.Rate, _ = p.rate(v, join(path, "rate"))
	} else {
		p.missing(n, join(path, "rate"), "required: the rate of outbound conversations, such as 30/h")
	}
	if v, ok := f["category"]; ok {
		if c, good := p.name(v, join(path, "category")); good {
			if !contains(templateCategories, c) {
				p.errf(v, join(path, "category"), "unknown template category %s%s; categories: marketing, utility, authentication, service",
					quoteIfOdd(c), didYouMean(c, templateCategories))
			} else {
				o.Category = c
			}
		}
	}
	if v, ok := f["reply_probability"]; ok {
		o.ReplyProbability, _ = p.share(v, join(path, "reply_probability"))
	}
	if v, ok := f["reply_delay"]; ok {
		o.ReplyDelay, _ = p.distribution(v, join(path, "reply_delay"), seconds)
	}
	if v, ok := f["reply_window"]; ok {
		o.ReplyWindow, _ = p.positiveDuration(v, join(path, "reply_window"))
	}
	return o
}

func (p *parser) agentGroup(n *yaml.Node, path string) AgentGroup {
	g := AgentGroup{Line: n.Line}
	f, ok := p.fields(n, path, agentKeys...)
	if !ok {
		return g
	}
	if v, ok := f["name"]; ok {
		g.Name, _ = p.name(v, join(path, "name"))
	} else {
		p.missing(n, join(path, "name"), "required: a name for the group, such as tier1")
	}
	switch p.exclusive(n, f, path, "count", "schedule", true, "count: 10") {
	case "count":
		c, _ := p.integer(f["count"], join(path, "count"), 0, maxCount)
		g.Count = int(c)
	case "schedule":
		g.Schedule = p.schedule(f["schedule"], join(path, "schedule"))
	}
	if v, ok := f["concurrency"]; ok {
		c, _ := p.integer(v, join(path, "concurrency"), 1, sim.MaxConcurrency)
		g.Concurrency = int(c)
	}
	if v, ok := f["skills"]; ok {
		g.Skills, _ = p.skills(v, join(path, "skills"))
	}
	if v, ok := f["response_time"]; ok {
		g.ResponseTime, _ = p.distribution(v, join(path, "response_time"), seconds)
	} else {
		p.missing(n, join(path, "response_time"), "required: the time an agent takes per reply, such as {dist: lognormal, median: 40s, sigma: 0.5}")
	}
	if v, ok := f["concurrency_penalty"]; ok {
		g.ConcurrencyPenalty, _ = p.nonNegative(v, join(path, "concurrency_penalty"))
	}
	if v, ok := f["wrap_up"]; ok {
		g.WrapUp, _ = p.duration(v, join(path, "wrap_up"))
	}
	return g
}

func (p *parser) schedule(n *yaml.Node, path string) []ScheduleEntry {
	items, ok := p.seq(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.errf(n, path, `must list at least one entry, such as [{at: "08:00", count: 20}]`)
		return nil
	}
	var out []ScheduleEntry
	var order []timedPoint
	allAt := true
	for i, it := range items {
		ip := index(path, i)
		f, good := p.fields(it, ip, scheduleKeys...)
		if !good {
			allAt = false
			continue
		}
		var e ScheduleEntry
		atOK := false
		if v, ok := f["at"]; ok {
			e.At, atOK = p.timeOfDay(v, join(ip, "at"))
		} else {
			p.errf(it, join(ip, "at"), `required: the time of day the head count starts, such as "08:00"`)
		}
		if v, ok := f["count"]; ok {
			c, _ := p.integer(v, join(ip, "count"), 0, maxCount)
			e.Count = int(c)
		} else {
			p.missing(it, join(ip, "count"), "required: the number of agents from this time on")
		}
		_, hasDays := f["days"]
		if hasDays {
			e.Days, _ = p.days(f["days"], join(ip, "days"))
		}
		if atOK {
			order = append(order, timedPoint{at: e.At, days: e.Days, hasDays: hasDays, node: f["at"]})
		} else {
			allAt = false
		}
		out = append(out, e)
	}
	if allAt {
		p.checkIncreasing(order, path)
	}
	return out
}

func (p *parser) routing(n *yaml.Node, r *Routing) {
	f, ok := p.fields(n, "routing", routingKeys...)
	if !ok {
		return
	}
	if v, ok := f["model"]; ok {
		if m, good := p.name(v, "routing.model"); good {
			if contains(routingModels, m) {
				r.Model = m
			} else {
				p.errf(v, "routing.model", "unknown routing model %s%s; models: least_active, most_available, round_robin, load_rotation",
					quoteIfOdd(m), didYouMean(m, routingModels))
			}
		}
	}
	if v, ok := f["capacity"]; ok {
		if m, good := p.name(v, "routing.capacity"); good {
			if contains(capacityModels, m) {
				r.Capacity = m
			} else {
				p.errf(v, "routing.capacity", "unknown capacity model %s%s; models: tab (units held until the conversation ends), status (an inactive conversation frees its units)",
					quoteIfOdd(m), didYouMean(m, capacityModels))
			}
		}
	}
	if v, ok := f["inactive_after"]; ok {
		r.InactiveAfter, _ = p.duration(v, "routing.inactive_after")
	}
	if v, ok := f["end_inactive_after"]; ok {
		r.EndInactiveAfter, _ = p.positiveDuration(v, "routing.end_inactive_after")
	}
	if v, ok := f["sticky_for"]; ok {
		r.StickyFor, _ = p.duration(v, "routing.sticky_for")
	}
	if v, ok := f["push_timeout"]; ok {
		r.PushTimeout, _ = p.duration(v, "routing.push_timeout")
	}
	if v, ok := f["preferred_timeout"]; ok {
		r.PreferredTimeout, _ = p.duration(v, "routing.preferred_timeout")
	}
	if v, ok := f["timeout_presence"]; ok {
		if m, good := p.name(v, "routing.timeout_presence"); good {
			if contains(presences, m) {
				r.TimeoutPresence = m
			} else {
				p.errf(v, "routing.timeout_presence", "unknown presence %s%s; presences: online, busy, away, offline", quoteIfOdd(m), didYouMean(m, presences))
			}
		}
	}
	p.reclaim(f, r)
	p.rules(f, r)
	if v, ok := f["decline"]; ok {
		r.Decline, _ = p.share(v, "routing.decline")
	}
	if v, ok := f["accept_time"]; ok {
		if d, good := p.distribution(v, "routing.accept_time", seconds); good {
			r.AcceptTime = &d
		}
	}
	if v, ok := f["offline_requeue"]; ok {
		b, good := p.boolean(v, "routing.offline_requeue")
		if good {
			r.OfflineRequeue = &b
		}
	}
	if v, ok := f["transfers"]; ok {
		items, _ := p.seq(v, "routing.transfers")
		for i, it := range items {
			r.Transfers = append(r.Transfers, p.transfer(it, index("routing.transfers", i)))
		}
	}
	if v, ok := f["queues"]; ok {
		items, good := p.seq(v, "routing.queues")
		if good && len(items) == 0 {
			p.errf(v, "routing.queues", "must list at least one queue; leave queues out for one default queue that takes every channel")
		}
		for i, it := range items {
			r.Queues = append(r.Queues, p.queue(it, index("routing.queues", i)))
		}
	}
}

func (p *parser) queue(n *yaml.Node, path string) Queue {
	q := Queue{Line: n.Line}
	f, ok := p.fields(n, path, queueKeys...)
	if !ok {
		return q
	}
	if v, ok := f["name"]; ok {
		q.Name, _ = p.name(v, join(path, "name"))
	} else {
		p.missing(n, join(path, "name"), "required: a name for the queue, such as support")
	}
	if v, ok := f["channels"]; ok {
		items, good := p.seq(v, join(path, "channels"))
		if good && len(items) == 0 {
			p.errf(v, join(path, "channels"), "must list at least one channel; leave channels out for every enabled channel")
		}
		for i, it := range items {
			if c, good := p.channelName(it, index(join(path, "channels"), i)); good {
				q.Channels = append(q.Channels, c)
			}
		}
	}
	if v, ok := f["priority"]; ok {
		pr, _ := p.integer(v, join(path, "priority"), 0, maxCount)
		q.Priority = int(pr)
	}
	for _, k := range []string{"skills", "additional_skills"} {
		v, ok := f[k]
		if !ok {
			continue
		}
		items, good := p.seq(v, join(path, k))
		if !good {
			continue
		}
		var attrs []string
		for i, it := range items {
			ip := index(join(path, k), i)
			a, good := p.name(it, ip)
			if !good {
				continue
			}
			if !contains(routingAttributes, a) {
				p.errf(it, ip, "unknown routing attribute %s%s; a queue routes on language or intent",
					quoteIfOdd(a), didYouMean(a, routingAttributes))
				continue
			}
			attrs = append(attrs, a)
		}
		if k == "skills" {
			q.Skills = attrs
		} else {
			q.AdditionalSkills = attrs
		}
	}
	if v, ok := f["drop_additional_after"]; ok {
		q.DropAdditionalAfter, _ = p.duration(v, join(path, "drop_additional_after"))
	}
	if v, ok := f["min_level"]; ok {
		l, _ := p.integer(v, join(path, "min_level"), 0, 10)
		q.MinLevel = int(l)
	}
	if v, ok := f["secondary"]; ok {
		if a, good := p.name(v, join(path, "secondary")); good {
			if contains(secondaryAttrs, a) {
				q.Secondary = a
			} else {
				p.errf(v, join(path, "secondary"), "unknown secondary priority attribute %s; a queue orders by tier (the arrivals' tiers, first listed first)", quoteIfOdd(a))
			}
		}
	}
	if v, ok := f["aging"]; ok {
		q.Aging, _ = p.duration(v, join(path, "aging"))
	}
	if v, ok := f["overflow_to"]; ok {
		q.OverflowTo, _ = p.name(v, join(path, "overflow_to"))
	}
	if v, ok := f["overflow_after"]; ok {
		q.OverflowAfter, _ = p.positiveDuration(v, join(path, "overflow_after"))
	}
	return q
}

func (p *parser) transfer(n *yaml.Node, path string) Transfer {
	t := Transfer{Line: n.Line}
	f, ok := p.fields(n, path, transferKeys...)
	if !ok {
		return t
	}
	if v, ok := f["intent"]; ok {
		t.Intent, _ = p.name(v, join(path, "intent"))
	} else {
		p.missing(n, join(path, "intent"), "required: the intent whose conversations agents transfer, such as technical")
	}
	if v, ok := f["probability"]; ok {
		t.Probability, _ = p.share(v, join(path, "probability"))
	} else {
		p.missing(n, join(path, "probability"), "required: the share of those conversations transferred, such as 0.2")
	}
	if v, ok := f["to"]; ok {
		t.To, _ = p.name(v, join(path, "to"))
	} else {
		p.missing(n, join(path, "to"), "required: the queue they go to")
	}
	return t
}

// versionNumber reads a version: a whole number, however large (a version too large
// for an int is still newer than this one).
func versionNumber(v *yaml.Node) (float64, bool) {
	if v.Tag != "!!int" && v.Tag != "!!float" {
		return 0, false
	}
	var f float64
	if err := v.Decode(&f); err != nil || f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}
