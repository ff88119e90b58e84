package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/omnisim/omnisim/metrics"
)

// testReport is a report with two channels and hand-set statistics.
func testReport() *Report {
	nan := math.NaN()
	stats := func(set map[string]Stat) []Stat {
		out := make([]Stat, len(metrics.Keys))
		for i := range out {
			out[i] = Stat{Mean: nan, CI95: nan}
		}
		for k, s := range set {
			out[metrics.Index(k)] = s
		}
		return out
	}
	return &Report{
		Meta: Meta{Scenario: "t", Replications: 10, Channels: []string{"whatsapp", "web"}, Queues: []string{"support", "vip"}},
		Metrics: stats(map[string]Stat{
			"service_level":    {Mean: 0.85, CI95: 0.02, N: 10},
			"wait_p90_seconds": {Mean: 100, CI95: 30, N: 10},
			"abandon_rate":     {Mean: 0.04, CI95: 0.005, N: 10},
			"cost":             {Mean: 12.5, CI95: 0, N: 10},
			"utilization":      {Mean: 0.7, CI95: nan, N: 1},
		}),
		ByChannel: [][]Stat{
			stats(map[string]Stat{"service_level": {Mean: 0.78, CI95: 0.03, N: 10}}),
			stats(map[string]Stat{"service_level": {Mean: 0.95, CI95: 0.01, N: 10}}),
		},
		ByQueue: [][]Stat{
			stats(map[string]Stat{"asa_seconds": {Mean: 40, CI95: 5, N: 10}}),
			stats(map[string]Stat{"asa_seconds": {Mean: 10, CI95: 2, N: 10}}),
		},
	}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		a    Assert
		pass bool
		why  string // substring of Why ("" when it passes)
	}{
		{"mean above", Assert{Metric: "service_level", Op: ">=", Value: 0.8}, true, ""},
		{"mean below", Assert{Metric: "service_level", Op: ">=", Value: 0.9}, false, "want >= 0.9"},
		{"equal passes >=", Assert{Metric: "service_level", Op: ">=", Value: 0.85}, true, ""},
		{"equal fails >", Assert{Metric: "service_level", Op: ">", Value: 0.85}, false, "want > 0.85"},
		{"less than", Assert{Metric: "wait_p90_seconds", Op: "<", Value: 120}, true, ""},
		{"less or equal fails", Assert{Metric: "wait_p90_seconds", Op: "<=", Value: 60}, false, "want <= 60"},
		{"==", Assert{Metric: "cost", Op: "==", Value: 12.5}, true, ""},
		{"== fails", Assert{Metric: "cost", Op: "==", Value: 0}, false, "want == 0"},
		{"!=", Assert{Metric: "cost", Op: "!=", Value: 0}, true, ""},
		{"!= fails", Assert{Metric: "cost", Op: "!=", Value: 12.5}, false, "want != 12.5"},

		// strict: the CI [0.83, 0.87] must be on the right side.
		{"strict inside", Assert{Metric: "service_level", Op: ">=", Value: 0.8, Strict: true}, true, ""},
		{"strict CI crosses", Assert{Metric: "service_level", Op: ">=", Value: 0.84, Strict: true}, false, "whole 95 % CI [0.83, 0.87]"},
		{"strict upper", Assert{Metric: "wait_p90_seconds", Op: "<=", Value: 120, Strict: true}, false, "[70, 130]"},
		{"strict upper passes", Assert{Metric: "wait_p90_seconds", Op: "<", Value: 131, Strict: true}, true, ""},
		{"strict != outside CI", Assert{Metric: "abandon_rate", Op: "!=", Value: 0.05, Strict: true}, true, ""},
		{"strict != inside CI", Assert{Metric: "abandon_rate", Op: "!=", Value: 0.042, Strict: true}, false, "strict"},
		{"strict == zero width", Assert{Metric: "cost", Op: "==", Value: 12.5, Strict: true}, true, ""},
		{"strict == with width", Assert{Metric: "abandon_rate", Op: "==", Value: 0.04, Strict: true}, false, "strict"},
		{"strict without CI", Assert{Metric: "utilization", Op: "<=", Value: 0.9, Strict: true}, false, "≥ 2 replications"},
		{"one replication on the mean", Assert{Metric: "utilization", Op: "<=", Value: 0.9}, true, ""},

		{"undefined metric", Assert{Metric: "asa_seconds", Op: "<=", Value: 30}, false, "undefined in every replication"},
		{"undefined strict", Assert{Metric: "asa_seconds", Op: "<=", Value: 30, Strict: true}, false, "undefined"},

		{"channel scope", Assert{Scope: "whatsapp", Metric: "service_level", Op: ">=", Value: 0.8}, false, "want >= 0.8"},
		{"other channel", Assert{Scope: "web", Metric: "service_level", Op: ">=", Value: 0.9}, true, ""},
		{"channel not in report", Assert{Scope: "sms", Metric: "service_level", Op: ">=", Value: 0.8}, false, "no channel sms in the report (channels: whatsapp, web)"},
		{"queue scope", Assert{Scope: "queue:vip", Metric: "asa_seconds", Op: "<", Value: 30}, true, ""},
		{"queue scope fails", Assert{Scope: "queue:support", Metric: "asa_seconds", Op: "<", Value: 30}, false, "want < 30"},
		{"queue not in report", Assert{Scope: "queue:billing", Metric: "asa_seconds", Op: "<", Value: 30}, false, "no queue billing in the report (queues: support, vip)"},
		{"unknown metric", Assert{Metric: "sla", Op: ">=", Value: 0.8}, false, "unknown metric"},
		{"unknown operator", Assert{Metric: "service_level", Op: "=>", Value: 0.8}, false, "unknown operator"},
	}
	rep := testReport()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Check(rep, []Assert{c.a})[0]
			if v.Pass != c.pass {
				t.Fatalf("pass = %v, want %v (why %q)", v.Pass, c.pass, v.Why)
			}
			if c.pass && (v.Why != "" || v.Message() != "") {
				t.Errorf("passing verdict has why %q, message %q", v.Why, v.Message())
			}
			if !strings.Contains(v.Why, c.why) {
				t.Errorf("why = %q, want it to contain %q", v.Why, c.why)
			}
		})
	}
}

