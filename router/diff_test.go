package router_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/omnisim/omnisim/router"
	ref "github.com/omnisim/omnisim/router/internal/refengine"
)

// The differential test runs random scripts of calls through the engine and
// through refengine, a frozen copy of the engine before issue 15 restructured it,
// and compares every answer: each Route's assignments (or offers) in order, each
// Expire's timeouts, each SetPresence's hand-backs, every call's return value and
// error text, and after every step (every 8th in large scripts) each
// conversation's state, queue and agent, each agent's presence and load, the
// waiting count, the next deadline and the counters. A restructuring must keep
// all of them: it is no change of behaviour.
//
// -diff.scripts sets how many scripts run (the closing note of issue 15 quotes a
// 30,000-script run); -short runs a tenth of the default.

var diffScripts = flag.Int("diff.scripts", 4000, "random scripts TestDifferential runs")

// diffRun is one script, decoded from bytes (so that FuzzDifferential can mutate it).
type diffRun struct {
	t         testing.TB
	data      []byte
	i         int
	e         *router.Engine
	r         *ref.Engine
	nconv     int
	nagent    int
	maxAgents int
	queues    int
	now       int64
	steps     int
	decisions int
	out       []router.Assignment
	rout      []ref.Assignment
	cfg       router.Config
}

func (d *diffRun) next() int {
	if d.i >= len(d.data) {
		return 0
	}
	b := d.data[d.i]
	d.i++
	return int(b)
}

func (d *diffRun) fail(format string, args ...any) {
	d.t.Helper()
	d.t.Fatalf("step %d (t=%v): %s\nconfig %+v", d.steps, time.Duration(d.now), fmt.Sprintf(format, args...), d.cfg)
}

// config decodes a configuration: every routing and capacity model, push offers
// with every presence after a timeout or decline, sticky resumes, up to 4 queues
// with priorities, channel lists, required and additional skills, drops, aging
// and overflow, percentage-like channel costs. A large script has many
// conversations and agents, so that rings grow, late heaps compact, ready heaps
// are deep and requirements have many lines.
func (d *diffRun) config(large bool) router.Config {
	cfg := router.Config{
		Model:          router.Model(d.next() % 4),
		Capacity:       router.CapacityModel(d.next() % 2),
		OfflineRequeue: d.next()%2 == 0,
		ChannelUnits:   []int{1, 1 + d.next()%3, 0},
		ChannelNames:   []string{"web", "sms"},
		SkillNames:     []string{"en", "es", "billing"},
	}
	if large && d.next()%2 == 0 {
		cfg.ChannelUnits = []int{25, 50, 100} // percentages of capacity 100
	}
	if d.next()%3 == 0 {
		cfg.PushTimeout = time.Duration(10+d.next()%3*10) * time.Second
		cfg.TimeoutPresence = []router.Presence{router.Unchanged, router.Away, router.Busy, router.Online}[d.next()%4]
		cfg.DeclinePresence = []router.Presence{router.Unchanged, router.Away, router.Busy}[d.next()%3]
	}
	if d.next()%2 == 0 {
		cfg.StickyFor = time.Duration(1+d.next()%60) * time.Minute
		cfg.PreferredTimeout = time.Duration(d.next()%3) * 10 * time.Second
	}
	nq := 1 + d.next()%4
	if d.next()%5 == 0 {
		nq = 0 // the default queue
	}
	for i := 0; i < nq; i++ {
		q := router.QueueSpec{Name: fmt.Sprint("q", i), Priority: d.next() % 3, OverflowTo: -1, MinLevel: d.next() % 3}
		if d.next()%3 == 0 {
			q.Channels = []int{d.next() % 3}
		}
		if d.next()%4 == 0 {
			q.RequiredSkills = []router.SkillNeed{{Skill: 0, MinLevel: d.next() % 3}}
		}
		if d.next()%3 == 0 {
			q.AdditionalSkills = []router.SkillNeed{{Skill: 2, MinLevel: 1 + d.next()%2}}
		}
		if d.next()%2 == 0 {
			q.DropAdditionalAfter = time.Duration(10+d.next()%4*10) * time.Second
		}
		if d.next()%2 == 0 {
			q.Aging = time.Duration(10+d.next()%3*10) * time.Second
		}
		if nq > 1 && d.next()%3 == 0 {
			q.OverflowTo = (i + 1 + d.next()%(nq-1)) % nq
			q.OverflowAfter = time.Duration(20+d.next()%4*10) * time.Second
		}
		cfg.Queues = append(cfg.Queues, q)
	}
	return cfg
}

