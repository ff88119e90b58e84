package loadtest

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/brianvoe/gofakeit/v7"
	"github.com/omnisim/omnisim/channels"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// stepKind is what a request does in a conversation.
type stepKind uint8

const (
	stepMessage  stepKind = iota // a customer message
	stepBot                      // the bot's result: hand-off, or close when it contained the conversation
	stepPoll                     // ask the target where a waiting conversation is
	stepAccept                   // the agent accepts the offer
	stepReply                    // the agent replies
	stepClose                    // the agent closes
	stepFollowUp                 // the agent's later message, after the close
	stepPresence                 // an agent whose offer timed out (or who declined) comes back online
	stepDecline                  // the agent declines the offer
	stepAgents                   // list the agents, to bring back those the target moved away
	numStepKinds
)

var stepNames = [numStepKinds]string{"message", "bot", "poll", "accept", "reply", "close", "follow_up", "presence", "decline", "agents"}

func (k stepKind) String() string { return stepNames[k] }

// shape is how a customer message is sent to the reference router.
type shape uint8

const (
	shapeJSON shape = iota
	shapeTwilio
	shapeWhatsApp
)

// conv is a conversation being played.
type conv struct {
	idx    int // arrival index, over all shards
	id     string
	stream *Stream
	shape  shape
	from   string
	name   string
	total  int // customer messages to send
	sent   int // customer messages acknowledged
	// Routing attributes, drawn from the stream's shares ("": not sent).
	language, intent, tier string
	keywords               []string // the keywords its first message contains (Stream.Keywords)
	agent                  string
	// agentAt is when the target handled the agent's last answer (accept or
	// reply), lastInbound the customer's last message, on the traffic model's
	// clock: somewhere between sending the request and its answer.
	agentAt, lastInbound span
	polls                int // polls in a row that found the conversation waiting
	done                 bool
	contained            bool
}

// span is an interval of the traffic model's time within which the target
// handled a request: from when it was sent to when its answer arrived. The
// checks judge the target's decisions on these bounds, not on one reading of
// our clock, so that a slow machine (or network) widens what is uncertain
// instead of failing checks.
type span struct{ from, to time.Duration }

// step is one request of a conversation, scheduled at due (wall time since the
// start of the run).
type step struct {
	kind    stepKind
	c       *conv
	due     time.Duration
	first   time.Duration // first due, for RetryFor
	attempt int
	seq     uint64 // tie-break and request id
	msgID   string
	text    string
	msgNum  int
	agent   string // presence steps
}

type stepHeap []*step

func (h stepHeap) Len() int { return len(h) }
func (h stepHeap) Less(i, j int) bool {
	return h[i].due < h[j].due || h[i].due == h[j].due && h[i].seq < h[j].seq
}
func (h stepHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *stepHeap) Push(x any)   { *h = append(*h, x.(*step)) }
func (h *stepHeap) Pop() any {
	o := *h
	n := len(o) - 1
	x := o[n]
	o[n] = nil
	*h = o[:n]
	return x
}
func (h stepHeap) peek() *step     { return h[0] }
func (h *stepHeap) push(s *step)   { heap.Push(h, s) }
func (h *stepHeap) pop() *step     { return heap.Pop(h).(*step) }
func (h *stepHeap) remaining() int { return len(*h) }

// stepHeader carries the step's sequence number from the targeter to the
// transport, which hands the answer back to the conversation.
const stepHeader = "X-Omnisim-Step"

