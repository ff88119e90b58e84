package server

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own (several
// servers in one test process must not collide on the global one).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec // by route pattern and status
	latency  *prometheus.HistogramVec
	routing  prometheus.Histogram
	messages *prometheus.CounterVec // new, duplicate
	// newMessages and duplicateMessages are messages' two series, resolved once.
	newMessages, duplicateMessages prometheus.Counter
	replies                        *prometheus.CounterVec // by decision
	notSent                        *prometheus.CounterVec // by reason: blocked for the customer's consent
	// inactive and ended count conversations that went inactive (status
	// capacity) and that ended after end_inactive_after.
	inactive, ended prometheus.Counter
	// Nudges (nudge.go): sent by window decision, the customers who wrote after
	// one, and conversations the nudge's close_after ended.
	nudges                   *prometheus.CounterVec
	nudgeReplies, autoClosed prometheus.Counter
	announcements            *prometheus.CounterVec // delay announcements by window decision (announce.go)
	consents                 *prometheus.CounterVec // consent recorded through the API and confirmations, by state (consent.go)
	botAutoClosed            prometheus.Counter     // closed by the bot's own clock (bot_inactive_after)
	handler                  http.Handler
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"path", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "omnisim_http_request_duration_seconds", Help: "Time to answer a request, by route.",
		Buckets: []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
	}, []string{"path"})
	m.routing = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "omnisim_routing_duration_seconds", Help: "Time of one routing decision pass (router.Engine.Route).",
		Buckets: []float64{1e-7, 2.5e-7, 5e-7, 1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 1e-4, 1e-3},
	})
	m.messages = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_inbound_messages_total", Help: "Inbound customer messages: new, or duplicate (a retried message id).",
	}, []string{"result"})
	m.newMessages = m.messages.WithLabelValues("new")
	m.duplicateMessages = m.messages.WithLabelValues("duplicate")
	m.replies = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_replies_total", Help: "Agents' outbound messages by window decision.",
	}, []string{"decision"})
	m.notSent = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_outbound_not_sent_total", Help: "Outbound messages not sent for the customer's consent, by reason (opted_out, no_consent).",
	}, []string{"reason"})
	queue := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "omnisim_queue_depth", Help: "Conversations waiting for an agent.",
	}, func() float64 {
		s.mu.Lock()
		defer s.mu.Unlock()
		return float64(s.engine.Waiting())
	})
	inMemory := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "omnisim_conversations_in_memory", Help: "Conversations held in memory, open and closed (with --retain-closed, closed ones leave it).",
	}, func() float64 {
		s.mu.Lock()
		defer s.mu.Unlock()
		return float64(len(s.convs))
	})
	inactivity := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_inactivity_total", Help: "Conversations whose customer was silent: inactive (after inactive_after, status capacity), ended (after end_inactive_after).",
	}, []string{"result"})
	m.inactive, m.ended = inactivity.WithLabelValues("inactive"), inactivity.WithLabelValues("ended")
	m.nudgeReplies, m.autoClosed = inactivity.WithLabelValues("nudge_replied"), inactivity.WithLabelValues("auto_closed")
	m.botAutoClosed = inactivity.WithLabelValues("bot_auto_closed")
	m.nudges = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_nudges_total", Help: "Nudges to customers silent for inactive_after, by window decision (sent, template_required, blocked).",
	}, []string{"decision"})
	m.reg.MustRegister(m.nudges)
	m.announcements = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_announcements_total", Help: "Delay announcements to customers whose first routing found no agent with room (routing.announce), by window decision (sent, template_required, blocked).",
	}, []string{"decision"})
	m.consents = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "omnisim_consent_changes_total", Help: "Consent recorded for customers through PUT /v1/customers/{channel}/{address}/consent (explicit, double_opt_in_requested, opted_out) and double opt-ins the customer confirmed (double_opt_in_confirmed).",
	}, []string{"state"})
	m.reg.MustRegister(m.announcements, m.consents)
	m.reg.MustRegister(inactivity, routerCollector{s, prometheus.NewDesc("omnisim_router_events_total",
		"The routing engine's event counters (router.Counts) by queue: enqueued, offered, assigned, resumed, requeues, transfers, overflows, skill_drops, dropped_skills, push_timeouts, declines, sticky_hits, sticky_misses, reclaimed, paused, unpaused.",
		[]string{"event", "queue"}, nil)})
	m.reg.MustRegister(m.requests, m.latency, m.routing, m.messages, m.replies, m.notSent, queue, inMemory,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for p := range presenceNames {
		p := Presence(p)
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "omnisim_agents", Help: "Agents by presence.", ConstLabels: prometheus.Labels{"presence": p.String()},
		}, func() float64 {
			s.mu.Lock()
			defer s.mu.Unlock()
			return float64(s.presenceCount[p])
		}))
	}
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// routeMetrics holds one route's series, resolved once so that the hot path does
// not hash label values.
type routeMetrics struct {
	m       *metrics
	route   string
	latency prometheus.Observer
	mu      sync.Mutex
	codes   map[int]prometheus.Counter
}

func (m *metrics) forRoute(route string) *routeMetrics {
	return &routeMetrics{m: m, route: route, latency: m.latency.WithLabelValues(route), codes: map[int]prometheus.Counter{}}
}

func (r *routeMetrics) observe(code int, seconds float64) {
	r.mu.Lock()
	c := r.codes[code]
	if c == nil {
		c = r.m.requests.WithLabelValues(r.route, strconv.Itoa(code))
		r.codes[code] = c
	}
	r.mu.Unlock()
	c.Inc()
	r.latency.Observe(seconds)
}

// routerCollector exports the engine's counters, read when scraped.
type routerCollector struct {
	s    *Server
	desc *prometheus.Desc
}

func (c routerCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c routerCollector) Collect(ch chan<- prometheus.Metric) {
	c.s.mu.Lock()
	st := c.s.engine.Stats()
	c.s.mu.Unlock()
	for q, n := range st.Queues {
		queue := c.s.queueName(q)
		for _, e := range []struct {
			name string
			v    int64
		}{
			{"enqueued", n.Enqueued}, {"offered", n.Offered}, {"assigned", n.Assigned}, {"resumed", n.Resumed},
			{"requeues", n.Requeues}, {"transfers", n.Transfers}, {"overflows", n.Overflows}, {"skill_drops", n.SkillDrops},
			{"dropped_skills", n.DroppedSkills}, {"push_timeouts", n.PushTimeouts}, {"declines", n.Declines},
			{"sticky_hits", n.StickyHits}, {"sticky_misses", n.StickyMisses}, {"reclaimed", n.Reclaimed},
			{"paused", n.Paused}, {"unpaused", n.Unpaused},
		} {
			ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(e.v), e.name, queue)
		}
	}
}
