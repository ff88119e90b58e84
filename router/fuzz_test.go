package router

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The property test drives an engine with an event sequence decoded from bytes
// and checks invariants after every step, against a shadow model built from what
// the API told it (eligibility re-derives skills from the specs, reading only a
// waiting conversation's current queue, drop, excluded and preferred agents from
// the engine):
//
//   - no agent holds more than its capacity, and the engine's load matches the
//     shadow's;
//   - no conversation is assigned twice (an assignment only for a waiting one);
//   - after Route(now), no waiting conversation has a qualified Online agent with
//     room (its preferred agent only, while it waits for one), and nothing
//     time-based is left due;
//   - FIFO: of two conversations with identical Work in the same queue, never
//     declined, requeued, transferred or resumed, the earlier is not left waiting
//     while the later is routed;
//   - a conversation under direct routing (EnqueueDirect) qualifies as one with
//     the direct agents' skills instead of its Work's;
//   - the same sequence gives the same decisions (determinism).

const fuzzConvs = 12

type shadowConv struct {
	state ConvState
	agent int32
	prev  int32 // agent when it went inactive
	w     Work
	order int // enqueue order
	clean bool
	offer int64 // time of the offer
	// direct: its direct routing (EnqueueDirect), which applies while the
	// engine reports it Directed
	direct Direct
}

type fuzzRun struct {
	t      testing.TB
	data   []byte
	i      int
	cfg    Config
	agents []AgentSpec
	e      *Engine
	now    int64
	convs  [fuzzConvs]shadowConv
	pres   []Presence
	order  int
	h      uint64 // running hash of the decisions
	out    []Assignment
	steps  int
}

func (r *fuzzRun) next() int {
	if r.i >= len(r.data) {
		return 0
	}
	b := r.data[r.i]
	r.i++
	return int(b)
}

func (r *fuzzRun) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("step %d (t=%v): %s\nconfig %+v\nagents %+v", r.steps, time.Duration(r.now), fmt.Sprintf(format, args...), r.cfg, r.agents)
}

func (r *fuzzRun) mix(vals ...int64) {
	for _, v := range vals {
		r.h = (r.h ^ uint64(v)) * 1099511628211
	}
}

// decodeConfig builds a small configuration: up to 3 queues, 5 agents, 3 skills
// with levels 0–2, 2 channels, so that the interesting cases are frequent.
func (r *fuzzRun) decodeConfig() {
	cfg := Config{
		Model:          Model(r.next() % 4),
		Capacity:       CapacityModel(r.next() % 2),
		OfflineRequeue: r.next()%2 == 0,
		ChannelUnits:   []int{1, 1 + r.next()%2},
	}
	if r.next()%3 == 0 {
		cfg.PushTimeout = 20 * time.Second
		cfg.TimeoutPresence = []Presence{Unchanged, Away, Busy}[r.next()%3]
		cfg.DeclinePresence = []Presence{Unchanged, Away, Busy}[r.next()%3]
	}
	if r.next()%2 == 0 {
		cfg.StickyFor = time.Hour
		cfg.PreferredTimeout = time.Duration(r.next()%3) * 10 * time.Second
	}
	nq := 1 + r.next()%3
	for i := 0; i < nq; i++ {
		q := QueueSpec{Name: fmt.Sprint("q", i), Priority: r.next() % 3, OverflowTo: -1}
		if r.next()%3 == 0 {
			q.Channels = []int{r.next() % 2}
		}
		if r.next()%4 == 0 {
			q.RequiredSkills = []SkillNeed{need(0, 1+r.next()%2)}
		}
		if r.next()%3 == 0 {
			q.AdditionalSkills = []SkillNeed{need(2, 1)}
		}
		if r.next()%2 == 0 {
			q.DropAdditionalAfter = 40 * time.Second
		}
		if r.next()%2 == 0 {
			q.Aging = 30 * time.Second
		}
		if nq > 1 && r.next()%3 == 0 {
			q.OverflowTo = (i + 1) % nq
			q.OverflowAfter = 50 * time.Second
		}
		cfg.Queues = append(cfg.Queues, q)
	}
	na := 1 + r.next()%5
	for i := 0; i < na; i++ {
		r.agents = append(r.agents, AgentSpec{
			Capacity: 1 + r.next()%3,
			Skills:   []int8{int8(r.next() % 3), int8(r.next() % 3), int8(r.next() % 2)},
		})
	}
	r.cfg = cfg
}

