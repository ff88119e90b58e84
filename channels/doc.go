// Package channels is omnisim's catalog of messaging channels and its window
// engine: the rules that make asynchronous messaging different from chat and
// voice — who may write first, how long after the customer's last message the
// business may answer freely, when only an approved template will do, who has
// opted out — together with each channel's content types, opt-out keywords,
// sending throughput and per-message prices.
//
// # Catalog
//
// The catalog (catalog.json, embedded in the binary) holds sms, whatsapp,
// messenger, instagram, apple (Messages for Business), rcs, web and inapp.
// Default returns it; Lookup finds a channel by name, rejecting the retired
// google_business_messages with a pointer to rcs and suggesting the closest name
// for a typo; With derives a catalog with a scenario's overrides (throughput,
// window lengths, prices), validated field by field. Prices are representative
// US list prices in USD, each table recorded with its source and date
// (PriceTable.Source, PriceTable.AsOf); they are defaults that scenarios override.
// Prices change on dated announcements: a channel keeps the tables in force
// before its current one (Channel.EarlierPrices; WhatsApp's conversation-based
// tables of 2023-06-01, 2024-08-01 and 2024-11-01 before per-message pricing of
// 2025-07-01), and Channel.PricesOn / Catalog.PricesOn pick the table in force on
// a date (a date before the earliest is a *PriceDateError); see pricedate.go for
// the rules of each table and Meta's pages they come from. PriceTable.Basis says
// whether a table charges per message or per 24-hour conversation, and
// Channel.FreeEntry applies WhatsApp's free entry point (72 h free after a
// click-to-WhatsApp ad answered within the window).
//
// # Window engine
//
// Channel.Decide takes an outbound message — its Kind (agent reply, follow-up,
// proactive), the time of the customer's last message, opt-out and closed state,
// the HUMAN_AGENT tag, the template category — and returns a Decision: Sent,
// TemplateRequired (with the template category to bill) or Blocked, with a stable
// reason code. It is a pure function of its argument and the channel, allocates
// nothing, and is the one implementation used by both the simulator and the HTTP
// server. The rules per channel:
//
//   - WhatsApp: free-form messages only within the 24 h customer service window
//     that each customer message opens (a message exactly 24 h after is still
//     inside; 1 ns later it is not). Outside it, or to a customer who never
//     wrote, only an approved template: TemplateRequired, utility by default for
//     replies and follow-ups, marketing for proactive messages. Pricing is per
//     message since 2025-07-01: marketing, utility and authentication templates
//     are charged, service (free-form) messages are free, and utility templates
//     are free inside an open window.
//   - Messenger and Instagram: a 24 h standard messaging window; the person must
//     write first. A human agent's reply or follow-up with the HUMAN_AGENT tag may
//     be sent up to 7 days after the person's last message. Messenger has no
//     template to fall back on for an agent reply (its utility messages and
//     Marketing Messages serve other purposes and are not modelled), so past the
//     window such a reply is Blocked.
//   - Apple Messages for Business: customer-initiated only. A business may never
//     start a conversation or send proactive messages; inside a conversation the
//     customer started there is no time limit, but after the customer closed it
//     nothing may be sent until they write again.
//   - RCS Business Messaging: treated like SMS with rich content. Agents are
//     launched per carrier and, with the user's consent, may message at any
//     time, so business-initiated messages are allowed and there is no window;
//     US carrier traffic honours the SMS opt-out keywords.
//   - SMS: no window, but opt-out. STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and
//     QUIT opt out, START and UNSTOP opt back in, HELP and INFO ask for help
//     (Channel.Keyword); nothing is sent to an opted-out number. YES confirms a
//     pending double opt-in (Channel.Confirms; CTIA's "Reply YES"), and only
//     then. Throughput: 1 message per second per US long code.
//   - Web chat: no window and session-based. Replies and follow-ups reach the
//     visitor's conversation; a proactive message is Blocked (no_session), since
//     an anonymous visitor has no address outside the session.
//   - In-app chat: no window; the signed-in app user is reachable through the app
//     inbox and push, so proactive messages are Sent.
//
// Channel.Price returns the price of a message by direction and category, and
// Channel.Supports checks a content type (text, media, quick_replies,
// list_picker, forms, carousel) against the channel's limits (RCS carousels of up
// to 10 cards and 11 suggestions, Apple list pickers and forms, SMS text with
// media only as MMS).
//
// # Sources
//
//   - Meta, WhatsApp Business Platform: customer service windows, and Pricing
//     (per-message pricing effective July 1, 2025; utility templates free inside
//     the window), https://developers.facebook.com/docs/whatsapp/pricing; Cloud
//     API throughput (80 mps per number by default, up to 1,000).
//   - Meta, Messenger Platform and IG Messaging API policy (standard messaging
//     window, message tags) and the HUMAN_AGENT tag,
//     https://developers.facebook.com/docs/messenger-platform/policy/policy-overview
//     and .../send-messages/message-tags; Messenger Platform rate limits.
//   - Apple, Messages for Business messaging guidelines,
//     https://register.apple.com/resources/messages/messaging-documentation.
//   - CTIA, Messaging Principles and Best Practices (2023), consumer opt-out and
//     HELP; Twilio, "Twilio support for opt-out keywords (SMS STOP filtering)".
//   - Google, Business Messages deprecation notice: Business Messages was shut
//     down on July 31, 2024, with RCS Business Messaging as the successor,
//     https://developers.google.com/business-communications/business-messages.
//   - Google, RCS Business Messaging documentation,
//     https://developers.google.com/business-communications/rcs-business-messaging.
//
// Each channel's Sources and Notes in the catalog repeat the references for its
// own numbers.
package channels
