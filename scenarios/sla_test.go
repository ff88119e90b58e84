package scenarios_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// runKeys runs every replication of s and returns the mean over replications of
// each key's whole-run value.
func runKeys(t *testing.T, s *scenarios.Scenario, keys ...string) map[string]float64 {
	t.Helper()
	m, err := s.Model()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for rep := 0; rep < m.Replications; rep++ {
		res, err := sim.Run(m, rep)
		if err != nil {
			t.Fatal(err)
		}
		v := reports.FromResult(res)
		for _, k := range keys {
			out[k] += v.Total[metrics.Index(k)] / float64(m.Replications)
		}
	}
	return out
}

// TestWeekendClosureCalendarChangesVerdict: the same team and customers, the
// next-response target measured around the clock and in business hours. The team
// is away 15 h every weeknight and 63 h every weekend, so a message written after
// about 14:00 on a weekday, or on a weekend, waits past 4 elapsed hours: around the
// clock most messages miss. In business hours, the clock stops at 18:00 and
// restarts at 09:00, and with four agents replying in minutes nearly every message
// is answered within 4 business hours.
func TestWeekendClosureCalendarChangesVerdict(t *testing.T) {
	s, err := scenarios.Load("testdata/valid/weekend_closure.yaml")
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"next_response_service_level", "first_response_service_level", "resolution_service_level", "next_responses"}
	business := runKeys(t, s, keys...)
	s.SLA.NextResponse.Calendar, s.SLA.FirstResponse.Calendar, s.SLA.Resolution.Calendar = "", "", ""
	clock := runKeys(t, s, keys...)
	target := s.SLA.NextResponse.Target
	t.Logf("next response: business hours %.3f, around the clock %.3f (target %.2f); first response %.3f vs %.3f; resolution %.3f vs %.3f",
		business["next_response_service_level"], clock["next_response_service_level"], target,
		business["first_response_service_level"], clock["first_response_service_level"],
		business["resolution_service_level"], clock["resolution_service_level"])
	if business["next_responses"] < 1000 {
		t.Fatalf("only %v next responses measured", business["next_responses"])
	}
	if !(business["next_response_service_level"] >= target) {
		t.Errorf("in business hours the target should hold: %.3f < %.2f", business["next_response_service_level"], target)
	}
	if !(clock["next_response_service_level"] < target) {
		t.Errorf("around the clock the target should fail: %.3f ≥ %.2f", clock["next_response_service_level"], target)
	}
	if fr := s.SLA.FirstResponse.Target; !(business["first_response_service_level"] >= fr && clock["first_response_service_level"] < fr) {
		t.Errorf("first response: business hours %.3f, around the clock %.3f: the verdict against %.2f should flip",
			business["first_response_service_level"], clock["first_response_service_level"], fr)
	}
	// Business time never exceeds elapsed time: every level is at least as high.
	for _, k := range keys[:3] {
		if business[k] < clock[k] {
			t.Errorf("%s: business hours %.3f below around the clock %.3f", k, business[k], clock[k])
		}
	}
}

