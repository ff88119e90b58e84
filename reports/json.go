package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/omnisim/omnisim/metrics"
)

// WriteJSON writes the report as one JSON object with keys in a fixed order
// (DESIGN.md, "JSON report keys"); the same report always gives the same bytes.
func (r *Report) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("{\n")
	b.WriteString(`  "scenario": ` + quote(r.Scenario) + ",\n")
	b.WriteString(`  "seed": ` + strconv.FormatUint(r.Seed, 10) + ",\n")
	b.WriteString(`  "replications": ` + strconv.Itoa(r.Replications) + ",\n")
	b.WriteString(`  "terms": `)
	r.writeTermsJSON(&b)
	b.WriteString(",\n")
	b.WriteString(`  "metrics": `)
	writeStats(&b, r.Metrics, "  ")
	b.WriteString(",\n  \"by_channel\": ")
	writeScopes(&b, r.Channels, r.ByChannel)
	b.WriteString(",\n  \"by_queue\": ")
	writeScopes(&b, r.Queues, r.ByQueue)
	b.WriteString(",\n  \"by_group\": {")
	for i, name := range r.Groups {
		if i > 0 {
			b.WriteString(",")
		}
		g := r.ByGroup[i]
		b.WriteString("\n    " + quote(name) + ": {\"utilization\": ")
		writeStat(&b, g.Utilization)
		b.WriteString(",\n      \"concurrency\": ")
		writeStatList(&b, g.Concurrency)
		b.WriteString(",\n      \"utilization_by_interval\": ")
		writeStatList(&b, g.ByInterval)
		b.WriteString("}")
	}
	if len(r.Groups) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("},\n  \"by_interval\": [")
	for i, label := range r.Intervals {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    {\"start\": " + quote(label))
		for k, key := range metrics.Keys {
			b.WriteString(", " + quote(key) + ": ")
			writeStat(&b, r.ByInterval[i][k])
		}
		b.WriteString("}")
	}
	if len(r.Intervals) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]")
	if r.ByWeekdayInterval != nil {
		b.WriteString(",\n  \"by_weekday_interval\": [")
		wrote := false
		for i, s := range r.ByWeekdayInterval {
			if !r.weekdayMeasured(i) {
				continue // a weekday the horizon does not reach
			}
			if wrote {
				b.WriteString(",")
			}
			wrote = true
			day, k := i/len(r.Intervals), i%len(r.Intervals)
			b.WriteString("\n    {\"weekday\": " + quote(Weekdays[day]) + ", \"start\": " + quote(r.Intervals[k]))
			for m, key := range metrics.Keys {
				b.WriteString(", " + quote(key) + ": ")
				writeStat(&b, s[m])
			}
			b.WriteString("}")
		}
		b.WriteString("\n  ]")
	}
	b.WriteString("\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeStats(b *bytes.Buffer, stats []Stat, indent string) {
	b.WriteString("{")
	for k, key := range metrics.Keys {
		if k > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n" + indent + "  " + quote(key) + ": ")
		writeStat(b, stats[k])
	}
	b.WriteString("\n" + indent + "}")
}

// writeScopes writes an object of named scopes, each with every metric, in order.
func writeScopes(b *bytes.Buffer, names []string, stats [][]Stat) {
	b.WriteString("{")
	for i, name := range names {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    " + quote(name) + ": ")
		writeStats(b, stats[i], "    ")
	}
	if len(names) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("}")
}

func writeStatList(b *bytes.Buffer, stats []Stat) {
	b.WriteString("[")
	for i, s := range stats {
		if i > 0 {
			b.WriteString(", ")
		}
		writeStat(b, s)
	}
	b.WriteString("]")
}

func writeStat(b *bytes.Buffer, s Stat) {
	b.WriteString(`{"mean": ` + number(s.Mean) + `, "ci95": ` + number(s.CI95) + `}`)
}

// number formats a float with 10 significant digits, NaN as null.
func number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}

func quote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
