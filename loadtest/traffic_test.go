package loadtest_test

import (
	"math"
	"testing"

	"github.com/omnisim/omnisim/loadtest"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// botScenario has a bot and intents of unequal weights on two streams: a
// containment rule that weighs intents equally (as cmd/omnisim/load.go did
// before it used loadtest.FromScenario) gets a different share.
const botScenario = `version: 1
name: load-bot
horizon: 8h
replications: 4
channels: {web: {}, sms: {}}
arrivals:
  - {channel: web, rate: 300/h, intents: {order_status: 0.8, billing: 0.2}}
  - {channel: sms, rate: 100/h, intents: {order_status: 0.1, billing: 0.3, technical: 0.6}}
customers:
  messages: {dist: constant, value: 2}
  pause: {dist: constant, value: 30s}
bot:
  enabled: true
  threshold: 0.7
  max_turns: 2
  ask_agent: 0.1
  latency: {dist: constant, value: 1s}
  intents:
    order_status: {resolvable: 0.5, confidence: {dist: constant, value: 0.9}}
    billing: {resolvable: 0.9, confidence: {dist: constant, value: 0.5}}
agents:
  - {name: a, count: 10, concurrency: 3, response_time: {dist: exponential, mean: 30s}}
`

// The load test's bot contains conversations by the simulator's rule, intent by
// intent and weighted by the intents' shares. With constant confidences the rule
// is exact: order_status 0.9 × 0.5 × (1 − 0.1) = 0.405, billing 0 (0.5 is below
// the 0.7 threshold), technical 0 (no entry: handed off). Streams weigh 3 : 1,
// so the share is (3 × 0.8 + 1 × 0.1) / 4 × 0.405 = 0.253125 (intents weighed
// equally, it would be (3 × 0.405/2 + 0.405/3) / 4 = 0.185625). The simulator,
// run on the same scenario, measures that share within its confidence interval.
func TestFromScenarioBotContainment(t *testing.T) {
	sc, err := scenarios.Parse("bot.yaml", []byte(botScenario))
	if err != nil {
		t.Fatal(err)
	}
	tr, busiest, err := loadtest.FromScenario(sc)
	if err != nil {
		t.Fatal(err)
	}
	if want := 400.0 / 3600; math.Abs(busiest-want) > 1e-12 {
		t.Errorf("busiest rate %v/s, want %v/s", busiest, want)
	}
	if tr.Bot == nil {
		t.Fatal("no bot")
	}
	for intent, want := range map[string]float64{"order_status": 0.405, "billing": 0, "technical": 0} {
		if got := tr.Bot.Contained[intent]; math.Abs(got-want) > 1e-12 {
			t.Errorf("containment of %s = %v, want %v", intent, got, want)
		}
	}
	const want = 0.253125
	got := tr.ContainedShare()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("contained share %v, want %v", got, want)
	}

	// The simulator's bot_containment (contained ÷ entered the bot) on the same
	// scenario: the mean over replications within 4 standard errors of the load
	// test's share (binomial: each replication sees about 3,200 conversations).
	m, err := sc.Model()
	if err != nil {
		t.Fatal(err)
	}
	var entered, contained int64
	for rep := 0; rep < m.Replications; rep++ {
		res, err := sim.Run(m, rep)
		if err != nil {
			t.Fatal(err)
		}
		entered += res.Total.BotEntered
		contained += res.Total.BotContained
	}
	if entered < 10000 {
		t.Fatalf("only %d conversations entered the bot", entered)
	}
	simShare := float64(contained) / float64(entered)
	se := math.Sqrt(want * (1 - want) / float64(entered))
	if math.Abs(simShare-got) > 4*se {
		t.Errorf("simulator contained %.4f of %d conversations, load test %.4f (±%.4f)", simShare, entered, got, 4*se)
	}
	t.Logf("simulator %.4f of %d, load test %.4f", simShare, entered, got)
}
