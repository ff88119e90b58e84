package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/omnisim/omnisim/router"
)

// Server is the reference router service. Create it with New, serve Handler (or
// call Serve), and Close it when done.
type Server struct {
	cfg    Config
	origin time.Time

	mu            sync.Mutex
	engine        *router.Engine
	agents        []*agent // by router index
	agentByID     map[string]*agent
	channels      map[string]*channelInfo
	channelNames  []string
	convs         map[string]*conversation
	byNum         []*conversation // router id → conversation
	freeNums      []int32
	customers     map[customer]*conversation // latest conversation of each customer
	messages      map[string]*message        // by message id
	msgLog        []*message                 // by seq
	msgSeq        int64
	optOut        map[customer]bool
	offers        []offerEntry // FIFO, for the push timeout
	assignBuf     []router.Assignment
	presenceCount [len(presenceNames)]int

	store   *sqliteStore // nil: memory
	journal *journal     // nil: memory
	metrics *metrics
	handler http.Handler
	routes  []route
}

// New builds a server from cfg. With cfg.State it opens the state file and resumes
// from it; a file it cannot use is a *StateError.
func New(cfg Config) (*Server, error) {
	cfg.Agents = slices.Clone(cfg.Agents)
	cfg.Channels = slices.Clone(cfg.Channels)
	if err := cfg.check(); err != nil {
		return nil, err
	}
	engine, err := router.New(cfg.Routing)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:       cfg,
		engine:    engine,
		agentByID: map[string]*agent{},
		channels:  map[string]*channelInfo{},
		convs:     map[string]*conversation{},
		customers: map[customer]*conversation{},
		messages:  map[string]*message{},
		optOut:    map[customer]bool{},
	}
	for _, ch := range cfg.Channels {
		s.channels[ch.Name] = &channelInfo{ch}
		s.channelNames = append(s.channelNames, ch.Name)
	}
	for _, a := range cfg.Agents {
		ag := &agent{id: a.ID, capacity: a.Capacity, holding: map[*conversation]struct{}{}}
		ag.idx = engine.AddAgent(router.AgentSpec{Capacity: a.Capacity})
		s.agents = append(s.agents, ag)
		s.agentByID[a.ID] = ag
	}
	s.presenceCount[Offline] = len(s.agents)
	s.metrics = newMetrics(s)
	s.handler = s.buildHandler()

	now := cfg.Clock.Now()
	s.origin = now
	var saved *savedState
	if cfg.State != "" {
		if s.store, err = openSQLite(cfg.State); err != nil {
			return nil, err
		}
		if s.origin, err = s.store.origin(now, cfg.TimeScale); err == nil {
			saved, err = s.store.load()
		}
		if err != nil {
			s.store.close()
			return nil, &StateError{cfg.State, err}
		}
	}
	if err := s.restore(saved); err != nil {
		if s.store != nil {
			s.store.close()
		}
		return nil, &StateError{cfg.State, err}
	}
	if s.store != nil {
		s.journal = newJournal(s.store.write)
		// Record the presence of agents the file did not know.
		for _, ag := range s.agents {
			if _, ok := saved.agents[ag.id]; !ok {
				s.journal.add(opAgent{id: ag.id, presence: ag.presence.String()})
			}
		}
		if err := s.journal.wait(); err != nil {
			s.Close()
			return nil, &StateError{cfg.State, err}
		}
	}
	return s, nil
}

