package reports

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/sim"
)

// RepValues are one replication's metric values (Keys order) for every scope. They
// are what a shard writes and what Build averages, so merged shards give exactly
// the report of a single run.
type RepValues struct {
	Replication int
	Total       []float64
	ByChannel   [][]float64 // index = channel
	ByInterval  [][]float64 // index = interval of the day
	ByQueue     [][]float64 // index = queue
}

// FromResult computes the metric values of one replication.
func FromResult(r *sim.Result) RepValues {
	v := RepValues{Replication: r.Replication, Total: Values(&r.Total)}
	for i := range r.ByChannel {
		v.ByChannel = append(v.ByChannel, Values(&r.ByChannel[i]))
	}
	for i := range r.ByInterval {
		v.ByInterval = append(v.ByInterval, Values(&r.ByInterval[i]))
	}
	for i := range r.ByQueue {
		v.ByQueue = append(v.ByQueue, Values(&r.ByQueue[i]))
	}
	return v
}

// Meta identifies the run a report describes.
type Meta struct {
	Scenario     string
	Seed         uint64
	Replications int
	Channels     []string // channel names, index order
	Queues       []string // queue names, index order
	Interval     time.Duration
}

// MetaOf returns the report metadata of a model.
func MetaOf(m *sim.Model) Meta {
	meta := Meta{Scenario: m.Name, Seed: m.Seed, Replications: m.Replications, Interval: m.Interval}
	for _, c := range m.Channels {
		meta.Channels = append(meta.Channels, c.Name)
	}
	for _, q := range m.Routing.Queues {
		meta.Queues = append(meta.Queues, q.Name)
	}
	if len(meta.Queues) == 0 {
		meta.Queues = []string{"default"}
	}
	return meta
}

// Report is the summary of a run: each metric's mean and CI for the whole run, by
// channel and by interval of the day.
type Report struct {
	Meta
	Metrics    []Stat   // Keys order
	ByChannel  [][]Stat // index = channel
	ByQueue    [][]Stat // index = queue
	Intervals  []string // "08:00" labels
	ByInterval [][]Stat
}

// Build summarizes replications (any order; they are sorted by replication).
func Build(meta Meta, reps []RepValues) *Report {
	sortReps(reps)
	r := &Report{Meta: meta}
	r.Metrics = summarizeScope(reps, func(v *RepValues) []float64 { return v.Total })
	for c := range meta.Channels {
		r.ByChannel = append(r.ByChannel, summarizeScope(reps, func(v *RepValues) []float64 { return at(v.ByChannel, c) }))
	}
	for q := range meta.Queues {
		r.ByQueue = append(r.ByQueue, summarizeScope(reps, func(v *RepValues) []float64 { return at(v.ByQueue, q) }))
	}
	n := 0
	if meta.Interval > 0 {
		n = int(24 * time.Hour / meta.Interval)
	}
	for i := 0; i < n; i++ {
		start := time.Duration(i) * meta.Interval
		r.Intervals = append(r.Intervals, fmt.Sprintf("%02d:%02d", int(start.Hours()), int(start.Minutes())%60))
		r.ByInterval = append(r.ByInterval, summarizeScope(reps, func(v *RepValues) []float64 { return at(v.ByInterval, i) }))
	}
	return r
}

func at(s [][]float64, i int) []float64 {
	if i < len(s) {
		return s[i]
	}
	return nil
}

func summarizeScope(reps []RepValues, scope func(*RepValues) []float64) []Stat {
	out := make([]Stat, len(Keys))
	xs := make([]float64, 0, len(reps))
	for k := range Keys {
		xs = xs[:0]
		for i := range reps {
			if vals := scope(&reps[i]); k < len(vals) {
				xs = append(xs, vals[k])
			}
		}
		out[k] = Summarize(xs)
	}
	return out
}

func sortReps(reps []RepValues) {
	// insertion sort: replications arrive nearly sorted and are few
	for i := 1; i < len(reps); i++ {
		for j := i; j > 0 && reps[j].Replication < reps[j-1].Replication; j-- {
			reps[j], reps[j-1] = reps[j-1], reps[j]
		}
	}
}

// Metric returns the Stat of key for the whole run.
func (r *Report) Metric(key string) Stat {
	if i := KeyIndex(key); i >= 0 {
		return r.Metrics[i]
	}
	return Stat{}
}
