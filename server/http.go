package server

import (
	"bytes"
	"cmp"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/omnisim/omnisim/channels"
)

// route is one endpoint of the API.
type route struct {
	method, path string
	// mutates: the answer waits until the changes are committed to the state file.
	mutates bool
	public  bool // no token required
	h       func(*http.Request) (status int, body any, err error)
}

// raw is a non-JSON answer (TwiML for Twilio).
type raw struct {
	contentType string
	body        []byte
	header      http.Header
}

func (s *Server) routeTable() []route {
	return []route{
		{"GET", "/healthz", false, true, s.healthz},
		{"GET", "/metrics", false, false, nil}, // served by promhttp
		{"POST", "/v1/messages", true, false, s.postMessage},
		{"POST", "/v1/webhooks/twilio/sms", true, false, s.twilioSMS},
		{"GET", "/v1/webhooks/whatsapp", false, false, s.whatsappVerify},
		{"POST", "/v1/webhooks/whatsapp", true, false, s.whatsapp},
		{"GET", "/v1/agents", false, false, s.listAgents},
		{"PUT", "/v1/agents/{id}/presence", true, false, s.putPresence},
		{"GET", "/v1/agents/{id}/work", false, false, s.agentWork},
		{"GET", "/v1/conversations/{id}", false, false, s.getConversation},
		{"POST", "/v1/conversations/{id}/handoff", true, false, s.postHandoff},
		{"POST", "/v1/conversations/{id}/accept", true, false, s.postAccept},
		{"POST", "/v1/conversations/{id}/decline", true, false, s.postDecline},
		{"POST", "/v1/conversations/{id}/replies", true, false, s.postReply},
		{"POST", "/v1/conversations/{id}/close", true, false, s.postClose},
		{"POST", "/v1/conversations/{id}/pause", true, false, s.postPause},
		{"POST", "/v1/conversations/{id}/unpause", true, false, s.postUnpause},
		{"GET", "/v1/customers/{channel}/{address}/consent", false, false, s.getConsent},
		{"PUT", "/v1/customers/{channel}/{address}/consent", true, false, s.putConsent},
		{"GET", "/v1/audit/messages", false, false, s.auditMessages},
	}
}

func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	s.routes = s.routeTable()
	methods := map[string][]string{}
	var paths []string
	for _, rt := range s.routes {
		rt := rt
		rm := s.metrics.forRoute(rt.path)
		var h http.Handler
		if rt.h == nil { // /metrics
			h = s.metrics.handler
		} else {
			h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, &rt) })
		}
		mux.Handle(rt.method+" "+rt.path, s.wrap(rt.public, rm, h))
		if methods[rt.path] == nil {
			paths = append(paths, rt.path)
		}
		methods[rt.path] = append(methods[rt.path], rt.method)
	}
	// JSON answers for a known path with another method, and for unknown paths.
	for _, p := range paths {
		allow := strings.Join(methods[p], ", ")
		if slices.Contains(methods[p], "GET") {
			allow += ", HEAD"
		}
		rm := s.metrics.forRoute(p)
		mux.Handle(p, s.wrap(true, rm, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, errorf(http.StatusMethodNotAllowed, "method %s not allowed on %s (allowed: %s)", r.Method, p, allow))
		})))
	}
	rm := s.metrics.forRoute("unmatched")
	mux.Handle("/", s.wrap(true, rm, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errorf(http.StatusNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path))
	})))
	return mux
}

// statusWriter records the status code for the metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// wrap adds the token check, the body limit and the metrics to a handler.
func (s *Server) wrap(public bool, rm *routeMetrics, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.cfg.Clock.Now()
		sw := &statusWriter{ResponseWriter: w}
		if !public && !s.authorized(r) {
			sw.Header().Set("WWW-Authenticate", `Bearer realm="omnisim"`)
			writeError(sw, errorf(http.StatusUnauthorized, "missing or wrong bearer token"))
		} else {
			r.Body = http.MaxBytesReader(sw, r.Body, s.cfg.MaxBody)
			h.ServeHTTP(sw, r)
		}
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		rm.observe(sw.code, s.cfg.Clock.Now().Sub(start).Seconds())
	})
}