func TestCheckKeepsOrderAndValue(t *testing.T) {
	rep := testReport()
	as := []Assert{
		{Text: "web.service_level >= 0.9", Scope: "web", Metric: "service_level", Op: ">=", Value: 0.9},
		{Text: "service_level >= 0.9", Metric: "service_level", Op: ">=", Value: 0.9},
	}
	vs := Check(rep, as)
	if len(vs) != 2 || vs[0].Assert != as[0] || vs[1].Assert != as[1] {
		t.Fatalf("verdicts not in assertion order: %+v", vs)
	}
	if vs[0].Value.Mean != 0.95 || vs[1].Value.Mean != 0.85 {
		t.Errorf("values %v, %v; want the scope's 0.95 and the run's 0.85", vs[0].Value, vs[1].Value)
	}
	if got, want := vs[1].Message(), "service_level = 0.85 ± 0.02: want >= 0.9"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestFormatAgainstShowsTheDifference(t *testing.T) {
	rep := testReport()
	rep.Metrics[metrics.Index("service_level")] = Stat{Mean: 0.79996, CI95: 0.001, N: 10}
	v := Check(rep, []Assert{{Metric: "service_level", Op: ">=", Value: 0.8}})[0]
	// 0.79996 rounds to 0.8 at four digits; the message must not read "0.8 ... want >= 0.8".
	if got, want := v.Message(), "service_level = 0.79996 ± 0.001: want >= 0.8"; v.Pass || got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		x    float64
		want string
	}{
		{0, "0"}, {0.85, "0.85"}, {0.853212, "0.8532"}, {45.2134, "45.21"}, {12345.6, "12346"},
		{1e-9, "1e-09"}, {-3.5, "-3.5"}, {math.NaN(), "–"}, {math.Inf(1), "∞"}, {100, "100"},
	}
	for _, c := range cases {
		if got := FormatNumber(c.x); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.x, got, c.want)
		}
	}
	if got := (Verdict{Value: Stat{Mean: 0.7, CI95: math.NaN(), N: 1}}).Measured(); got != "0.7" {
		t.Errorf("Measured without CI = %q", got)
	}
}

func testSuites() []Suite {
	rep := testReport()
	return []Suite{
		{Scenario: "retail", File: "a/retail.yaml", Verdicts: Check(rep, []Assert{
			{Text: "service_level >= 80%", Metric: "service_level", Op: ">=", Value: 0.8},
			{Text: "whatsapp.service_level >= 0.8 strict", Scope: "whatsapp", Metric: "service_level", Op: ">=", Value: 0.8, Strict: true},
		}), Properties: []Property{{"seed", "42"}}},
		{File: "b/broken.yaml", Errors: []string{"b/broken.yaml:3:1: horizon: required", "b/broken.yaml:9:5: arrivals[0].intnets: unknown key"}},
		{Scenario: "quiet", File: "c/quiet.yaml"},
	}
}

func TestWriteChecksText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteChecksText(&b, testSuites()); err != nil {
		t.Fatal(err)
	}
	want := `SCENARIO       ASSERTION                             VALUE        VERDICT
retail         service_level >= 80%                  0.85 ± 0.02  pass
retail         whatsapp.service_level >= 0.8 strict  0.78 ± 0.03  FAIL want the whole 95 % CI [0.75, 0.81] >= 0.8 (strict)
b/broken.yaml  –                                     –            ERROR 2 errors, on stderr
quiet          (no assert: lines)                    –            –
2 assertions in 3 scenarios: 1 passed, 1 failed, 1 scenario invalid
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteChecksJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteChecksJSON(&b, testSuites()); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b.Bytes(), &rows); err != nil {
		t.Fatalf("not a JSON list: %v\n%s", err, b.String())
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 2 assertions and 1 invalid file", len(rows))
	}
	for _, k := range []string{"scenario", "file", "assertion", "metric", "scope", "mean", "ci95", "pass"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("row lacks %q: %v", k, rows[0])
		}
	}
	if rows[0]["pass"] != true || rows[1]["pass"] != false || rows[1]["scope"] != "whatsapp" || rows[0]["mean"] != 0.85 {
		t.Errorf("rows: %v", rows[:2])
	}
	if rows[2]["file"] != "b/broken.yaml" || rows[2]["pass"] != false || len(rows[2]["errors"].([]any)) != 2 {
		t.Errorf("invalid file row: %v", rows[2])
	}

	// An undefined value is null, not NaN (which JSON cannot hold).
	b.Reset()
	s := []Suite{{Scenario: "x", Verdicts: Check(testReport(), []Assert{{Metric: "asa_seconds", Op: "<", Value: 1}})}}
	if err := WriteChecksJSON(&b, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"mean": null`) {
		t.Errorf("undefined mean not null:\n%s", b.String())
	}
}

func TestCountChecks(t *testing.T) {
	got := CountChecks(testSuites())
	want := CheckCount{Scenarios: 3, Assertions: 2, Failed: 1, FailedIn: 1, Invalid: 1}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
