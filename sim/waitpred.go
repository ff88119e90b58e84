package sim

import "math"

// Expected-wait prediction (issue 18). When a conversation enters routing for
// the first time the engine predicts its wait; when an agent accepts it, the
// prediction is scored against the realised wait, over delayed conversations
// (those that found no agent with room: the others wait nothing and need no
// announcement).
//
// Two predictors (Ibrahim & Whitt, "Real-time delay estimation based on delay
// history" and "… in overloaded multiserver queues", Operations Research 2009):
//
//   - queue length (WaitQueueLength, the default): with n conversations waiting
//     ahead, s capacity units online and a mean capacity holding time h per
//     conversation, the wait is (n + 1)·h/s — exact in expectation for M/M/s,
//     where h/s = 1/(s·μ). h is the running mean of the units × holding time
//     (accept to end) of the conversations that ended so far; n and s are the
//     whole system's, as if one queue (exact for one queue). It is the default
//     because it is the better predictor when its model holds, as Ibrahim and
//     Whitt show for the many-server queues a contact center runs.
//   - delay history (WaitDelayHistory): the wait of the last conversation of the
//     same queue an agent accepted (their LES predictor), which needs no model
//     and is robust when arrivals or handling drift.
type WaitPredictor uint8

// Wait predictors.
const (
	WaitQueueLength WaitPredictor = iota
	WaitDelayHistory
)

// waitPredictionHook, when set (by a test), sees every scored prediction: the
// conversations waiting ahead, the realised wait and the prediction.
var waitPredictionHook func(ahead int, wait, predicted Time)

// predictWait records what the prediction of conversation c, entering routing in
// its queue now with ahead conversations waiting before it, rests on: the number
// ahead, and for the delay-history predictor its value now. The queue-length
// prediction is computed when it is scored, and only for delayed conversations
// (most are not): h/s moves slowly, so its value at the accept is the one at
// entry to within the estimate's own noise, and routing pays one store.
func (r *replication) predictWait(c *conversation, ahead int) {
	c.ahead = int32(ahead)
	if r.m.WaitPredictor == WaitDelayHistory {
		c.predWait = r.lastWait[c.queue]
	}
}

// scoreWait scores the prediction of conversation c, accepted after wait.
func (r *replication) scoreWait(t tallySet, c *conversation, wait Time) {
	r.lastWait[c.queue] = wait
	if c.atOnce {
		return
	}
	var pred Time
	switch r.m.WaitPredictor {
	case WaitDelayHistory:
		if pred = c.predWait; pred < 0 {
			return
		}
	default:
		var ok bool
		if pred, ok = r.queueLengthWait(c.ahead); !ok {
			return
		}
	}
	e := (wait - pred).Seconds()
	t.each(func(x *Tally) {
		x.WaitPredN++
		x.WaitPredAbsSeconds += math.Abs(e)
		x.WaitPredSqSeconds += e * e
	})
	if waitPredictionHook != nil {
		waitPredictionHook(int(c.ahead), wait, pred)
	}
}

// held books the capacity holding of a conversation that ends at now.
func (r *replication) held(c *conversation, now Time) {
	if c.routings > 0 {
		r.holdSum += float64(c.units) * (now - c.acceptedAt).Seconds()
		r.holdN++
	}
}
