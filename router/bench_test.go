package router

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// Skills of the benchmark contact center: 4 languages (skill 0 = en) and 5 intents.
const (
	benchLangs   = 4
	benchIntents = 5
)

// benchCenter is a saturated contact center: every agent full and a backlog
// waiting, so that each release is followed by one routing decision that must pick
// the best waiting conversation the freed agent qualifies for.
type benchCenter struct {
	e        *Engine
	assigned []int32 // conversation ids in assignment order (a ring)
	head     int
	rng      uint64
	now      int64
	out      []Assignment
}

func (c *benchCenter) rand(n int) int {
	c.rng ^= c.rng << 13
	c.rng ^= c.rng >> 7
	c.rng ^= c.rng << 17
	return int(c.rng % uint64(n))
}

// work draws a conversation: language en 70 %, others 10 % each; one of the
// intents as an additional skill; a VIP tier for 10 % of them (queue 1, secondary
// priority by tier).
func (c *benchCenter) work(skills bool) Work {
	if !skills {
		return Work{}
	}
	lang := 0
	if r := c.rand(10); r >= 7 {
		lang = r - 6
	}
	intent := c.rand(benchIntents)
	w := Work{Skills: benchNeeds[lang : lang+1], Additional: benchNeeds[benchLangs+intent : benchLangs+intent+1]}
	if c.rand(10) == 0 {
		w.Queue, w.Priority2 = 1, c.rand(2)
	}
	return w
}

// benchNeeds holds the skill needs the benchmark's conversations use, so that
// drawing one allocates nothing.
var benchNeeds = func() []SkillNeed {
	var n []SkillNeed
	for l := 0; l < benchLangs; l++ {
		n = append(n, SkillNeed{Skill: l, MinLevel: 3})
	}
	for i := 0; i < benchIntents; i++ {
		n = append(n, SkillNeed{Skill: benchLangs + i, MinLevel: 5})
	}
	return n
}()

// newBenchCenter builds agents agents of capacity 3 (about 40 skill sets: English
// plus maybe a second language, two intents at level 5–9) and fills them, plus a
// backlog of waiting conversations. Without skills: one queue, no skills.
func newBenchCenter(tb testing.TB, agents, waiting int, skills bool) *benchCenter {
	cfg := Config{Model: LeastActive}
	if skills {
		cfg.Queues = []QueueSpec{
			{Name: "support", Priority: 2, DropAdditionalAfter: 30 * time.Second, OverflowTo: -1},
			{Name: "vip", Priority: 1, Aging: time.Minute, DropAdditionalAfter: 10 * time.Second, OverflowTo: -1},
		}
	}
	e, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	c := &benchCenter{e: e, rng: 88172645463325252}
	for i := 0; i < agents; i++ {
		var s []int8
		if skills {
			s = make([]int8, benchLangs+benchIntents)
			s[0] = 8
			if l := i % 5; l > 0 && l < benchLangs {
				s[l] = 6
			}
			s[benchLangs+i%benchIntents] = int8(5 + i%3)
			s[benchLangs+(i/7)%benchIntents] = 7
		}
		e.SetOnline(0, e.AddAgent(AgentSpec{Capacity: 3, Skills: s}), true)
	}
	if err := e.Check(); err != nil {
		tb.Fatal(err)
	}
	// Fill: enqueue one conversation at a time, as arrivals would.
	id := int32(0)
	for e.Waiting() < waiting {
		c.now += int64(time.Millisecond)
		e.Enqueue(c.now, id, c.work(skills))
		id++
		c.out = e.Route(c.now, c.out[:0])
		for _, as := range c.out {
			c.assigned = append(c.assigned, as.Conv)
		}
	}
	return c
}

// step releases the oldest assignment, routes (the decision, timed alone into
// decision), and enqueues a new conversation in the freed id, keeping the
// backlog constant.
func (c *benchCenter) step(skills bool, decision *int64) int {
	c.now += int64(time.Millisecond)
	id := c.assigned[c.head]
	c.e.Release(c.now, id)
	t0 := time.Now()
	c.out = c.e.Route(c.now, c.out[:0])
	*decision = int64(time.Since(t0))
	for _, as := range c.out {
		c.assigned[c.head] = as.Conv
		c.head = (c.head + 1) % len(c.assigned)
	}
	n := len(c.out)
	c.e.Enqueue(c.now, id, c.work(skills))
	c.out = c.e.Route(c.now, c.out[:0])
	for _, as := range c.out { // rare: the new conversation found room
		c.assigned[c.head] = as.Conv
		c.head = (c.head + 1) % len(c.assigned)
	}
	return n + len(c.out)
}

func benchRoute(b *testing.B, agents, waiting int, skills bool) {
	c := newBenchCenter(b, agents, waiting, skills)
	step := make([]int64, b.N)
	route := make([]int64, b.N)
	routed := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		routed += c.step(skills, &route[i])
		step[i] = int64(time.Since(t0))
	}
	b.StopTimer()
	if routed < b.N {
		b.Fatalf("%d decisions in %d steps", routed, b.N)
	}
	slices.Sort(step)
	slices.Sort(route)
	b.ReportMetric(float64(step[len(step)*99/100]), "p99-ns")
	b.ReportMetric(float64(route[len(route)*99/100]), "route-p99-ns")
	b.ReportMetric(float64(c.e.Waiting()), "waiting")
}

// BenchmarkRoute measures routing decisions in a saturated center with skills: 2
// queues, 4 languages, 5 intents as additional skills dropped after 10–30 s,
// aging, secondary priority, 10,000 agents in 64 skill classes. One op is a
// whole step: release, Route (the decision), Enqueue, Route. p99-ns is the 99th
// percentile of the individually timed steps; route-p99-ns that of the deciding
// Route call alone.
func BenchmarkRoute(b *testing.B) {
	for _, w := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("agents=10k,waiting=%dk", w/1000), func(b *testing.B) {
			benchRoute(b, 10_000, w, true)
		})
	}
}

// BenchmarkRouteNoSkills is the simulator's usual shape: one queue, no skills.
func BenchmarkRouteNoSkills(b *testing.B) {
	for _, w := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("agents=10k,waiting=%dk", w/1000), func(b *testing.B) {
			benchRoute(b, 10_000, w, false)
		})
	}
}