// runner is one load test in progress.
type runner struct {
	cfg     Config
	clock   Clock
	start   time.Time
	ctx     context.Context
	base    string
	mapping *Mapping

	mu        sync.Mutex
	pending   stepHeap
	ready     []*step
	inflight  map[uint64]*step
	seq       uint64
	wake      chan struct{}
	rng       *rand.Rand
	arrRng    *rand.Rand // arrival gaps: the same on every shard, so shards split one schedule
	faker     *gofakeit.Faker
	weights   []float64
	nextIdx   int           // next arrival index (over all shards)
	nextAt    time.Duration // its arrival time
	arrivalsN int           // arrivals of this shard so far
	active    int           // conversations not done
	arrived   bool          // no more arrivals
	endAt     time.Duration // hard stop
	lastProg  time.Duration

	// returning: agents a presence step will bring back online (the target moved
	// them away after an offer they missed or declined).
	returning map[string]bool

	// kinds: the step of each of vegeta's results (by its sequence number, which
	// vegeta sends as X-Vegeta-Seq), for the latencies by step.
	kinds   map[uint64]stepKind
	fatal   error    // a request that could not be built: the run stops
	advance Advancer // the clock, when the run moves it itself (tests)
	lat     vegetaLatencies
	pollMax time.Duration // PollMax, or less: see probe

	acked       map[string]*conv // acknowledged message ids
	windowCheck bool             // the target's clock runs at our time scale
	report      *Report
	hist        histograms
}

func newRunner(ctx context.Context, cfg Config) *runner {
	r := &runner{
		cfg:       cfg,
		clock:     cfg.Clock,
		ctx:       ctx,
		base:      strings.TrimRight(cfg.Target, "/"),
		mapping:   cfg.Mapping,
		inflight:  map[uint64]*step{},
		kinds:     map[uint64]stepKind{},
		lat:       newVegetaLatencies(),
		pollMax:   cfg.PollMax,
		wake:      make(chan struct{}, 1),
		rng:       rand.New(rand.NewPCG(cfg.Seed, uint64(cfg.Shard))),
		arrRng:    rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		faker:     gofakeit.New(cfg.Seed*1000003 + uint64(cfg.Shard)),
		acked:     map[string]*conv{},
		returning: map[string]bool{},
		endAt:     cfg.Duration + cfg.Drain,
		report:    newReport(cfg),
		hist:      newHistograms(),
	}
	r.advance, _ = cfg.Clock.(Advancer)
	sum := 0.0
	for _, s := range cfg.Traffic.Streams {
		sum += s.Weight
		r.weights = append(r.weights, sum)
	}
	for i := range r.weights {
		r.weights[i] /= sum
	}
	return r
}

func (r *runner) elapsed() time.Duration { return r.clock.Now().Sub(r.start) }

// simAt is the traffic model's time at t: time since the start, scaled.
func (r *runner) simAt(t time.Time) time.Duration {
	return time.Duration(float64(t.Sub(r.start)) * r.cfg.TimeScale)
}

// scaled turns model seconds into wall time.
func (r *runner) scaled(seconds float64) time.Duration {
	if !(seconds > 0) {
		return 0
	}
	return time.Duration(seconds / r.cfg.TimeScale * float64(time.Second))
}

// arrivalGap is an exponential gap between Poisson arrivals over all shards.
func (r *runner) arrivalGap() time.Duration {
	return time.Duration(r.arrRng.ExpFloat64() / r.cfg.Rate * float64(time.Second))
}

