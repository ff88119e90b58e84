package server

import (
	"testing"
)

// rulesYAML splits WhatsApp by intent: technical conversations go to the tech
// queue (its agents), the rest to billing, the channel's first queue.
const rulesYAML = `
version: 1
horizon: 1h
channels: {whatsapp: {}}
arrivals:
  - channel: whatsapp
    rate: 60/h
    intents: {billing: 0.5, technical: 0.5}
agents:
  - name: billing
    count: 1
    skills: {billing: 5}
    response_time: {dist: exponential, mean: 2m}
  - name: tech
    count: 1
    skills: {technical: 5}
    response_time: {dist: exponential, mean: 2m}
routing:
  queues:
    - {name: billing, channels: [whatsapp], skills: [intent]}
    - {name: tech, channels: [whatsapp], skills: [intent]}
  rules:
    - {intent: technical, queue: tech}
`

// Routing rules through serve: the conversation resource names the queue the
// rule chose, and the conversation goes to that queue's agent, as in the
// simulator (work.RuleQueue serves both).
func TestRoutingRulesOverHTTP(t *testing.T) {
	s, _ := modelServer(t, rulesYAML, nil)
	for _, tc := range []struct {
		conv, intent, queue, agent string
	}{
		{"c1", "technical", "tech", "tech-1"},
		{"c2", "billing", "billing", "billing-1"},
	} {
		do(t, s, "POST", "/v1/messages", langMsg("m-"+tc.conv, tc.conv, "whatsapp", "+"+tc.conv, "", tc.intent, ""))
		v := do(t, s, "GET", "/v1/conversations/"+tc.conv, nil)
		if v.field(t, "queue") != tc.queue || v.field(t, "agent_id") != tc.agent {
			t.Errorf("%s conversation: %s, want queue %s with %s", tc.intent, v.body, tc.queue, tc.agent)
		}
	}
}
