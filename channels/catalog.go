package channels

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed catalog.json
var catalogJSON []byte

// Channel is one messaging channel of the catalog: its window rules, template
// categories, content types, opt-out keywords, throughput and prices.
//
// A *Channel returned by a Catalog is shared: treat its fields, slices and maps as
// read-only. Change a channel with Catalog.With.
type Channel struct {
	Name  string // catalog key, e.g. "whatsapp"
	Title string // human name, e.g. "WhatsApp Business Platform (Cloud API)"

	// Window is how long after the customer's last message the business may send
	// free-form messages (WhatsApp's customer service window, Messenger's standard
	// messaging window). 0 means the channel has no window.
	Window time.Duration
	// HumanAgentWindow extends Window for replies by a human agent sent with the
	// HUMAN_AGENT message tag (Messenger, Instagram: 7 days). 0 means no extension.
	HumanAgentWindow time.Duration
	// BusinessInitiated reports whether the business may start a conversation with
	// a customer who has not written (on a channel with templates, with a template).
	BusinessInitiated bool
	// Session marks channels whose conversations live in a chat session (web, in-app)
	// rather than on a phone number or account.
	Session bool
	// ClosedBlocksOutbound: once the customer closes the conversation nothing more
	// may be sent until they write again (Apple Messages for Business).
	ClosedBlocksOutbound bool

	// Categories are the pricing categories of the channel's messages: template
	// categories (marketing, utility, authentication) that need an approved
	// template, plus service for free-form replies. Only WhatsApp has any.
	Categories []string
	Keywords   Keywords  // SMS-style keywords; empty lists: the channel has none
	Content    []Content // supported content types with their limits

	// Throughput is the sending limit in messages per second per sender (phone
	// number, Page, account or agent); 0 means not limited.
	Throughput     float64
	ThroughputNote string

	Prices PriceTable
	// EarlierPrices are the price tables in force before Prices, newest first,
	// each dated by its AsOf (the date it took effect); PricesOn picks the one
	// of a date. Only WhatsApp has any.
	EarlierPrices []PriceTable

	Notes   []string // the rules in words
	Sources []string // where the rules and numbers come from
}

// Keywords are the whole-message keywords a channel acts on (CTIA; see Keyword).
type Keywords struct {
	OptOut []string
	OptIn  []string
	Help   []string
	// Confirm confirms a pending double opt-in (Confirms); it is no keyword
	// otherwise, so Keyword does not return it.
	Confirm []string
}

// Content is a supported content type with its limit.
type Content struct {
	Type string // one of ContentTypes
	Max  int    // limit in Unit (characters, buttons, cards, …); 0 means none modelled
	Unit string
	Note string
}

// PriceTable holds a channel's per-message prices.
type PriceTable struct {
	Currency string // "USD"
	// Source names the price list the numbers come from, and AsOf its date
	// (effective date, or when it was retrieved).
	Source string
	AsOf   string
	// Representative marks catalog defaults: list prices for US destinations,
	// meant to be overridden per scenario with actual or negotiated rates.
	Representative bool
	// Overridden is set when a scenario replaced some of the prices (Catalog.With).
	Overridden bool

	Inbound float64 // per inbound (customer) message
	// Outbound prices per outbound message: key PriceMessage for a non-template
	// message, and one key per category in Channel.Categories.
	Outbound map[string]float64
	// FreeInsideWindow lists categories that cost nothing while the window is open
	// (WhatsApp: utility templates and service messages).
	FreeInsideWindow []string
	// Basis is what a price is charged for: BasisMessage (each message, the
	// default) or BasisConversation (WhatsApp before 2025-07-01: each 24-hour
	// conversation of a category; see PricesOn).
	Basis string
	// FreeEntryWindow: after a customer comes through a free entry point
	// (WhatsApp: a click-to-WhatsApp ad or a Facebook Page call-to-action button)
	// and the business answers within the window, every message is free for this
	// long (72 h); 0: no free entry point. See FreeEntry.
	FreeEntryWindow time.Duration
}

// Price bases (PriceTable.Basis).
const (
	BasisMessage      = "message"
	BasisConversation = "conversation"
)

// PriceMessage is the PriceTable.Outbound key of a non-template message.
const PriceMessage = "message"

// Content types.
const (
	ContentText         = "text"
	ContentMedia        = "media"
	ContentQuickReplies = "quick_replies"
	ContentListPicker   = "list_picker"
	ContentForms        = "forms"
	ContentCarousel     = "carousel"
)

// ContentTypes lists every content type a channel may support. Read-only.
var ContentTypes = []string{ContentText, ContentMedia, ContentQuickReplies, ContentListPicker, ContentForms, ContentCarousel}

