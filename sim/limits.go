package sim

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unsafe"
)

// Size limits. Every size the simulator allocates or loops over is derived from the
// model, and a model that passes Validate runs in bounded memory: these are the
// bounds, far above any real contact center and low enough that a run fits in a
// laptop's memory. Package scenarios reports them at the field's line; the CLI, at
// the flag that set the value.
const (
	// MinInterval is the shortest reporting interval: per-interval tallies are kept
	// for every interval of the day (1440 at one minute), and the interval index of
	// a conversation is a small integer.
	MinInterval = time.Minute
	// MaxReplications bounds replications of one run: each keeps its results until
	// the report is built.
	MaxReplications = 10_000
	// MaxItems bounds each list of the model: arrival streams, campaigns, agent
	// groups, queues, transfers, the intents, languages and tiers of a stream, and the
	// skill names. The simulator indexes them with 16-bit integers.
	MaxItems = 10_000
	// MaxConcurrency bounds an agent's capacity units (real agents hold a handful of
	// conversations); each group keeps a histogram with one bucket per unit.
	MaxConcurrency = 1_000
	// MaxAgents bounds the agents of a run: the sum over groups of the largest head
	// count. Every agent is created for the whole run.
	MaxAgents = 1_000_000
	// MaxConversations bounds the expected conversations of one replication: inbound
	// arrivals and outbound campaign messages over warm-up plus horizon. It bounds the
	// run's time and, through the conversations open at once, its memory.
	MaxConversations = 1e8
	// MaxMeanMessages bounds the mean number of customer messages per conversation;
	// a sampled count is clamped to MaxMessages.
	MaxMeanMessages = 1_000
	MaxMessages     = 1_000_000
	// MaxReplicationBytes bounds the memory one replication in flight takes for its
	// tallies and histograms (see Model.ReplicationBytes); one replication runs per
	// core at a time.
	MaxReplicationBytes = 512 << 20
	// MaxResultBytes bounds the values the replications of a run keep until the
	// report is built (see Model.ResultBytes).
	MaxResultBytes = 1 << 30
)

// SizeError is a model beyond one of the size limits. Field names the scenario
// field to change, as written in a scenario file (interval, arrivals[0].rate).
type SizeError struct {
	Field string
	Msg   string
}

func (e *SizeError) Error() string { return e.Field + ": " + e.Msg }

// tallyBytes is the size of one Tally; histBytes, of its two histograms once
// anything was recorded in them; valueBytes bounds a tally's values in the
// report's form (one float per metric).
const (
	tallyBytes = int64(unsafe.Sizeof(Tally{}))
	histBytes  = 2 * histBuckets * 4
	valueBytes = 1 << 10
)

// ReplicationBytes estimates the memory one replication takes while it runs: its
// tallies per (channel, queue, interval of the day) and per scope, with the
// histograms of those that can receive conversations (each channel has one queue
// of first routing).
func (m *Model) ReplicationBytes() int64 {
	nInt := int64(24 * time.Hour / max(m.Interval, MinInterval))
	ch, queues := int64(len(m.Channels)), int64(max(len(m.Routing.Queues), 1))
	scopes := 1 + ch + nInt + queues
	b := ch*queues*nInt*tallyBytes + (scopes+ch*nInt)*histBytes + scopes*tallyBytes
	for _, g := range m.Groups {
		b += (2*nInt + int64(g.Concurrency) + 1) * 8
	}
	return b
}

// ResultBytes estimates the memory one replication's values take until the report
// is built: the values of its tallies (total, by channel, interval and queue) and
// its groups' per-interval utilization and concurrency shares.
func (m *Model) ResultBytes() int64 {
	nInt := int64(24 * time.Hour / max(m.Interval, MinInterval))
	queues := int64(max(len(m.Routing.Queues), 1))
	b := (1 + int64(len(m.Channels)) + nInt + queues) * valueBytes
	for _, g := range m.Groups {
		b += (nInt + int64(g.Concurrency) + 1) * 8
	}
	return b
}

// ExpectedConversations returns the expected number of conversations one
// replication starts: inbound arrivals and outbound campaign messages from time 0
// to the end of the horizon.
func (m *Model) ExpectedConversations() float64 {
	span := m.Warmup + m.Horizon
	sum := 0.0
	for _, a := range m.Arrivals {
		sum += a.Rate.Expected(span)
	}
	for _, c := range m.Outbound {
		sum += c.Rate.Expected(span)
	}
	return sum
}

