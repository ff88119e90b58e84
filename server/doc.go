// Package server is the reference router as an HTTP service (`omnisim serve`): the
// routing engine of package router and the window engine of package channels behind
// the JSON API that DESIGN.md fixes and api/openapi.yaml documents.
//
// A customer message arrives as our own JSON (POST /v1/messages), as a Twilio SMS
// webhook (form-encoded, POST /v1/webhooks/twilio/sms) or as a WhatsApp Cloud API
// webhook (POST /v1/webhooks/whatsapp). It creates a conversation, or resumes the
// customer's open one, and is stored once per message id (ours `message_id`, Twilio's
// `MessageSid`, WhatsApp's message `id`): a retried delivery of the same id is
// acknowledged again and not stored twice. With a bot in front, a new conversation
// waits for the bot's result (hand-off or close); otherwise it enters routing. A
// routed conversation is offered to an agent, who accepts or declines it (with a push
// timeout of 0 it is accepted at once); on accept, the conversation's messages are
// delivered to the agent, and later messages go straight to them. An agent's reply is
// answered with the window engine's decision: sent, template_required or blocked, with
// its reason. Closing a conversation frees the agent's capacity.
//
// Every message delivery is recorded, and GET /v1/audit/messages lists each stored
// message with the recipients it was delivered to, so that a load test can prove
// that nothing acknowledged was lost or delivered twice.
//
// # Time
//
// The server never reads the wall clock: it is given a Clock. Its own time is the
// duration since an origin, multiplied by Config.TimeScale, so that a load test that
// compresses customers' hours-long pauses can compress the server's 24 h windows and
// push timeouts by the same factor.
//
// # Durability
//
// State is in memory unless Config.State names a SQLite file (pure-Go driver
// modernc.org/sqlite, WAL). Then every change is written by one writer goroutine
// that commits whatever accumulated while the previous transaction ran (group
// commit), and a request is answered only after the transaction holding its changes
// has committed: whatever was acknowledged with 2xx survives kill -9. On start the
// state is read back, open conversations return to their agents, offers are made
// again and capacity is recomputed. The schema is a list of versioned migrations; a
// file written by a newer omnisim is refused.
package server
