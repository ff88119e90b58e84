package sim

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/sim/dist"
)

// pop removes and returns the earliest event (the run loop takes and holds it).
func (h *eventHeap) pop() event {
	top := h.a[0]
	h.removeRoot()
	return top
}

func TestHeapOrdersByTimeThenFIFO(t *testing.T) {
	var h eventHeap
	r := rand.New(rand.NewPCG(1, 2))
	type key struct {
		at  Time
		seq int
	}
	var want []key
	for i := 0; i < 5000; i++ {
		at := Time(r.IntN(200)) // many ties
		h.push(at, evTick, int32(i), 0)
		want = append(want, key{at, i})
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].at < want[j].at })
	for i, w := range want {
		e := h.pop()
		if e.at != w.at || int(e.id) != w.seq {
			t.Fatalf("pop %d = (%d, #%d), want (%d, #%d)", i, e.at, e.id, w.at, w.seq)
		}
		if e.kind() != evTick {
			t.Fatalf("kind %d", e.kind())
		}
	}
	if h.len() != 0 {
		t.Fatal("heap not empty")
	}
}

// The run loop holds the event it handles (take), and the first push while it is
// held replaces it; events must come out in (time, insertion) order all the same.
func TestHeapTakeReplaceKeepsOrder(t *testing.T) {
	var h eventHeap
	r := rand.New(rand.NewPCG(3, 4))
	type key struct {
		at  Time
		seq int
	}
	var ref []key // what the heap holds, sorted
	insert := func(k key) {
		i := sort.Search(len(ref), func(i int) bool {
			return ref[i].at > k.at || ref[i].at == k.at && ref[i].seq > k.seq
		})
		ref = append(ref[:i], append([]key{k}, ref[i:]...)...)
	}
	n := 0
	push := func(at Time) {
		h.push(at, evTick, int32(n), 0)
		insert(key{at, n})
		n++
	}
	for i := 0; i < 50; i++ {
		push(Time(r.IntN(100)))
	}
	for step := 0; step < 20000 && h.len() > 0; step++ {
		e := h.take()
		if want := ref[0]; e.at != want.at || int(e.id) != want.seq {
			t.Fatalf("step %d: took (%d, #%d), want (%d, #%d)", step, e.at, e.id, want.at, want.seq)
		}
		ref = ref[1:]
		// Schedule 0, 1 or 2 successors, some at the same time (FIFO after it).
		for k := r.IntN(3); k > 0 && step < 19000; k-- {
			push(e.at + Time(r.IntN(40)))
		}
		h.done()
		if h.len() != len(ref) {
			t.Fatalf("step %d: heap holds %d, want %d", step, h.len(), len(ref))
		}
	}
}

func TestHeapNoAllocPerEvent(t *testing.T) {
	var h eventHeap
	for i := 0; i < 1024; i++ {
		h.push(Time(i), evTick, 0, 0)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		e := h.pop()
		h.push(e.at+1000, evReply, e.id, e.gen)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per event", allocs)
	}
}

func TestStreamsAreDeterministicAndDistinct(t *testing.T) {
	a1, a2 := Stream(42, 3, "arrivals/0"), Stream(42, 3, "arrivals/0")
	b := Stream(42, 3, "arrivals/1")
	c := Stream(42, 4, "arrivals/0")
	for i := 0; i < 100; i++ {
		x := a1.Uint64()
		if x != a2.Uint64() {
			t.Fatal("same (seed, rep, name) gave different streams")
		}
		if x == b.Uint64() || x == c.Uint64() {
			t.Fatal("different names or replications gave the same draw")
		}
	}
}