// Expected returns the integral of w (per second) over the first d of a run: the
// expected number of events of a Poisson process of rate w.
func (w Weekly) Expected(d time.Duration) float64 {
	if len(w) == 0 || d <= 0 {
		return 0
	}
	week := func(upTo time.Duration) float64 { // integral over [0, upTo), upTo ≤ a week
		sum := 0.0
		for i, s := range w {
			end := time.Duration(Week)
			if i+1 < len(w) {
				end = w[i+1].At
			}
			if s.At >= upTo {
				break
			}
			sum += s.Value * (min(end, upTo) - s.At).Seconds()
		}
		return sum
	}
	full := float64(d / time.Duration(Week))
	rest := d % time.Duration(Week)
	total := 0.0
	if full > 0 {
		total = full * week(time.Duration(Week))
	}
	return total + week(rest)
}

// checkSize checks the model against the size limits; the first excess is
// returned as a *SizeError.
func (m *Model) checkSize() error {
	bad := func(field, format string, args ...any) error {
		return &SizeError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if m.Interval < MinInterval {
		return bad("interval", "must be at least %s (got %s): tallies are kept for every interval of the day", ShortDuration(MinInterval), m.Interval)
	}
	if m.Replications > MaxReplications {
		return bad("replications", "at most %d (got %d)", MaxReplications, m.Replications)
	}
	type list struct {
		field string
		n     int
	}
	lists := []list{
		{"arrivals", len(m.Arrivals)}, {"outbound", len(m.Outbound)}, {"agents", len(m.Groups)},
		{"routing.queues", len(m.Routing.Queues)}, {"routing.transfers", len(m.Transfers)},
	}
	for i, a := range m.Arrivals {
		lists = append(lists,
			list{fmt.Sprintf("arrivals[%d].intents", i), len(a.Intents.Names)},
			list{fmt.Sprintf("arrivals[%d].languages", i), len(a.Languages.Names)},
			list{fmt.Sprintf("arrivals[%d].tiers", i), len(a.Tiers.Names)})
	}
	lists = append(lists, list{"agents[].skills", len(m.Skills)})
	for _, l := range lists {
		if l.n > MaxItems {
			what := "entries"
			if l.field == "agents[].skills" {
				what = "distinct skill, language and intent names"
			}
			return bad(l.field, "%d %s; at most %d", l.n, what, MaxItems)
		}
	}
	agents := 0.0
	for i, g := range m.Groups {
		if g.Concurrency > MaxConcurrency {
			return bad(fmt.Sprintf("agents[%d].concurrency", i), "at most %d capacity units (got %d)", MaxConcurrency, g.Concurrency)
		}
		agents += math.Ceil(g.Staff.Max())
	}
	if agents > MaxAgents {
		return bad("agents", "%.0f agents in all groups (the largest head count of each); at most %d", agents, MaxAgents)
	}
	if mm := m.Messages.Mean(); mm > MaxMeanMessages {
		return bad("customers.messages", "mean of %g customer messages per conversation; at most %d", mm, MaxMeanMessages)
	}
	nInt := int64(24 * time.Hour / m.Interval)
	if b := m.ReplicationBytes(); b > MaxReplicationBytes {
		return bad("interval", "a replication would take about %s for its tallies (%d channels, %d queues, %d intervals of the day); at most %s: use a longer interval or fewer queues",
			byteSize(b), len(m.Channels), max(len(m.Routing.Queues), 1), nInt, byteSize(MaxReplicationBytes))
	}
	if n := m.ExpectedConversations(); !(n <= MaxConversations) {
		// Blame the stream that brings the most.
		field, most := "horizon", 0.0
		span := m.Warmup + m.Horizon
		for i, a := range m.Arrivals {
			if e := a.Rate.Expected(span); e > most {
				field, most = fmt.Sprintf("arrivals[%d]", i), e
			}
		}
		for i, c := range m.Outbound {
			if e := c.Rate.Expected(span); e > most {
				field, most = fmt.Sprintf("outbound[%d].rate", i), e
			}
		}
		return bad(field, "%.3g expected conversations per replication (rate × (warmup + horizon), all streams); at most %.0e: lower the rate or shorten the horizon",
			n, float64(MaxConversations))
	}
	if b := int64(m.Replications) * m.ResultBytes(); b > MaxResultBytes {
		return bad("replications", "%d replications keep about %s of results (%s each, with %d intervals of the day); at most %s: use fewer replications or a longer interval",
			m.Replications, byteSize(b), byteSize(m.ResultBytes()), nInt, byteSize(MaxResultBytes))
	}
	return nil
}

// byteSize formats a byte count for a message.
func byteSize(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
}

// ShortDuration writes a duration as a planner would, without zero tails: 24h,
// 30m, 1h30m, 45s, 0s (not 24h0m0s). Reports, scenario errors and the limits'
// messages all use it.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
