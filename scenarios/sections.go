package scenarios

import (
	"errors"
	"math"
	"time"

	"github.com/omnisim/omnisim/channels"
	"gopkg.in/yaml.v3"
)

// The keys of each section, in DESIGN.md order (the public format, v1): the
// registry's tables (keys_*.go).
var (
	topKeys       = scenarioSection.names()
	slaKeys       = slaSection.names()
	channelKeys   = channelSection.names()
	priceKeys     = priceSection.names()
	arrivalKeys   = arrivalSection.names()
	profileKeys   = profileSection.names()
	customerKeys  = customerSection.names()
	botKeys       = botSection.names()
	botIntentKeys = botIntentSection.names()
	followUpKeys  = followUpSection.names()
	outboundKeys  = outboundSection.names()
	agentKeys     = agentSection.names()
	scheduleKeys  = scheduleSection.names()
	routingKeys   = routingSection.names()
	queueKeys     = queueSection.names()
	transferKeys  = transferSection.names()
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

	p.walk(root, f, "", &scenarioSection, s, nil)
	p.messaging(f, s)
	return s
}

// seed reads the seed: any uint64.
func (p *parser) seed(v *yaml.Node, s *Scenario) {
	if p.scalar(v, "seed", "an integer") {
		var seed uint64
		if v.Tag != "!!int" || v.Decode(&seed) != nil {
			p.errf(v, "seed", "must be an integer from 0 to %d, got %s", uint64(math.MaxUint64), kindName(v))
		}
		s.Seed = seed
	}
}

// items reads a list whose every item is read by one, at path[i].
func items[T any](p *parser, v *yaml.Node, path string, one func(*yaml.Node, string) T) []T {
	var out []T
	if list, good := p.seq(v, path); good {
		for i, it := range list {
			out = append(out, one(it, index(path, i)))
		}
	}
	return out
}

// assertions reads the assert: lines.
func (p *parser) assertions(v *yaml.Node, s *Scenario) {
	items, good := p.seq(v, "assert")
	if !good {
		return
	}
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
		p.walk(e.val, f, path, &channelSection, &c, nil)
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
	p.walk(n, f, path, &arrivalSection, &a, func(k *key, _ *yaml.Node, _ bool) bool {
		if k.name != "rate" {
			return false
		}
		switch p.exclusive(n, f, path, "rate", "profile", true, "rate: 60/h") {
		case "rate":
			a.Rate, _ = p.rate(f["rate"], join(path, "rate"))
		case "profile":
			a.Profile = p.profile(f["profile"], join(path, "profile"))
		}
		return true
	})
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
	return timed[ProfilePoint](p, n, path, &profileSection,
		`must list at least one point, such as [{at: "00:00", rate: 60/h}]`,
		`required: the time of day the rate starts, such as "08:00"`)
}

