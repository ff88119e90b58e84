package channels

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// Dated price tables. A channel's prices change on dates its provider
// announces; the catalog keeps each table with the date it took effect (its
// AsOf, YYYY-MM-DD) so that a scenario about a given date is priced by the
// table in force then (scenario key prices_as_of). WhatsApp's are:
//
//   - 2025-07-01, per-message pricing (Channel.Prices): marketing, utility and
//     authentication templates charged per message delivered; service
//     (free-form) messages free; utility templates free inside an open customer
//     service window; a free entry point — a customer who comes through a
//     click-to-WhatsApp ad or a Page call-to-action and is answered within 24 h —
//     makes every message free for 72 h. Meta, "Pricing on the WhatsApp Business
//     Platform", https://developers.facebook.com/docs/whatsapp/pricing.
//   - 2024-11-01, 2024-08-01 and 2023-06-01, conversation-based pricing
//     (EarlierPrices, Basis BasisConversation): each 24-hour conversation of a
//     category is charged once — a template opens a conversation of its
//     category, a free-form reply inside the window a service conversation
//     (free from 2024-11-01). Meta, "Conversation-based pricing (deprecated)",
//     https://developers.facebook.com/docs/whatsapp/pricing/conversation-based-pricing.
//
// Channels whose table is not dated by its effect (SMS, Messenger, …: list
// prices as retrieved) have one table, in force on every date.

// Effective returns the date a table took effect: its AsOf when that is a date
// (YYYY-MM-DD); ok is false for an undated table ("retrieved 2026-11-26").
func (t PriceTable) Effective() (date time.Time, ok bool) {
	d, err := time.Parse(time.DateOnly, t.AsOf)
	return d, err == nil
}

// PriceDateError reports a date before every price table of a channel.
type PriceDateError struct {
	Channel  string
	Date     time.Time
	Earliest time.Time
	Tables   []string // the tables' dates, oldest first
}

func (e *PriceDateError) Error() string {
	return fmt.Sprintf("%s has no price table in force on %s: its tables start on %s (%s)",
		e.Channel, e.Date.Format(time.DateOnly), e.Earliest.Format(time.DateOnly), strings.Join(e.Tables, ", "))
}

// PricesOn returns the price table in force on date: the latest whose
// effective date is not after it. An undated table is in force on every date. A
// date before the channel's earliest table is a *PriceDateError.
func (c *Channel) PricesOn(date time.Time) (PriceTable, error) {
	d, dated := c.Prices.Effective()
	if !dated || !d.After(date) {
		return c.Prices, nil
	}
	for _, t := range c.EarlierPrices {
		if d, _ := t.Effective(); !d.After(date) {
			return t, nil
		}
	}
	e := &PriceDateError{Channel: c.Name, Date: date, Earliest: d}
	if n := len(c.EarlierPrices); n > 0 {
		e.Earliest, _ = c.EarlierPrices[n-1].Effective()
	}
	for i := len(c.EarlierPrices) - 1; i >= 0; i-- {
		e.Tables = append(e.Tables, c.EarlierPrices[i].AsOf)
	}
	e.Tables = append(e.Tables, c.Prices.AsOf)
	return PriceTable{}, e
}

// EarliestPrices returns the date of the channel's earliest dated table; ok is
// false when its table is undated (in force on every date).
func (c *Channel) EarliestPrices() (time.Time, bool) {
	if n := len(c.EarlierPrices); n > 0 {
		return c.EarlierPrices[n-1].Effective()
	}
	return c.Prices.Effective()
}

// PricesOn returns a catalog in which the channel called name has the price
// table in force on date (Channel.PricesOn). The receiver is not changed.
// Errors: the channel's lookup error, or a *PriceDateError.
func (c *Catalog) PricesOn(name string, date time.Time) (*Catalog, error) {
	ch, err := c.Lookup(name)
	if err != nil {
		return nil, err
	}
	t, err := ch.PricesOn(date)
	if err != nil {
		return nil, err
	}
	cp := *ch
	cp.Prices = t
	cp.Prices.Outbound = maps.Clone(t.Outbound)
	out := &Catalog{channels: maps.Clone(c.channels), names: c.names, legacy: c.legacy}
	out.channels[name] = &cp
	return out, nil
}

// FreeEntry reports whether a message sent at now is free under the channel's
// free entry point (PriceTable.FreeEntryWindow): the customer came in through
// one at entry, and the business answered within the channel's window (first
// reply at firstReply), which opens FreeEntryWindow from that reply (Meta: "all
// messages are free for 72 hours"). hasReply is false while nobody answered.
func (c *Channel) FreeEntry(entry, firstReply, now time.Duration, hasReply bool) bool {
	w := c.Prices.FreeEntryWindow
	if w == 0 || !hasReply || firstReply < entry || firstReply-entry > c.Window {
		return false
	}
	return now >= firstReply && now-firstReply <= w
}
