package scenarios

import (
	"fmt"
	"gopkg.in/yaml.v3"

	"github.com/omnisim/omnisim/channels"
)

// The keys of an enabled channel (channels.NAME) and of its price overrides.
var channelSection = section{name: "channels", docPath: "channels.C.", def: "channel", nullable: true, about: "an enabled channel, with optional overrides of the channel catalog", keys: []key{
	{name: "throughput", kind: kRate, field: at(func(c *Channel) any { return &c.Throughput }), check: positiveRate,
		doc: "messages per second per sender, such as 1/s (default: the catalog's)"},
	{name: "cost", kind: kNumber, field: at(func(c *Channel) any { return &c.Cost }), check: positiveUnits,
		dflt:   func() any { return float64(DefaultChannelCost) },
		schema: node{"type": "number", "exclusiveMinimum": 0},
		doc:    "capacity units a conversation on this channel takes (default 1)", def: fmt.Sprint(DefaultChannelCost) + " capacity unit"},
	{name: "opt_out", kind: kShare, field: at(func(c *Channel) any { return &c.OptOut }),
		doc: "the probability that a conversation's customer opts out (SMS STOP) at its end, blocking later outbound messages"},
	{name: "human_agent_tag", kind: kBool, field: at(func(c *Channel) any { return &c.HumanAgentTag }),
		doc: "agent replies outside the standard window use Messenger's HUMAN_AGENT tag (7 days) where the channel has one"},
	{name: "bot", kind: kBool, field: at(func(c *Channel) any { return &c.Bot }),
		doc: "whether the channel's conversations go to the bot first (default true when the bot is enabled); routing.rules[].bot overrides it", def: "true when the bot is enabled"},
	{name: "window", schema: ref("duration"), doc: "replaces the standard messaging window of a channel that has one (WhatsApp: 24h)"},
	{name: "prices", schema: ref("prices"), doc: "per-message prices overriding the catalog's"},
	{name: "silent_abandon", schema: ref("silentAbandon"),
		doc: "customers who leave without saying so: agents still accept, reply and hold the conversation until inactivity ends it",
		read: func(p *parser, v *yaml.Node, path string, t any) {
			t.(*Channel).Silent = &SilentAbandon{}
			p.mapping(v, path, &silentSection, t.(*Channel).Silent)
		}},
	{name: "deferred", schema: ref("deferred"),
		doc: "plan the channel as deferred work (an email queue): omnisim staff sizes it as a backlog cleared within `within` at max_occupancy, not as an interval service level",
		read: func(p *parser, v *yaml.Node, path string, t any) {
			d := &Deferred{}
			if p.mapping(v, path, &deferredSection, d) {
				t.(*Channel).Deferred = d
			}
		}},
}}

// The keys of channels.C.deferred.
var deferredSection = section{name: "deferred", docPath: "channels.C.deferred.", def: "deferred", about: "the channel planned as deferred work: a backlog cleared within a deadline", keys: []key{
	{name: "within", kind: kPositive, field: at(func(d *Deferred) any { return &d.Within }),
		doc:  "every conversation is handled within this of its arrival: longer than the interval, at most the horizon (required)",
		need: "required: the deadline of the deferred work, such as 24h"},
	{name: "max_occupancy", kind: kShare, field: at(func(d *Deferred) any { return &d.MaxOccupancy }),
		dflt: func() any { return DefaultDeferredOccupancy }, def: "85%",
		check: func(v any, _ string) string {
			if x, ok := v.(float64); ok && x <= 0 {
				return "must be above 0: the share of the agents' time on the work"
			}
			return ""
		},
		doc: "the share of present agents' time spent on the work, the rest the slack of real work (default 85%)"},
}}

// DefaultDeferredOccupancy is channels.C.deferred.max_occupancy's default.
const DefaultDeferredOccupancy = 0.85

var priceSection = section{name: "prices", def: "prices", about: "prices in USD per message, overriding the catalog's", keys: []key{
	{name: "inbound", schema: node{"type": "number", "minimum": 0}, doc: "the price of an inbound message"},
	{name: "outbound", schema: node{
		"type": "object", "propertyNames": node{"enum": append([]string{channels.PriceMessage}, channels.Categories...)},
		"additionalProperties": node{"type": "number", "minimum": 0},
	}, doc: "outbound prices: message (a non-template message) or a template category of the channel"},
}}