// Catalog is a set of channels. The default catalog is embedded in the binary;
// Catalog.With derives a catalog with per-scenario overrides. A Catalog is
// immutable and safe for concurrent use.
type Catalog struct {
	channels map[string]*Channel
	names    []string // sorted
	legacy   map[string]legacyChannel
}

type legacyChannel struct {
	Retired   string   `json:"retired"`
	Successor string   `json:"successor"`
	Message   string   `json:"message"`
	Sources   []string `json:"sources"`
}

// ErrUnknownChannel is matched (errors.Is) by the error of looking up a name that
// is not in the catalog.
var ErrUnknownChannel = errors.New("unknown channel")

// ErrRetiredChannel is matched (errors.Is) by the error of looking up a channel
// that no longer exists, such as google_business_messages.
var ErrRetiredChannel = errors.New("retired channel")

// UnknownChannelError reports a channel name that is not in the catalog.
type UnknownChannelError struct {
	Name       string
	Suggestion string   // closest valid name, "" when none is close
	Valid      []string // sorted valid names
}

func (e *UnknownChannelError) Error() string {
	hint := ""
	if e.Suggestion != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	return fmt.Sprintf("unknown channel %q%s; valid channels: %s", e.Name, hint, strings.Join(e.Valid, ", "))
}

// Is makes errors.Is(err, ErrUnknownChannel) true.
func (e *UnknownChannelError) Is(target error) bool { return target == ErrUnknownChannel }

// RetiredChannelError reports a channel that its provider shut down.
type RetiredChannelError struct {
	Name      string
	Retired   string // date, YYYY-MM-DD
	Successor string // channel to use instead
	Message   string
}

func (e *RetiredChannelError) Error() string {
	return fmt.Sprintf("channel %q is retired: %s", e.Name, e.Message)
}

// Is makes errors.Is(err, ErrRetiredChannel) true.
func (e *RetiredChannelError) Is(target error) bool { return target == ErrRetiredChannel }

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := parseCatalog(catalogJSON)
	if err != nil {
		// The file is embedded and covered by tests: failing here is a build defect.
		panic("channels: embedded catalog.json: " + err.Error())
	}
	return c
})

// Default returns the catalog embedded in the binary, parsed once.
func Default() *Catalog { return defaultCatalog() }

// Lookup returns the channel called name. A retired channel
// (google_business_messages) yields a *RetiredChannelError naming its successor; any
// other unknown name a *UnknownChannelError listing the valid names, with a
// suggestion when one is close.
func (c *Catalog) Lookup(name string) (*Channel, error) {
	if ch, ok := c.channels[name]; ok {
		return ch, nil
	}
	if l, ok := c.legacy[name]; ok {
		return nil, &RetiredChannelError{Name: name, Retired: l.Retired, Successor: l.Successor, Message: l.Message}
	}
	return nil, &UnknownChannelError{Name: name, Suggestion: suggest(name, c.names), Valid: slices.Clone(c.names)}
}

// Names returns the channel names, sorted. Retired channels are not included.
func (c *Catalog) Names() []string { return slices.Clone(c.names) }

// ContentLimit returns the channel's entry for a content type, and whether the
// channel supports it.
func (c *Channel) ContentLimit(content string) (Content, bool) {
	for _, ct := range c.Content {
		if ct.Type == content {
			return ct, true
		}
	}
	return Content{}, false
}

// Supports returns nil when the channel supports the content type, and an error
// naming the channel (or, for an unknown type, listing the valid types) otherwise.
func (c *Channel) Supports(content string) error {
	if !slices.Contains(ContentTypes, content) {
		return fmt.Errorf("unknown content type %q (valid: %s)", content, strings.Join(ContentTypes, ", "))
	}
	if _, ok := c.ContentLimit(content); !ok {
		var have []string
		for _, ct := range c.Content {
			have = append(have, ct.Type)
		}
		return fmt.Errorf("channel %s does not support content type %q (it supports: %s)", c.Name, content, strings.Join(have, ", "))
	}
	return nil
}

// The file format. Durations are Go duration strings.
type catalogFile struct {
	Version  int                        `json:"version"`
	Notes    []string                   `json:"notes"`
	Legacy   map[string]legacyChannel   `json:"legacy"`
	Channels map[string]json.RawMessage `json:"channels"`
}

type channelFile struct {
	Title                string           `json:"title"`
	Window               string           `json:"window"`
	HumanAgentWindow     string           `json:"human_agent_window"`
	BusinessInitiated    bool             `json:"business_initiated"`
	Session              bool             `json:"session"`
	ClosedBlocksOutbound bool             `json:"closed_blocks_outbound"`
	Categories           []string         `json:"categories"`
	Keywords             keywordsFile     `json:"keywords"`
	Content              []contentFile    `json:"content"`
	Throughput           float64          `json:"throughput"`
	ThroughputNote       string           `json:"throughput_note"`
	Prices               priceTableFile   `json:"prices"`
	EarlierPrices        []priceTableFile `json:"earlier_prices"`
	Notes                []string         `json:"notes"`
	Sources              []string         `json:"sources"`
}