// restore rebuilds the state from a state file (nil: a fresh start): agents'
// presence, conversations with their messages and deliveries, and routing — open
// conversations go back to their agents, offers are made again (from the front of
// the queue) and waiting conversations queue in their original order.
func (s *Server) restore(st *savedState) error {
	now := s.now()
	if st == nil {
		st = &savedState{}
	}
	for _, ag := range s.agents {
		p := Offline
		if s.cfg.AgentsOnline {
			p = Online
		}
		if v, ok := st.agents[ag.id]; ok {
			var err error
			if p, err = ParsePresence(v); err != nil {
				return fmt.Errorf("agent %s: %w", ag.id, err)
			}
		}
		ag.presence = p
	}
	for _, o := range st.optOuts {
		s.optOut[customerKey(o.channel, o.customer)] = true
	}
	var held = map[*agent][]*conversation{}
	var queue, reoffer []*conversation
	for _, o := range st.convs {
		ch := s.channels[o.channel]
		if ch == nil {
			// A channel the new configuration does not enable: keep the
			// conversation for the audit, as a closed one.
			ch = &channelInfo{Channel{Name: o.channel, Units: 1}}
			o.status = StatusClosed.String()
		}
		status, err := parseStatus(o.status)
		if err != nil {
			return fmt.Errorf("conversation %s: %w", o.id, err)
		}
		c := &conversation{
			id: o.id, channel: ch, customer: o.customer, status: status, num: -1,
			lastAgent: o.lastAgent, created: time.Duration(o.created), queued: time.Duration(o.queued),
			offered: time.Duration(o.offered), closed: time.Duration(o.closed),
			lastInbound: time.Duration(o.lastInbound), hasInbound: o.hasInbound, customerClosed: o.customerClosed,
		}
		s.convs[c.id] = c
		if status != StatusClosed {
			s.customers[customerKey(ch.Name, c.customer)] = c
		}
		ag := s.agentByID[o.agent]
		switch {
		case status == StatusOpen && ag != nil:
			held[ag] = append(held[ag], c)
		case status == StatusOpen || status == StatusOffered:
			reoffer = append(reoffer, c) // its agent left the roster, or the offer is re-made
		case status == StatusWaiting:
			queue = append(queue, c)
		}
	}
	for _, m := range st.messages {
		c := s.convs[m.conv]
		if c == nil {
			return fmt.Errorf("message %s: unknown conversation %s", m.id, m.conv)
		}
		msg := &message{seq: m.seq, id: m.id, conv: c, text: m.text, at: time.Duration(m.at)}
		s.messages[m.id] = msg
		s.msgLog = append(s.msgLog, msg)
		c.messages = append(c.messages, msg)
		s.msgSeq = max(s.msgSeq, m.seq)
	}
	bySeq := make(map[int64]*message, len(s.msgLog))
	for _, m := range s.msgLog {
		bySeq[m.seq] = m
	}
	for _, d := range st.delivs {
		m := bySeq[d.seq]
		if m == nil {
			return fmt.Errorf("delivery of unknown message %d", d.seq)
		}
		m.deliveries = append(m.deliveries, delivery{to: d.to, at: time.Duration(d.at)})
	}
	for _, c := range s.convs {
		// Messages are delivered in order, so the delivered ones are a prefix.
		for c.delivered < len(c.messages) && len(c.messages[c.delivered].deliveries) > 0 {
			c.delivered++
		}
	}

	// Routing. The engine offers no "assign to this agent", so each agent's open
	// conversations go back to them by routing them while that agent alone is
	// online; then every agent gets their presence.
	now64 := int64(now)
	for _, ag := range s.agents {
		cs := held[ag]
		if len(cs) == 0 {
			continue
		}
		s.engine.SetOnline(now64, ag.idx, true)
		for _, c := range cs {
			c.num = s.allocNum(c)
			s.engine.Enqueue(now64, c.num, router.Work{Units: c.channel.Units})
		}
		s.assignBuf = s.engine.Route(now64, s.assignBuf[:0])
		for _, a := range s.assignBuf {
			c := s.byNum[a.Conv]
			c.agent = ag
			ag.holding[c] = struct{}{}
		}
		// Over capacity (the roster changed): the rest wait for routing again.
		for _, c := range cs {
			if c.agent == nil {
				s.engine.Withdraw(now64, c.num)
				c.status = StatusWaiting
				reoffer = append(reoffer, c)
			}
		}
		s.engine.SetOnline(now64, ag.idx, false)
	}
	s.presenceCount = [len(presenceNames)]int{}
	for _, ag := range s.agents {
		s.presenceCount[ag.presence]++
		if ag.presence == Online {
			s.engine.SetOnline(now64, ag.idx, true)
		}
	}
	slices.SortStableFunc(reoffer, func(a, b *conversation) int { return cmpDur(a.queued, b.queued) })
	for _, c := range append(reoffer, queue...) {
		c.agent = nil
		if c.num < 0 {
			c.num = s.allocNum(c)
		}
		c.status = StatusWaiting
		s.engine.Enqueue(now64, c.num, router.Work{Units: c.channel.Units})
	}
	s.route(now)
	return nil
}

func cmpDur(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Handler returns the HTTP handler of the API.
func (s *Server) Handler() http.Handler { return s.handler }

// Sweep re-routes offers whose push timeout passed and returns how many. Serve
// calls it periodically; tests call it after moving their clock.
func (s *Server) Sweep() int {
	s.mu.Lock()
	n := s.sweep(s.now())
	s.mu.Unlock()
	s.journal.wait()
	return n
}

// Close writes what is pending to the state file and closes it.
func (s *Server) Close() error {
	s.journal.close()
	if s.store != nil {
		return s.store.close()
	}
	return nil
}

// Serve answers HTTP on ln until ctx is done, then shuts down gracefully: it
// stops accepting connections, lets in-flight requests finish (for up to grace)
// and returns. It does not Close the server.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	var tick <-chan time.Time
	if s.cfg.PushTimeout > 0 {
		// Check offers a few times per push timeout, in wall time.
		every := time.Duration(float64(s.cfg.PushTimeout) / s.cfg.TimeScale / 4)
		every = min(max(every, time.Millisecond), 250*time.Millisecond)
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case err := <-errc:
			return err
		case <-tick:
			s.Sweep()
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			err := hs.Shutdown(sctx)
			if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
				err = serr
			}
			return err
		}
	}
}
