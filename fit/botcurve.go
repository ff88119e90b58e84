package fit

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// BotCurvePoint is the bot at one threshold, as the logs say it would have
// done.
type BotCurvePoint struct {
	Threshold float64 `json:"threshold"`
	// Containment is the share of the conversations that entered the bot it
	// would have resolved; CI95 its 95 % half-width.
	Containment float64 `json:"containment"`
	CI95        float64 `json:"containment_ci95"`
	// LowConfidence is the share handed off for a confidence below the
	// threshold; Failed the share tried and not resolved.
	LowConfidence float64 `json:"low_confidence"`
	Failed        float64 `json:"failed"`
	// Extrapolated: the threshold is below the one in force, so the bot would
	// try conversations (confidence between the two) whose outcome was never
	// observed; their part is the calibrated model's, resolvable × confidence
	// fitted above the threshold, and its interval covers only that model's
	// parameter uncertainty, not its form.
	Extrapolated bool `json:"extrapolated"`
	Modelled     int  `json:"modelled"` // conversations whose outcome is the model's
}

// BotCurve is the threshold curve from logs, censored by the threshold that was
// in force: below it the bot handed off and no outcome was observed.
type BotCurve struct {
	InForce    float64         `json:"threshold_in_force"`
	Entered    int64           `json:"entered"`
	Asked      int64           `json:"asked"` // asked for an agent: handed off at any threshold
	Observed   int             `json:"outcomes_observed"`
	Censored   int             `json:"outcomes_censored"`
	Points     []BotCurvePoint `json:"points"`
	Measurable [2]float64      `json:"measurable_range"` // thresholds the logs measure
	// ShadowRange is the threshold range a shadow confidence score would make
	// measurable: the bot's answer logged (not sent) for conversations below the
	// threshold, or a small random share tried there.
	ShadowRange [2]float64 `json:"shadow_range"`
	// Calibration compares, in the observed region, the resolved share with the
	// calibrated form's prediction per confidence band (a check of resolvable ×
	// c; a band off by more than its interval says the form does not hold).
	Calibration []CalibrationBand `json:"calibration"`
	Notes       []string          `json:"notes"`
}

// CalibrationBand is one confidence band above the threshold in force.
type CalibrationBand struct {
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	N         int     `json:"n"`
	Resolved  float64 `json:"resolved"`
	Predicted float64 `json:"predicted"`
	Off       bool    `json:"off"`
}

// NewBotCurve computes the curve at thresholds from the data and its fit (for
// the threshold in force and each intent's resolvable).
func NewBotCurve(d *Data, r *Result, thresholds []float64) (*BotCurve, error) {
	if r.Bot == nil || d.BotEntered == 0 {
		return nil, fmt.Errorf("the logs have no bot conversations (bot_handoff, or a bot's closed event)")
	}
	bc := &BotCurve{InForce: r.Bot.Threshold.Value, Entered: d.BotEntered, Asked: d.BotAsked}
	res := map[string]Param{}
	for _, bi := range r.Bot.Intents {
		res[bi.Intent] = bi.Resolvable
	}
	intents := map[string]bool{}
	for in := range d.BotTryConf {
		intents[in] = true
	}
	for in := range d.BotLowConf {
		intents[in] = true
	}
	names := make([]string, 0, len(intents))
	for in := range intents {
		names = append(names, in)
	}
	sort.Strings(names)
	lo := math.Inf(1)
	for _, in := range names {
		bc.Observed += len(d.BotTryConf[in])
		bc.Censored += len(d.BotLowConf[in])
		for _, c := range d.BotLowConf[in] {
			lo = math.Min(lo, c)
		}
	}
	if bc.Observed == 0 {
		return nil, fmt.Errorf("no bot outcome is in the logs (no conversation the bot tried: closed by the bot as resolved, or handed off after max_turns, with bot_confidence)")
	}
	n := float64(d.BotEntered)
	bc.Measurable = [2]float64{bc.InForce, 1}
	if !math.IsInf(lo, 1) {
		bc.ShadowRange = [2]float64{math.Floor(lo*100) / 100, bc.InForce}
		bc.Notes = append(bc.Notes, fmt.Sprintf("below %.3f the logs hold %d hand-offs for low confidence with no outcome: a shadow confidence score (the bot's answer logged, not sent) would make thresholds from %.2f to %.3f measurable",
			bc.InForce, bc.Censored, bc.ShadowRange[0], bc.InForce))
	}
	for _, t := range thresholds {
		p := BotCurvePoint{Threshold: t}
		var resolved, failed, low, modelled, modelVar float64
		for _, in := range names {
			tc, tr := d.BotTryConf[in], d.BotTryResolved[in]
			for i, c := range tc {
				switch {
				case c < t:
					low++
				case tr[i]:
					resolved++
				default:
					failed++
				}
			}
			rp := res[in]
			var sumC float64
			for _, c := range d.BotLowConf[in] {
				if c < t {
					low++
					continue
				}
				// Tried at t, never tried in the logs: the calibrated model.
				q := math.Min(1, rp.Value*c)
				if math.IsNaN(q) {
					q = 0
				}
				resolved += q
				failed += 1 - q
				modelled++
				sumC += c
			}
			if sumC > 0 && !math.IsNaN(rp.SE) {
				modelVar += (rp.SE * sumC) * (rp.SE * sumC)
			}
		}
		p.Containment, p.Failed, p.LowConfidence, p.Modelled = resolved/n, failed/n, low/n, int(modelled)
		p.Extrapolated = p.Modelled > 0
		// The observed part's binomial noise and, below the threshold in force,
		// the model's parameter uncertainty.
		p.CI95 = 1.96 * math.Sqrt(p.Containment*(1-p.Containment)/n+modelVar/(n*n))
		bc.Points = append(bc.Points, p)
	}
	bc.calibrate(d, names, res)
	return bc, nil
}

