package channels

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Override changes a channel's catalog defaults for one scenario. A nil field
// keeps the default.
type Override struct {
	// Throughput in messages per second per sender; 0 means not limited.
	Throughput *float64
	// Window replaces the standard window of a channel that has one.
	Window *time.Duration
	// HumanAgentWindow replaces the HUMAN_AGENT extension of a channel that has
	// one; it must be at least the window.
	HumanAgentWindow *time.Duration
	Prices           *PriceOverride
}

// PriceOverride replaces some of a channel's prices.
type PriceOverride struct {
	Inbound *float64
	// Outbound prices by key: PriceMessage for a non-template message, or a
	// category of the channel. Keys not given keep their defaults.
	Outbound map[string]float64
	// Source and AsOf describe where the overriding prices come from; when empty
	// the catalog's are kept. Prices.Overridden is set either way.
	Source string
	AsOf   string
}

// FieldError is a validation error of an Override, naming the field in the
// scenario file's spelling (e.g. "prices.outbound.marketing"), so that the
// scenario loader can prefix it with the channel and the file:line.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// With returns a catalog in which the channel called name has the overrides o
// applied. The receiver is not changed. Errors: the channel's lookup error, or a
// *FieldError for the first invalid field (throughput, window,
// human_agent_window, prices.inbound, then prices.outbound keys in sorted order).
func (c *Catalog) With(name string, o Override) (*Catalog, error) {
	ch, err := c.Lookup(name)
	if err != nil {
		return nil, err
	}
	cp := *ch
	cp.Prices.Outbound = maps.Clone(ch.Prices.Outbound)
	if o.Throughput != nil {
		if !finiteNonNegative(*o.Throughput) {
			return nil, &FieldError{Field: "throughput", Msg: "must be ≥ 0"}
		}
		cp.Throughput = *o.Throughput
	}
	if o.Window != nil {
		switch {
		case ch.Window == 0:
			return nil, &FieldError{Field: "window", Msg: fmt.Sprintf("channel %s has no messaging window", name)}
		case *o.Window <= 0:
			return nil, &FieldError{Field: "window", Msg: "must be > 0"}
		}
		cp.Window = *o.Window
	}
	if o.HumanAgentWindow != nil {
		if ch.HumanAgentWindow == 0 {
			return nil, &FieldError{Field: "human_agent_window", Msg: fmt.Sprintf("channel %s has no human-agent window", name)}
		}
		cp.HumanAgentWindow = *o.HumanAgentWindow
	}
	if cp.HumanAgentWindow > 0 && cp.HumanAgentWindow < cp.Window {
		return nil, &FieldError{Field: "human_agent_window", Msg: fmt.Sprintf("must be ≥ window (%v)", cp.Window)}
	}
	if p := o.Prices; p != nil {
		if p.Inbound != nil {
			if !finiteNonNegative(*p.Inbound) {
				return nil, &FieldError{Field: "prices.inbound", Msg: "must be ≥ 0"}
			}
			cp.Prices.Inbound = *p.Inbound
		}
		for _, k := range slices.Sorted(maps.Keys(p.Outbound)) {
			field := "prices.outbound." + k
			if _, ok := cp.Prices.Outbound[k]; !ok {
				if knownCategory(k) {
					return nil, &FieldError{Field: field, Msg: fmt.Sprintf("channel %s has no template category %q", name, k)}
				}
				valid := append([]string{PriceMessage}, ch.Categories...)
				return nil, &FieldError{Field: field, Msg: fmt.Sprintf("unknown price key (valid for %s: %s)", name, strings.Join(valid, ", "))}
			}
			if !finiteNonNegative(p.Outbound[k]) {
				return nil, &FieldError{Field: field, Msg: "must be ≥ 0"}
			}
			cp.Prices.Outbound[k] = p.Outbound[k]
		}
		if p.Source != "" {
			cp.Prices.Source = p.Source
		}
		if p.AsOf != "" {
			cp.Prices.AsOf = p.AsOf
		}
		cp.Prices.Overridden = true
	}
	out := &Catalog{channels: maps.Clone(c.channels), names: c.names, legacy: c.legacy}
	out.channels[name] = &cp
	return out, nil
}
