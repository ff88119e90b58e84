// Package loadtest drives conversations against an HTTP target — omnisim's
// reference router (`omnisim serve`) or a real deployment — and audits what the
// target did with every message (`omnisim load`).
//
// # Open model
//
// Conversations start at a fixed rate (evenly spaced, or Poisson) whatever the
// target answers, as real customers do: a slow target gets more concurrent
// conversations, not fewer requests. Each conversation then plays its steps — the
// customer's messages (SMS as Twilio webhooks, WhatsApp as Cloud API webhooks,
// the rest as POST /v1/messages, with the conversation's language, intent and tier
// drawn from the scenario's shares), the bot's result, the agent accepting the
// offer (or declining it, with the scenario's probability), replying, closing and
// following up later — with the traffic model's pauses and reply times divided by
// Config.TimeScale (by default the reference router's own scale when it
// compresses time, else DefaultTimeScale, ten hours a second), each step
// scheduled when the answer to the previous one arrives. A conversation the
// target keeps waiting for an agent is looked up (GET /v1/conversations/{id})
// after Config.PollEvery, then at doubling delays up to Config.PollMax (1 s, and
// at most a quarter of the reference router's push timeout in wall time, so that
// an offer is seen before it expires): polls are bounded by one a second per
// waiting conversation, not one every 50 ms. Agents are synthetic: one whose offer timed out or who declined is moved
// away by the target, and comes back online after an agent reply time; the agents
// are listed every few polls so that an offer that timed out before any step saw
// it does not keep its agent away for good.
//
// Customers have no patience here: they wait for as long as the target keeps
// them waiting. So a delay announcement (routing.announce, which the reference
// router sends and shows) changes nothing in what they do, and the scenario's
// balk share is not played: the simulator's balking customer leaves when told a
// wait beyond its patience draw, which a load test customer does not have.
//
// The requests are sent by vegeta's attacker (github.com/tsenart/vegeta/v12/lib).
// Its Pacer blocks until the next step is due; its Targeter hands out that step's
// request; the attacker's HTTP transport is wrapped so that each answer goes back
// to its conversation, which schedules what follows. So vegeta keeps doing what it
// does well (workers, connections, timestamps, its result format, which `vegeta
// report` and `vegeta plot` read), and the schedule is the conversations'.
//
// # What is measured
//
// Per-step latency percentiles as vegeta computes them (its estimator over the
// very results the run writes to Config.Results, so that `vegeta report` agrees
// with the report; merged shards use the HDR histograms every report carries),
// status codes, errors and retries, and generator lag: how late each request left compared with
// its schedule. Lag makes coordinated omission visible — a generator that falls
// behind sends less than it claims, and latencies look better than they are — so a
// run whose p99 lag exceeds Config.MaxLag is invalid.
//
// A run also fails, with or without thresholds of one's own, when every request
// failed or when conversations were still unfinished at the end of the drain
// time (Report.ApplyThresholds: an unfinished conversation's remaining steps
// were never measured); a threshold on unfinished (unfinished<=5) replaces that
// rule.
//
// # Clocks
//
// Nothing here reads the wall clock but Config.Clock. A clock that implements
// Advancer is moved by the run itself, only when no request is in flight: the
// tests run the reference router on the same virtual clock, so their outcome
// does not depend on the machine's speed. On the wall clock, the window and
// sticky checks judge each decision on the interval within which the target
// must have made it (from sending the request to its answer), so a slow
// machine makes more checks uncertain (skipped), never wrong.
//
// # Checks and audit
//
// The answers are checked as they come: an agent's reply or follow-up must get
// the decision the channel's window rules give on the traffic model's clock (a
// WhatsApp follow-up 25 h after the customer's last message needs a template),
// when the target runs at the same time scale (its /healthz says); a customer
// who writes again must reach the agent who holds the conversation, or who held
// it within sticky_for (under status capacity the conversation went inactive in
// between and is offered to that agent first), unless the target ended it after
// end_inactive_after. At the end,
// every message the target acknowledged with 2xx must have been delivered to an
// agent exactly once: the reference router lists deliveries at GET
// /v1/audit/messages; a real deployment through its mapping file's audit request,
// or the run says it was not audited. Steps that fail with no answer, 5xx or 429
// are retried with the same message ids, so a target that goes down and comes back
// must neither lose nor duplicate what it had acknowledged.
//
// # Real deployments
//
// A Mapping (MAPPING.md) says how a customer message becomes a request — method,
// URL, headers and body as templates, or the built-in Twilio and WhatsApp
// payloads — and how to list deliveries. Names, phone numbers and texts come
// from gofakeit, seeded.
//
// # Sharding
//
// Config.Shard of Config.Shards plays arrivals k with k mod Shards = Shard−1 of the
// full-rate schedule, so N machines together make the schedule one machine would;
// Merge combines their reports, histograms merged rather than percentiles averaged.
package loadtest