// Run plays the load test and returns its report (audit and thresholds not yet
// evaluated: see Run).
func (r *runner) run() error {
	r.start = r.clock.Now()
	r.nextAt = 0
	if r.cfg.Poisson {
		r.nextAt = r.arrivalGap()
	}
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: r.cfg.Timeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 10000,
		IdleConnTimeout:     90 * time.Second,
	}
	client := &http.Client{Transport: &hook{r: r, inner: tr}, Timeout: r.cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// vegeta reads the answer (the hook has it in memory) to count its bytes:
	// the results carry Bytes In, as vegeta's own attacks do.
	atk := vegeta.NewAttacker(vegeta.Client(client), vegeta.Workers(uint64(r.cfg.Workers)), vegeta.MaxBody(maxAnswer))
	var enc vegeta.Encoder
	if r.cfg.Results != nil {
		enc = vegeta.NewEncoder(r.cfg.Results)
	}
	pacer := stepPacer{r}
	var encErr error
	for res := range atk.Attack(r.target, pacer, 0, "omnisim-load") {
		r.mu.Lock()
		kind, ok := r.kinds[res.Seq]
		delete(r.kinds, res.Seq)
		r.lat.add(kind, ok, res.Latency)
		r.hist.record(kind, ok, res.Latency)
		r.mu.Unlock()
		if enc != nil && encErr == nil {
			res.Body, res.Headers = nil, nil
			encErr = enc.Encode(res)
		}
	}
	tr.CloseIdleConnections()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finish()
	if r.fatal != nil {
		return r.fatal
	}
	if encErr != nil {
		return fmt.Errorf("writing results: %w", encErr)
	}
	return nil
}

// RequestError is a step whose request could not be built (a mapping template
// that fails, or makes no valid URL): the run stops, Run returns it.
type RequestError struct {
	Step string
	Err  error
}

func (e *RequestError) Error() string { return e.Step + " request: " + e.Err.Error() }
func (e *RequestError) Unwrap() error { return e.Err }

// kick wakes the pacer: a virtual clock moves on only when it looks again.
func (r *runner) kick() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// stepPacer is vegeta's Pacer for a run: steps are sent when they are due.
type stepPacer struct{ r *runner }

func (p stepPacer) Pace(time.Duration, uint64) (time.Duration, bool) { return p.r.pace() }

// Rate is the arrival rate of conversations (each brings several steps).
func (p stepPacer) Rate(time.Duration) float64 { return p.r.cfg.Rate / float64(p.r.cfg.Shards) }

// pace is the attack's pacer: it blocks until a step is due, moves it to the
// ready list and lets vegeta send it (one tick per step), or ends the attack
// when every conversation is done or the drain time is over.
func (r *runner) pace() (time.Duration, bool) {
	for {
		r.mu.Lock()
		now := r.elapsed()
		if r.ctx.Err() != nil || r.fatal != nil || now >= r.endAt || r.arrived && r.active == 0 && len(r.inflight) == 0 && len(r.ready) == 0 {
			r.mu.Unlock()
			return 0, true
		}
		if !r.arrived && r.nextAt <= now && (r.pending.remaining() == 0 || r.nextAt <= r.pending.peek().due) {
			r.arrive(now)
			r.mu.Unlock()
			continue
		}
		if r.pending.remaining() > 0 && r.pending.peek().due <= now {
			r.ready = append(r.ready, r.pending.pop())
			r.mu.Unlock()
			return 0, false
		}
		wait := r.endAt - now
		if !r.arrived {
			wait = min(wait, r.nextAt-now)
		}
		if r.pending.remaining() > 0 {
			wait = min(wait, r.pending.peek().due-now)
		}
		if r.advance != nil {
			// A virtual clock: time moves only when nothing is in flight or
			// about to be sent, straight to the next thing due; otherwise wait
			// for an answer.
			if len(r.inflight) == 0 && len(r.ready) == 0 {
				r.advance.AdvanceTo(r.start.Add(now + wait))
				r.mu.Unlock()
				continue
			}
			r.mu.Unlock()
			select {
			case <-r.wake:
			case <-r.ctx.Done():
			}
			continue
		}
		r.mu.Unlock()
		select {
		case <-r.clock.After(wait):
		case <-r.wake:
		case <-r.ctx.Done():
		}
	}
}

