package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/sim"
)

func TestMessagingTerms(t *testing.T) {
	bh, _ := sim.NewBusinessHours("office", []sim.Span{{From: 0, To: sim.Day}})
	m := &sim.Model{
		NextResponse: &sim.ResponseTarget{Within: 4 * time.Hour, Target: 0.9, Hours: bh},
		Resolution:   &sim.ResponseTarget{Within: 24 * time.Hour},
		Initial:      []sim.Backlog{{Count: 3}, {Count: 4}},
	}
	meta := Meta{Horizon: 24 * time.Hour, Interval: time.Hour, Extra: messagingTerms(m)}
	var b strings.Builder
	for _, r := range meta.TermRows() {
		b.WriteString(r[0] + ": " + r[1] + "\n")
	}
	got := b.String()
	for _, want := range []string{
		"horizon: 24h (1 day), no warm-up (measured from the initial backlog below)",
		"next response: later customer messages answered within 4h (business hours: calendar office); target 90 %",
		"resolution: routed conversations ended within 24h of their first message\n",
		"initial backlog: 7 conversations open at the start",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("terms lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "first response:") {
		t.Errorf("a first-response term without a target:\n%s", got)
	}
	if len(messagingTerms(&sim.Model{})) != 0 {
		t.Error("terms for a model without messaging targets or backlog")
	}
}