func (d *diffRun) agentSpec() router.AgentSpec {
	capacity := 1 + d.next()%3
	if d.cfg.ChannelUnits[0] == 25 {
		capacity = 100
	}
	s := router.AgentSpec{Capacity: capacity}
	for k := d.next() % 4; k > 0; k-- {
		s.Skills = append(s.Skills, int8(d.next()%3))
	}
	return s
}

func (d *diffRun) work() router.Work {
	w := router.Work{Channel: d.next() % 3, Priority2: d.next() % 3}
	if d.next()%4 == 0 {
		w.Units = 1 + d.next()%3
	}
	w.Queue = d.e.QueueFor(w.Channel)
	if w.Queue < 0 || d.next()%4 == 0 {
		w.Queue = d.next() % d.queues
	}
	if d.next()%3 == 0 {
		w.Skills = []router.SkillNeed{{Skill: 1, MinLevel: d.next() % 3}}
	}
	if d.next()%4 == 0 {
		w.Additional = []router.SkillNeed{{Skill: d.next() % 3}}
	}
	return w
}

func runDiff(t testing.TB, data []byte) (steps, decisions int) {
	d := &diffRun{t: t, data: data, nconv: 12, maxAgents: 8}
	large := d.next()%8 == 0
	if large {
		d.nconv, d.maxAgents = 160, 40
	}
	d.cfg = d.config(large)
	e, err := router.New(d.cfg)
	r, rerr := ref.New(refConfig(d.cfg))
	if fmt.Sprint(err) != fmt.Sprint(rerr) {
		d.fail("New: %v, reference %v", err, rerr)
	}
	if err != nil {
		return 0, 0
	}
	d.e, d.r, d.queues = e, r, e.NumQueues()
	if e.NumQueues() != r.NumQueues() {
		d.fail("NumQueues %d, reference %d", e.NumQueues(), r.NumQueues())
	}
	start := 1 + d.next()%5
	if large {
		start = 10 + d.next()%20
	}
	for i := 0; i < start; i++ {
		d.addAgent()
		if i%2 == 0 || d.next()%2 == 0 {
			d.presence(i, router.Online)
		}
	}
	limit := 400
	if large {
		limit = 1500
	}
	for d.i < len(d.data) && d.steps < limit {
		d.steps++
		d.step()
		if !large || d.steps%8 == 0 {
			d.compare()
		}
	}
	d.compare()
	return d.steps, d.decisions
}

func (d *diffRun) addAgent() {
	s := d.agentSpec()
	a, ra := d.e.AddAgent(s), d.r.AddAgent(ref.AgentSpec{Capacity: s.Capacity, Skills: s.Skills})
	if a != ra {
		d.fail("AddAgent = %d, reference %d", a, ra)
	}
	d.nagent++
}

func (d *diffRun) presence(a int, p router.Presence) {
	got := d.e.SetPresence(d.now, a, p, nil)
	want := d.r.SetPresence(d.now, a, ref.Presence(p), nil)
	if !slices.Equal(got, want) {
		d.fail("SetPresence(%d, %v) handed back %v, reference %v", a, p, got, want)
	}
	d.decisions += len(got)
}

