package scenarios

import (
	"slices"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router/work"
)

const ruleTargetsYAML = `
version: 1
horizon: 10h
channels: {whatsapp: {}, web: {bot: false}}
arrivals:
  - channel: whatsapp
    rate: 60/h
    intents: {billing: 0.5, technical: 0.5}
    keywords: {Refund: 10%, "money back": 5%}
  - channel: web
    rate: 10/h
bot:
  threshold: 0.7
  intents: {billing: {resolvable: 0.5, confidence: {dist: beta, alpha: 8, beta: 2}}}
agents:
  - name: pool
    count: 3
    response_time: {dist: exponential, mean: 2m}
  - name: experts
    count: 1
    response_time: {dist: exponential, mean: 2m}
routing:
  queues:
    - name: support
      channels: [whatsapp, web]
    - name: refunds
  rules:
    - {keywords: [REFUND, "money, back"], queue: refunds, bot: false}
    - {intent: technical, agent_group: experts, fallback_after: 2m, queue: support}
    - {channel: web, bot: true}
`

// Rules with keywords, an agent group and the bot map onto the simulator's
// rules; a queue only a rule reaches (refunds, no channels) is valid.
func TestRuleTargetsModel(t *testing.T) {
	s, err := Parse("rules.yaml", []byte(ruleTargetsYAML))
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Model()
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Arrivals[0].Keywords; !slices.Equal(got, []string{"refund", "money back"}) || !slices.Equal(m.Arrivals[0].KeywordShares, []float64{0.1, 0.05}) {
		t.Errorf("arrival keywords %q %v", got, m.Arrivals[0].KeywordShares)
	}
	if m.Channels[0].SkipBot || !m.Channels[1].SkipBot {
		t.Errorf("SkipBot: whatsapp %v, web %v", m.Channels[0].SkipBot, m.Channels[1].SkipBot)
	}
	if len(m.Rules) != 3 {
		t.Fatalf("rules %+v", m.Rules)
	}
	r0, r1, r2 := m.Rules[0], m.Rules[1], m.Rules[2]
	if !slices.Equal(r0.Keywords, []string{"refund", "money back"}) || r0.Queue != 1 || r0.Bot != work.BotSkip || r0.Channel != -1 {
		t.Errorf("keyword rule %+v", r0)
	}
	if r2.Queue != -1 || r2.Bot != work.BotFirst || r2.Channel != 1 {
		t.Errorf("bot rule %+v", r2)
	}
	if len(r1.Agents) != 1 || r1.FallbackAfter != 2*time.Minute || r1.Queue != 0 || r1.Intent != "technical" {
		t.Fatalf("direct rule %+v", r1)
	}
	// The group's own skill: the experts hold it, the pool does not.
	sk := r1.Agents[0].Skill
	if m.Skills[sk] != "agent_group:experts" || m.Groups[1].Skills[sk] != 1 || m.Groups[0].Skills[sk] != 0 {
		t.Errorf("skill %d %q: experts %v, pool %v", sk, m.Skills[sk], m.Groups[1].Skills, m.Groups[0].Skills)
	}
}
