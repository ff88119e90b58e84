package fit

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/sim"
)

// BacktestRow is one metric of one interval of the day, observed and simulated.
type BacktestRow struct {
	Interval  string  `json:"interval"`
	Metric    string  `json:"metric"`
	Observed  float64 `json:"observed"`
	ObsSE     float64 `json:"observed_se"`
	Simulated float64 `json:"simulated"`
	SimCI95   float64 `json:"simulated_ci95"`
	Weight    float64 `json:"weight"` // observed new conversations in the interval
	// Off: the observed value is outside the simulation's 95 % prediction
	// interval for one more replication, mean ± t × sd × √(1 + 1/R) (a log is one
	// realization: its interval's noise is a replication's, not a binomial's,
	// since waits in one interval move together); with one replication, ±1.96 ×
	// the observed standard error.
	Off bool `json:"off"`
	N   int  `json:"-"`
}

// Backtest puts a simulation of a scenario and a log side by side per interval
// of the day.
type Backtest struct {
	Rows []BacktestRow      `json:"rows"`
	MAPE map[string]float64 `json:"weighted_mape"` // per metric, weighted by the observed conversations
	Off  int                `json:"intervals_off"`
}

// BacktestMetrics are the metrics compared: offered per hour, service level,
// abandon rate (the report's definitions: of routed conversations).
var BacktestMetrics = []string{"offered_per_hour", "service_level", "abandon_rate"}

// NewBacktest compares the log's data d with the simulated report rep of model m
// (whose interval must be the log's).
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
	sl, ab, of := metrics.Index("service_level"), metrics.Index("abandon_rate"), metrics.Index("offered")
	for k := 0; k < n && k < len(rep.ByInterval); k++ {
		if d.Exposure[k] == 0 || simExp[k] == 0 {
			continue
		}
		var offered int64
		for _, ch := range d.Channels {
			offered += d.Arrivals[ch][k]
		}
		routed := float64(d.SlotRouted[k])
		w := float64(offered)
		stat := rep.ByInterval[k]
		h := m.Interval.Hours() // by_interval counts are means per day: one interval's length of exposure
		rows := []BacktestRow{
			{Metric: "offered_per_hour", Observed: float64(offered) / d.Exposure[k] * 3600, ObsSE: math.Sqrt(float64(offered)) / d.Exposure[k] * 3600,
				Simulated: stat[of].Mean / h, SimCI95: stat[of].CI95 / h, N: stat[of].N},
		}
		if routed > 0 {
			p := float64(d.SlotWithin[k]) / routed
			q := float64(d.SlotAbandoned[k]) / routed
			rows = append(rows,
				BacktestRow{Metric: "service_level", Observed: p, ObsSE: math.Sqrt(p * (1 - p) / routed), Simulated: stat[sl].Mean, SimCI95: stat[sl].CI95, N: stat[sl].N},
				BacktestRow{Metric: "abandon_rate", Observed: q, ObsSE: math.Sqrt(q * (1 - q) / routed), Simulated: stat[ab].Mean, SimCI95: stat[ab].CI95, N: stat[ab].N})
		}
		for _, r := range rows {
			r.Interval, r.Weight = clock(time.Duration(k)*d.Interval), w
			if math.IsNaN(r.Simulated) {
				continue
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
			if r.Observed != 0 {
				num[r.Metric] += w * math.Abs(r.Simulated-r.Observed) / math.Abs(r.Observed)
				den[r.Metric] += w
			}
			b.Rows = append(b.Rows, r)
		}
	}
	for _, k := range BacktestMetrics {
		if den[k] > 0 {
			b.MAPE[k] = num[k] / den[k]
		}
	}
	return b, nil
}

// WriteText writes the comparison, one interval a line, off intervals marked.
func (b *Backtest) WriteText(w io.Writer) error {
	var s strings.Builder
	fmt.Fprintf(&s, "%-8s %-17s %12s %12s %12s %12s\n", "interval", "metric", "observed", "±95%", "simulated", "±95%")
	for _, r := range b.Rows {
		mark := ""
		if r.Off {
			mark = "  OFF"
		}
		fmt.Fprintf(&s, "%-8s %-17s %12.4f %12.4f %12.4f %12.4f%s\n", r.Interval, r.Metric, r.Observed, 1.96*r.ObsSE, r.Simulated, r.SimCI95, mark)
	}
	fmt.Fprintf(&s, "\n%d of %d interval-metrics off; weighted MAPE:", b.Off, len(b.Rows))
	for _, k := range BacktestMetrics {
		if v, ok := b.MAPE[k]; ok {
			fmt.Fprintf(&s, " %s %.2f%%", k, 100*v)
		}
	}
	s.WriteString("\n")
	_, err := io.WriteString(w, s.String())
	return err
}

// WriteJSON writes the comparison as one JSON object.
func (b *Backtest) WriteJSON(w io.Writer) error {
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}