// calibrate fills the calibration bands: five bands of equal count above the
// threshold in force.
func (bc *BotCurve) calibrate(d *Data, names []string, res map[string]Param) {
	type obs struct {
		c, pred float64
		ok      bool
	}
	var all []obs
	for _, in := range names {
		for i, c := range d.BotTryConf[in] {
			all = append(all, obs{c, math.Min(1, res[in].Value*c), d.BotTryResolved[in][i]})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].c < all[j].c })
	const bands = 5
	if len(all) < 10*bands {
		bc.Notes = append(bc.Notes, fmt.Sprintf("%d outcomes: too few to check the calibrated form by band", len(all)))
		return
	}
	off := 0
	for b := 0; b < bands; b++ {
		part := all[b*len(all)/bands : (b+1)*len(all)/bands]
		var k, pred float64
		for _, o := range part {
			if o.ok {
				k++
			}
			pred += o.pred
		}
		m := float64(len(part))
		band := CalibrationBand{From: part[0].c, To: part[len(part)-1].c, N: len(part), Resolved: k / m, Predicted: pred / m}
		se := math.Sqrt(band.Predicted * (1 - band.Predicted) / m)
		band.Off = math.Abs(band.Resolved-band.Predicted) > 2.58*se // 99 %: five bands
		if band.Off {
			off++
		}
		bc.Calibration = append(bc.Calibration, band)
	}
	if off > 0 {
		bc.Notes = append(bc.Notes, fmt.Sprintf("%d of %d confidence bands differ from resolvable × confidence beyond their 99 %% interval: the extrapolation's form is in doubt", off, bands))
	}
}

// WriteText writes the curve, one threshold a line, the extrapolated ones marked.
func (bc *BotCurve) WriteText(w io.Writer) error {
	var s strings.Builder
	fmt.Fprintf(&s, "bot threshold curve from logs: %d conversations entered the bot, %d asked for an agent; threshold in force %.3f\n", bc.Entered, bc.Asked, bc.InForce)
	fmt.Fprintf(&s, "outcomes observed %d (confidence at or above it), censored %d (handed off below it)\n\n", bc.Observed, bc.Censored)
	fmt.Fprintf(&s, "%9s %12s %9s %15s %8s  %s\n", "threshold", "containment", "±95%", "low-confidence", "failed", "region")
	for _, p := range bc.Points {
		region := "observed"
		if p.Extrapolated {
			region = fmt.Sprintf("EXTRAPOLATED (%d outcomes modelled)", p.Modelled)
		}
		fmt.Fprintf(&s, "%9.3f %12.4f %9.4f %15.4f %8.4f  %s\n", p.Threshold, p.Containment, p.CI95, p.LowConfidence, p.Failed, region)
	}
	if len(bc.Calibration) > 0 {
		s.WriteString("\ncalibration above the threshold in force (resolved share vs resolvable × confidence):\n")
		for _, b := range bc.Calibration {
			mark := ""
			if b.Off {
				mark = "  OFF"
			}
			fmt.Fprintf(&s, "  confidence %.3f..%.3f  n=%-6d resolved %.4f  predicted %.4f%s\n", b.From, b.To, b.N, b.Resolved, b.Predicted, mark)
		}
	}
	for _, n := range bc.Notes {
		fmt.Fprintf(&s, "note: %s\n", n)
	}
	_, err := io.WriteString(w, s.String())
	return err
}

// WriteJSON writes the curve as one JSON object.
func (bc *BotCurve) WriteJSON(w io.Writer) error { return writeJSON(w, bc) }