func TestFromDaily(t *testing.T) {
	h := func(x float64) time.Duration { return time.Duration(x * float64(time.Hour)) }
	monFri := uint8(0x1f)
	w := FromDaily([]DailyPoint{{At: h(8), Value: 10, Days: 0x7f}, {At: h(20), Value: 2, Days: 0x7f}}, monFri)
	cases := []struct {
		at   time.Duration
		want float64
	}{
		{h(0), 2},         // Monday before 08:00 wraps to the day's last point
		{h(7.99), 2},      //
		{h(8), 10},        // step at 08:00
		{h(19.99), 10},    //
		{h(20), 2},        //
		{h(24 + 9), 10},   // Tuesday
		{h(4*24 + 21), 2}, // Friday evening
		{h(5*24 + 12), 0}, // Saturday: inactive
		{h(6*24 + 23), 0}, // Sunday
		{h(7*24 + 9), 10}, // next Monday
		{h(14*24 + 5), 2}, // Monday two weeks on, early
	}
	for _, c := range cases {
		if got := w.At(Time(c.at)); got != c.want {
			t.Errorf("At(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	if err := w.validate("w"); err != nil {
		t.Fatal(err)
	}
}

// The number of arrivals of a non-homogeneous Poisson process over a window is
// Poisson with mean ∫λ; check the count over several weeks against it (4σ).
func TestArrivalsFollowTheProfile(t *testing.T) {
	h := func(x float64) time.Duration { return time.Duration(x * float64(time.Hour)) }
	rate := FromDaily([]DailyPoint{{At: 0, Value: 10.0 / 3600, Days: 0x7f}, {At: h(9), Value: 120.0 / 3600, Days: 0x7f}, {At: h(17), Value: 30.0 / 3600, Days: 0x7f}}, 0x1f)
	m := &Model{
		Name: "nhpp", Seed: 3, Horizon: 4 * 7 * 24 * time.Hour, Interval: time.Hour, Replications: 1,
		Channels: []Channel{{Name: "web", Units: 1}},
		Arrivals: []Arrival{{Channel: 0, Rate: rate, Intents: One("a"), Languages: One("en")}},
		Messages: dist.Constant(1), Pause: dist.Constant(1),
		Groups:  []Group{{Name: "g", Staff: Constant(400), Concurrency: 1, ResponseTime: dist.Constant(1)}},
		Routing: router.Config{},
	}
	res, err := Run(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	perWeekday := 9*10.0 + 8*120 + 7*30 // expected arrivals on an active day
	want := 4 * 5 * perWeekday
	if got := float64(res.Total.Offered); math.Abs(got-want) > 4*math.Sqrt(want) {
		t.Errorf("offered %v, want %v ± %v", got, want, 4*math.Sqrt(want))
	}
	// Interval 12:00–13:00 gets 120/h on 20 weekdays; 02:00–03:00 gets 10/h.
	for _, c := range []struct {
		hour int
		want float64
	}{{12, 20 * 120}, {2, 20 * 10}, {20, 20 * 30}} {
		got := float64(res.ByInterval[c.hour].Offered)
		if math.Abs(got-c.want) > 4*math.Sqrt(c.want) {
			t.Errorf("interval %02d:00 offered %v, want %v", c.hour, got, c.want)
		}
	}
}

// intervalOf remembers the span of the interval it returned last; whatever the
// order of the times asked for, it must agree with the division, also when the
// interval does not divide the day (a shorter last interval).
func TestIntervalOfMatchesDivision(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, iv := range []time.Duration{15 * time.Minute, time.Hour, 7 * time.Hour, 24 * time.Hour} {
		r := &replication{interval: Time(iv)}
		now := Time(0)
		for i := 0; i < 20000; i++ {
			switch rng.IntN(4) {
			case 0: // jump anywhere in a fortnight
				now = Time(rng.Int64N(int64(14 * Day)))
			case 1: // just before or at an interval or day boundary
				b := Time(rng.Int64N(30)) * Time(iv)
				if rng.IntN(2) == 0 {
					b = Time(rng.Int64N(14)) * Day
				}
				now = max(0, b-Time(rng.IntN(2)))
			default: // forward a little, as events do
				now += Time(rng.Int64N(int64(10 * time.Minute)))
			}
			if got, want := r.intervalOf(now), int((now%Day)/Time(iv)); got != want {
				t.Fatalf("interval %v, t=%d: intervalOf %d, want %d", iv, now, got, want)
			}
		}
	}
}
