package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// WallClock is the real clock, for the command line.
type WallClock struct{}

// Now returns time.Now().
func (WallClock) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (WallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Run plays a load test against cfg.Target and returns its report with the audit
// done (thresholds are the caller's: Report.ApplyThresholds). An error means the
// test could not run (bad configuration, results file); what the target did wrong
// is in the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	r := newRunner(ctx, cfg)
	if r.mapping == nil {
		r.probe()
	}
	if r.cfg.TimeScale == 0 {
		r.cfg.TimeScale = DefaultTimeScale
	}
	r.report.TimeScale = r.cfg.TimeScale
	if err := r.run(); err != nil {
		return r.report, err
	}
	r.audit(ctx)
	return r.report, nil
}

// client is the plain HTTP client for the probe and the audit (not load).
func (r *runner) client() *http.Client { return &http.Client{Timeout: r.cfg.Timeout} }

func (r *runner) get(ctx context.Context, u string, hdr http.Header, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return err
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	if r.cfg.Token != "" && r.mapping == nil {
		req.Header.Set("Authorization", "Bearer "+r.cfg.Token)
	}
	resp, err := r.client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", u, resp.StatusCode, firstLine(body))
	}
	return json.Unmarshal(body, v)
}

// probe asks the reference router for its time scale: the window checks compare
// the target's decisions with the rules on our clock, which only agree when both
// run at the same scale.
func (r *runner) probe() {
	var h struct {
		TimeScale   float64 `json:"time_scale"`
		PushTimeout float64 `json:"push_timeout_seconds"`
	}
	ctx, cancel := context.WithTimeout(r.ctx, r.cfg.Timeout)
	defer cancel()
	if err := r.get(ctx, r.base+"/healthz", nil, &h); err != nil {
		r.report.noteCheck("window checks off: /healthz: " + err.Error())
		return
	}
	if h.TimeScale > 0 && h.PushTimeout > 0 {
		// Look up waiting conversations often enough to see an offer before
		// it times out.
		wall := time.Duration(h.PushTimeout / h.TimeScale * float64(time.Second))
		r.pollMax = max(min(r.pollMax, wall/4), r.cfg.PollEvery)
	}
	if r.cfg.TimeScale == 0 && h.TimeScale > 1 {
		r.cfg.TimeScale = h.TimeScale // the target compresses time: play at its scale
	}
	if r.cfg.TimeScale == 0 {
		r.cfg.TimeScale = DefaultTimeScale
	}
	if h.TimeScale != r.cfg.TimeScale {
		r.report.noteCheck(fmt.Sprintf("window checks off: the target's time scale is %g, ours %g (omnisim serve --time-scale)", h.TimeScale, r.cfg.TimeScale))
		return
	}
	r.windowCheck = true
}

// audit compares the acknowledged messages with what the target delivered.
func (r *runner) audit(ctx context.Context) {
	a := &r.report.Audit
	deliveries := map[string]int{}
	status := map[string]string{}
	var err error
	switch {
	case r.mapping == nil:
		err = r.auditReference(ctx, deliveries, status)
	case r.mapping.Audit != nil:
		err = r.auditMapped(ctx, deliveries, status)
	default:
		a.Reason = "the mapping file has no audit request"
		return
	}
	if err != nil {
		a.Reason = "audit request failed: " + err.Error()
		return
	}
	a.Audited = true
	ids := make([]string, 0, len(r.acked))
	for id := range r.acked {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n, known := deliveries[id]
		switch {
		case n == 1:
			a.Delivered++
		case n > 1:
			a.Duplicated++
			if len(a.DupIDs) < maxNotes {
				a.DupIDs = append(a.DupIDs, id)
			}
		case known && (status[id] == "waiting" || status[id] == "offered" || status[id] == "bot"):
			a.Pending++ // stored; its conversation had not reached an agent when the run ended
		default:
			a.Lost++
			if len(a.LostIDs) < maxNotes {
				a.LostIDs = append(a.LostIDs, id)
			}
		}
	}
}

func (r *runner) auditReference(ctx context.Context, deliveries map[string]int, status map[string]string) error {
	after := int64(0)
	for {
		var page struct {
			Messages []struct {
				MessageID   string   `json:"message_id"`
				Status      string   `json:"conversation_status"`
				DeliveredTo []string `json:"delivered_to"`
			} `json:"messages"`
			Next int64 `json:"next"`
		}
		u := r.base + "/v1/audit/messages?limit=10000&after=" + strconv.FormatInt(after, 10)
		if err := r.get(ctx, u, nil, &page); err != nil {
			return err
		}
		for _, m := range page.Messages {
			deliveries[m.MessageID] += len(m.DeliveredTo)
			status[m.MessageID] = m.Status
		}
		if page.Next == 0 || page.Next <= after {
			return nil
		}
		after = page.Next
	}
}

func (r *runner) auditMapped(ctx context.Context, deliveries map[string]int, status map[string]string) error {
	m := r.mapping
	after := ""
	for page := 0; page < 100000; page++ {
		t, err := m.Request(&m.Audit.MappedRequest, &TemplateData{Target: r.base, After: after, Vars: r.cfg.Vars, Unix: r.clock.Now().Unix()})
		if err != nil {
			return err
		}
		if _, err := url.Parse(t.URL); err != nil {
			return err
		}
		var doc any
		if err := r.get(ctx, t.URL, t.Header, &doc); err != nil {
			return err
		}
		for _, id := range pathValues(doc, m.Audit.IDs) {
			deliveries[id]++
		}
		if m.Audit.Next == "" {
			return nil
		}
		next := pathValues(doc, m.Audit.Next)
		if len(next) == 0 || next[0] == "" || next[0] == "0" || next[0] == after {
			return nil
		}
		after = next[0]
	}
	return fmt.Errorf("audit: more than 100000 pages")
}

var _ vegeta.Targeter = (*runner)(nil).target