func (r *fuzzRun) work() Work {
	w := Work{Channel: r.next() % 2, Priority2: r.next() % 2}
	if r.next()%4 == 0 {
		w.Units = 1 + r.next()%3 // new costs appear mid-run
	}
	w.Queue = r.e.QueueFor(w.Channel)
	if w.Queue < 0 || r.next()%4 == 0 {
		w.Queue = r.next() % len(r.cfg.Queues)
	}
	if r.next()%3 == 0 {
		w.Skills = []SkillNeed{need(1, 1+r.next()%2)}
	}
	if r.next()%4 == 0 {
		w.Additional = []SkillNeed{{Skill: 2}}
	}
	return w
}

func runScript(t testing.TB, data []byte) uint64 {
	r := &fuzzRun{t: t, data: data, h: 14695981039346656037}
	r.decodeConfig()
	e, err := New(r.cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	r.e = e
	for i, a := range r.agents {
		e.AddAgent(a)
		r.pres = append(r.pres, Offline)
		if i%2 == 0 || len(r.agents) == 1 {
			e.SetOnline(0, i, true)
			r.pres[i] = Online
		}
	}
	for i := range r.convs {
		r.convs[i] = shadowConv{agent: -1, prev: -1}
	}
	for r.i < len(r.data) && r.steps < 500 {
		r.steps++
		r.step()
		r.check()
	}
	return r.h
}

func (r *fuzzRun) step() {
	e := r.e
	op := r.next() % 16
	id := int32(r.next() % fuzzConvs)
	s := &r.convs[id]
	switch op {
	case 0, 1:
		if s.state != Free {
			return
		}
		w := r.work()
		e.Enqueue(r.now, id, w)
		r.order++
		*s = shadowConv{state: Waiting, agent: -1, prev: -1, w: w, order: r.order, clean: true}
		r.mix(1, int64(id))
	case 2:
		ok := e.Withdraw(r.now, id)
		if ok != (s.state == Waiting) {
			r.fail("Withdraw(%d) = %v in state %v", id, ok, s.state)
		}
		if ok {
			s.state = Free
		}
	case 3, 4:
		r.route()
	case 5:
		a := e.Release(r.now, id)
		want := int32(-1)
		if s.state == Offered || s.state == Assigned || s.state == Inactive {
			want = s.agent
		}
		if int32(a) != want {
			r.fail("Release(%d) = %d, want %d", id, a, want)
		}
		s.state, s.agent = Free, -1
	case 6:
		ok := e.SetInactive(r.now, id)
		want := s.state == Assigned && r.cfg.Capacity == Status
		if ok != want {
			r.fail("SetInactive(%d) = %v in state %v", id, ok, s.state)
		}
		if ok {
			s.state = Inactive
		}
	case 7:
		ok := e.Resume(r.now, id, s.w)
		if ok != (s.state == Inactive) {
			r.fail("Resume(%d) = %v in state %v", id, ok, s.state)
		}
		if ok {
			s.state, s.prev, s.agent, s.clean = Waiting, s.agent, -1, false
		}
	case 8:
		a := r.next() % len(r.agents)
		p := Presence(1 + r.next()%4)
		r.pres[a] = p
		for _, q := range e.SetPresence(r.now, a, p, nil) {
			c := &r.convs[q]
			if c.agent != int32(a) || (c.state != Offered && c.state != Assigned) {
				r.fail("requeued %d: shadow %+v", q, c)
			}
			if c.state == Assigned && !r.cfg.OfflineRequeue {
				r.fail("requeued assigned %d without OfflineRequeue", q)
			}
			c.state, c.agent, c.clean = Waiting, -1, false
		}
		r.mix(8, int64(a), int64(p))
	case 9:
		ok := e.Accept(r.now, id)
		want := s.state == Offered && r.now < s.offer+int64(r.cfg.PushTimeout)
		if ok != want {
			r.fail("Accept(%d) = %v, want %v (shadow %+v)", id, ok, want, s)
		}
		if ok {
			s.state = Assigned
		}
	case 10:
		ok := e.Decline(r.now, id)
		if ok != (s.state == Offered) {
			r.fail("Decline(%d) = %v in state %v", id, ok, s.state)
		}
		if ok {
			r.moved(s.agent, r.cfg.DeclinePresence)
			s.state, s.agent, s.clean = Waiting, -1, false
		}
	case 11, 12:
		d := int64(r.next()%8) * int64(5*time.Second)
		if at, ok := e.NextDeadline(); ok && r.next()%2 == 0 {
			d = max(at-r.now, 0)
		}
		r.now += d
	case 14: // agents join mid-run, maybe with a new skill set
		if len(r.agents) >= 8 {
			return
		}
		spec := AgentSpec{Capacity: 1 + r.next()%3, Skills: []int8{int8(r.next() % 3), int8(r.next() % 3), int8(r.next() % 3)}}
		if a := e.AddAgent(spec); a != len(r.agents) {
			r.fail("AddAgent = %d, want %d", a, len(r.agents))
		}
		r.agents = append(r.agents, spec)
		r.pres = append(r.pres, Offline)
	case 15: // direct routing: the agents with skill 2 first, then a queue
		if s.state != Free {
			return
		}
		w := r.work()
		d := Direct{Agents: []SkillNeed{need(2, 1)}, FallbackAfter: time.Duration(1+r.next()%3) * 10 * time.Second, Queue: r.next() % len(r.cfg.Queues)}
		e.EnqueueDirect(r.now, id, w, d)
		r.order++
		*s = shadowConv{state: Waiting, agent: -1, prev: -1, w: w, order: r.order, direct: d}
		r.mix(15, int64(id))
	case 13:
		q := r.next() % len(r.cfg.Queues)
		ok := e.Transfer(r.now, id, q)
		if ok != (s.state == Waiting || s.state == Offered || s.state == Assigned) {
			r.fail("Transfer(%d) = %v in state %v", id, ok, s.state)
		}
		if ok {
			s.state, s.agent, s.clean = Waiting, -1, false
			s.w.Queue = q
		}
	}
}

// route expires offers, routes, and checks the decisions.
func (r *fuzzRun) route() {
	e := r.e
	for _, to := range e.Expire(r.now, nil) {
		s := &r.convs[to.Conv]
		if s.state != Offered || s.agent != to.Agent || r.now < s.offer+int64(r.cfg.PushTimeout) {
			r.fail("timeout %+v, shadow %+v", to, s)
		}
		r.moved(to.Agent, r.cfg.TimeoutPresence)
		s.state, s.agent, s.clean = Waiting, -1, false
		r.mix(2, int64(to.Conv), int64(to.Agent))
	}
	r.out = e.Route(r.now, r.out[:0])
	for _, as := range r.out {
		s := &r.convs[as.Conv]
		if s.state != Waiting {
			r.fail("assignment %+v of a conversation in state %v", as, s.state)
		}
		if as.Offer != (r.cfg.PushTimeout > 0) {
			r.fail("assignment %+v: offer flag", as)
		}
		if as.Sticky && as.Agent != s.prev {
			r.fail("sticky assignment %+v, previous agent %d", as, s.prev)
		}
		if s.clean {
			for i := range r.convs {
				x := &r.convs[i]
				if x.state == Waiting && x.clean && x.order < s.order && sameWork(x.w, s.w) && e.QueueOf(int32(i)) == e.QueueOf(as.Conv) {
					r.fail("FIFO: %d routed (%+v) while earlier %d with the same work waits", as.Conv, as, i)
				}
			}
		}
		s.state, s.agent, s.offer = Assigned, as.Agent, r.now
		if as.Offer {
			s.state = Offered
		}
		r.mix(3, int64(as.Conv), int64(as.Agent), int64(as.Queue))
	}
	r.checkMaximal()
}

func (r *fuzzRun) moved(a int32, p Presence) {
	if p != Unchanged {
		r.pres[a] = p
	}
}

func sameWork(a, b Work) bool {
	return a.Queue == b.Queue && a.Channel == b.Channel && a.Units == b.Units && a.Priority2 == b.Priority2 &&
		slices.Equal(a.Skills, b.Skills) && slices.Equal(a.Additional, b.Additional)
}

// check compares the engine with the shadow and checks capacity.
func (r *fuzzRun) check() {
	e := r.e
	used := make([]int, len(r.agents))
	open := make([]int, len(r.agents))
	waiting := 0
	for i := range r.convs {
		s := &r.convs[i]
		if got := e.State(int32(i)); got != s.state {
			r.fail("conversation %d: state %v, shadow %v", i, got, s.state)
		}
		switch s.state {
		case Waiting:
			waiting++
		case Offered, Assigned:
			if got := e.AgentOf(int32(i)); got != int(s.agent) {
				r.fail("conversation %d: agent %d, shadow %d", i, got, s.agent)
			}
			used[s.agent] += int(e.convs[i].units)
			open[s.agent]++
		}
	}
	if e.Waiting() != waiting {
		r.fail("Waiting() = %d, shadow %d", e.Waiting(), waiting)
	}
	for a, spec := range r.agents {
		if got := e.PresenceOf(a); got != r.pres[a] {
			r.fail("agent %d: presence %v, shadow %v", a, got, r.pres[a])
		}
		u, c, o := e.AgentLoad(a)
		if u != used[a] || o != open[a] || c != spec.Capacity {
			r.fail("agent %d: load %d/%d open %d, shadow %d/%d open %d", a, u, c, o, used[a], spec.Capacity, open[a])
		}
		if u > c {
			r.fail("agent %d above capacity: %d > %d", a, u, c)
		}
	}
}

// checkMaximal: after Route, no waiting conversation has an agent it may go to.
func (r *fuzzRun) checkMaximal() {
	e := r.e
	if at, ok := e.NextDeadline(); ok && at <= r.now {
		r.fail("deadline %v left due after Route", time.Duration(at))
	}
	for i := range r.convs {
		if r.convs[i].state != Waiting {
			continue
		}
		c := &e.convs[i]
		for a, spec := range r.agents {
			if c.where == wPref && int32(a) != c.agent {
				continue
			}
			used, capacity, _ := e.AgentLoad(a)
			if r.pres[a] != Online || capacity-used < int(c.units) || slices.Contains(c.excl, int32(a)) {
				continue
			}
			w := r.convs[i].w
			if e.Directed(int32(i)) { // only the direct agents, the Work's own skills aside
				w = Work{Skills: r.convs[i].direct.Agents}
			}
			if r.qualified(spec, int(c.queue), w, !c.dropped && c.where != wPref) {
				r.fail("conversation %d (queue %d, %+v, dropped %v, where %d) waits while agent %d (%+v, load %d/%d) qualifies",
					i, c.queue, r.convs[i].w, c.dropped, c.where, a, spec, used, capacity)
			}
		}
	}
}

// qualified re-derives skill eligibility from the specs.
func (r *fuzzRun) qualified(a AgentSpec, queue int, w Work, additional bool) bool {
	q := r.cfg.Queues[queue]
	def := max(q.MinLevel, 1)
	needs := slices.Concat(q.RequiredSkills, w.Skills)
	if additional {
		needs = slices.Concat(needs, q.AdditionalSkills, w.Additional)
	}
	for _, n := range needs {
		lvl := n.MinLevel
		if lvl == 0 {
			lvl = def
		}
		have := 0
		if n.Skill < len(a.Skills) {
			have = int(a.Skills[n.Skill])
		}
		if have < lvl {
			return false
		}
	}
	return true
}

func FuzzEngine(f *testing.F) {
	for seed := uint64(0); seed < 16; seed++ {
		f.Add(randomScript(seed, 300))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h1 := runScript(t, data)
		if h2 := runScript(t, data); h1 != h2 {
			t.Fatalf("same events, different decisions: %x vs %x", h1, h2)
		}
	})
}

func randomScript(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestEngineRandom runs the property test over a few thousand random sequences.
func TestEngineRandom(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for seed := uint64(0); seed < uint64(n); seed++ {
		data := randomScript(seed, 600)
		h := runScript(t, data)
		if seed%10 == 0 {
			if h2 := runScript(t, data); h != h2 {
				t.Fatalf("seed %d: same events, different decisions", seed)
			}
		}
	}
}