func (d *diffRun) step() {
	e, r := d.e, d.r
	id := int32(d.next() % d.nconv)
	switch op := d.next() % 20; op {
	case 0, 1, 2, 3:
		if r.State(id) != ref.Free {
			return
		}
		w := d.work()
		e.Enqueue(d.now, id, w)
		r.Enqueue(d.now, id, refWork(w))
	case 4:
		d.same("Withdraw", e.Withdraw(d.now, id), r.Withdraw(d.now, id))
	case 5, 6, 7:
		d.route()
	case 8:
		d.same("Release", e.Release(d.now, id), r.Release(d.now, id))
	case 9:
		d.same("SetInactive", e.SetInactive(d.now, id), r.SetInactive(d.now, id))
	case 10:
		w := d.work()
		d.same("Resume", e.Resume(d.now, id, w), r.Resume(d.now, id, refWork(w)))
	case 11:
		d.presence(d.next()%d.nagent, router.Presence(d.next()%6)) // Unchanged and out of range too
	case 12:
		d.same("Accept", e.Accept(d.now, id), r.Accept(d.now, id))
	case 13:
		d.same("Decline", e.Decline(d.now, id), r.Decline(d.now, id))
	case 14, 15:
		dt := int64(d.next()%8) * int64(5*time.Second)
		if d.next()%8 == 0 {
			dt = int64(d.next()) * int64(time.Millisecond)
		}
		at, ok := e.NextDeadline()
		rat, rok := r.NextDeadline()
		if at != rat || ok != rok {
			d.fail("NextDeadline = %v %v, reference %v %v", at, ok, rat, rok)
		}
		if ok && d.next()%2 == 0 {
			dt = max(at-d.now, 0)
		}
		d.now += dt
	case 16:
		q := d.next()%(d.queues+1) - d.next()%2 // out of range too
		d.same("Transfer", e.Transfer(d.now, id, q), r.Transfer(d.now, id, q))
	case 17:
		if d.nagent < d.maxAgents {
			d.addAgent()
		}
	case 18:
		out := e.Expire(d.now, nil)
		rout := r.Expire(d.now, nil)
		if len(out) != len(rout) {
			d.fail("Expire: %v, reference %v", out, rout)
		}
		for i := range out {
			if out[i] != (router.Timeout{Conv: rout[i].Conv, Agent: rout[i].Agent}) { // the reference has no reclaim
				d.fail("Expire: %v, reference %v", out, rout)
			}
		}
		d.decisions += len(out)
	case 19:
		w := d.work()
		a := d.next()%(d.nagent+1) - d.next()%2
		st := router.ConvState(d.next() % 5) // Free … Inactive: the reference has no Paused (TestPause covers it)
		since := d.now - int64(d.next()%60)*int64(time.Second) + int64(d.next()%2)*int64(time.Minute)
		err := e.Restore(d.now, id, w, a, st, since)
		rerr := r.Restore(d.now, id, refWork(w), a, ref.ConvState(st), since)
		if fmt.Sprint(err) != fmt.Sprint(rerr) {
			d.fail("Restore(%d, %+v, %d, %v) = %v, reference %v", id, w, a, st, err, rerr)
		}
		if w.Queue >= 0 {
			e2, r2 := e.Servable(w), r.Servable(refWork(w))
			if fmt.Sprint(e2) != fmt.Sprint(r2) {
				d.fail("Servable(%+v) = %v, reference %v", w, e2, r2)
			}
		}
	}
}

func (d *diffRun) same(call string, got, want any) {
	d.t.Helper()
	if got != want {
		d.fail("%s = %v, reference %v", call, got, want)
	}
}

func (d *diffRun) route() {
	d.out = d.e.Route(d.now, d.out[:0])
	d.rout = d.r.Route(d.now, d.rout[:0])
	if len(d.out) != len(d.rout) {
		d.fail("Route: %+v, reference %+v", d.out, d.rout)
	}
	for i := range d.out {
		if d.out[i] != router.Assignment(d.rout[i]) {
			d.fail("Route: decision %d is %+v, reference %+v (all: %+v, reference %+v)", i, d.out[i], d.rout[i], d.out, d.rout)
		}
	}
	d.decisions += len(d.out)
}

// compare checks everything the engines answer about their state.
func (d *diffRun) compare() {
	e, r := d.e, d.r
	d.same("Waiting", e.Waiting(), r.Waiting())
	d.same("NumAgents", e.NumAgents(), r.NumAgents())
	at, ok := e.NextDeadline()
	rat, rok := r.NextDeadline()
	if at != rat || ok != rok {
		d.fail("NextDeadline = %v %v, reference %v %v", at, ok, rat, rok)
	}
	for id := int32(-1); id <= int32(d.nconv); id++ {
		if s, rs := e.State(id), r.State(id); s != router.ConvState(rs) {
			d.fail("State(%d) = %v, reference %v", id, s, rs)
		}
		if q, rq := e.QueueOf(id), r.QueueOf(id); q != rq {
			d.fail("QueueOf(%d) = %d, reference %d", id, q, rq)
		}
		if a, ra := e.AgentOf(id), r.AgentOf(id); a != ra {
			d.fail("AgentOf(%d) = %d, reference %d", id, a, ra)
		}
	}
	for a := 0; a < d.nagent; a++ {
		if p, rp := e.PresenceOf(a), r.PresenceOf(a); p != router.Presence(rp) {
			d.fail("PresenceOf(%d) = %v, reference %v", a, p, rp)
		}
		u, c, o := e.AgentLoad(a)
		ru, rc, ro := r.AgentLoad(a)
		if u != ru || c != rc || o != ro || e.Used(a) != r.Used(a) || e.Open(a) != r.Open(a) || e.Online(a) != r.Online(a) {
			d.fail("agent %d: load %d/%d open %d, reference %d/%d open %d", a, u, c, o, ru, rc, ro)
		}
	}
	st, rst := e.Stats(), r.Stats()
	if st.Total != refCounts(rst.Total) || len(st.Queues) != len(rst.Queues) {
		d.fail("Stats %+v, reference %+v", st, rst)
	}
	for q := range st.Queues {
		if st.Queues[q] != refCounts(rst.Queues[q]) {
			d.fail("Stats of queue %d: %+v, reference %+v", q, st.Queues[q], rst.Queues[q])
		}
	}
	if d.steps%16 == 0 {
		d.same("Check", fmt.Sprint(e.Check()), fmt.Sprint(r.Check()))
		for ch := -1; ch <= 3; ch++ {
			d.same(fmt.Sprint("QueueFor ", ch), e.QueueFor(ch), r.QueueFor(ch))
		}
	}
}

