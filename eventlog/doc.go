// Package eventlog is omnisim's event log format: what happened to each
// conversation and each agent, one event a row, in CSV or JSON Lines. The
// simulator writes it (omnisim run --events FILE) and omnisim fit reads it, as
// it reads a contact center's own exports converted to it.
//
// # Format (stable)
//
// A CSV file has a header row naming its columns, in any order; a JSONL file has
// one JSON object a line with the same names as keys. The columns:
//
//	event_id         optional; unique within its conversation
//	conversation_id  required, except on agent presence events
//	time             required: RFC 3339 with a zone (2024-01-01T08:00:00.250Z,
//	                 2024-01-01T09:00:00+01:00) or epoch milliseconds (1704096000250)
//	channel          whatsapp, sms, web, … (the scenario format's channel names)
//	actor            customer | bot | agent | system
//	kind             message | bot_handoff | routed | offered | accepted | declined |
//	                 transferred | inactive | closed | abandoned | opted_out |
//	                 online | away | offline (agent presence)
//	cause            why: bot_handoff: low_confidence | max_turns | asked;
//	                 routed: first (or empty) | resume | requeue;
//	                 declined: declined | push_timeout; closed: done | inactive |
//	                 blocked; message (customer, first): new (or empty) | return | campaign
//	agent_id         the agent, on offered, accepted, declined, agent messages,
//	                 presence events
//	queue            on routed, accepted and transferred
//	intent, language, tier
//	                 the conversation's attributes, on its first customer message
//	                 (later rows may repeat them)
//	bot_confidence   the bot's confidence in [0, 1] on bot_handoff and on a closed
//	                 event of the bot
//	outcome          bot conversations, on closed: resolved | escalated |
//	                 recontacted
//
// Rows are in time order (equal times keep their file order). A conversation
// starts with its customer's first message and ends with closed or abandoned; a
// conversation with no end event in the log was still open when the log ends
// (its waits and pauses are censored there, not dropped). Presence events have no
// conversation_id: an agent is online from online to away or offline.
//
// Intervals of the day are taken in UTC, or with a zone (Source.TZ, omnisim's
// --tz) in that zone's local time.
//
// # Other exports
//
// A CSV export with other columns is read through a YAML mapping (Source.Columns,
// --columns FILE; see Mapping): columns (our column: the export's header), values
// (our column: {theirs: ours}), constants, time_layout (a Go layout) and
// time_zone. A Salesforce export's MessagingSession, ConversationEntry, AgentWork
// and UserServicePresence CSV files (API field names) are read by ReadSalesforce
// (Source.Salesforce, --salesforce). Times written without a zone need a zone
// (Source.TZ, --tz): a zone is never guessed.
//
// # Validation
//
// Reading checks each row: a time that does not parse, an unknown actor or kind,
// a row earlier than the row before it, a conversation without a customer
// message, an event id seen before in the same conversation. Such rows are
// counted by problem and the first few are kept with file:line (Problems); with
// Strict, the first one is an error. Memory stays bounded: the checker keeps
// state only for conversations that have not ended. A Salesforce export
// (ReadSalesforce), whose files are in no time order, is put in order by an
// external merge sort (temporary files in Options.TempDir): its memory, too,
// does not grow with the export.
package eventlog