type keywordsFile struct {
	OptOut []string `json:"opt_out"`
	OptIn  []string `json:"opt_in"`
	Help   []string `json:"help"`
	// Confirm is optional: channels that have no double opt-in confirmation omit it.
	Confirm []string `json:"confirm,omitempty"`
}

type contentFile struct {
	Type string `json:"type"`
	Max  int    `json:"max"`
	Unit string `json:"unit"`
	Note string `json:"note"`
}

type priceTableFile struct {
	Currency         string             `json:"currency"`
	Source           string             `json:"source"`
	AsOf             string             `json:"as_of"`
	Representative   bool               `json:"representative"`
	Inbound          float64            `json:"inbound"`
	Outbound         map[string]float64 `json:"outbound"`
	FreeInsideWindow []string           `json:"free_inside_window"`
	Basis            string             `json:"basis"`
	FreeEntryPoint   string             `json:"free_entry_point"`
}

func (f priceTableFile) table() (PriceTable, error) {
	t := PriceTable{
		Currency:         f.Currency,
		Source:           f.Source,
		AsOf:             f.AsOf,
		Representative:   f.Representative,
		Inbound:          f.Inbound,
		Outbound:         f.Outbound,
		FreeInsideWindow: f.FreeInsideWindow,
		Basis:            f.Basis,
	}
	if t.Basis == "" {
		t.Basis = BasisMessage
	}
	if t.Basis != BasisMessage && t.Basis != BasisConversation {
		return t, fmt.Errorf("basis: %q, want %s or %s", t.Basis, BasisMessage, BasisConversation)
	}
	var err error
	if t.FreeEntryWindow, err = parseWindow(f.FreeEntryPoint); err != nil {
		return t, fmt.Errorf("free_entry_point: %w", err)
	}
	return t, nil
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func parseCatalog(data []byte) (*Catalog, error) {
	var f catalogFile
	if err := strictUnmarshal(data, &f); err != nil {
		return nil, err
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("version %d: want 1", f.Version)
	}
	c := &Catalog{channels: make(map[string]*Channel, len(f.Channels)), legacy: f.Legacy}
	for name, raw := range f.Channels {
		var cf channelFile
		if err := strictUnmarshal(raw, &cf); err != nil {
			return nil, fmt.Errorf("channels.%s: %w", name, err)
		}
		ch, err := buildChannel(name, cf)
		if err != nil {
			return nil, fmt.Errorf("channels.%s.%w", name, err)
		}
		if _, dup := c.legacy[name]; dup {
			return nil, fmt.Errorf("channels.%s: also listed as legacy", name)
		}
		c.channels[name] = ch
		c.names = append(c.names, name)
	}
	for name, l := range c.legacy {
		if l.Message == "" {
			return nil, fmt.Errorf("legacy.%s.message: missing", name)
		}
		if _, ok := c.channels[l.Successor]; !ok {
			return nil, fmt.Errorf("legacy.%s.successor: unknown channel %q", name, l.Successor)
		}
	}
	slices.Sort(c.names)
	return c, nil
}

func buildChannel(name string, f channelFile) (*Channel, error) {
	if name == "" || strings.ToLower(name) != name {
		return nil, fmt.Errorf("name: want a lower-case name")
	}
	ch := &Channel{
		Name:                 name,
		Title:                f.Title,
		BusinessInitiated:    f.BusinessInitiated,
		Session:              f.Session,
		ClosedBlocksOutbound: f.ClosedBlocksOutbound,
		Categories:           f.Categories,
		Keywords:             Keywords{OptOut: f.Keywords.OptOut, OptIn: f.Keywords.OptIn, Help: f.Keywords.Help, Confirm: f.Keywords.Confirm},
		Throughput:           f.Throughput,
		ThroughputNote:       f.ThroughputNote,
		Notes:                f.Notes,
		Sources:              f.Sources,
	}
	var err error
	if ch.Prices, err = f.Prices.table(); err != nil {
		return nil, fmt.Errorf("prices.%w", err)
	}
	for i, pf := range f.EarlierPrices {
		t, err := pf.table()
		if err != nil {
			return nil, fmt.Errorf("earlier_prices[%d].%w", i, err)
		}
		ch.EarlierPrices = append(ch.EarlierPrices, t)
	}
	if ch.Window, err = parseWindow(f.Window); err != nil {
		return nil, fmt.Errorf("window: %w", err)
	}
	if ch.HumanAgentWindow, err = parseWindow(f.HumanAgentWindow); err != nil {
		return nil, fmt.Errorf("human_agent_window: %w", err)
	}
	if ch.HumanAgentWindow > 0 && (ch.Window == 0 || ch.HumanAgentWindow < ch.Window) {
		return nil, fmt.Errorf("human_agent_window: must extend a window")
	}
	for i, cat := range ch.Categories {
		if !knownCategory(cat) || slices.Contains(ch.Categories[:i], cat) {
			return nil, fmt.Errorf("categories[%d]: unknown or repeated category %q", i, cat)
		}
	}
	if ch.hasTemplates() {
		// Decide falls back on these categories when a template is required.
		if ch.Window == 0 || !ch.HasCategory(CategoryUtility) || !ch.HasCategory(CategoryMarketing) {
			return nil, fmt.Errorf("categories: a channel with templates needs a window and the utility and marketing categories")
		}
	}
	for i, ct := range f.Content {
		if !slices.Contains(ContentTypes, ct.Type) || ch.supported(ct.Type) {
			return nil, fmt.Errorf("content[%d]: unknown or repeated content type %q", i, ct.Type)
		}
		if ct.Max < 0 {
			return nil, fmt.Errorf("content[%d].max: must be ≥ 0", i)
		}
		ch.Content = append(ch.Content, Content(ct))
	}
	if !ch.supported(ContentText) {
		return nil, fmt.Errorf("content: every channel supports text")
	}
	seen := map[string]bool{}
	for _, list := range [][]string{ch.Keywords.OptOut, ch.Keywords.OptIn, ch.Keywords.Help, ch.Keywords.Confirm} {
		for _, k := range list {
			u := strings.ToUpper(k)
			if k == "" || u != k || strings.TrimSpace(k) != k || len(k) > maxKeywordLen || seen[k] {
				return nil, fmt.Errorf("keywords: %q must be a unique upper-case word of at most %d bytes", k, maxKeywordLen)
			}
			seen[k] = true
		}
	}
	if !finiteNonNegative(ch.Throughput) {
		return nil, fmt.Errorf("throughput: must be ≥ 0")
	}
	if err := checkPrices(ch); err != nil {
		return nil, err
	}
	return ch, nil
}

func (c *Channel) supported(content string) bool {
	_, ok := c.ContentLimit(content)
	return ok
}

func parseWindow(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, fmt.Errorf("must be ≥ 0")
	}
	return d, nil
}

