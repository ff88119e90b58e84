package router

import (
	"fmt"
	"math"
)

// Model is a routing model: how an eligible agent is chosen.
type Model uint8

// Routing models (DESIGN.md, "Routing model").
const (
	LeastActive Model = iota
	MostAvailable
	RoundRobin
	LoadRotation
)

var modelNames = [...]string{"least_active", "most_available", "round_robin", "load_rotation"}

func (m Model) String() string {
	if int(m) < len(modelNames) {
		return modelNames[m]
	}
	return fmt.Sprintf("Model(%d)", m)
}

// ParseModel maps a scenario name onto a Model.
func ParseModel(s string) (Model, error) {
	for i, n := range modelNames {
		if n == s {
			return Model(i), nil
		}
	}
	return 0, fmt.Errorf("unknown routing model %q (want least_active, most_available, round_robin or load_rotation)", s)
}

// Config configures an Engine.
type Config struct {
	Model Model
}

// AgentSpec describes one agent to the engine.
type AgentSpec struct {
	Capacity int // capacity units
}

// Work is a conversation as routing sees it.
type Work struct {
	Units int // capacity units the conversation costs (≥ 1)
}

// Assignment is a routing decision: conversation Conv goes to agent Agent.
type Assignment struct {
	Conv  int32
	Agent int32
}

type agent struct {
	capacity   int32
	used       int32 // capacity units held
	open       int32 // conversations held
	online     bool
	lastAssign int64 // time of the last assignment; math.MinInt64 before the first
	pos        int32 // position in the ready heap, -1 when not in it
}

// conversation state in the engine.
const (
	convFree uint8 = iota
	convWaiting
	convAssigned
)

type conv struct {
	state uint8
	gen   uint32 // incremented by each Enqueue, to recognise stale queue entries
	units int32
	agent int32
}

// entry is a queue slot: a conversation id and the generation it was queued with.
type entry struct {
	id  int32
	gen uint32
}

// Engine is the routing engine. Its zero value is not usable; call New.
type Engine struct {
	cfg    Config
	agents []agent
	convs  []conv
	ready  agentHeap // agents that can take a one-unit conversation, best first

	// queue is a FIFO ring of waiting conversation ids; withdrawn ones are skipped
	// lazily (their state is no longer convWaiting), so Withdraw is O(1).
	queue      []entry
	head, size int
	waiting    int // conversations in convWaiting state
}

// New returns an engine with no agents and an empty queue.
func New(cfg Config) (*Engine, error) {
	if int(cfg.Model) >= len(modelNames) {
		return nil, fmt.Errorf("router: unknown model %d", cfg.Model)
	}
	e := &Engine{cfg: cfg, queue: make([]entry, 64)}
	e.ready = agentHeap{agents: &e.agents, model: cfg.Model}
	return e, nil
}

// update puts agent a in the ready heap, moves it, or takes it out, after any
// change to its presence or load.
func (e *Engine) update(a int32) {
	ag := &e.agents[a]
	ready := ag.online && ag.capacity-ag.used >= 1
	switch {
	case ready && ag.pos < 0:
		e.ready.push(a)
	case ready:
		e.ready.fix(a)
	case ag.pos >= 0:
		e.ready.remove(a)
	}
}

// AddAgent registers an agent (offline) and returns its index.
func (e *Engine) AddAgent(s AgentSpec) int {
	e.agents = append(e.agents, agent{capacity: int32(s.Capacity), lastAssign: math.MinInt64, pos: -1})
	return len(e.agents) - 1
}

// SetOnline changes an agent's presence. An agent going offline keeps the
// conversations it holds (it finishes them) but receives no new work.
func (e *Engine) SetOnline(now int64, a int, online bool) {
	e.agents[a].online = online
	e.update(int32(a))
}

// Online reports whether agent a is online.
func (e *Engine) Online(a int) bool { return e.agents[a].online }

// Used returns the capacity units agent a holds.
func (e *Engine) Used(a int) int { return int(e.agents[a].used) }

// Open returns the number of conversations agent a holds.
func (e *Engine) Open(a int) int { return int(e.agents[a].open) }