func refNeeds(n []router.SkillNeed) []ref.SkillNeed {
	if n == nil {
		return nil
	}
	out := make([]ref.SkillNeed, len(n))
	for i, x := range n {
		out[i] = ref.SkillNeed(x)
	}
	return out
}

func refWork(w router.Work) ref.Work {
	return ref.Work{Queue: w.Queue, Channel: w.Channel, Units: w.Units, Priority2: w.Priority2,
		Skills: refNeeds(w.Skills), Additional: refNeeds(w.Additional)}
}

func refConfig(c router.Config) ref.Config {
	rc := ref.Config{
		Model: ref.Model(c.Model), Capacity: ref.CapacityModel(c.Capacity),
		ChannelUnits: c.ChannelUnits, ChannelNames: c.ChannelNames, SkillNames: c.SkillNames,
		StickyFor: c.StickyFor, PreferredTimeout: c.PreferredTimeout, PushTimeout: c.PushTimeout,
		TimeoutPresence: ref.Presence(c.TimeoutPresence), DeclinePresence: ref.Presence(c.DeclinePresence),
		OfflineRequeue: c.OfflineRequeue,
	}
	for _, q := range c.Queues {
		rc.Queues = append(rc.Queues, ref.QueueSpec{
			Name: q.Name, Priority: q.Priority, Channels: q.Channels,
			RequiredSkills: refNeeds(q.RequiredSkills), AdditionalSkills: refNeeds(q.AdditionalSkills),
			DropAdditionalAfter: q.DropAdditionalAfter, MinLevel: q.MinLevel, Aging: q.Aging,
			OverflowTo: q.OverflowTo, OverflowAfter: q.OverflowAfter,
		})
	}
	return rc
}

func diffScript(seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 0x2545f4914f6cdd1d))
	b := make([]byte, 4000)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestDifferential: the engine decides exactly as the reference on random scripts.
func TestDifferential(t *testing.T) {
	n := *diffScripts
	if testing.Short() {
		n /= 10
	}
	steps, decisions := 0, 0
	for seed := uint64(0); seed < uint64(n); seed++ {
		s, dd := runDiff(t, diffScript(seed))
		steps += s
		decisions += dd
	}
	t.Logf("%d scripts, %d steps, %d decisions (assignments, offers, timeouts, hand-backs)", n, steps, decisions)
	if decisions < n {
		t.Fatalf("only %d decisions in %d scripts: the scripts do not route", decisions, n)
	}
}

func FuzzDifferential(f *testing.F) {
	for seed := uint64(0); seed < 8; seed++ {
		f.Add(diffScript(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) { runDiff(t, data) })
}

// refCounts is the reference's Counts as the engine's. The reference has no
// no-reply reclaim (scripts never set ReclaimAfter): Reclaimed stays 0.
func refCounts(c ref.Counts) router.Counts {
	return router.Counts{Enqueued: c.Enqueued, Offered: c.Offered, Assigned: c.Assigned, Resumed: c.Resumed,
		Requeues: c.Requeues, Transfers: c.Transfers, Overflows: c.Overflows, SkillDrops: c.SkillDrops,
		DroppedSkills: c.DroppedSkills, PushTimeouts: c.PushTimeouts, Declines: c.Declines,
		StickyHits: c.StickyHits, StickyMisses: c.StickyMisses}
}
