package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/omnisim/omnisim/channels"
	"github.com/omnisim/omnisim/sim"
)

// announceModel is M/M/5 at ρ = 0.8 (1/μ = 2 min) on a catalog channel.
func announceModel(t *testing.T, channel string, a *sim.Announce) *sim.Model {
	t.Helper()
	rules, err := channels.Default().Lookup(channel)
	if err != nil {
		t.Fatal(err)
	}
	q := mmc{ratePerHour: 120, aht: 2 * time.Minute, agents: 5, within: 20 * time.Second, reps: 3, horizon: 48 * time.Hour}
	m := q.model()
	m.Channels = []sim.Channel{{Name: channel, Units: 1, Rules: rules}}
	m.Announce = a
	return m
}

// Every conversation whose first routing finds no agent with room gets one
// announcement, and no other does: with position announced (so that there is
// always something to say), announcements equal the delayed conversations
// (Tally.Waited) exactly. An announcement that makes nobody balk changes nothing
// else: the waits are those of the run without it (common random numbers). Its
// price is the channel's: on SMS each costs the outbound message price; on
// WhatsApp, sent while the customer service window the customer's message opened
// is open, it is a free service message.
func TestAnnounceCountsAndPrices(t *testing.T) {
	for _, tc := range []struct {
		channel string
		price   float64 // per announcement
	}{
		{"sms", 0.0083},
		{"whatsapp", 0},
	} {
		t.Run(tc.channel, func(t *testing.T) {
			plain := announceModel(t, tc.channel, nil)
			told := announceModel(t, tc.channel, &sim.Announce{Wait: true, Position: true})
			for rep := 0; rep < plain.Replications; rep++ {
				a, err := sim.Run(plain, rep)
				if err != nil {
					t.Fatal(err)
				}
				b, err := sim.Run(told, rep)
				if err != nil {
					t.Fatal(err)
				}
				x, y := &a.Total, &b.Total
				if y.Waited < 100 {
					t.Fatalf("replication %d: only %d delayed conversations", rep, y.Waited)
				}
				if y.Announcements != y.Waited {
					t.Errorf("replication %d: %d announcements, %d delayed conversations", rep, y.Announcements, y.Waited)
				}
				if x.Announcements != 0 {
					t.Errorf("replication %d: %d announcements without routing.announce", rep, x.Announcements)
				}
				if x.Handled != y.Handled || x.Waited != y.Waited || x.WaitSeconds != y.WaitSeconds {
					t.Errorf("replication %d: announcing changed routing: handled %d/%d, waited %d/%d, wait %v/%v s",
						rep, x.Handled, y.Handled, x.Waited, y.Waited, x.WaitSeconds, y.WaitSeconds)
				}
				want := x.Cost + float64(y.Announcements)*tc.price
				if math.Abs(y.Cost-want) > 1e-9*max(1, want) {
					t.Errorf("replication %d: cost %.6f, want %.6f + %d × %.4f = %.6f", rep, y.Cost, x.Cost, y.Announcements, tc.price, want)
				}
				if y.TemplatesRequired != x.TemplatesRequired || y.Blocked != x.Blocked {
					t.Errorf("replication %d: templates %d → %d, blocked %d → %d: announcements at entry are inside the window",
						rep, x.TemplatesRequired, y.TemplatesRequired, x.Blocked, y.Blocked)
				}
			}
		})
	}
}

// Announcing only the wait says nothing while the predictor has no estimate (no
// conversation has ended yet), so announcements are at most the delayed ones, and
// almost all of them in a long run.
func TestAnnounceWaitOnly(t *testing.T) {
	m := announceModel(t, "web", &sim.Announce{Wait: true})
	res, err := sim.Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	x := &res.Total
	if x.Announcements > x.Waited || float64(x.Announcements) < 0.99*float64(x.Waited) {
		t.Errorf("%d announcements for %d delayed conversations", x.Announcements, x.Waited)
	}
}

// Balking on the announced wait (Armony, Shimkin & Whitt 2009): in M/M/5+M
// (1/μ = 2 min, λ = 150/h, ρ = 1, mean patience 3 min) customers told a wait
// longer than their patience leave at once instead of after their patience.
// With balk 0 nothing changes (the same abandonments and waits, draw for draw).
// With balk 1 the balkers are abandonments with no wait, so the mean time to
// abandon falls, and the queue they no longer hold shortens the others' wait:
// ASA falls too, each beyond both runs' 95 % intervals.
func TestAnnounceBalk(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: 16 replications of 100 h; make test runs it in its first pass, without -race")
	}
	q := mmc{ratePerHour: 150, aht: 2 * time.Minute, agents: 5, within: 20 * time.Second, patience: 3 * time.Minute, reps: 8, horizon: 100 * time.Hour}
	plain := q.model()
	zero := q.model()
	zero.Announce = &sim.Announce{Wait: true, Balk: 0}
	full := q.model()
	full.Announce = &sim.Announce{Wait: true, Balk: 1}

	a, _ := sim.Run(plain, 0)
	b, _ := sim.Run(zero, 0)
	if a.Total.Abandoned != b.Total.Abandoned || a.Total.WaitSeconds != b.Total.WaitSeconds || b.Total.Balked != 0 {
		t.Errorf("balk 0: abandoned %d → %d, wait %v → %v s, balked %d", a.Total.Abandoned, b.Total.Abandoned, a.Total.WaitSeconds, b.Total.WaitSeconds, b.Total.Balked)
	}

	pr, fr := runReport(t, plain), runReport(t, full)
	balked, abandoned, told := fr.Metric("announce_balked"), fr.Metric("abandoned"), fr.Metric("announcements")
	t.Logf("balk 1: %.0f told, %.0f balked, %.0f abandoned in all", told.Mean, balked.Mean, abandoned.Mean)
	if !(balked.Mean > 0 && balked.Mean <= abandoned.Mean && balked.Mean < told.Mean) {
		t.Errorf("balked %.1f, abandoned %.1f, told %.1f: want 0 < balked ≤ abandoned, balked < told", balked.Mean, abandoned.Mean, told.Mean)
	}
	for _, key := range []string{"abandon_wait_seconds", "asa_seconds"} {
		p, f := pr.Metric(key), fr.Metric(key)
		t.Logf("%s: %.2f ± %.2f without, %.2f ± %.2f with balking", key, p.Mean, p.CI95, f.Mean, f.CI95)
		if !(f.Mean+f.CI95 < p.Mean-p.CI95) {
			t.Errorf("%s %.2f ± %.2f with balking, not clearly below %.2f ± %.2f", key, f.Mean, f.CI95, p.Mean, p.CI95)
		}
	}
}
