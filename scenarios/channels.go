package scenarios

// The channel names a scenario may enable. This is the one place the loader knows the
// catalog; when the channels package exports its catalog, lookupChannel becomes a call
// to channels.Lookup.
var channelNames = []string{"sms", "whatsapp", "messenger", "instagram", "apple", "rcs", "web", "inapp"}

// retiredChannels are channels that existed and no longer do, with what to use instead.
var retiredChannels = map[string]string{
	// Google ended Business Messages on 31 July 2024 and points businesses to RCS
	// Business Messaging (developers.google.com/business-communications/business-messages).
	"google_business_messages": "Google retired Business Messages in July 2024; use rcs, its successor (RCS Business Messaging)",
	"gbm":                      "Google retired Business Messages in July 2024; use rcs, its successor (RCS Business Messaging)",
}

// lookupChannel reports whether name is a channel of the catalog, and if not, why.
func lookupChannel(name string) (ok bool, why string) {
	for _, c := range channelNames {
		if c == name {
			return true, ""
		}
	}
	if msg, retired := retiredChannels[name]; retired {
		return false, msg
	}
	return false, "unknown channel " + quoteIfOdd(name) + didYouMean(name, channelNames) +
		"; known channels: sms, whatsapp, messenger, instagram, apple, rcs, web, inapp"
}
