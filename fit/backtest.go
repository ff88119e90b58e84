package fit

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

// BacktestRow is one metric of one scope and interval of the day, observed and
// simulated.
type BacktestRow struct {
	// Scope is "all", "channel:NAME" or "queue:NAME"; Interval an interval of
	// the day ("08:00") or "all" for the whole span.
	Scope     string  `json:"scope"`
	Interval  string  `json:"interval"`
	Metric    string  `json:"metric"`
	Observed  float64 `json:"observed"`
	ObsSE     float64 `json:"observed_se"`
	Simulated float64 `json:"simulated"`
	SimCI95   float64 `json:"simulated_ci95"`
	Weight    float64 `json:"weight"` // observed new conversations in the scope and interval
	// Off: the observed value is outside the simulation's 95 % prediction
	// interval for one more replication, mean ± t × sd × √(1 + 1/R) (a log is one
	// realization: its interval's noise is a replication's, not a binomial's,
	// since waits in one interval move together); with one replication, ±1.96 ×
	// the observed standard error.
	Off bool `json:"off"`
	N   int  `json:"-"`
}

// Backtest puts a simulation of a scenario and a log side by side per interval
// of the day, per channel and per queue.
type Backtest struct {
	Rows []BacktestRow `json:"rows"`
	// MAPE is the weighted mean absolute percentage error of the rows by
	// interval (scope all) per metric, weighted by the interval's observed new
	// conversations; Overall pools every metric's.
	MAPE    map[string]float64 `json:"weighted_mape"`
	Overall float64            `json:"overall_weighted_mape"`
	Off     int                `json:"intervals_off"`
	// SimulatedOnly are metrics the event log cannot show (per day, simulated),
	// NotCompared says why.
	SimulatedOnly map[string]float64 `json:"simulated_only,omitempty"`
	NotCompared   []Note             `json:"not_compared,omitempty"`
}

// BacktestMetrics are the metrics compared: offered per hour, service level,
// abandon rate (the report's definitions: of routed conversations), and
// utilization (capacity units in use over those of the online agents, with the
// scenario's capacities).
var BacktestMetrics = []string{"offered_per_hour", "service_level", "abandon_rate", "utilization"}

// NewObserverFor returns an observer of logs to be compared with model m: its
// interval, service level threshold, channels' units and agents' capacities
// (agent ids as the simulator names them, Model.AgentNames; any other agent,
// as in a log that m was fitted to, has the mean capacity of m's agents).
func NewObserverFor(m *sim.Model) *Observer {
	o := NewObserver(m.Interval)
	o.SLA = m.SLAWithin
	o.ChannelUnits, o.AgentUnits = map[string]float64{}, map[string]float64{}
	for _, c := range m.Channels {
		o.ChannelUnits[c.Name] = float64(max(1, c.Units))
	}
	names := m.AgentNames()
	i := 0
	var sum float64
	for _, g := range m.Groups {
		for k := 0; k < int(math.Ceil(g.Staff.Max())) && i < len(names); k++ {
			o.AgentUnits[names[i]] = float64(g.Concurrency)
			sum += float64(g.Concurrency)
			i++
		}
	}
	if i > 0 {
		o.DefaultAgentUnits = sum / float64(i)
	}
	return o
}

