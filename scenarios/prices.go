package scenarios

import (
	"time"

	"github.com/omnisim/omnisim/calendar"
	"github.com/omnisim/omnisim/channels"
	"gopkg.in/yaml.v3"
)

// prices_as_of: the date whose channel price tables apply (channels.PricesOn).
// Absent, the tables in force on start: apply when the file gives a start (the
// earliest table when start is before them all), else the latest tables. A date
// before a channel's earliest table is an error.

// pricesAsOf reads prices_as_of.
func (p *parser) pricesAsOf(v *yaml.Node, s *Scenario) {
	if !p.scalar(v, "prices_as_of", "a date such as 2025-07-01") {
		return
	}
	d, err := calendar.ParseDate(v.Value)
	if err != nil {
		p.errf(v, "prices_as_of", "%v", err)
		return
	}
	s.PricesAsOf = d
}

// validatePrices resolves the date of the price tables and checks that every
// enabled channel has one in force on prices_as_of.
func (p *parser) validatePrices(s *Scenario) {
	s.PriceDate = calendar.Date{}
	switch v, ok := p.seen["prices_as_of"]; {
	case ok && s.PricesAsOf != (calendar.Date{}):
		s.PriceDate = s.PricesAsOf
		for _, c := range s.Channels {
			ch, err := channels.Default().Lookup(c.Name)
			if err != nil {
				continue // reported under channels
			}
			if _, err := ch.PricesOn(dateTime(s.PricesAsOf)); err != nil {
				p.errf(v, "prices_as_of", "%v; channel %s is enabled (channels.%s)", err, c.Name, c.Name)
			}
		}
	case p.seen["start"] != nil:
		s.PriceDate = s.Start
	}
}

func dateTime(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// priceCatalog is the catalog whose channel name has the price table of the
// scenario's date (PriceDate; zero: the latest), the earliest table when the
// date comes before them all (only a start: can: prices_as_of is checked).
func (s *Scenario) priceCatalog(name string) (*channels.Catalog, error) {
	cat := channels.Default()
	if s.PriceDate == (calendar.Date{}) {
		return cat, nil
	}
	ch, err := cat.Lookup(name)
	if err != nil {
		return nil, err
	}
	date := dateTime(s.PriceDate)
	if first, ok := ch.EarliestPrices(); ok && date.Before(first) {
		date = first
	}
	return cat.PricesOn(name, date)
}