// arrive starts the conversations whose arrival time has come.
func (r *runner) arrive(now time.Duration) {
	for !r.arrived && r.nextAt <= now {
		at := r.nextAt
		idx := r.nextIdx
		r.nextIdx++
		if r.cfg.Poisson {
			r.nextAt += r.arrivalGap()
		} else { // k / rate, without accumulating rounding errors
			r.nextAt = time.Duration(float64(r.nextIdx) * float64(time.Second) / r.cfg.Rate)
		}
		if r.nextAt >= r.cfg.Duration {
			r.arrived = true
		}
		if idx%r.cfg.Shards != r.cfg.Shard-1 {
			continue
		}
		r.startConv(idx, at)
	}
	if now-r.lastProg >= 200*time.Millisecond && r.cfg.Progress != nil {
		r.lastProg = now
		r.cfg.Progress(r.arrivalsN)
	}
}

func (r *runner) startConv(idx int, at time.Duration) {
	u := r.rng.Float64()
	si := 0
	for si < len(r.weights)-1 && u >= r.weights[si] {
		si++
	}
	s := &r.cfg.Traffic.Streams[si]
	c := &conv{idx: idx, stream: s, name: r.faker.Name()}
	c.from = fmt.Sprintf("+1%03d%07d", 200+r.rng.IntN(800), r.rng.IntN(10_000_000))
	c.total = max(1, int(math.Round(r.cfg.Traffic.Messages.Sample(r.rng))))
	c.language = draw(s.Languages, r.rng.Float64())
	c.intent = draw(s.Intents, r.rng.Float64())
	c.tier = draw(s.Tiers, r.rng.Float64())
	c.keywords = drawKeywords(s.Keywords, r.cfg.Seed, idx)
	c.id = fmt.Sprintf("lt%x-c%d", r.cfg.Seed, idx)
	if r.mapping == nil && r.cfg.Webhooks {
		switch s.Channel {
		case "sms":
			c.shape, c.id = shapeTwilio, ""
		case "whatsapp":
			c.shape, c.id = shapeWhatsApp, ""
		}
	}
	if r.arrivalsN == 0 {
		r.scheduleAgents()
	}
	r.arrivalsN++
	r.active++
	r.report.Conversations.Started++
	r.messageStep(c, at)
}

// messageStep schedules the conversation's next customer message at due.
func (r *runner) messageStep(c *conv, due time.Duration) {
	n := c.sent + 1
	st := &step{kind: stepMessage, c: c, msgNum: n, text: r.faker.Sentence(8)}
	if n == 1 && len(c.keywords) > 0 {
		st.text += " " + strings.Join(c.keywords, " ")
	}
	switch c.shape {
	case shapeTwilio:
		st.msgID = fmt.Sprintf("SM%08x%08x%016x", uint32(r.cfg.Seed), uint32(c.idx), uint64(n))
	case shapeWhatsApp:
		st.msgID = fmt.Sprintf("wamid.lt%x.%d.%d", r.cfg.Seed, c.idx, n)
	default:
		st.msgID = fmt.Sprintf("lt%x-c%d-m%d", r.cfg.Seed, c.idx, n)
	}
	r.schedule(st, due)
}

func (r *runner) schedule(st *step, due time.Duration) {
	r.seq++
	st.seq, st.due = r.seq, due
	if st.attempt == 0 {
		st.first = due
	}
	wasFirst := r.pending.remaining() == 0 || due < r.pending.peek().due
	r.pending.push(st)
	if wasFirst {
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}
}

func (r *runner) after(c *conv, kind stepKind, delay time.Duration) {
	r.schedule(&step{kind: kind, c: c}, r.elapsed()+delay)
}