// NewBacktest compares the log's data d with the simulated report rep of model m
// (whose interval must be the log's; d observed by NewObserverFor(m) for
// utilization).
func NewBacktest(d *Data, m *sim.Model, rep *reports.Report) (*Backtest, error) {
	if m.Interval != d.Interval {
		return nil, fmt.Errorf("the scenario's interval %v is not the log's %v", m.Interval, d.Interval)
	}
	n := len(d.Exposure)
	simExp := make([]float64, n)
	start := time.Unix(0, 0).UTC().Add(m.Warmup) // sim time 0 is midnight
	spread(start, start.Add(m.Horizon), m.Interval, func(slot int64, s float64) { simExp[slot%int64(n)] += s })
	b := &Backtest{MAPE: map[string]float64{}}
	num, den := map[string]float64{}, map[string]float64{}
	sl, ab, of, ut := metrics.Index("service_level"), metrics.Index("abandon_rate"), metrics.Index("offered"), metrics.Index("utilization")
	add := func(r BacktestRow, scope, interval string, w float64) {
		r.Scope, r.Interval, r.Weight = scope, interval, w
		if math.IsNaN(r.Simulated) || math.IsNaN(r.Observed) {
			return
		}
		ci := r.SimCI95
		if math.IsNaN(ci) { // one replication: no interval
			ci = 0
		}
		r.SimCI95 = ci
		if r.N >= 2 {
			tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(r.N - 1)}.Quantile(0.975)
			sd := ci / tq * math.Sqrt(float64(r.N))
			r.Off = math.Abs(r.Simulated-r.Observed) > tq*sd*math.Sqrt(1+1/float64(r.N))
		} else {
			r.Off = math.Abs(r.Simulated-r.Observed) > 1.96*r.ObsSE
		}
		if r.Off {
			b.Off++
		}
		if scope == "all" && interval != "all" && r.Observed != 0 {
			num[r.Metric] += w * math.Abs(r.Simulated-r.Observed) / math.Abs(r.Observed)
			den[r.Metric] += w
		}
		b.Rows = append(b.Rows, r)
	}
	// ratios are a scope's service level and abandon rate rows.
	ratios := func(c Counts, stat []reports.Stat) []BacktestRow {
		if c.Routed == 0 {
			return nil
		}
		routed := float64(c.Routed)
		p, q := float64(c.Within)/routed, float64(c.Abandoned)/routed
		return []BacktestRow{
			{Metric: "service_level", Observed: p, ObsSE: math.Sqrt(p * (1 - p) / routed), Simulated: stat[sl].Mean, SimCI95: stat[sl].CI95, N: stat[sl].N},
			{Metric: "abandon_rate", Observed: q, ObsSE: math.Sqrt(q * (1 - q) / routed), Simulated: stat[ab].Mean, SimCI95: stat[ab].CI95, N: stat[ab].N}}
	}
	for k := 0; k < n && k < len(rep.ByInterval); k++ {
		if d.Exposure[k] == 0 || simExp[k] == 0 {
			continue
		}
		var offered int64
		for _, ch := range d.Channels {
			offered += d.Arrivals[ch][k]
		}
		w := float64(offered)
		stat := rep.ByInterval[k]
		h := m.Interval.Hours() // by_interval counts are means per day: one interval's length of exposure
		rows := []BacktestRow{
			{Metric: "offered_per_hour", Observed: float64(offered) / d.Exposure[k] * 3600, ObsSE: math.Sqrt(float64(offered)) / d.Exposure[k] * 3600,
				Simulated: stat[of].Mean / h, SimCI95: stat[of].CI95 / h, N: stat[of].N},
		}
		rows = append(rows, ratios(Counts{Routed: d.SlotRouted[k], Within: d.SlotWithin[k], Abandoned: d.SlotAbandoned[k]}, stat)...)
		if d.CapacityUnitSeconds != nil && d.CapacityUnitSeconds[k] > 0 {
			// No observed standard error (0): units in use move together, not
			// as a binomial's; the prediction interval is the simulation's.
			rows = append(rows, BacktestRow{Metric: "utilization", Observed: d.BusyUnitSeconds[k] / d.CapacityUnitSeconds[k],
				Simulated: stat[ut].Mean, SimCI95: stat[ut].CI95, N: stat[ut].N})
		}
		for _, r := range rows {
			add(r, "all", clock(time.Duration(k)*d.Interval), w)
		}
	}
	// Whole-span rows per channel and per queue (the report has no channel ×
	// interval): offered per hour per channel, service level and abandon rate.
	simHours := m.Horizon.Hours()
	for c, name := range rep.Channels {
		obs := d.ByChannel[name]
		if obs == nil || c >= len(rep.ByChannel) || d.Span <= 0 {
			continue
		}
		stat := rep.ByChannel[c]
		hours := d.Span.Hours()
		add(BacktestRow{Metric: "offered_per_hour", Observed: float64(obs.New) / hours, ObsSE: math.Sqrt(float64(obs.New)) / hours,
			Simulated: stat[of].Mean / simHours, SimCI95: stat[of].CI95 / simHours, N: stat[of].N}, "channel:"+name, "all", float64(obs.New))
		for _, r := range ratios(*obs, stat) {
			add(r, "channel:"+name, "all", float64(obs.New))
		}
	}
	for q, name := range rep.Queues {
		obs := d.ByQueue[name]
		if obs == nil && len(rep.Queues) == 1 {
			obs = d.ByQueue[""] // a log without queue names: the one queue
		}
		if obs == nil || q >= len(rep.ByQueue) {
			continue
		}
		for _, r := range ratios(*obs, rep.ByQueue[q]) {
			add(r, "queue:"+name, "all", float64(obs.Routed))
		}
	}
	var tn, td float64
	for _, k := range BacktestMetrics {
		if den[k] > 0 {
			b.MAPE[k] = num[k] / den[k]
			tn += num[k]
			td += den[k]
		}
	}
	if td > 0 {
		b.Overall = tn / td
	}
	// Templates and their cost: the event log has the customers' messages and
	// the agents' replies, not which business messages needed a template.
	days := m.Horizon.Hours() / 24
	b.SimulatedOnly = map[string]float64{}
	for _, k := range []string{"templates_required", "cost"} {
		if i := metrics.Index(k); i >= 0 && !math.IsNaN(rep.Metrics[i].Mean) && days > 0 {
			b.SimulatedOnly[k+"_per_day"] = rep.Metrics[i].Mean / days
		}
	}
	b.NotCompared = append(b.NotCompared, Note{"templates_required, cost",
		"the event log format records customer messages and agent replies, not which business messages needed a template or what they cost; simulated per day only"})
	if d.CapacityUnitSeconds == nil {
		b.NotCompared = append(b.NotCompared, Note{"utilization", "no agent capacities given (observe with NewObserverFor)"})
	}
	return b, nil
}

