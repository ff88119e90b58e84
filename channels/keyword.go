package channels

import (
	"fmt"
	"strings"
)

// KeywordAction is what an inbound message asks for when it is a keyword.
type KeywordAction uint8

// Keyword actions.
const (
	None   KeywordAction = iota // not a keyword: an ordinary message
	OptOut                      // stop all messages to this number (STOP, …)
	OptIn                       // resume messages after an opt-out (START, UNSTOP)
	Help                        // answer with help and opt-out instructions (HELP, INFO)
)

var keywordActionNames = [...]string{None: "none", OptOut: "opt_out", OptIn: "opt_in", Help: "help"}

// String returns "none", "opt_out", "opt_in" or "help".
func (a KeywordAction) String() string {
	if int(a) < len(keywordActionNames) {
		return keywordActionNames[a]
	}
	return fmt.Sprintf("KeywordAction(%d)", uint8(a))
}

// maxKeywordLen bounds the catalog's keywords, so that Keyword can reject long
// messages at once.
const maxKeywordLen = 16

// Keyword classifies an inbound message as an opt-out, opt-in or help keyword, or
// None. Only channels with keywords act on them (SMS, and RCS whose US traffic
// follows the same carrier rules); on others Keyword always returns None.
//
// The whole message, with surrounding white space trimmed, must equal a keyword
// ignoring ASCII case: "stop" and " Stop\n" opt out, "please stop texting me" and
// "don't stop" do not. This is how Twilio's default opt-out handling matches
// (Twilio: "Twilio support for opt-out keywords (SMS STOP filtering)",
// https://help.twilio.com/articles/223134027), and it keeps ordinary replies from
// being taken for keywords. The lists follow the CTIA Messaging Principles and
// Best Practices (2023), which require honouring STOP, END, CANCEL, UNSUBSCRIBE
// and QUIT (Twilio adds STOPALL), answering HELP (and INFO) with program
// information, and letting the customer opt back in. Opt-in is START or UNSTOP;
// YES, which Twilio also accepts, is left out because in a customer-care
// conversation "yes" is far more often an answer than an opt-in.
//
// The caller keeps the opt-out state: after OptOut it sets Outbound.OptedOut, and
// clears it after OptIn. Keyword allocates nothing.
func (c *Channel) Keyword(text string) KeywordAction {
	k := &c.Keywords
	if len(k.OptOut)+len(k.OptIn)+len(k.Help) == 0 {
		return None
	}
	t := strings.TrimSpace(text)
	if t == "" || len(t) > maxKeywordLen {
		return None
	}
	switch {
	case matchKeyword(t, k.OptOut):
		return OptOut
	case matchKeyword(t, k.OptIn):
		return OptIn
	case matchKeyword(t, k.Help):
		return Help
	}
	return None
}

// Confirms reports whether an inbound message confirms a pending double opt-in:
// the whole message, trimmed, is one of the channel's confirm keywords
// (Keywords.Confirm: YES on SMS and RCS), ignoring ASCII case, as Keyword
// matches. CTIA's double opt-in asks the customer to reply YES to a
// confirmation message; the caller asks only while a confirmation is pending,
// since otherwise "yes" is an answer (see Keyword), and then applies
// ConsentConfirm. Confirms allocates nothing.
func (c *Channel) Confirms(text string) bool {
	if len(c.Keywords.Confirm) == 0 {
		return false
	}
	t := strings.TrimSpace(text)
	if t == "" || len(t) > maxKeywordLen {
		return false
	}
	return matchKeyword(t, c.Keywords.Confirm)
}

func matchKeyword(t string, list []string) bool {
	for _, k := range list {
		if equalFoldASCII(t, k) {
			return true
		}
	}
	return false
}

// equalFoldASCII is strings.EqualFold restricted to ASCII letters: SMS keywords
// are ASCII, and Unicode folding would match look-alikes such as "ſtop" (long s).
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