// TestResponseTimesExact: with a constant reply time, agents always free and no
// calendar, every response takes exactly the reply time: next_response_seconds
// is it, and a target at it is met by all while one just below is met by none.
func TestResponseTimesExact(t *testing.T) {
	const yaml = `version: 1
horizon: 48h
replications: 1
channels: {web: {}}
arrivals: [{channel: web, rate: 20/h}]
customers:
  messages: {dist: constant, value: 4}
  pause: {dist: constant, value: 10m}
agents: [{name: pool, count: 200, concurrency: 1, response_time: {dist: constant, value: 90s}}]
sla:
  first_response: {within: 90s}
  next_response: {within: 89s}
  resolution: {within: 36m}
`
	s, err := scenarios.Parse("exact.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	// A conversation: 4 replies of 90 s and 3 pauses of 10 min = 36 min exactly.
	v := runKeys(t, s, "first_response_service_level", "next_response_service_level", "next_response_seconds", "resolution_service_level", "resolution_seconds", "next_responses", "routed")
	want := map[string]float64{"first_response_service_level": 1, "next_response_service_level": 0, "next_response_seconds": 90, "resolution_service_level": 1, "resolution_seconds": 36 * 60}
	for k, w := range want {
		if math.Abs(v[k]-w) > 1e-6 {
			t.Errorf("%s = %v, want %v", k, v[k], w)
		}
	}
	// Three later messages per routed conversation (those still open at the end
	// are run to their end, so all are answered).
	if v["next_responses"] != 3*v["routed"] {
		t.Errorf("next_responses = %v, want 3 × routed = %v", v["next_responses"], 3*v["routed"])
	}
}

// TestMessagingKeysUndefinedWithoutTarget: without sla targets the service-level
// keys are undefined (null in JSON), the times are still measured.
func TestMessagingKeysUndefinedWithoutTarget(t *testing.T) {
	s, err := scenarios.Parse("plain.yaml", []byte(strings.Join([]string{
		"version: 1", "horizon: 8h", "replications: 1", "channels: {web: {}}", "arrivals: [{channel: web, rate: 30/h}]",
		"customers: {messages: {dist: constant, value: 2}}",
		"agents: [{name: pool, count: 5, response_time: {dist: exponential, mean: 1m}}]"}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	v := runKeys(t, s, "first_response_service_level", "next_response_service_level", "resolution_service_level", "next_response_seconds")
	for _, k := range []string{"first_response_service_level", "next_response_service_level", "resolution_service_level"} {
		if !math.IsNaN(v[k]) {
			t.Errorf("%s = %v without a target, want undefined", k, v[k])
		}
	}
	if !(v["next_response_seconds"] > 0) {
		t.Errorf("next_response_seconds = %v, want measured", v["next_response_seconds"])
	}
}

// TestCalendarOnTheSimulatedClock: the scenario lays its calendar on the
// simulated clock from start and time_zone. Simulated day 0 is Monday 7 December
// 2026 in Paris; a message on Friday at 17:55 with a 4-business-hour target is due
// Monday 12:55 under Paris hours 9–18, and Friday 21:55 Paris time under New York
// hours 9–18 (15:00–24:00 in Paris: 11:55 New York + 4 h = 15:55 New York).
func TestCalendarOnTheSimulatedClock(t *testing.T) {
	hhmm := func(day int, h, m int) sim.Time {
		return sim.Time(time.Duration(day)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	for _, tt := range []struct {
		zone string
		want sim.Time
	}{
		{"Europe/Paris", hhmm(7, 12, 55)},
		{"America/New_York", hhmm(4, 21, 55)},
	} {
		t.Run(tt.zone, func(t *testing.T) {
			s, err := scenarios.Parse("cal.yaml", []byte(minimalCal+"    time_zone: "+tt.zone+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			m, err := s.Model()
			if err != nil {
				t.Fatal(err)
			}
			got, ok := m.NextResponse.Hours.Add(hhmm(4, 17, 55), 4*time.Hour)
			if !ok || got != tt.want {
				t.Errorf("deadline %v (ok %v), want %v", got.Duration(), ok, tt.want.Duration())
			}
		})
	}
}

const minimalCal = `version: 1
horizon: 168h
start: 2026-12-07
time_zone: Europe/Paris
channels: {web: {}}
arrivals: [{channel: web, rate: 10/h}]
agents: [{name: pool, count: 2, response_time: {dist: exponential, mean: 2m}}]
sla:
  next_response: {within: 4h, calendar: office}
calendars:
  office:
    hours: {mon-fri: "09:00-18:00"}
`

// TestMessagingAssertions: the new keys work in assert: lines as check
// evaluates them (weekend_closure.yaml's three, and one that must fail).
func TestMessagingAssertions(t *testing.T) {
	s, err := scenarios.Load("testdata/valid/weekend_closure.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Model()
	if err != nil {
		t.Fatal(err)
	}
	var reps []reports.RepValues
	for rep := 0; rep < m.Replications; rep++ {
		res, err := sim.Run(m, rep)
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, reports.FromResult(res))
	}
	report := reports.Build(reports.MetaOf(m), reps)
	extra, err := scenarios.ParseAssertion("web.next_response_seconds <= 10m")
	if err != nil {
		t.Fatal(err)
	}
	var asserts []reports.Assert
	for _, a := range append(s.Assert, extra) {
		asserts = append(asserts, reports.Assert{Text: a.Text, Scope: a.Scope, Metric: a.Metric, Op: a.Op, Value: a.Value, Strict: a.Strict})
	}
	verdicts := reports.Check(report, asserts)
	for i, v := range verdicts {
		wantPass := i < len(s.Assert) // the file's pass; next responses take hours of elapsed time overnight, not 10 min
		if v.Pass != wantPass || math.IsNaN(v.Value.Mean) {
			t.Errorf("%s: pass %v (value %v), want %v", v.Assert.Text, v.Pass, v.Value.Mean, wantPass)
		}
	}
}
