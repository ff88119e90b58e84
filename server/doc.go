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
// # Routing
//
// Routing is package router's engine, configured from the scenario exactly as the
// simulator configures it (FromModel takes the scenario's sim.Model): queues by
// channel, skills, routing model, push offers, presence, tab or status capacity.
// A conversation's language, intent and customer tier come from its first message
// (or its channel's defaults: the first language and intent of the channel's first
// arrival stream, its last tier) and become its router.Work through sim.Model.Work,
// the simulator's own mapping. Offers are the engine's: Accept, Decline, and push
// timeouts that Engine.Expire reports, after which the agent is in the engine's
// timeout presence until they come back. With the scenario's routing.reclaim_after,
// an open conversation whose customer waits (since the accept, or since their next
// message) without an agent reply for that long is reclaimed (Engine.Replied and
// Engine.AwaitReply keep the engine's clock; Expire reports the reclaim) and routed
// to another agent, the agent moving to the reclaim presence; a late reply is
// refused (409). The clock of a conversation restored from the state file restarts
// only with the customer's next message. Under status capacity a conversation
// whose customer has been silent for inactive_after since the agent's reply becomes
// inactive (Engine.SetInactive) and the customer's next message resumes it
// (Engine.Resume), preferring its agent within sticky_for; after end_inactive_after
// it ends. With routing.nudge the same silence sends a nudge on the channels it
// names, decided by the window engine as a follow-up (a utility template on
// WhatsApp past 24 h; the conversation view shows nudges and last_nudge, and
// omnisim_nudges_total counts them by decision); the customer's next message
// continues the conversation, and close_after more silence auto-closes it
// (nudge.go), as the simulator does. An agent may also pause an open conversation
// while waiting on the customer (POST …/pause, status capacity only: pause.go,
// Engine.Pause): it frees the agent's capacity and the customer's next message,
// or POST …/unpause, gives it back to the same agent without routing. A timer goroutine sleeps on the clock until
// the engine's next deadline (Engine.NextDeadline) or the next inactivity timer,
// and applies them.
//
// A waiting conversation's resource (GET /v1/conversations/{id}) carries its
// position in its queue and its predicted wait, the simulator's queue-length
// predictor (wait.go). With routing.announce the server announces them: a
// conversation whose first routing (its first message, or the bot's hand-off)
// finds no agent with room is sent one system message with its position
// (position: true) and/or the predicted wait (wait: true, once the predictor
// has one), "You are number 3 in line; expected wait about 4 minutes", decided
// by the window engine as the simulator decides it (an automated answer: free
// inside WhatsApp's window, a utility template outside it, blocked for a
// customer who opted out), priced from the channel's catalog prices, shown on
// the conversation (announced, announcement) and in the answer to the message
// that opened it, counted by omnisim_announcements_total by decision, and kept
// in the state file (announce.go). The simulator's balk (routing.announce.balk:
// customers told a wait beyond their patience leave at once) is the
// customer's decision, not the router's: serve does not model it, and the load
// test's customers, which have no patience to weigh a wait against, never
// balk; they keep writing as the traffic model says.
//
// # Consent
//
// A customer's consent on a channel (channels.Consent) is implicit once they
// write; opt-out and opt-in keywords (SMS STOP, START) set and lift an opt-out.
// What messages cannot say is recorded with PUT
// /v1/customers/{channel}/{address}/consent (consent.go): an explicit opt-in,
// which business-initiated messages need; an opt-out the business learned
// elsewhere; and a double opt-in request, pending until the customer replies
// the channel's confirm keyword (the catalog's keywords.confirm: YES on SMS and
// RCS), as channels.Consent.Next moves an explicit opt-in with a confirmation.
// An opt-out revokes a recorded opt-in. GET of the same path shows it; the
// records are in the state file.
//
// Every message delivery is recorded, and GET /v1/audit/messages lists each stored
// message with the recipients it was delivered to, so that a load test can prove
// that nothing acknowledged was lost or delivered twice.
//
// # Replays
//
// With --twilio-auth-token and --meta-app-secret, webhooks are taken only with a
// matching signature. Neither signature covers a timestamp (Twilio signs the URL
// and the form, Meta the body), so the replay window is unbounded: a captured
// signed request matches forever. What makes a replay harmless is the message
// id: it is the idempotency key, and a replay is answered 200 with duplicate
// true (X-Omnisim-Duplicate for Twilio), stored and delivered once, before or
// after a restart with --state. Without --state, a replay after a restart is a
// new message. The WhatsApp verification token (hub.verify_token) and the
// bearer token are compared in constant time.
//
// # Time
//
// The server never reads the wall clock: it is given a Clock, which also wakes its
// timer goroutine. Its own time is the duration since an origin, multiplied by
// Config.TimeScale, so that a load test that compresses customers' hours-long pauses
// can compress the server's 24 h windows, push timeouts and inactivity by the same
// factor.
//
// # Durability
//
// State is in memory unless Config.State names a SQLite file (pure-Go driver
// modernc.org/sqlite, WAL). Then every change is written by one writer goroutine
// that commits whatever accumulated while the previous transaction ran (group
// commit), and a request is answered only after the transaction holding its changes
// has committed: whatever was acknowledged with 2xx survives kill -9. On start the
// state is read back and open, inactive and offered conversations go back to their
// agents without routing (router.Engine.Restore: capacity recomputed, offers made
// again with a full push timeout), waiting ones queue in the order they entered
// routing, and inactivity timers restart from the agent's last reply. The schema is
// a list of versioned migrations; a file written by a newer omnisim is refused.
//
// With Config.RetainClosed (--retain-closed), a closed conversation leaves
// memory that long after it closed, with its messages, and stays in the file:
// memory follows the open conversations, not the history. What left memory is
// read back from the file when it is named: a retried message id is answered
// as a duplicate, a conversation id finds its conversation (read back as closed;
// its customer's message reopens it), and the audit reads the file.
//
// A commit that fails (another process holds the file's write lock longer than
// the busy timeout, the disk is full) is answered 5xx and its changes are not
// dropped: they stay queued, before anything newer, and the next commit writes
// them; a retry of a message whose commit failed waits for that commit. One
// server holds a state file at a time: it takes an exclusive flock(2) on
// FILE.lock, and a second server on the same file refuses to start.
//
// # The operator's contract
//
// With --state, a message answered 2xx is on disk (synchronous=FULL: the journal
// is synced at each group commit, so that an OS crash or a power cut keeps it as
// kill -9 does) as long as the files stay as the server left them: FILE and
// FILE-wal, on a local file system (flock and SQLite's locks do not hold on
// network file systems). Copy, back up or move them together, with the server
// stopped (or with SQLite's backup API). At start the server refuses (exit 2):
//   - FILE-wal without FILE (the file was deleted or moved);
//   - an empty FILE without a journal (a written state file is never empty);
//   - a file that was not shut down cleanly and whose journal is gone (the
//     file records that it is open, in the file itself, at each start, and that
//     it was closed at a clean shutdown); --state-accept-loss starts from what
//     the file holds;
//   - a file that PRAGMA integrity_check finds corrupt;
//   - a file another server holds.
//
// Not detected: a journal that was truncated or corrupted, or replaced by an
// older copy (SQLite treats its first bad frame as its end: the transactions
// after it are lost without a word), an older copy of both files, and a file
// edited by another program while its structure stays valid.
package server
