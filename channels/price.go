package channels

import (
	"fmt"
	"slices"
	"strings"
)

// Pricing categories (Meta's WhatsApp names). Marketing, utility and
// authentication are template categories: outside the window a message needs an
// approved template of one of them. Service is a free-form (non-template) reply.
const (
	CategoryMarketing      = "marketing"
	CategoryUtility        = "utility"
	CategoryAuthentication = "authentication"
	CategoryService        = "service"
)

// Categories lists every pricing category a channel may have. Read-only.
var Categories = []string{CategoryMarketing, CategoryUtility, CategoryAuthentication, CategoryService}

func knownCategory(s string) bool { return slices.Contains(Categories, s) }

func isTemplateCategory(s string) bool {
	return s == CategoryMarketing || s == CategoryUtility || s == CategoryAuthentication
}

// HasCategory reports whether the channel has the pricing category.
func (c *Channel) HasCategory(category string) bool {
	for _, x := range c.Categories {
		if x == category {
			return true
		}
	}
	return false
}

func (c *Channel) hasTemplates() bool {
	for _, x := range c.Categories {
		if isTemplateCategory(x) {
			return true
		}
	}
	return false
}

// CheckCategory returns nil for "" (a non-template message) and for a category the
// channel has, and otherwise an error: for an unknown category one listing the
// valid categories, for a category the channel lacks one naming the channel.
func (c *Channel) CheckCategory(category string) error {
	if category == "" || c.HasCategory(category) {
		return nil
	}
	if !knownCategory(category) {
		return fmt.Errorf("unknown template category %q (valid: %s)", category, strings.Join(Categories, ", "))
	}
	if len(c.Categories) == 0 {
		return fmt.Errorf("channel %s has no template category %q: it has no template categories", c.Name, category)
	}
	return fmt.Errorf("channel %s has no template category %q (it has: %s)", c.Name, category, strings.Join(c.Categories, ", "))
}

// Direction is whether a message goes to the business or to the customer.
type Direction uint8

// Directions.
const (
	InboundDir  Direction = iota + 1 // customer → business
	OutboundDir                      // business → customer
)

// String returns "inbound" or "outbound".
func (d Direction) String() string {
	switch d {
	case InboundDir:
		return "inbound"
	case OutboundDir:
		return "outbound"
	}
	return fmt.Sprintf("Direction(%d)", uint8(d))
}

// Price returns the price of one message in the channel's currency
// (Prices.Currency). category is "" for a non-template message, or the pricing
// category of an outbound message (Decision.Category); insideWindow says whether
// the channel's window is open (InWindow), which makes WhatsApp utility templates
// and service messages free. Inbound messages take no category.
//
// Errors: an unknown category (listing the valid ones), a category the channel
// does not have (naming the channel), a category on an inbound message, an
// invalid direction.
func (c *Channel) Price(dir Direction, category string, insideWindow bool) (float64, error) {
	if err := c.CheckCategory(category); err != nil {
		return 0, err
	}
	switch dir {
	case InboundDir:
		if category != "" {
			return 0, fmt.Errorf("channel %s: inbound messages have no template category (got %q)", c.Name, category)
		}
		return c.Prices.Inbound, nil
	case OutboundDir:
		key := category
		if key == "" {
			key = PriceMessage
		} else if insideWindow && slices.Contains(c.Prices.FreeInsideWindow, category) {
			// WhatsApp, from 2025-07-01: utility templates delivered inside an
			// open customer service window are free, as are service messages.
			return 0, nil
		}
		return c.Prices.Outbound[key], nil
	}
	return 0, fmt.Errorf("channel %s: invalid message direction %d", c.Name, uint8(dir))
}