func checkPrices(ch *Channel) error {
	if err := checkTable(ch, ch.Prices); err != nil {
		return err
	}
	next, dated := ch.Prices.Effective()
	if len(ch.EarlierPrices) > 0 && !dated {
		return fmt.Errorf("prices.as_of: %q: a channel with earlier_prices dates its tables (YYYY-MM-DD, the date they took effect)", ch.Prices.AsOf)
	}
	for i, t := range ch.EarlierPrices {
		if err := checkTable(ch, t); err != nil {
			return fmt.Errorf("earlier_prices[%d].%w", i, err)
		}
		d, ok := t.Effective()
		if !ok || !d.Before(next) {
			return fmt.Errorf("earlier_prices[%d].as_of: %q: want a date (YYYY-MM-DD) before %s, newest first", i, t.AsOf, next.Format(time.DateOnly))
		}
		next = d
	}
	return nil
}

func checkTable(ch *Channel, p PriceTable) error {
	if p.Currency == "" || p.Source == "" || p.AsOf == "" {
		return fmt.Errorf("prices: currency, source and as_of are required")
	}
	if !finiteNonNegative(p.Inbound) {
		return &FieldError{Field: "prices.inbound", Msg: "must be ≥ 0"}
	}
	if _, ok := p.Outbound[PriceMessage]; !ok {
		return fmt.Errorf("prices.outbound.%s: missing", PriceMessage)
	}
	for _, cat := range ch.Categories {
		if _, ok := p.Outbound[cat]; !ok {
			return fmt.Errorf("prices.outbound.%s: missing", cat)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.Outbound)) {
		if k != PriceMessage && !ch.HasCategory(k) {
			return fmt.Errorf("prices.outbound.%s: not a category of the channel", k)
		}
		if !finiteNonNegative(p.Outbound[k]) {
			return &FieldError{Field: "prices.outbound." + k, Msg: "must be ≥ 0"}
		}
	}
	for _, cat := range p.FreeInsideWindow {
		if !ch.HasCategory(cat) {
			return fmt.Errorf("prices.free_inside_window: %q is not a category of the channel", cat)
		}
	}
	return nil
}

func finiteNonNegative(x float64) bool {
	return x >= 0 && !math.IsInf(x, 1) // NaN fails x >= 0
}
