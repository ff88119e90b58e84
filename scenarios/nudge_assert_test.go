package scenarios_test

import (
	"testing"

	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// nudgeAssertYAML: three customer messages, a 2 h pause after each agent reply,
// a nudge at 1 h that brings every customer back 10 min later, before its 30 min
// close: two nudges and two nudge replies per conversation, nothing auto-closed.
const nudgeAssertYAML = `version: 1
name: nudge-assert
horizon: 4h
replications: 2
channels: {whatsapp: {}, web: {}}
arrivals:
  - {channel: whatsapp, rate: 20/h}
  - {channel: web, rate: 20/h}
customers:
  messages: {dist: constant, value: 3}
  pause: {dist: constant, value: 2h}
agents:
  - {name: pool, count: 10, concurrency: 3, response_time: {dist: constant, value: 1m}}
routing:
  inactive_after: 1h
  nudge: {reply: 1, reply_delay: {dist: constant, value: 10m}, close_after: 30m}
assert:
  - nudges >= 1
  - whatsapp.nudge_replies >= 1
  - auto_closed <= 0
  - bot_auto_closed <= 0
  - web.nudges <= 0
`

// TestNudgeAssertions: nudges, nudge_replies, auto_closed and bot_auto_closed are
// report keys that assert: lines use, in total and by channel, as check evaluates
// them; the counts are the hand-computed ones.
func TestNudgeAssertions(t *testing.T) {
	s, err := scenarios.Parse("nudge.yaml", []byte(nudgeAssertYAML))
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
	offered, nudges, replies := report.Metric("offered").Mean, report.Metric("nudges").Mean, report.Metric("nudge_replies").Mean
	if offered < 10 || nudges != 2*offered || replies != 2*offered || report.Metric("auto_closed").Mean != 0 {
		t.Errorf("offered %v, nudges %v, nudge replies %v, auto-closed %v; want 2, 2 and 0 per conversation",
			offered, nudges, replies, report.Metric("auto_closed").Mean)
	}
	var asserts []reports.Assert
	for _, a := range s.Assert {
		asserts = append(asserts, reports.Assert{Text: a.Text, Scope: a.Scope, Metric: a.Metric, Op: a.Op, Value: a.Value, Strict: a.Strict})
	}
	for i, v := range reports.Check(report, asserts) {
		wantPass := i < len(asserts)-1 // the last one: web conversations are nudged too
		if v.Pass != wantPass {
			t.Errorf("%s: pass %v (value %v), want %v", v.Assert.Text, v.Pass, v.Value.Mean, wantPass)
		}
	}
}