// target is vegeta's targeter: the request of the step the pacer made ready.
func (r *runner) target(t *vegeta.Target) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.ready) == 0 {
		return vegeta.ErrNoTargets // not reached: one tick per ready step
	}
	st := r.ready[0]
	r.ready[0] = nil
	r.ready = r.ready[1:]
	lag := r.elapsed() - st.due // 0 on a virtual clock
	r.hist.lag.RecordValue(max(int64(lag/time.Microsecond), 0))
	if st.kind == stepMessage && st.attempt == 0 && st.msgNum == 1 {
		// Conversation starts, for the achieved rate.
		r.report.starts.add(r.elapsed().Seconds())
	}
	err := r.request(st, t)
	if err == nil {
		_, err = t.Request()
	}
	if err != nil {
		r.fatal = &RequestError{Step: st.kind.String(), Err: err}
		r.kick()
		return r.fatal
	}
	r.inflight[st.seq] = st
	if t.Header == nil {
		t.Header = http.Header{}
	}
	t.Header.Set(stepHeader, strconv.FormatUint(st.seq, 10))
	if r.cfg.Token != "" && r.mapping == nil {
		t.Header.Set("Authorization", "Bearer "+r.cfg.Token)
	}
	return nil
}

// hook is the attacker's transport: it times each request and hands the answer
// to its conversation, which schedules what follows.
type hook struct {
	r     *runner
	inner http.RoundTripper
}

const maxAnswer = 1 << 20

