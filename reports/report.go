package reports

import (
	"fmt"
	"math"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/sim"
)

// RepValues are one replication's metric values (metrics.Keys order) for every scope. They
// are what a shard writes and what Build averages, so merged shards give exactly
// the report of a single run.
type RepValues struct {
	Replication int
	Total       []float64
	ByChannel   [][]float64 // index = channel
	ByInterval  [][]float64 // index = interval of the day
	// ByWeekdayInterval: index = weekday × intervals per day + interval; nil
	// unless arrivals or staffing differ by weekday (sim.Model.ByWeekday).
	ByWeekdayInterval [][]float64
	ByQueue           [][]float64 // index = queue
	ByGroup           []GroupValues
}

// GroupValues are one agent group's values in one replication.
type GroupValues struct {
	Utilization float64   // units in use ÷ units online, over the measured window
	ByInterval  []float64 // the same by interval of the day (NaN where nobody was online)
	Concurrency []float64 // share of online agent-time with k units in use, k = 0…capacity
}

func groupValues(g *sim.GroupTally) GroupValues {
	var busy, capacity float64
	v := GroupValues{}
	for i := range g.BusyUnitSeconds {
		busy += g.BusyUnitSeconds[i]
		capacity += g.CapacityUnitSeconds[i]
		v.ByInterval = append(v.ByInterval, ratio(g.BusyUnitSeconds[i], g.CapacityUnitSeconds[i]))
	}
	v.Utilization = ratio(busy, capacity)
	total := 0.0
	for _, x := range g.ConcurrencySeconds {
		total += x
	}
	for _, x := range g.ConcurrencySeconds {
		v.Concurrency = append(v.Concurrency, ratio(x, total))
	}
	return v
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// FromResult computes the metric values of one replication.
func FromResult(r *sim.Result) RepValues {
	v := RepValues{Replication: r.Replication, Total: metrics.Values(&r.Total)}
	for i := range r.ByChannel {
		v.ByChannel = append(v.ByChannel, metrics.Values(&r.ByChannel[i]))
	}
	for i := range r.ByInterval {
		v.ByInterval = append(v.ByInterval, perDay(metrics.Values(&r.ByInterval[i]), intervalDays(&r.ByInterval[i], len(r.ByInterval))))
	}
	for i := range r.ByWeekdayInterval {
		t := &r.ByWeekdayInterval[i]
		v.ByWeekdayInterval = append(v.ByWeekdayInterval, perDay(metrics.Values(t), intervalDays(t, len(r.ByInterval))))
	}
	for i := range r.ByQueue {
		v.ByQueue = append(v.ByQueue, metrics.Values(&r.ByQueue[i]))
	}
	for i := range r.Groups {
		v.ByGroup = append(v.ByGroup, groupValues(&r.Groups[i]))
	}
	return v
}

// intervalDays is the number of days an interval's tally t was measured: its
// measured seconds over the interval's length (the interval divides the day
// into perDay of equal length). A warm-up that ends inside an interval leaves a
// fraction of it on the first day and the rest on the last, which still add up
// to whole days; the sum is rounded when it is that close to a whole number, so
// that a one-day run divides by exactly 1.
func intervalDays(t *sim.Tally, perDay int) float64 {
	if perDay == 0 {
		return 0
	}
	length := 86400 / float64(perDay)
	d := t.MeasuredSeconds / length
	if w := math.Round(d); math.Abs(d-w) < 1e-6 {
		d = w
	}
	return d
}

// perDay turns an interval's additive metrics (counts and costs, summed over every
// day the interval was measured) into means per day; ratios, percentiles and time
// averages are per-day already. An interval never measured keeps its zeros.
func perDay(vals []float64, days float64) []float64 {
	if days == 1 || days == 0 {
		return vals
	}
	for k, key := range metrics.Keys {
		if metrics.IsAdditive(key) {
			vals[k] /= days
		}
	}
	return vals
}

// Meta identifies the run a report describes.
type Meta struct {
	Scenario     string
	Seed         uint64
	Replications int
	Channels     []string // channel names, index order
	Queues       []string // queue names, index order
	Groups       []string // agent group names, index order
	Interval     time.Duration
	// The terms a report states: what was simulated and what service level means.
	Horizon, Warmup time.Duration
	SLAWithin       time.Duration
	SLATarget       float64
	// Extra are further terms (messaging targets, a start-of-run backlog;
	// messaging.go), as (term, meaning) pairs after the fixed ones.
	Extra [][2]string `json:",omitempty"`
}

// MetaOf returns the report metadata of a model.
func MetaOf(m *sim.Model) Meta {
	meta := Meta{Scenario: m.Name, Seed: m.Seed, Replications: m.Replications, Interval: m.Interval,
		Horizon: m.Horizon, Warmup: m.Warmup, SLAWithin: m.SLAWithin, SLATarget: m.SLATarget}
	for _, c := range m.Channels {
		meta.Channels = append(meta.Channels, c.Name)
	}
	for _, q := range m.Routing.Queues {
		meta.Queues = append(meta.Queues, q.Name)
	}
	if len(meta.Queues) == 0 {
		meta.Queues = []string{"default"}
	}
	for _, g := range m.Groups {
		meta.Groups = append(meta.Groups, g.Name)
	}
	meta.Extra = messagingTerms(m)
	return meta
}

// Report is the summary of a run: each metric's mean and CI for the whole run, by
// channel and by interval of the day.
type Report struct {
	Meta
	Metrics    []Stat   // metrics.Keys order
	ByChannel  [][]Stat // index = channel
	ByQueue    [][]Stat // index = queue
	ByGroup    []GroupStats
	Intervals  []string // "08:00" labels
	ByInterval [][]Stat
	// ByWeekdayInterval, when arrivals or staffing differ by weekday: index =
	// weekday (0 = Monday) × len(Intervals) + interval; nil otherwise.
	ByWeekdayInterval [][]Stat
}

// weekdayMeasured reports whether entry i of ByWeekdayInterval covers measured
// time (waiting_mean, a time average, is defined exactly then).
func (r *Report) weekdayMeasured(i int) bool {
	return r.ByWeekdayInterval[i][metrics.Index("waiting_mean")].N > 0
}

// Weekdays are the weekday keys of by_weekday_interval; simulated day 0 is a
// Monday.
var Weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

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
	for g := range meta.Groups {
		r.ByGroup = append(r.ByGroup, summarizeGroup(reps, g))
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
	if len(reps) > 0 && reps[0].ByWeekdayInterval != nil {
		for i := 0; i < 7*n; i++ {
			r.ByWeekdayInterval = append(r.ByWeekdayInterval, summarizeScope(reps, func(v *RepValues) []float64 { return at(v.ByWeekdayInterval, i) }))
		}
	}
	return r
}

func at(s [][]float64, i int) []float64 {
	if i < len(s) {
		return s[i]
	}
	return nil
}

// summarizeScope estimates every metric of one scope over the replications
// (estimators.go: shares as ratio estimators, percentiles with their bucket
// width, the rest as means).
func summarizeScope(reps []RepValues, scope func(*RepValues) []float64) []Stat {
	out := make([]Stat, len(metrics.Keys))
	vals := make([][]float64, len(reps))
	for i := range reps {
		vals[i] = scope(&reps[i])
	}
	xs, dens := make([]float64, 0, len(reps)), make([]float64, 0, len(reps))
	for k := range metrics.Keys {
		out[k] = summarize(k, vals, xs, dens)
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
	if i := metrics.Index(key); i >= 0 {
		return r.Metrics[i]
	}
	return Stat{}
}

// GroupStats summarizes one agent group across replications.
type GroupStats struct {
	Utilization Stat
	ByInterval  []Stat // utilization by interval of the day
	Concurrency []Stat // share of online agent-time at k units in use
}

func summarizeGroup(reps []RepValues, g int) GroupStats {
	var out GroupStats
	var xs []float64
	collect := func(f func(*GroupValues) (float64, bool)) Stat {
		xs = xs[:0]
		for i := range reps {
			if g < len(reps[i].ByGroup) {
				if x, ok := f(&reps[i].ByGroup[g]); ok {
					xs = append(xs, x)
				}
			}
		}
		return Summarize(xs)
	}
	out.Utilization = collect(func(v *GroupValues) (float64, bool) { return v.Utilization, true })
	width := func(f func(*GroupValues) []float64) int {
		n := 0
		for i := range reps {
			if g < len(reps[i].ByGroup) {
				n = max(n, len(f(&reps[i].ByGroup[g])))
			}
		}
		return n
	}
	for k := 0; k < width(func(v *GroupValues) []float64 { return v.ByInterval }); k++ {
		out.ByInterval = append(out.ByInterval, collect(func(v *GroupValues) (float64, bool) {
			return at1(v.ByInterval, k)
		}))
	}
	for k := 0; k < width(func(v *GroupValues) []float64 { return v.Concurrency }); k++ {
		out.Concurrency = append(out.Concurrency, collect(func(v *GroupValues) (float64, bool) {
			return at1(v.Concurrency, k)
		}))
	}
	return out
}

func at1(s []float64, i int) (float64, bool) {
	if i < len(s) {
		return s[i], true
	}
	return 0, false
}