func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.Token == "" {
		return true
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		// Webhook senders cannot send a bearer token; Twilio can send basic
		// auth (https://user:TOKEN@host/...), so the token is also the password.
		_, tok, ok = r.BasicAuth()
	}
	return ok && subtle.ConstantTimeCompare([]byte(tok), []byte(s.cfg.Token)) == 1
}

// serve runs an endpoint and writes its answer as JSON (or raw), or its error as
// {"error": "..."}. The answer to a change is written only after the change is in
// the state file.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, rt *route) {
	status, body, err := rt.h(r)
	if err == nil && rt.mutates {
		if jerr := s.journal.wait(); jerr != nil {
			err = fmt.Errorf("state file: %w", jerr)
		}
	}
	if err != nil {
		writeError(w, err)
		return
	}
	if rb, ok := body.(raw); ok {
		for k, v := range rb.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", rb.contentType)
		w.WriteHeader(status)
		w.Write(rb.body)
		return
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		writeError(w, err)
		return
	}
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var ae *apiError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		status = ae.status
	case errors.As(err, &mbe):
		status = http.StatusRequestEntityTooLarge
		err = fmt.Errorf("request body larger than %d bytes", mbe.Limit)
	}
	b, _ := json.Marshal(errorBody{err.Error()})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// readBody reads a request body of the given media type within the body limit.
func (s *Server) readBody(r *http.Request, mediaType string) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	if ct != mediaType {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != mediaType {
			if ct == "" {
				ct = "none"
			}
			return nil, errorf(http.StatusUnsupportedMediaType, "Content-Type must be %s (got %s)", mediaType, ct)
		}
	}
	// Allocate by what arrives, never by what Content-Length announces: r.Body
	// is capped at Config.MaxBody (wrap), and a body that announces 1 MiB and
	// sends 10 bytes costs 10 bytes. The server's body reader ends a body at its
	// Content-Length, and reports one cut short as an unexpected EOF.
	if r.ContentLength > s.cfg.MaxBody {
		return nil, &http.MaxBytesError{Limit: s.cfg.MaxBody}
	}
	b, err := io.ReadAll(r.Body)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errorf(http.StatusBadRequest, "body shorter than its Content-Length")
	}
	if err != nil {
		var mbe *http.MaxBytesError
		var ae *apiError
		if errors.As(err, &mbe) || errors.As(err, &ae) {
			return nil, err
		}
		return nil, errorf(http.StatusBadRequest, "reading body: %v", err)
	}
	if !utf8.Valid(b) {
		// Checked on the bytes: the JSON decoder would replace each invalid
		// sequence with U+FFFD, and two distinct ids would become one.
		return nil, errorf(http.StatusBadRequest, "body is not valid UTF-8 (at byte %d)", invalidAt(b))
	}
	return b, nil
}

// invalidAt is the offset of the first invalid UTF-8 sequence in b.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// decodeJSON decodes a JSON body strictly: one object, no unknown fields.
func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if err == io.EOF {
			return errorf(http.StatusBadRequest, "empty body: want a JSON object")
		}
		return errorf(http.StatusBadRequest, "malformed JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errorf(http.StatusBadRequest, "malformed JSON: data after the object")
	}
	return nil
}

// readJSON reads and decodes a JSON request body. An empty body is allowed when
// optional is true (every field of v is optional).
func (s *Server) readJSON(r *http.Request, v any, optional bool) error {
	if optional && r.ContentLength == 0 && r.Header.Get("Content-Type") == "" {
		return nil
	}
	b, err := s.readBody(r, "application/json")
	if err != nil {
		return err
	}
	if optional && len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	return decodeJSON(b, v)
}

const maxID = 256

