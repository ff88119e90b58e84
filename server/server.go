package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/omnisim/omnisim/router"
	"github.com/omnisim/omnisim/router/work"
)

// Server is the reference router service. Create it with New, serve Handler (or
// call Serve), and Close it when done.
type Server struct {
	cfg    Config
	origin time.Time

	mu            sync.Mutex
	lastNow       time.Duration
	engine        *router.Engine
	engineCfg     router.Config
	model         *work.Model // the routing behaviour around the engine (a bare one without Config.Model)
	queueNames    []string
	inactiveAfter time.Duration
	endAfter      time.Duration
	botAfter      time.Duration // bot_inactive_after: the bot's own inactivity clock (0: none)
	servable      map[servableKey]error
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
	evicted       int // closed conversations that left memory (RetainClosed)
	optOut        map[customer]bool
	consents      map[customer]*consentRecord // recorded explicit and double opt-ins (consent.go)
	assignBuf     []router.Assignment
	timeoutBuf    []router.Timeout
	reqBuf        []int32
	presenceCount [len(presenceNames)]int
	// The queue-length wait predictor (wait.go): capacity units × seconds held,
	// from assignment to end, of the conversations that ended since the start.
	holdSum float64
	holdN   int64

	// The timer goroutine (timers.go).
	timers    timerHeap
	wakeAt    time.Duration // the deadline it sleeps until; never: none
	kick      chan struct{}
	stop      chan struct{}
	timerDone chan struct{}
	closeOnce sync.Once

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
	s := &Server{
		cfg:       cfg,
		model:     cfg.Model,
		servable:  map[servableKey]error{},
		agentByID: map[string]*agent{},
		channels:  map[string]*channelInfo{},
		convs:     map[string]*conversation{},
		customers: map[customer]*conversation{},
		messages:  map[string]*message{},
		optOut:    map[customer]bool{},
		consents:  map[customer]*consentRecord{},
		wakeAt:    never,
		kick:      make(chan struct{}, 1),
		stop:      make(chan struct{}),
		timerDone: make(chan struct{}),
	}
	if s.model == nil {
		// Routing without skills: a model that names the agents' skills and routes
		// on no conversation attribute.
		m := &work.Model{}
		for _, ch := range cfg.Channels {
			m.Channels = append(m.Channels, work.Channel{Name: ch.Name, Units: ch.Units, Rules: ch.Rules})
		}
		for _, a := range cfg.Agents {
			for name := range a.Skills {
				if m.SkillID(name) < 0 {
					m.Skills = append(m.Skills, name)
				}
			}
		}
		slices.Sort(m.Skills)
		s.model = m
	}
	s.inactiveAfter, s.endAfter = s.model.InactiveAfter, s.model.EndInactiveAfter
	s.botAfter = s.model.BotInactiveAfter
	ecfg := cfg.Routing
	ecfg.ChannelUnits, ecfg.ChannelNames = nil, nil
	for _, ch := range cfg.Channels {
		ecfg.ChannelUnits = append(ecfg.ChannelUnits, ch.Units)
		ecfg.ChannelNames = append(ecfg.ChannelNames, ch.Name)
	}
	ecfg.SkillNames = s.model.Skills
	engine, err := router.New(ecfg)
	if err != nil {
		return nil, fmt.Errorf("routing: %w", err)
	}
	s.engine, s.engineCfg = engine, ecfg
	for q := 0; q < engine.NumQueues(); q++ {
		name := "default"
		if q < len(ecfg.Queues) && ecfg.Queues[q].Name != "" {
			name = ecfg.Queues[q].Name
		}
		s.queueNames = append(s.queueNames, name)
	}
	for i, ch := range cfg.Channels {
		info := &channelInfo{Channel: ch, idx: i, language: "en", intent: "general"}
		if mc := &s.model.Channels[i]; mc.Language != "" {
			info.language, info.intent = mc.Language, mc.Intent
		}
		info.tiers = slices.Clone(s.model.Channels[i].Tiers)
		s.channels[ch.Name] = info
		s.channelNames = append(s.channelNames, ch.Name)
	}
	for _, a := range cfg.Agents {
		ag := &agent{id: a.ID, capacity: a.Capacity, holding: map[*conversation]struct{}{}}
		levels := make([]int8, len(s.model.Skills))
		for name, l := range a.Skills {
			levels[s.model.SkillID(name)] = int8(min(max(l, -1), 127))
		}
		ag.idx = engine.AddAgent(router.AgentSpec{Capacity: a.Capacity, Skills: levels})
		s.agents = append(s.agents, ag)
		s.agentByID[a.ID] = ag
	}
	if len(s.agents) > 0 {
		if err := engine.Check(); err != nil {
			return nil, fmt.Errorf("routing: %w", err)
		}
	}
	s.presenceCount[Offline] = len(s.agents)
	s.metrics = newMetrics(s)
	s.handler = s.buildHandler()

	now := cfg.Clock.Now()
	s.origin = now
	saved := cfg.restoreFrom
	if cfg.State != "" {
		if s.store, err = openSQLite(cfg.State, cfg.AcceptStateLoss, cfg.BusyTimeout); err != nil {
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
	if s.store != nil {
		s.journal = newJournal(s.store.write)
	}
	s.mu.Lock()
	err = s.restore(saved)
	s.mu.Unlock()
	if err != nil {
		s.journal.close()
		if s.store != nil {
			s.store.close()
		}
		return nil, &StateError{cfg.State, err}
	}
	if s.journal != nil {
		if err := s.journal.wait(); err != nil {
			s.journal.close()
			s.store.close()
			return nil, &StateError{cfg.State, err}
		}
	}
	go s.timerLoop()
	return s, nil
}

// restore rebuilds the state from a state file (nil: a fresh start): agents'
// presence, conversations with their messages and deliveries, and routing — open,
// inactive and offered conversations go back to their agents (router.Restore:
// capacity recomputed, offers made again with a full push timeout), the others
// queue in the order they entered routing, and inactivity timers restart from the
// agent's last reply. Called with s.mu held.
func (s *Server) restore(st *savedState) error {
	now := s.now()
	now64 := int64(now)
	if st == nil {
		st = &savedState{}
	}
	for _, ag := range s.agents {
		p := Offline
		if s.cfg.AgentsOnline {
			p = Online
		}
		v, known := st.agents[ag.id]
		if known {
			var err error
			if p, err = ParsePresence(v); err != nil {
				return fmt.Errorf("agent %s: %w", ag.id, err)
			}
		}
		if p != Offline {
			s.engine.SetPresence(now64, ag.idx, p.router(), nil)
		}
		s.presenceCount[Offline]--
		s.presenceCount[p]++
		ag.presence = p
		if !known {
			s.journal.add(opAgent{id: ag.id, presence: p.String()}) // agents the file did not know
		}
	}
	for _, o := range st.optOuts {
		s.optOut[customerKey(o.channel, o.customer)] = true
	}
	for _, o := range st.consents {
		if err := s.restoreConsent(o); err != nil {
			return fmt.Errorf("consent of %s customer %s: %w", o.channel, o.customer, err)
		}
	}
	type held struct {
		c     *conversation
		ag    *agent
		state router.ConvState
		since time.Duration
	}
	var holds []held
	var queue []*conversation
	// RetainClosed: conversations closed longer ago stay on disk only.
	gone := map[string]bool{}
	for _, o := range st.convs {
		if s.cfg.RetainClosed > 0 && o.status == StatusClosed.String() && time.Duration(o.closed)+s.cfg.RetainClosed <= now {
			gone[o.id] = true
			s.evicted++
			continue
		}
		ch := s.channels[o.channel]
		if ch == nil {
			// A channel the new configuration does not enable: keep the
			// conversation for the audit, as a closed one.
			ch = &channelInfo{Channel: Channel{Name: o.channel, Units: 1}, idx: -1}
			o.status = StatusClosed.String()
		}
		status, err := parseStatus(o.status)
		if err != nil {
			return fmt.Errorf("conversation %s: %w", o.id, err)
		}
		c := &conversation{
			id: o.id, channel: ch, customer: o.customer, status: status, num: -1, tidx: -1,
			language: o.language, intent: o.intent, tier: o.tier,
			lastAgent: o.lastAgent, created: time.Duration(o.created), queued: time.Duration(o.queued),
			offered: time.Duration(o.offered), closed: time.Duration(o.closed),
			lastInbound: time.Duration(o.lastInbound), hasInbound: o.hasInbound, customerClosed: o.customerClosed,
			awaiting: !o.hasReplied, repliedAt: time.Duration(o.repliedAt), inactiveAt: time.Duration(o.inactiveAt),
		}
		if c.language == "" {
			c.language = ch.language // written by an older omnisim
		}
		if c.intent == "" {
			c.intent = ch.intent
		}
		c.tierIdx = max(slices.Index(ch.tiers, c.tier), 0)
		s.resumeNudge(c, now)
		s.convs[c.id] = c
		if status != StatusClosed {
			s.customers[customerKey(ch.Name, c.customer)] = c
			s.botTimer(c, c.lastInbound)
		} else {
			s.startTimer(c) // RetainClosed: when it leaves memory
		}
		ag := s.agentByID[o.agent]
		switch {
		case status == StatusOpen && ag != nil:
			holds = append(holds, held{c, ag, router.Assigned, c.offered})
		case status == StatusInactive && ag != nil:
			holds = append(holds, held{c, ag, router.Inactive, c.inactiveAt})
		case status == StatusPaused && ag != nil:
			holds = append(holds, held{c, ag, router.Paused, c.inactiveAt})
		case status == StatusOffered && ag != nil && ag.presence != Offline:
			// The offer is made again, to the same agent, with a full push timeout:
			// the agent could not accept it while the server was down.
			holds = append(holds, held{c, ag, router.Offered, now})
		case status == StatusOpen || status == StatusOffered || status == StatusInactive || status == StatusPaused || status == StatusWaiting:
			queue = append(queue, c) // its agent left the roster, or cannot hold the offer
		}
	}
	for _, m := range st.messages {
		c := s.convs[m.conv]
		if c == nil && gone[m.conv] {
			continue
		}
		if c == nil {
			return fmt.Errorf("message %s: unknown conversation %s", m.id, m.conv)
		}
		msg := &message{seq: m.seq, id: m.id, conv: c, text: m.text, at: time.Duration(m.at)}
		s.messages[m.id] = msg
		s.msgLog = append(s.msgLog, msg)
		c.messages = append(c.messages, msg)
		s.msgSeq = max(s.msgSeq, m.seq)
	}
	for _, m := range st.messages {
		s.msgSeq = max(s.msgSeq, m.seq) // those that stayed on disk too
	}
	bySeq := make(map[int64]*message, len(s.msgLog))
	for _, m := range s.msgLog {
		bySeq[m.seq] = m
	}
	if s.cfg.RetainClosed > 0 {
		s.msgLog = nil // the audit reads the file
	}
	for _, d := range st.delivs {
		m := bySeq[d.seq]
		if m == nil && s.evicted > 0 {
			continue // a message that stayed on disk
		}
		if m == nil {
			return fmt.Errorf("delivery of unknown message %d", d.seq)
		}
		m.deliveries = append(m.deliveries, delivery{to: d.to, at: time.Duration(d.at)})
	}
	for _, o := range st.announcements {
		s.restoreAnnouncement(o)
	}
	for _, c := range s.convs {
		// Messages are delivered in order, so the delivered ones are a prefix.
		for c.delivered < len(c.messages) && len(c.messages[c.delivered].deliveries) > 0 {
			c.delivered++
		}
	}

	// Routing: what agents held goes back to them, without routing.
	for _, h := range holds {
		c := h.c
		c.num = s.allocNum(c)
		q := s.queueFor(c)
		if err := s.engine.Restore(now64, c.num, s.work(c, q), h.ag.idx, h.state, int64(h.since)); err != nil {
			// The roster or the configuration changed (less capacity): it waits
			// for routing again.
			queue = append(queue, c)
			continue
		}
		c.agent = h.ag
		h.ag.holding[c] = struct{}{}
		if h.state == router.Offered {
			c.offered = now
			s.saveConv(c)
		}
		s.startTimer(c)
	}
	slices.SortStableFunc(queue, func(a, b *conversation) int { return cmp.Compare(a.queued, b.queued) })
	for _, c := range queue {
		queued := c.queued
		c.agent = nil
		s.enqueue(c, now)
		c.queued = queued
		s.startTimer(c)
		s.saveConv(c)
	}
	s.route(now)
	return nil
}

// Handler returns the HTTP handler of the API.
func (s *Server) Handler() http.Handler { return s.handler }

// Sweep applies the time-based changes due now: offers whose push timeout passed
// are re-routed (their agents move to the timeout presence), conversations become
// inactive or end, skills are dropped, conversations overflow or stop waiting for
// their preferred agent. It returns the number of offers that timed out. The
// server's timer goroutine calls it at each deadline; tests call it after moving
// their clock.
func (s *Server) Sweep() int {
	s.mu.Lock()
	n := s.tick(s.now())
	s.mu.Unlock()
	s.journal.wait()
	return n
}

// Close stops the timer goroutine, writes what is pending to the state file and
// closes it.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.stop)
		<-s.timerDone
		s.journal.close()
		if s.store != nil {
			err = s.store.close()
		}
	})
	return err
}

// Serve answers HTTP on ln until ctx is done, then shuts down gracefully: it
// stops accepting connections, lets in-flight requests finish (for up to grace)
// and returns. It does not Close the server.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: or(s.cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       or(s.cfg.ReadTimeout, DefaultReadTimeout),
		WriteTimeout:      or(s.cfg.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       or(s.cfg.IdleTimeout, DefaultIdleTimeout),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
