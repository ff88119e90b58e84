package eventlog

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// writeSFExport writes a synthetic Salesforce export of n sessions to dir, the
// rows of each file shuffled (a fixed seed), and returns its paths. Times are
// whole minutes, so that many events of different sessions fall at one
// instant (the order's tie-breaks); every 10th session is transferred, every
// 7th abandoned, every 13th contained by the bot, every 17th still open, and
// every 101st entry has a bad time (a problem). About 8.3 rows a session.
func writeSFExport(tb testing.TB, dir string, n int) []string {
	tb.Helper()
	rng := rand.New(rand.NewPCG(17, 1))
	base := time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)
	at := func(m int) string { return base.Add(time.Duration(m) * time.Minute).Format("2006-01-02T15:04:05.000Z") }
	var ms, ce, aw, usp []string
	channels := []string{"WhatsApp", "EmbeddedMessaging", "Text"}
	entry := 0
	for i := range n {
		id := fmt.Sprintf("0Mw%012d", i)
		t0 := rng.IntN(n / 4)
		agent := fmt.Sprintf("005%012d", rng.IntN(50))
		queue := fmt.Sprintf("00G%012d", i%3)
		end, endedBy, agentType := at(t0+8), "Agent", "Agent"
		switch {
		case i%17 == 0:
			end = ""
		case i%2 == 0:
			endedBy = "EndUser"
		}
		bot := i%13 == 0
		if bot {
			agentType = "Bot"
		}
		ms = append(ms, fmt.Sprintf("%s,%s,en_US,%s,%s,%s", id, channels[i%3], agentType, end, endedBy))
		msg := func(m int, actor, actorID string) {
			entry++
			t := at(m)
			if entry%101 == 0 {
				t = "yesterday"
			}
			ce = append(ce, fmt.Sprintf("E%d,%s,%s,%s,%s,Text,some message text", entry, id, actor, actorID, t))
		}
		msg(t0, "EndUser", "")
		if bot {
			msg(t0+1, "Bot", "")
			continue
		}
		if i%7 == 0 {
			aw = append(aw, fmt.Sprintf("W%d,%s,,%s,Unavailable,%s,,,", i, id, queue, at(t0)))
			continue
		}
		aw = append(aw, fmt.Sprintf("W%d,%s,%s,%s,Closed,%s,%s,%s,", i, id, agent, queue, at(t0), at(t0), at(t0+1)))
		msg(t0+2, "Agent", agent)
		msg(t0+3, "EndUser", "")
		msg(t0+4, "Agent", agent)
		if i%10 == 0 {
			other := fmt.Sprintf("005%012d", rng.IntN(50))
			aw = append(aw, fmt.Sprintf("W%dt,%s,%s,00G999,Closed,%s,%s,%s,", i, id, other, at(t0+5), at(t0+5), at(t0+5)))
			msg(t0+6, "Agent", other)
		}
		msg(t0+6, "EndUser", "")
		msg(t0+7, "Agent", agent)
	}
	for a := range 50 {
		agent := fmt.Sprintf("005%012d", a)
		for d := 0; d < n/4; d += 480 {
			usp = append(usp, fmt.Sprintf("P%d_%d,%s,%s,%s,false", a, d, agent, at(d), at(d+240)))
			usp = append(usp, fmt.Sprintf("P%d_%db,%s,%s,%s,true", a, d, agent, at(d+240), at(d+270)))
		}
	}
	var paths []string
	for _, f := range []struct {
		name, head string
		rows       []string
	}{
		{"MessagingSession.csv", "Id,ChannelType,EndUserLanguage,AgentType,EndTime,EndedByType", ms},
		{"ConversationEntry.csv", "Id,ConversationId,ActorType,ActorId,EntryTime,EntryType,Message", ce},
		{"AgentWork.csv", "Id,WorkItemId,UserId,OriginalQueueId,Status,RequestDateTime,AssignedDateTime,AcceptDateTime,DeclineDateTime", aw},
		{"UserServicePresence.csv", "Id,UserId,StatusStartDate,StatusEndDate,IsAway", usp},
	} {
		rng.Shuffle(len(f.rows), func(i, j int) { f.rows[i], f.rows[j] = f.rows[j], f.rows[i] })
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.head+"\n"+strings.Join(f.rows, "\n")+"\n"), 0o644); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// readAll reads an export with the sort's chunk size set to chunk (0: the
// default, which holds the small exports here in memory: no file written),
// its temporary files in tmp.
func readAll(t *testing.T, paths []string, chunk int, tmp string, opts Options) ([]Event, Problems, error) {
	t.Helper()
	opts.TempDir = tmp
	s := NewScanner(opts)
	s.sfChunk, s.sfFanIn = chunk, 3 // runs merged three at a time: merges of merges
	var evs []Event
	err := s.ReadSalesforce(paths, func(e *Event) error { evs = append(evs, *e); return nil })
	return evs, s.Problems, err
}