func checkID(field, v string, required bool) error {
	switch {
	case v == "" && required:
		return errorf(http.StatusBadRequest, "%s is required", field)
	case len(v) > maxID:
		return errorf(http.StatusBadRequest, "%s is longer than %d bytes", field, maxID)
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return errorf(http.StatusBadRequest, "%s contains control characters", field)
	case !utf8.ValidString(v) || strings.ContainsRune(v, utf8.RuneError):
		// U+FFFD is what an invalid sequence or a lone surrogate escape
		// (\udcff) decodes to: distinct ids would be one.
		return errorf(http.StatusBadRequest, "%s is not valid UTF-8 (or contains U+FFFD)", field)
	}
	return nil
}

// Health is the answer of GET /healthz.
type Health struct {
	Status        string  `json:"status"`
	State         string  `json:"state"` // memory or sqlite
	SchemaVersion int     `json:"schema_version,omitempty"`
	TimeScale     float64 `json:"time_scale"`
	PushTimeout   float64 `json:"push_timeout_seconds"`
	Bot           bool    `json:"bot"`
	// The routing configuration: model, capacity model (tab or status), queues.
	RoutingModel  string   `json:"routing_model"`
	Capacity      string   `json:"capacity"`
	InactiveAfter float64  `json:"inactive_after_seconds"`
	StickyFor     float64  `json:"sticky_for_seconds"`
	Queues        []string `json:"queues"`
}

func (s *Server) healthz(*http.Request) (int, any, error) {
	r := &s.engineCfg
	h := Health{Status: "ok", State: "memory", TimeScale: s.cfg.TimeScale, PushTimeout: r.PushTimeout.Seconds(), Bot: s.cfg.Bot,
		RoutingModel: r.Model.String(), Capacity: r.Capacity.String(), InactiveAfter: s.inactiveAfter.Seconds(),
		StickyFor: r.StickyFor.Seconds(), Queues: s.queueNames}
	if s.store != nil {
		h.State, h.SchemaVersion = "sqlite", SchemaVersion
	}
	return http.StatusOK, h, nil
}

// MessageRequest is our own inbound message shape (POST /v1/messages). Language,
// intent and tier are attributes of the conversation its first message opens
// (later messages do not change them); missing, they are the channel's first
// arrival stream's first language and intent (or en and general) and its first
// tier. Queues route on them as the scenario says (skills, secondary priority).
type MessageRequest struct {
	MessageID      string `json:"message_id"`
	ConversationID string `json:"conversation_id,omitempty"`
	Channel        string `json:"channel"`
	From           string `json:"from"`
	Text           string `json:"text"`
	Language       string `json:"language,omitempty"`
	Intent         string `json:"intent,omitempty"`
	Tier           string `json:"tier,omitempty"`
}

func (m *MessageRequest) check() error {
	if err := checkID("message_id", m.MessageID, true); err != nil {
		return err
	}
	if err := checkID("conversation_id", m.ConversationID, false); err != nil {
		return err
	}
	if err := checkID("channel", m.Channel, true); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"language", m.Language}, {"intent", m.Intent}, {"tier", m.Tier}} {
		if err := checkID(f.name, f.v, false); err != nil {
			return err
		}
	}
	return checkID("from", m.From, true)
}

func (s *Server) postMessage(r *http.Request) (int, any, error) {
	var m MessageRequest
	if err := s.readJSON(r, &m, false); err != nil {
		return 0, nil, err
	}
	if err := m.check(); err != nil {
		return 0, nil, err
	}
	res, err := s.receiveLocked(inbound(m))
	if err != nil {
		return 0, nil, err
	}
	if res.Duplicate {
		return http.StatusOK, res, nil
	}
	return http.StatusAccepted, res, nil
}

func (s *Server) receiveLocked(in inbound) (Received, error) {
	s.mu.Lock()
	res, err := s.receive(in, s.now())
	s.mu.Unlock()
	if err == nil {
		if res.Duplicate {
			s.metrics.duplicateMessages.Inc()
		} else {
			s.metrics.newMessages.Inc()
		}
	}
	return res, err
}