// timed reads the points of a daily profile or a staffing schedule (section sec,
// T its point): a non-empty list of points, each with a time of day at, its value
// and optional days; the times must increase.
func timed[T any](p *parser, n *yaml.Node, path string, sec *section, empty, needAt string) []T {
	items, ok := p.seq(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.errf(n, path, "%s", empty)
		return nil
	}
	var out []T
	var order []timedPoint
	allAt := true
	for i, it := range items {
		ip := index(path, i)
		f, good := p.fields(it, ip, sec.names()...)
		if !good {
			allAt = false
			continue
		}
		var pt T
		at, days := sec.row("at").field(&pt).(*time.Duration), sec.row("days").field(&pt).(*Days)
		atOK, hasDays := false, false
		p.walk(it, f, ip, sec, &pt, func(k *key, v *yaml.Node, ok bool) bool {
			switch {
			case k.name == "at" && ok:
				*at, atOK = p.timeOfDay(v, join(ip, "at"))
			case k.name == "at":
				p.errf(it, join(ip, "at"), "%s", needAt)
			case k.name == "days" && ok:
				hasDays = true
				*days, _ = p.days(v, join(ip, "days"))
			}
			return k.kind == kCustom
		})
		// One bad time makes the order meaningless: then only the bad time is reported.
		if atOK {
			order = append(order, timedPoint{at: *at, days: *days, hasDays: hasDays, node: f["at"]})
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

// mapping reads the mapping n of section sec, at path, into t (its struct); ok is
// false when n is not a mapping.
func (p *parser) mapping(n *yaml.Node, path string, sec *section, t any) bool {
	f, ok := p.fields(n, path, sec.names()...)
	if ok {
		p.walk(n, f, path, sec, t, nil)
	}
	return ok
}

// botIntents reads bot.intents: intent: {resolvable, confidence}, in file order.
func (p *parser) botIntents(v *yaml.Node, path string, b *Bot) {
	es, _ := p.pairs(v, path)
	for _, e := range es {
		ip := join(path, e.name)
		bi := BotIntent{Intent: e.name}
		p.seen[ip] = e.val
		if p.mapping(e.val, ip, &botIntentSection, &bi) {
			b.Intents = append(b.Intents, bi)
		}
	}
}

// byIntent reads follow_up.by_intent: intent: probability, in file order.
func (p *parser) byIntent(v *yaml.Node, path string, fu *FollowUp) {
	es, _ := p.pairs(v, path)
	for _, e := range es {
		if x, good := p.share(e.val, join(path, e.name)); good {
			fu.ByIntent = append(fu.ByIntent, Share{Name: e.name, Share: x})
		}
	}
}

func (p *parser) outbound(n *yaml.Node, path string) Outbound {
	var o Outbound
	p.mapping(n, path, &outboundSection, &o)
	return o
}

func (p *parser) agentGroup(n *yaml.Node, path string) AgentGroup {
	g := AgentGroup{Line: n.Line}
	f, ok := p.fields(n, path, agentKeys...)
	if !ok {
		return g
	}
	p.walk(n, f, path, &agentSection, &g, func(k *key, _ *yaml.Node, _ bool) bool {
		switch k.name {
		case "count":
			switch p.exclusive(n, f, path, "count", "schedule", true, "count: 10") {
			case "count":
				p.read(f["count"], join(path, "count"), k, &g.Count)
			case "schedule":
				g.Schedule = p.schedule(f["schedule"], join(path, "schedule"))
			}
		case "schedule":
		default:
			return false
		}
		return true
	})
	return g
}

func (p *parser) schedule(n *yaml.Node, path string) []ScheduleEntry {
	return timed[ScheduleEntry](p, n, path, &scheduleSection,
		`must list at least one entry, such as [{at: "08:00", count: 20}]`,
		`required: the time of day the head count starts, such as "08:00"`)
}

func (p *parser) routing(n *yaml.Node, r *Routing) {
	f, ok := p.fields(n, "routing", routingKeys...)
	if !ok {
		return
	}
	p.walk(n, f, "routing", &routingSection, r, nil)
	// queues last: read after transfers, as they always were.
	p.reclaim(f, r)
	p.rules(f, r)
	p.nudge(f, r)
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
	p.walk(n, f, path, &queueSection, &q, func(k *key, v *yaml.Node, ok bool) bool {
		if k.kind != kCustom || !ok {
			return false
		}
		switch k.name {
		case "channels":
			p.queueChannels(v, join(path, "channels"), &q)
		case "skills":
			q.Skills = p.attributes(v, join(path, k.name))
		case "additional_skills":
			q.AdditionalSkills = p.attributes(v, join(path, k.name))
		}
		return true
	})
	return q
}

// queueChannels reads a queue's channels: a non-empty list of channels.
func (p *parser) queueChannels(v *yaml.Node, path string, q *Queue) {
	items, good := p.seq(v, path)
	if good && len(items) == 0 {
		p.errf(v, path, "must list at least one channel; leave channels out for every enabled channel")
	}
	for i, it := range items {
		if c, good := p.channelName(it, index(path, i)); good {
			q.Channels = append(q.Channels, c)
		}
	}
}

// attributes reads a queue's skills or additional_skills: routing attributes.
func (p *parser) attributes(v *yaml.Node, path string) []string {
	items, good := p.seq(v, path)
	if !good {
		return nil
	}
	var attrs []string
	for i, it := range items {
		ip := index(path, i)
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
	return attrs
}

func (p *parser) transfer(n *yaml.Node, path string) Transfer {
	t := Transfer{Line: n.Line}
	p.mapping(n, path, &transferSection, &t)
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
