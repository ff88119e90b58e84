package channels_test

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/channels"
)

// A WhatsApp agent follows up after the customer's last message at 09:00: inside
// the 24 h customer service window the message goes out free-form; past it, only
// as a utility template, which is then charged.
func ExampleChannel_Decide() {
	wa, err := channels.Default().Lookup("whatsapp")
	if err != nil {
		panic(err)
	}
	last := 9 * time.Hour
	for _, now := range []time.Duration{last + 2*time.Hour, last + 24*time.Hour, last + 30*time.Hour} {
		in := channels.Outbound{Kind: channels.FollowUp, Now: now, LastInbound: last, HasInbound: true}
		d := wa.Decide(in)
		price, _ := wa.Price(channels.OutboundDir, d.Category, wa.InWindow(in))
		fmt.Printf("%v after: %s (%s), %s, $%.4f\n", now-last, d.Verdict, d.Reason, d.Category, price)
	}
	// Output:
	// 2h0m0s after: sent (inside_window), service, $0.0000
	// 24h0m0s after: sent (inside_window), service, $0.0000
	// 30h0m0s after: template_required (outside_24h_window), utility, $0.0040
}

// Messenger's HUMAN_AGENT tag lets a human agent answer up to 7 days after the
// customer's last message; untagged, the reply is blocked after 24 h.
func ExampleChannel_Decide_humanAgentTag() {
	m, _ := channels.Default().Lookup("messenger")
	in := channels.Outbound{Kind: channels.AgentReply, Now: 48 * time.Hour, LastInbound: 0, HasInbound: true}
	fmt.Println(m.Decide(in).Verdict, m.Decide(in).Reason)
	in.HumanAgentTag = true
	fmt.Println(m.Decide(in).Verdict, m.Decide(in).Reason)
	// Output:
	// blocked outside_24h_window
	// sent human_agent_tag
}

func ExampleChannel_Keyword() {
	sms, _ := channels.Default().Lookup("sms")
	for _, text := range []string{"stop", "Please stop", "START", "help"} {
		fmt.Printf("%q: %v\n", text, sms.Keyword(text))
	}
	// Output:
	// "stop": opt_out
	// "Please stop": none
	// "START": opt_in
	// "help": help
}

func ExampleCatalog_Lookup() {
	_, err := channels.Default().Lookup("google_business_messages")
	fmt.Println(err)
	_, err = channels.Default().Lookup("whatsap")
	fmt.Println(err)
	// Output:
	// channel "google_business_messages" is retired: Google retired Business Messages in July 2024 (shut down 2024-07-31); RCS Business Messaging is the successor, use channel "rcs"
	// unknown channel "whatsap" (did you mean "whatsapp"?); valid channels: apple, inapp, instagram, messenger, rcs, sms, web, whatsapp
}

func ExampleCatalog_With() {
	marketing := -0.01
	_, err := channels.Default().With("whatsapp", channels.Override{
		Prices: &channels.PriceOverride{Outbound: map[string]float64{"marketing": marketing}},
	})
	fmt.Println(err)
	// Output:
	// prices.outbound.marketing: must be ≥ 0
}