// AgentView is an agent as GET /v1/agents shows it.
type AgentView struct {
	AgentID  string `json:"agent_id"`
	Presence string `json:"presence"`
	Capacity int    `json:"capacity"`
	Used     int    `json:"used"`
	Open     int    `json:"open"`
}

func (s *Server) agentView(ag *agent) AgentView {
	return AgentView{AgentID: ag.id, Presence: ag.presence.String(), Capacity: ag.capacity,
		Used: s.engine.Used(ag.idx), Open: s.engine.Open(ag.idx)}
}

func (s *Server) listAgents(*http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := struct {
		Agents []AgentView `json:"agents"`
	}{Agents: make([]AgentView, 0, len(s.agents))}
	for _, ag := range s.agents {
		out.Agents = append(out.Agents, s.agentView(ag))
	}
	return http.StatusOK, out, nil
}

// PresenceRequest sets an agent's presence.
type PresenceRequest struct {
	Presence string `json:"presence"`
}

func (s *Server) putPresence(r *http.Request) (int, any, error) {
	var req PresenceRequest
	if err := s.readJSON(r, &req, false); err != nil {
		return 0, nil, err
	}
	p, err := ParsePresence(req.Presence)
	if err != nil {
		return 0, nil, errorf(http.StatusBadRequest, "presence: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ag, err := s.setPresence(r.PathValue("id"), p, s.now())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.agentView(ag), nil
}

// WorkItem is a conversation on an agent's desk.
type WorkItem struct {
	ConversationID string        `json:"conversation_id"`
	Channel        string        `json:"channel"`
	From           string        `json:"from"`
	Status         string        `json:"status"`
	Messages       []MessageView `json:"messages"`
}

// MessageView is a delivered message.
type MessageView struct {
	MessageID string `json:"message_id"`
	Text      string `json:"text"`
}

// Work is an agent's offered and open conversations, and (status capacity) the
// inactive ones that stay with the agent without holding capacity.
type Work struct {
	AgentView
	Offered  []WorkItem `json:"offered"`
	OpenNow  []WorkItem `json:"open_conversations"`
	Inactive []WorkItem `json:"inactive_conversations"`
}

// maxWorkMessages bounds the messages listed per conversation (the latest ones).
const maxWorkMessages = 20

func (s *Server) agentWork(r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	ag := s.agentByID[id]
	if ag == nil {
		return 0, nil, notFound("agent", id)
	}
	w := Work{AgentView: s.agentView(ag), Offered: []WorkItem{}, OpenNow: []WorkItem{}, Inactive: []WorkItem{}}
	for c := range ag.holding {
		it := WorkItem{ConversationID: c.id, Channel: c.channel.Name, From: c.customer, Status: c.status.String(), Messages: []MessageView{}}
		if c.status == StatusOffered {
			w.Offered = append(w.Offered, it)
			continue
		}
		ms := c.messages[max(0, c.delivered-maxWorkMessages):c.delivered]
		for _, m := range ms {
			it.Messages = append(it.Messages, MessageView{m.id, m.text})
		}
		if c.status == StatusInactive || c.status == StatusPaused {
			w.Inactive = append(w.Inactive, it)
		} else {
			w.OpenNow = append(w.OpenNow, it)
		}
	}
	byID := func(a, b WorkItem) int { return strings.Compare(a.ConversationID, b.ConversationID) }
	slices.SortFunc(w.Offered, byID)
	slices.SortFunc(w.OpenNow, byID)
	slices.SortFunc(w.Inactive, byID)
	return http.StatusOK, w, nil
}

// ConversationView is a conversation as GET /v1/conversations/{id} shows it.
type ConversationView struct {
	ConversationID string `json:"conversation_id"`
	Channel        string `json:"channel"`
	From           string `json:"from"`
	Status         string `json:"status"`
	AgentID        string `json:"agent_id,omitempty"`
	LastAgentID    string `json:"last_agent_id,omitempty"`
	Messages       int    `json:"messages"`
	Delivered      int    `json:"delivered"`
	OptedOut       bool   `json:"opted_out"`
	Consent        string `json:"consent"` // the customer's consent: none, implicit (they wrote), explicit, double_opt_in, opted_out
	// Routing attributes, and the queue it waits in or was routed from.
	Language string `json:"language,omitempty"`
	Intent   string `json:"intent,omitempty"`
	Tier     string `json:"tier,omitempty"`
	Queue    string `json:"queue,omitempty"`
	// While it waits: its place in its queue (1: next) and the queue-length
	// predictor's wait (wait.go), absent until a conversation has ended or while
	// no agent is online.
	Position             int      `json:"position,omitempty"`
	PredictedWaitSeconds *float64 `json:"predicted_wait_seconds,omitempty"`
	// Nudges to the silent customer (routing.nudge): how many went out, and the
	// window decision of the last one tried.
	Nudges    int        `json:"nudges,omitempty"`
	LastNudge *NudgeView `json:"last_nudge,omitempty"`
	// The delay announcement (routing.announce) tried when its first routing
	// found no agent with room: announced is true when it was sent (a
	// blocked one is shown with announced false).
	Announced    bool              `json:"announced,omitempty"`
	Announcement *AnnouncementView `json:"announcement,omitempty"`
}

func (s *Server) view(c *conversation) ConversationView {
	v := ConversationView{ConversationID: c.id, Channel: c.channel.Name, From: c.customer, Status: c.status.String(),
		LastAgentID: c.lastAgent, Messages: len(c.messages), Delivered: c.delivered,
		OptedOut: s.optOut[customerKey(c.channel.Name, c.customer)], Consent: s.consent(c).String(),
		Language: c.language, Intent: c.intent, Tier: c.tier}
	if c.agent != nil {
		v.AgentID = c.agent.id
	}
	if c.num >= 0 {
		v.Queue = s.queueName(s.engine.QueueOf(c.num))
	}
	if c.status == StatusWaiting {
		v.Position = s.position(c)
		if w, ok := s.predictedWait(v.Position); ok {
			v.PredictedWaitSeconds = &w
		}
	}
	v.Nudges = c.nudges
	if c.lastNudge.Verdict != 0 {
		v.LastNudge = &NudgeView{Decision: c.lastNudge.Verdict.String(), Reason: c.lastNudge.Reason, Category: c.lastNudge.Category}
	}
	if v.Announcement = s.announcementView(c); v.Announcement != nil {
		v.Announced = c.announcement.decision.Verdict != channels.Blocked
	}
	return v
}

func (s *Server) getConversation(r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	c := s.conv(id)
	if c == nil {
		return 0, nil, notFound("conversation", id)
	}
	return http.StatusOK, s.view(c), nil
}

// AgentRequest names the agent acting on a conversation.
type AgentRequest struct {
	AgentID string `json:"agent_id"`
}

// HandoffRequest is the bot's hand-off.
type HandoffRequest struct {
	Reason string `json:"reason,omitempty"` // low_confidence, max_turns, asked_agent
}

func (s *Server) postHandoff(r *http.Request) (int, any, error) {
	var req HandoffRequest
	if err := s.readJSON(r, &req, true); err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.handoff(r.PathValue("id"), s.now())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.view(c), nil
}

func (s *Server) agentAction(r *http.Request, act func(conv, agent string, now time.Duration) (*conversation, error)) (int, any, error) {
	var req AgentRequest
	if err := s.readJSON(r, &req, false); err != nil {
		return 0, nil, err
	}
	if err := checkID("agent_id", req.AgentID, true); err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := act(r.PathValue("id"), req.AgentID, s.now())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.view(c), nil
}

// Accepted answers an accept with the messages delivered to the agent.
type Accepted struct {
	ConversationView
	DeliveredMessages []MessageView `json:"delivered_messages"`
}

func (s *Server) postAccept(r *http.Request) (int, any, error) {
	var req AgentRequest
	if err := s.readJSON(r, &req, false); err != nil {
		return 0, nil, err
	}
	if err := checkID("agent_id", req.AgentID, true); err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.accept(r.PathValue("id"), req.AgentID, s.now())
	if err != nil {
		return 0, nil, err
	}
	out := Accepted{ConversationView: s.view(c), DeliveredMessages: []MessageView{}}
	for _, m := range c.messages[:c.delivered] {
		out.DeliveredMessages = append(out.DeliveredMessages, MessageView{m.id, m.text})
	}
	return http.StatusOK, out, nil
}

func (s *Server) postDecline(r *http.Request) (int, any, error) {
	return s.agentAction(r, s.decline)
}

func (s *Server) postReply(r *http.Request) (int, any, error) {
	var req ReplyRequest
	if err := s.readJSON(r, &req, false); err != nil {
		return 0, nil, err
	}
	if err := checkID("agent_id", req.AgentID, true); err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.reply(r.PathValue("id"), req, s.now())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, d, nil
}

// CloseRequest says who closes a conversation.
type CloseRequest struct {
	By      string `json:"by,omitempty"` // agent (default), bot or customer
	AgentID string `json:"agent_id,omitempty"`
}

func (s *Server) postClose(r *http.Request) (int, any, error) {
	var req CloseRequest
	if err := s.readJSON(r, &req, true); err != nil {
		return 0, nil, err
	}
	switch req.By {
	case "":
		req.By = "agent"
	case "agent", "bot", "customer":
	default:
		return 0, nil, errorf(http.StatusBadRequest, "by: %q is not agent, bot or customer", req.By)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	if req.AgentID != "" {
		c, ag, err := s.lookupPair(id, req.AgentID)
		if err != nil {
			return 0, nil, err
		}
		if c.status != StatusClosed && c.agent != ag {
			return 0, nil, errorf(http.StatusConflict, "conversation %q is %s: agent %q does not hold it", c.id, s.describe(c), ag.id)
		}
	}
	c, err := s.closeConv(id, req.By, s.now())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.view(c), nil
}

// AuditPage is a page of GET /v1/audit/messages.
type AuditPage struct {
	Messages []AuditMessage `json:"messages"`
	// Next is the `after` of the next page; 0 when this is the last.
	Next int64 `json:"next"`
}

// AuditMessage is a stored message and where it was delivered.
type AuditMessage struct {
	Seq            int64    `json:"seq"`
	MessageID      string   `json:"message_id"`
	ConversationID string   `json:"conversation_id"`
	Status         string   `json:"conversation_status"`
	DeliveredTo    []string `json:"delivered_to"`
}

func (s *Server) auditMessages(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	after, limit := int64(0), 1000
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, nil, errorf(http.StatusBadRequest, "after: %q is not a sequence number", v)
		}
		after = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return 0, nil, errorf(http.StatusBadRequest, "limit: %q is not in 1..10000", v)
		}
		limit = n
	}
	if s.cfg.RetainClosed > 0 {
		// Conversations leave memory: the file is the audit. It holds
		// everything acknowledged (an answer waits for its commit).
		page, err := s.store.audit(after, limit)
		if err != nil {
			return 0, nil, fmt.Errorf("state file: %w", err)
		}
		return http.StatusOK, page, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// msgLog is sorted by seq.
	i, _ := slices.BinarySearchFunc(s.msgLog, after+1, func(m *message, seq int64) int { return cmp.Compare(m.seq, seq) })
	page := AuditPage{Messages: []AuditMessage{}}
	for ; i < len(s.msgLog) && len(page.Messages) < limit; i++ {
		m := s.msgLog[i]
		am := AuditMessage{Seq: m.seq, MessageID: m.id, ConversationID: m.conv.id, Status: m.conv.status.String(), DeliveredTo: []string{}}
		for _, d := range m.deliveries {
			am.DeliveredTo = append(am.DeliveredTo, d.to)
		}
		page.Messages = append(page.Messages, am)
	}
	if i < len(s.msgLog) {
		page.Next = page.Messages[len(page.Messages)-1].Seq
	}
	return http.StatusOK, page, nil
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
