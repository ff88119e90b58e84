package scenarios

import (
	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim"
)

// The keys of an outbound campaign (outbound[i]).
var outboundSection = section{name: "outbound", docPath: "outbound[].", def: "outbound", about: "a proactive, business-initiated campaign (templates)", keys: []key{
	{name: "channel", kind: kChannel, field: at(func(o *Outbound) any { return &o.Channel }),
		doc: "the channel the campaign sends on; it must be enabled", need: "required: the channel the campaign sends on"},
	{name: "rate", kind: kRate, field: at(func(o *Outbound) any { return &o.Rate }),
		doc: "campaign messages per unit of time, such as 30/h", need: "required: the rate of outbound conversations, such as 30/h"},
	{name: "category", kind: kEnum, enum: oneOf(func() []string { return channels.Categories }, "template category", "categories"),
		field: at(func(o *Outbound) any { return &o.Category }),
		doc:   "the template category, where the channel has categories (WhatsApp)"},
	{name: "reply_probability", kind: kShare, field: at(func(o *Outbound) any { return &o.ReplyProbability }),
		doc: "the share of messages the customer replies to, opening a conversation"},
	{name: "reply_delay", kind: kDistSeconds, field: at(func(o *Outbound) any { return &o.ReplyDelay }),
		doc: "the time until the customer replies (default {dist: exponential, mean: 2h})", def: "{dist: exponential, mean: " + sim.ShortDuration(DefaultReplyDelayMean) + "}"},
	{name: "reply_window", kind: kPositive, field: at(func(o *Outbound) any { return &o.ReplyWindow }), dflt: func() any { return DefaultReplyWindow },
		doc: "the business-initiated conversation ends unanswered after this (default 48h)"},
	{name: "opted_out", kind: kShare, field: at(func(o *Outbound) any { return &o.OptedOut }),
		doc: "the share of the campaign's recipients who opted out (SMS STOP, or a request to stop on WhatsApp): their messages are not sent, counted in outbound_opted_out"},
}}
