package scenarios

import (
	"strings"
	"testing"

	"github.com/omnisim/omnisim/channels"
)

// A scenario's WhatsApp channel is priced by the table in force on its date:
// prices_as_of, else start: when given, else the latest; overrides apply on top
// of that table. The case "agent reply 25 h later" is a utility template outside
// the customer service window.
func TestPricesAsOf(t *testing.T) {
	const base = `version: 1
horizon: 10h
channels: {whatsapp: {}}
arrivals: [{channel: whatsapp, rate: 10/h}]
agents: [{name: pool, count: 2, response_time: {dist: exponential, mean: 2m}}]
`
	for _, tc := range []struct {
		name, extra      string
		asOf             string
		utility, service float64
	}{
		{"latest by default", "", "2025-07-01", 0.004, 0},
		{"prices_as_of before per-message pricing", "prices_as_of: 2024-01-01\n", "2023-06-01", 0.015, 0.0088},
		{"prices_as_of on a change", "prices_as_of: 2024-08-01\n", "2024-08-01", 0.004, 0.0088},
		{"start picks the table", "start: 2024-11-04\n", "2024-11-01", 0.004, 0},
		{"start before every table: the earliest", "start: 2023-01-02\n", "2023-06-01", 0.015, 0.0088},
		{"prices_as_of wins over start", "start: 2024-11-04\nprices_as_of: 2025-07-01\n", "2025-07-01", 0.004, 0},
		{"override on a dated table", "prices_as_of: 2024-01-01\nchannels: {whatsapp: {prices: {outbound: {utility: 0.01}}}}\n", "2023-06-01", 0.01, 0.0088},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse("p.yaml", []byte(mergeChannels(base, tc.extra)))
			if err != nil {
				t.Fatal(err)
			}
			m, err := s.Model()
			if err != nil {
				t.Fatal(err)
			}
			ch := m.Channels[0].Rules
			if ch.Prices.AsOf != tc.asOf {
				t.Errorf("table of %s, want %s", ch.Prices.AsOf, tc.asOf)
			}
			if u, _ := ch.Price(channels.OutboundDir, channels.CategoryUtility, false); u != tc.utility {
				t.Errorf("utility template outside the window: %v, want %v", u, tc.utility)
			}
			if v, _ := ch.Price(channels.OutboundDir, "", true); v != tc.service {
				t.Errorf("free-form reply inside the window: %v, want %v", v, tc.service)
			}
		})
	}
}

// mergeChannels lays extra over base: a channels: line in extra replaces base's.
func mergeChannels(base, extra string) string {
	if !strings.Contains(extra, "channels:") {
		return base + extra
	}
	var keep []string
	for _, l := range strings.Split(base, "\n") {
		if !strings.HasPrefix(l, "channels:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n") + extra
}
