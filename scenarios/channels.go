package scenarios

import "github.com/omnisim/omnisim/channels"

// lookupChannel reports whether name is a channel of the catalog (package channels,
// embedded in the binary), and if not, why: unknown names get a suggestion and the
// list of valid ones; google_business_messages is refused with Google's July 2024
// retirement and RCS as its successor.
func lookupChannel(name string) (ok bool, why string) {
	if _, err := channels.Default().Lookup(name); err != nil {
		return false, err.Error()
	}
	return true, ""
}