// sameEvents compares events field by field, a NaN bot_confidence equal to
// another (reflect.DeepEqual holds NaN unequal to itself).
func sameEvents(a, b []Event) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if math.IsNaN(x.BotConfidence) && math.IsNaN(y.BotConfidence) {
			x.BotConfidence, y.BotConfidence = 0, 0
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func tempFiles(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestSalesforceSpill: read with a chunk of a few records (every sort spilled
// to files, merged three runs at a time into longer runs, and those merged),
// an export gives exactly the events and problems of
// the read held in memory — the fixture, and a synthetic export of many ties
// at one instant, shuffled rows and bad times — and its temporary files are
// gone after the read, also when fn stops it.
func TestSalesforceSpill(t *testing.T) {
	var fixture []string
	for _, o := range SalesforceObjects {
		fixture = append(fixture, filepath.Join("testdata", "salesforce", o+".csv"))
	}
	synthetic := writeSFExport(t, t.TempDir(), 300)
	for _, tc := range []struct {
		name   string
		paths  []string
		opts   Options
		chunks []int
	}{
		{"fixture", fixture, Options{Strict: true}, []int{1, 2, 3, 7}},
		{"synthetic", synthetic, Options{Keep: 8}, []int{5, 64}},
		{"synthetic strict", synthetic, Options{Strict: true}, []int{64}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			want, wantProblems, wantErr := readAll(t, tc.paths, 0, tmp, tc.opts)
			if n := tempFiles(t, tmp); n != 0 {
				t.Fatalf("the read in memory wrote %d files", n)
			}
			if tc.name == "synthetic" && (len(want) < 2000 || wantProblems.Total() == 0) {
				t.Fatalf("%d events, %d problems: the synthetic export should give thousands and some", len(want), wantProblems.Total())
			}
			for _, chunk := range tc.chunks {
				got, problems, err := readAll(t, tc.paths, chunk, tmp, tc.opts)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Errorf("chunk %d: error %v, want %v", chunk, err, wantErr)
				}
				if !sameEvents(got, want) {
					t.Errorf("chunk %d: %d events, not the %d of the read in memory", chunk, len(got), len(want))
					for i := range min(len(got), len(want)) {
						if !sameEvents(got[i:i+1], want[i:i+1]) {
							t.Errorf("event %d:\n got %+v\nwant %+v", i, got[i], want[i])
							break
						}
					}
				}
				if !reflect.DeepEqual(problems, wantProblems) {
					t.Errorf("chunk %d: problems\n%s\nwant\n%s", chunk, problems.String(), wantProblems.String())
				}
				if n := tempFiles(t, tmp); n != 0 {
					t.Errorf("chunk %d: %d temporary files left", chunk, n)
				}
			}
		})
	}
	// Files are written (a chunk of 64 spills), and removed when fn stops the read.
	tmp := t.TempDir()
	s := NewScanner(Options{TempDir: tmp})
	s.sfChunk = 64
	stop := errors.New("stop")
	seen := 0
	err := s.ReadSalesforce(synthetic, func(*Event) error {
		seen = tempFiles(t, tmp)
		return stop
	})
	if !errors.Is(err, stop) || seen == 0 {
		t.Errorf("read: %v with %d temporary files; want the stop with some", err, seen)
	}
	if n := tempFiles(t, tmp); n != 0 {
		t.Errorf("%d temporary files left after fn stopped the read", n)
	}
}

// BenchmarkSalesforceLarge reads a synthetic export of about a million rows
// (120,000 sessions) spilled in chunks of 200,000 records and, for
// comparison, held in memory whole; it reports the bytes allocated and the
// peak of the live heap (sampled every 10 ms: a measure, not asserted).
func BenchmarkSalesforceLarge(b *testing.B) {
	paths := writeSFExport(b, b.TempDir(), 120_000)
	rows := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		rows += strings.Count(string(data), "\n") - 1
	}
	for _, bc := range []struct {
		name  string
		chunk int
	}{{"spill", 0}, {"memory", 1 << 40}} {
		b.Run(bc.name, func(b *testing.B) {
			tmp := b.TempDir()
			var peak uint64
			sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			var mu sync.Mutex
			done := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				tick := time.NewTicker(10 * time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-done:
						return
					case <-tick.C:
						metrics.Read(sample)
						mu.Lock()
						peak = max(peak, sample[0].Value.Uint64())
						mu.Unlock()
					}
				}
			}()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			events := 0
			b.ReportAllocs()
			for b.Loop() {
				s := NewScanner(Options{TempDir: tmp})
				s.sfChunk = bc.chunk
				events = 0
				if err := s.ReadSalesforce(paths, func(*Event) error { events++; return nil }); err != nil {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&after)
			close(done)
			wg.Wait()
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N), "alloc-bytes/op")
			b.ReportMetric(float64(peak), "peak-heap-bytes")
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(events), "events")
		})
	}
}