func (h *hook) RoundTrip(req *http.Request) (*http.Response, error) {
	seq, _ := strconv.ParseUint(req.Header.Get(stepHeader), 10, 64)
	vseq, _ := strconv.ParseUint(req.Header.Get("X-Vegeta-Seq"), 10, 64)
	t0 := h.r.clock.Now()
	resp, err := h.inner.RoundTrip(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	h.r.complete(seq, vseq, resp, body, err, t0, h.r.clock.Now())
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// complete handles the answer to a step.
func (r *runner) complete(seq, vseq uint64, resp *http.Response, body []byte, err error, t0, t1 time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.advance != nil {
		defer r.kick() // a virtual clock may move on once nothing is in flight
	}
	st := r.inflight[seq]
	if st == nil {
		return
	}
	delete(r.inflight, seq)
	r.kinds[vseq] = st.kind
	r.report.Requests++
	at := span{r.simAt(t0), r.simAt(t1)}
	code := 0
	if err == nil {
		code = resp.StatusCode
	}
	r.report.Codes[strconv.Itoa(code)]++
	c := st.c
	switch st.kind {
	case stepPresence:
		delete(r.returning, st.agent)
		if err != nil || code >= 400 {
			r.report.Errors++
			r.report.noteError(fmt.Sprintf("presence of %s: %d %v", st.agent, code, err))
		}
		return
	case stepAgents:
		if err != nil || code >= 400 {
			r.report.Errors++
			r.report.noteError(fmt.Sprintf("agents: %d %v", code, err))
		} else {
			r.agentsBack(body)
		}
		r.scheduleAgents()
		return
	}
	switch {
	case err != nil || code >= 500 || code == http.StatusTooManyRequests:
		r.report.Errors++
		r.retry(st)
		return
	case code >= 400 && !(code == http.StatusConflict && (st.kind == stepAccept || st.kind == stepDecline || st.kind == stepReply || st.kind == stepClose)):
		r.report.Errors++
		r.report.noteError(fmt.Sprintf("%s answered %d: %s", st.kind, code, firstLine(body)))
		r.fail(c)
		return
	}
	if r.mapping != nil {
		r.mappedAnswer(st)
		return
	}
	switch st.kind {
	case stepMessage:
		rec, perr := parseReceived(c.shape, resp, body)
		if perr != nil {
			r.report.Errors++
			r.report.noteError("message answer: " + perr.Error())
			r.fail(c)
			return
		}
		r.acked[st.msgID] = c
		r.report.Audit.Acknowledged++
		if c.id != rec.ConversationID {
			// The first message, or (webhooks) a customer back after the target
			// ended the conversation: a new one, which nobody holds yet.
			c.id, c.agent = rec.ConversationID, ""
		}
		// The target ends a conversation end_inactive_after its agent's last
		// reply, on its clock: when that may have happened between the two
		// requests' bounds (plus the margin), whether it had ended is not known,
		// and a conversation that ended goes to whoever is free.
		silent := at.to - c.agentAt.from // the longest the customer may have been silent
		ended := r.cfg.Traffic.EndInactiveAfter > 0 && silent > r.cfg.Traffic.EndInactiveAfter-r.margin()
		c.sent++
		c.lastInbound = at
		if c.sent > 1 && c.agent != "" && !ended && (rec.Status == "open" || rec.Status == "offered") {
			// A returning customer must reach the agent who holds the conversation,
			// or held it within sticky_for (status capacity: the conversation went
			// inactive and now waits for that agent first).
			r.report.Checks.Sticky.Checked++
			if rec.AgentID != c.agent && silent <= r.stickyFor() {
				r.report.Checks.Sticky.Failed++
				r.report.noteCheck(fmt.Sprintf("sticky: conversation %s went from agent %s to %s", c.id, c.agent, rec.AgentID))
			}
		}
		r.dispatch(c, rec.Status, rec.AgentID, at)
	case stepBot:
		if c.contained {
			r.done(c)
			return
		}
		v, perr := parseView(body)
		if perr != nil {
			r.badAnswer(c, st.kind, perr)
			return
		}
		r.dispatch(c, v.Status, v.AgentID, at)
	case stepPoll:
		v, perr := parseView(body)
		if perr != nil {
			r.badAnswer(c, st.kind, perr)
			return
		}
		r.dispatch(c, v.Status, v.AgentID, at)
	case stepAccept:
		if code == http.StatusConflict {
			// The offer timed out (the agent was too slow and is away now) or
			// moved: the agent comes back later, the conversation is looked up.
			r.comeBack(c.agent)
			r.after(c, stepPoll, 0)
			return
		}
		c.agentAt = at
		r.after(c, stepReply, r.scaled(r.cfg.Traffic.AgentReply.Sample(r.rng)))
	case stepDecline:
		// Declined (the target routes it to someone else; the agent is away for
		// a while and comes back), or the offer had moved on (409): either way the
		// conversation is looked up again.
		r.comeBack(c.agent)
		c.agent = ""
		r.after(c, stepPoll, 0)
	case stepReply, stepFollowUp:
		if code == http.StatusConflict {
			if st.kind == stepFollowUp {
				r.done(c)
			} else {
				r.after(c, stepPoll, 0)
			}
			return
		}
		r.checkWindow(c, st.kind, body, at)
		c.agentAt = at
		switch {
		case st.kind == stepFollowUp:
			r.done(c)
		case c.sent < c.total:
			r.messageStep(c, r.elapsed()+r.scaled(r.cfg.Traffic.Pause.Sample(r.rng)))
		default:
			r.after(c, stepClose, 0)
		}
	case stepClose:
		if f := r.cfg.Traffic.FollowUp; f != nil && r.rng.Float64() < f.Probability {
			r.after(c, stepFollowUp, r.scaled(f.Delay.Sample(r.rng)))
			return
		}
		r.done(c)
	}
}

// comeBack schedules agent's return online after an agent reply time: the target
// moved it away after an offer it missed or declined.
func (r *runner) comeBack(agent string) {
	if agent == "" || r.returning[agent] {
		return
	}
	r.returning[agent] = true
	r.schedule(&step{kind: stepPresence, agent: agent}, r.elapsed()+r.scaled(r.cfg.Traffic.AgentReply.Sample(r.rng)))
}

// margin is what the target's clock may differ from ours beyond the bounds of
// a request (a server that reads its clock once for several requests), on the
// traffic model's clock: 1 ms of wall time.
func (r *runner) margin() time.Duration {
	return time.Duration(float64(time.Millisecond) * r.cfg.TimeScale)
}

// pollDelay is when a conversation the target keeps waiting is looked up
// again: PollEvery after the first answer, doubling with every poll that finds
// it still waiting, up to PollMax.
func (r *runner) pollDelay(c *conv) time.Duration {
	d := r.cfg.PollEvery << min(c.polls, 16)
	c.polls++
	return min(d, r.pollMax)
}

// agentsEvery is how often the agents are listed, in polls.
const agentsEvery = 4

// scheduleAgents lists the agents again later, while the run goes on: an offer
// can time out before any step of its conversation sees it, and its agent, away
// since, must come back as the others do.
func (r *runner) scheduleAgents() {
	if r.mapping != nil || r.arrived && r.active == 0 {
		return
	}
	r.schedule(&step{kind: stepAgents}, r.elapsed()+agentsEvery*r.cfg.PollEvery)
}

// agentsBack brings back the agents an answer of GET /v1/agents shows away or busy.
func (r *runner) agentsBack(body []byte) {
	var list struct {
		Agents []struct {
			ID       string `json:"agent_id"`
			Presence string `json:"presence"`
		} `json:"agents"`
	}
	if json.Unmarshal(body, &list) != nil {
		return
	}
	for _, a := range list.Agents {
		if a.Presence == "away" || a.Presence == "busy" {
			r.comeBack(a.ID)
		}
	}
}

func (r *runner) stickyFor() time.Duration {
	if r.cfg.Traffic.StickyFor > 0 {
		return r.cfg.Traffic.StickyFor
	}
	return time.Duration(math.MaxInt64)
}

// dispatch schedules what follows from the conversation's state at the target.
func (r *runner) dispatch(c *conv, status, agent string, at span) {
	if status != "waiting" {
		c.polls = 0
	}
	switch status {
	case "bot":
		b := r.cfg.Traffic.Bot
		var lat float64
		if b != nil {
			lat = b.Latency.Sample(r.rng)
			c.contained = r.rng.Float64() < b.Contained[c.intent]
		}
		r.after(c, stepBot, r.scaled(lat))
	case "waiting":
		r.after(c, stepPoll, r.pollDelay(c))
	case "offered":
		c.agent = agent
		var wait float64
		if !r.cfg.Traffic.AcceptTime.IsZero() {
			wait = r.cfg.Traffic.AcceptTime.Sample(r.rng)
		}
		kind := stepAccept
		if d := r.cfg.Traffic.Decline; d > 0 && r.rng.Float64() < d {
			kind = stepDecline
		}
		r.after(c, kind, r.scaled(wait))
	case "open", "inactive":
		// Inactive: the agent's reply went out and the customer was silent (a
		// poll sees it only after a hand-back race); the agent writes again.
		if c.agent != agent {
			c.agent = agent
			c.agentAt = at
		}
		r.after(c, stepReply, r.scaled(r.cfg.Traffic.AgentReply.Sample(r.rng)))
	default: // closed under us (a target that lost it), or unknown
		r.report.noteError(fmt.Sprintf("conversation %s is %q at the target", c.id, status))
		r.fail(c)
	}
}

// checkWindow compares the target's decision on an agent's message with the
// channel's window rules, evaluated on the traffic model's clock. Near the
// window's edge, where the two clocks' difference could flip the answer, nothing
// is checked.
func (r *runner) checkWindow(c *conv, kind stepKind, body []byte, at span) {
	rules := c.stream.Rules
	if rules == nil || !r.windowCheck {
		return
	}
	var d struct{ Decision, Reason string }
	if json.Unmarshal(body, &d) != nil {
		return
	}
	k := channels.AgentReply
	if kind == stepFollowUp {
		k = channels.FollowUp
	}
	// The target's time between the customer's last message and this one is
	// within these bounds (and the margin).
	m := r.margin()
	early := rules.Decide(channels.Outbound{Kind: k, Now: at.from - m, LastInbound: c.lastInbound.to, HasInbound: true})
	late := rules.Decide(channels.Outbound{Kind: k, Now: at.to + m, LastInbound: c.lastInbound.from, HasInbound: true})
	if early.Verdict != late.Verdict {
		r.report.Checks.Window.Skipped++
		return
	}
	r.report.Checks.Window.Checked++
	if d.Decision != early.Verdict.String() {
		r.report.Checks.Window.Failed++
		r.report.noteCheck(fmt.Sprintf("window: %s %s on %s %v after the customer's last message: target said %s (%s), rules say %s (%s)",
			kind, c.id, c.stream.Channel, (at.to - c.lastInbound.from).Round(time.Second), d.Decision, d.Reason, early.Verdict, early.Reason))
	}
}

func (r *runner) badAnswer(c *conv, k stepKind, err error) {
	r.report.Errors++
	r.report.noteError(fmt.Sprintf("%s answer: %v", k, err))
	r.fail(c)
}

// retry sends the same step (the same message id) again after a backoff.
func (r *runner) retry(st *step) {
	now := r.elapsed()
	st.attempt++
	if r.cfg.RetryFor > 0 && now-st.first > r.cfg.RetryFor || now >= r.endAt {
		r.report.noteError(fmt.Sprintf("%s of %s: gave up after %d attempts", st.kind, st.c.id, st.attempt))
		r.fail(st.c)
		return
	}
	r.report.Retries++
	backoff := min(25*time.Millisecond<<min(st.attempt-1, 5), 500*time.Millisecond)
	r.schedule(st, now+backoff)
}

// fail ends c as failed, done as completed; a conversation ends once.
func (r *runner) fail(c *conv) { r.end(c, &r.report.Conversations.Failed) }
func (r *runner) done(c *conv) { r.end(c, &r.report.Conversations.Completed) }

func (r *runner) end(c *conv, count *int) {
	if c.done {
		return
	}
	*count++
	c.done = true
	r.active--
	r.poke()
}

// poke wakes the pacer when the last conversation ended, so the run ends at once.
func (r *runner) poke() {
	if r.active == 0 && r.arrived {
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}
}

// finish closes the counts when the attack has ended.
func (r *runner) finish() {
	r.report.Conversations.Unfinished = r.active
	r.report.Elapsed = r.elapsed().Seconds()
	r.report.RateAchieved = r.report.starts.rate()
	r.hist.into(r.report)
	r.report.Latency = r.lat.percentiles()
	r.report.LatencyEstimator = estimatorVegeta
	r.report.compute()
}

func firstLine(b []byte) string {
	s := string(b)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// histograms are the run's HDR histograms, in microseconds.
type histograms struct {
	steps [numStepKinds]*hdrhistogram.Histogram
	all   *hdrhistogram.Histogram
	lag   *hdrhistogram.Histogram
}

func newHist() *hdrhistogram.Histogram { return hdrhistogram.New(1, 120_000_000, 3) }

func newHistograms() histograms {
	h := histograms{all: newHist(), lag: newHist()}
	for i := range h.steps {
		h.steps[i] = newHist()
	}
	return h
}

func (h *histograms) record(k stepKind, known bool, d time.Duration) {
	us := max(int64(d/time.Microsecond), 1)
	if known {
		h.steps[k].RecordValue(us)
	}
	h.all.RecordValue(us)
}

func (h *histograms) into(rep *Report) {
	rep.Histograms = map[string]*hdrhistogram.Snapshot{"all": h.all.Export(), "lag": h.lag.Export()}
	for k, hs := range h.steps {
		if hs.TotalCount() > 0 {
			rep.Histograms[stepKind(k).String()] = hs.Export()
		}
	}
}

// drawKeywords draws which of a stream's keywords conversation idx's first
// message contains, each with its share, from a stream of the conversation's
// own (seed, idx): the run's other draws are those of a stream without
// keywords.
func drawKeywords(keywords []Share, seed uint64, idx int) []string {
	if len(keywords) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed^0x6b6579776f726473, uint64(idx)))
	var out []string
	for _, k := range keywords {
		if rng.Float64() < k.Weight {
			out = append(out, k.Name)
		}
	}
	return out
}