// WriteText writes the comparison, one interval a line, off intervals marked.
func (b *Backtest) WriteText(w io.Writer) error {
	var s strings.Builder
	fmt.Fprintf(&s, "%-18s %-8s %-17s %12s %12s %12s %12s\n", "scope", "interval", "metric", "observed", "±95%", "simulated", "±95%")
	for _, r := range b.Rows {
		mark := ""
		if r.Off {
			mark = "  OFF"
		}
		se := "-"
		if r.ObsSE > 0 {
			se = fmt.Sprintf("%.4f", 1.96*r.ObsSE)
		}
		fmt.Fprintf(&s, "%-18s %-8s %-17s %12.4f %12s %12.4f %12.4f%s\n", r.Scope, r.Interval, r.Metric, r.Observed, se, r.Simulated, r.SimCI95, mark)
	}
	fmt.Fprintf(&s, "\n%d of %d rows off; weighted MAPE by interval:", b.Off, len(b.Rows))
	for _, k := range BacktestMetrics {
		if v, ok := b.MAPE[k]; ok {
			fmt.Fprintf(&s, " %s %.2f%%", k, 100*v)
		}
	}
	fmt.Fprintf(&s, "; overall %.2f%%\n", 100*b.Overall)
	for _, k := range sortedKeys(b.SimulatedOnly) {
		fmt.Fprintf(&s, "simulated only: %s %.4g\n", k, b.SimulatedOnly[k])
	}
	for _, nc := range b.NotCompared {
		fmt.Fprintf(&s, "not compared: %s: %s\n", nc.What, nc.Why)
	}
	_, err := io.WriteString(w, s.String())
	return err
}

func sortedKeys(m map[string]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// WriteJSON writes the comparison as one JSON object.
func (b *Backtest) WriteJSON(w io.Writer) error { return writeJSON(w, b) }

// writeJSON writes v as one indented JSON object and a newline.
func writeJSON(w io.Writer, v any) error {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}