// Waiting returns the number of conversations waiting for an agent.
func (e *Engine) Waiting() int { return e.waiting }

func (e *Engine) conv(id int32) *conv {
	if int(id) >= len(e.convs) {
		n := 2 * len(e.convs)
		if n <= int(id) {
			n = int(id) + 64
		}
		c := make([]conv, n)
		copy(c, e.convs)
		e.convs = c
	}
	return &e.convs[id]
}

// Enqueue puts conversation id in the queue. It panics if id is already waiting or
// assigned: the caller owns ids and that would be a bug in the caller.
func (e *Engine) Enqueue(now int64, id int32, w Work) {
	c := e.conv(id)
	if c.state != convFree {
		panic(fmt.Sprintf("router: Enqueue of conversation %d in state %d", id, c.state))
	}
	units := int32(w.Units)
	if units < 1 {
		units = 1
	}
	c.gen++
	c.state, c.units, c.agent = convWaiting, units, -1
	e.push(entry{id, c.gen})
	e.waiting++
}

// Withdraw removes a waiting conversation from the queue (its customer abandoned).
// It reports false if the conversation was not waiting.
func (e *Engine) Withdraw(now int64, id int32) bool {
	if int(id) >= len(e.convs) || e.convs[id].state != convWaiting {
		return false
	}
	e.convs[id].state = convFree
	e.waiting--
	return true
}

// Release frees the capacity conversation id holds and forgets it. It returns the
// agent that held it, or -1 if the conversation was not assigned.
func (e *Engine) Release(now int64, id int32) int {
	if int(id) >= len(e.convs) || e.convs[id].state != convAssigned {
		return -1
	}
	c := &e.convs[id]
	a := &e.agents[c.agent]
	a.used -= c.units
	a.open--
	ag := c.agent
	c.state, c.agent = convFree, -1
	e.update(ag)
	return int(ag)
}

// Route assigns waiting conversations to agents with room, in FIFO order, and
// appends the assignments to out. It stops at the first conversation that no
// agent can take.
func (e *Engine) Route(now int64, out []Assignment) []Assignment {
	if e.waiting == 0 {
		e.head, e.size = 0, 0 // only withdrawn entries are left
	}
	for e.waiting > 0 {
		q := e.queue[e.head]
		id := q.id
		c := &e.convs[id]
		if c.state != convWaiting || c.gen != q.gen { // withdrawn: drop lazily
			e.pop()
			continue
		}
		best := e.pick(c.units)
		if best < 0 {
			break
		}
		e.pop()
		e.waiting--
		a := &e.agents[best]
		a.used += c.units
		a.open++
		a.lastAssign = now
		c.state = convAssigned
		c.agent = int32(best)
		e.update(int32(best))
		out = append(out, Assignment{Conv: id, Agent: int32(best)})
	}
	return out
}

// AgentOf returns the agent holding conversation id, or -1.
func (e *Engine) AgentOf(id int32) int {
	if int(id) >= len(e.convs) || e.convs[id].state != convAssigned {
		return -1
	}
	return int(e.convs[id].agent)
}

// pick returns the best eligible agent for a conversation of the given units, or -1.
// The ready heap's top is the answer for one unit; a conversation that costs more
// looks through the ready agents for the best one with room (rare, linear).
func (e *Engine) pick(units int32) int {
	h := &e.ready
	if len(h.items) == 0 {
		return -1
	}
	if units <= 1 {
		return int(h.items[0])
	}
	best := int32(-1)
	for _, a := range h.items {
		ag := &e.agents[a]
		if ag.capacity-ag.used >= units && (best < 0 || h.less(a, best)) {
			best = a
		}
	}
	return int(best)
}

func (e *Engine) push(q entry) {
	if e.size == len(e.queue) {
		grown := make([]entry, 2*len(e.queue))
		n := copy(grown, e.queue[e.head:])
		copy(grown[n:], e.queue[:e.head])
		e.queue, e.head = grown, 0
	}
	e.queue[(e.head+e.size)%len(e.queue)] = q
	e.size++
}

func (e *Engine) pop() {
	e.head = (e.head + 1) % len(e.queue)
	e.size--
}
