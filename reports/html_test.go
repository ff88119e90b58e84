package reports_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
)

// defaultScenario is the embedded default scenario.
func defaultScenario(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// smallReport simulates a short day of the default scenario.
func smallReport(t testing.TB) *reports.Report {
	t.Helper()
	sc := defaultScenario(t)
	sc.Replications = 3
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := reports.Simulate(m, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestReportFormats(t *testing.T) {
	rep := smallReport(t)
	var b bytes.Buffer
	if err := rep.Write(&b, "md"); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{"# omnisim report: default-retail-weekday", "| metric | key | mean per replication ± 95 % CI |",
		"| service level (within 60 s) | service_level |", "### By interval of the day", "| horizon | 24h (1 day)",
		"accepted by an agent within 60 s of entering routing", "### By agent group", "| group | utilization | k = 0 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	// A heading with nothing under it (a section of charts only) is left out.
	if lines := strings.Split(md, "\n"); len(lines) > 0 {
		for i := 0; i+2 < len(lines); i++ {
			if strings.HasPrefix(lines[i], "## ") && lines[i+1] == "" && strings.HasPrefix(lines[i+2], "## ") {
				t.Errorf("Markdown has an empty section %q", lines[i])
			}
		}
	}

	b.Reset()
	if err := rep.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "scope,metric,mean,ci95" {
		t.Errorf("CSV header %v", rows[0])
	}
	scopes := 1 + len(rep.Channels) + len(rep.Queues) + len(rep.Intervals)
	groupRows := 0
	for _, g := range rep.ByGroup {
		groupRows += 1 + len(g.Concurrency) + len(g.ByInterval)
	}
	if want := 1 + scopes*len(metrics.Keys) + groupRows; len(rows) != want {
		t.Errorf("CSV has %d rows, want %d", len(rows), want)
	}
	if last := rows[len(rows)-1]; !strings.HasPrefix(last[0], "group:") || !strings.HasPrefix(last[1], "utilization:") {
		t.Errorf("last CSV row %v, want a group's utilization by interval", last)
	}
	if rows[1][0] != "total" || rows[1][1] != "offered" {
		t.Errorf("first CSV row %v", rows[1])
	}

	b.Reset()
	if err := rep.Write(&b, "html"); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	// Waits, service level, abandon rate, utilization by interval, and the
	// utilization heat map.
	if n := strings.Count(page, "<svg"); n != 5 {
		t.Errorf("HTML has %d inline SVG charts, want 5", n)
	}
	if !strings.Contains(page, "Utilization by agent group and interval") || !strings.Contains(page, "nobody online") {
		t.Error("HTML lacks the utilization heat map")
	}
	// Self-contained: no script, nothing fetched (SVG namespaces are not fetches).
	for _, bad := range []string{"<script", "<link", "src=", "url(", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML is not self-contained: has %q", bad)
		}
	}
}

func TestChartSkipsUndefinedPoints(t *testing.T) {
	nan := func() float64 { var z float64; return z / z }()
	c := &reports.Chart{Title: "t", XLabels: []string{"00:00", "01:00", "02:00"},
		Series: []reports.Series{{Name: "s", X: []float64{0, 1, 2}, Y: []float64{0.5, nan, 0.7},
			Lo: []float64{0.4, nan, 0.6}, Hi: []float64{0.6, nan, 0.8}}}, Target: 0.8, TargetName: "target"}
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "</svg>") {
		t.Errorf("not an svg element: %.80s", svg)
	}
}
