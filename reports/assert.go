package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/omnisim/omnisim/metrics"
)

// Assert is one assertion to check against a report: [Scope.]Metric Op Value
// [strict], as a scenario's assert: list holds them (DESIGN.md, "Scenario file").
// Package scenarios parses the text; this type is the evaluator's own, so that
// reports does not depend on the file format.
type Assert struct {
	Text   string  // as written, for tables and messages
	Scope  string  // "" (whole run), a channel name, or "queue:NAME"
	Metric string  // a key of metrics.Keys
	Op     string  // <, <=, >, >=, ==, !=
	Value  float64 // in the metric's unit: seconds, a fraction, a count, USD
	Strict bool    // the whole 95 % CI must satisfy the comparison, not only the mean
}

// Verdict is the outcome of one assertion.
type Verdict struct {
	Assert Assert
	Value  Stat // the metric in the assertion's scope; Mean is NaN when undefined or unavailable
	Pass   bool
	Why    string // why it failed, short ("want >= 0.8"); empty when it passed
	// Level is, for a strict assertion judged on its interval, the factor its
	// 95 % half-width was widened by (1 at 95 %, more under CheckAt); else 0.
	Level float64
}

// Name is the metric as the assertion scopes it: "service_level",
// "whatsapp.service_level" or "queue:support.asa_seconds".
func (a Assert) Name() string {
	if a.Scope == "" {
		return a.Metric
	}
	return a.Scope + "." + a.Metric
}

// Message is the whole story of a failed verdict in one line, with the measured
// value: "whatsapp.service_level = 0.7412 ± 0.021: want >= 0.8". It is empty for a
// verdict that passed.
func (v Verdict) Message() string {
	if v.Pass {
		return ""
	}
	if math.IsNaN(v.Value.Mean) {
		return v.Assert.Name() + ": " + v.Why
	}
	return v.Assert.Name() + " = " + v.Measured() + ": " + v.Why
}

// Measured writes the measured value as "mean ± ci95", the mean with enough digits
// to differ from the assertion's value when it does.
func (v Verdict) Measured() string {
	s := v.Value
	if math.IsNaN(s.Mean) {
		return "–"
	}
	mean := formatAgainst(s.Mean, v.Assert.Value)
	if math.IsNaN(s.CI95) {
		return mean
	}
	return mean + " ± " + formatSig(s.CI95, 2)
}

// Check evaluates assertions against a report, in order. An assertion passes on the
// mean: service_level >= 0.8 passes when the mean across replications is at least
// 0.8. A strict one passes only when the whole 95 % confidence interval, mean ± ci95,
// satisfies the comparison (for !=, when the interval excludes the value; for ==,
// when it is the value alone), so that a pass cannot be luck; it needs two
// replications where the metric is defined. A metric undefined in every replication
// (its denominator was always empty, such as service_level without a routed
// conversation) fails: an assertion about nothing is not evidence. Comparisons are
// exact: 0.8 is 0.8, with the report's full precision.
func Check(rep *Report, asserts []Assert) []Verdict { return CheckAt(rep, asserts, 0.95) }

// CheckAt is Check with strict assertions judged on the confidence interval at
// level confidence instead of 95 %: a sequential check that looks K times widens
// each look's interval to 1 − 0.05/K (Bonferroni), so that a pass at any look is
// still not luck at 95 %.
func CheckAt(rep *Report, asserts []Assert, confidence float64) []Verdict {
	out := make([]Verdict, len(asserts))
	for i, a := range asserts {
		out[i] = check(rep, a, confidence)
	}
	return out
}

// Undecided reports whether v is a strict assertion that failed with its
// interval straddling the value: more replications could still decide it
// either way.
func (v Verdict) Undecided() bool {
	s := v.Value
	if !v.Assert.Strict || v.Pass || math.IsNaN(s.Mean) || math.IsNaN(s.CI95) || v.Level == 0 {
		return false
	}
	lo, hi := s.Mean-v.Level*s.CI95, s.Mean+v.Level*s.CI95
	switch v.Assert.Op {
	case "<", "<=":
		return compare(lo, v.Assert.Op, v.Assert.Value)
	case ">", ">=":
		return compare(hi, v.Assert.Op, v.Assert.Value)
	}
	return false
}

func check(rep *Report, a Assert, confidence float64) Verdict {
	v := Verdict{Assert: a, Value: Stat{Mean: math.NaN(), CI95: math.NaN()}}
	k := metrics.Index(a.Metric)
	if k < 0 {
		v.Why = fmt.Sprintf("unknown metric %q; metrics are the JSON report keys", a.Metric)
		return v
	}
	if !validOp(a.Op) {
		v.Why = fmt.Sprintf("unknown operator %q; operators: < <= > >= == !=", a.Op)
		return v
	}
	stats, why := rep.scope(a.Scope)
	if stats == nil {
		v.Why = why
		return v
	}
	v.Value = stats[k]
	mean, ci := v.Value.Mean, v.Value.CI95
	want := a.Op + " " + strconv.FormatFloat(a.Value, 'f', -1, 64) // as the user wrote it, in the metric's unit
	switch {
	case math.IsNaN(mean):
		v.Why = "undefined in every replication: nothing it measures happened in this scope, so there is nothing to compare"
	case !a.Strict:
		v.Pass = compare(mean, a.Op, a.Value)
		if !v.Pass {
			v.Why = "want " + want
		}
	case v.Value.N < 2 || math.IsNaN(ci):
		v.Why = fmt.Sprintf("strict needs a 95 %% CI, hence ≥ 2 replications where the metric is defined (got %d)", v.Value.N)
	default:
		// The 95 % half-width rescaled to the level asked (same degrees of freedom).
		v.Level = 1.0
		level := "95"
		if confidence != 0.95 {
			v.Level = TQuantile(v.Value.N-1, 1-(1-confidence)/2) / TQuantile(v.Value.N-1, 0.975)
			level = strconv.FormatFloat(100*confidence, 'g', 4, 64)
		}
		lo, hi := mean-v.Level*ci, mean+v.Level*ci
		v.Pass = compareInterval(lo, hi, a.Op, a.Value)
		if !v.Pass {
			v.Why = fmt.Sprintf("want the whole %s %% CI [%s, %s] %s (strict)", level, FormatNumber(lo), FormatNumber(hi), want)
		}
	}
	return v
}

// scope returns the stats of an assertion's scope, or nil and why not.
func (r *Report) scope(scope string) ([]Stat, string) {
	if scope == "" {
		return r.Metrics, ""
	}
	kind, names, stats := "channel", r.Channels, r.ByChannel
	if q, ok := strings.CutPrefix(scope, "queue:"); ok {
		kind, names, stats, scope = "queue", r.Queues, r.ByQueue, q
	}
	for i, name := range names {
		if name == scope && i < len(stats) {
			return stats[i], ""
		}
	}
	if len(names) == 0 {
		return nil, fmt.Sprintf("no %s %s in the report", kind, scope)
	}
	return nil, fmt.Sprintf("no %s %s in the report (%ss: %s)", kind, scope, kind, strings.Join(names, ", "))
}

func validOp(op string) bool {
	switch op {
	case "<", "<=", ">", ">=", "==", "!=":
		return true
	}
	return false
}

func compare(x float64, op string, v float64) bool {
	switch op {
	case "<":
		return x < v
	case "<=":
		return x <= v
	case ">":
		return x > v
	case ">=":
		return x >= v
	case "==":
		return x == v
	case "!=":
		return x != v
	}
	return false
}

// compareInterval reports whether every x in [lo, hi] satisfies x op v.
func compareInterval(lo, hi float64, op string, v float64) bool {
	switch op {
	case "<", "<=":
		return compare(hi, op, v)
	case ">", ">=":
		return compare(lo, op, v)
	case "==":
		return lo == v && hi == v
	case "!=":
		return v < lo || v > hi
	}
	return false
}

// FormatNumber writes a metric value for people: four significant digits without an
// exponent for the magnitudes metrics have ("0.8532", "45.21", "12345"), "–" when
// undefined.
func FormatNumber(x float64) string { return formatSig(x, 4) }

// formatAgainst writes x, compared with v, with as many digits as it takes for the
// two to read differently when they differ: 0.79996 fails >= 0.8, so it must not
// read "0.8".
func formatAgainst(x, v float64) string {
	d := 4
	for ; d < 17 && x != v && !math.IsNaN(x) && formatSig(x, d) == formatSig(v, d); d++ {
	}
	return formatSig(x, d)
}

func formatSig(x float64, digits int) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "-∞"
	case x == 0:
		return "0"
	}
	mag := int(math.Floor(math.Log10(math.Abs(x))))
	if mag < -6 || mag > 15 {
		return strconv.FormatFloat(x, 'g', digits, 64)
	}
	decimals := max(digits-1-mag, 0)
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Suite is one scenario file's checked assertions (a JUnit testsuite): the verdicts
// when the scenario ran, or the errors that kept it from running.
type Suite struct {
	Scenario   string     // the scenario's name ("" when the file could not be read)
	File       string     // the file it came from
	Verdicts   []Verdict  // in assert: order
	Errors     []string   // why the file could not be loaded or run, one line each
	Properties []Property // how it ran (seed, replications, horizon), for JUnit
}

// Property is a name and value describing a run.
type Property struct{ Name, Value string }

// Label names the suite: the scenario's name, or its file when it has none.
func (s *Suite) Label() string {
	if s.Scenario != "" {
		return s.Scenario
	}
	return s.File
}

// CheckCount is the outcome of a check, counted.
type CheckCount struct {
	Scenarios  int // suites
	Assertions int // verdicts
	Failed     int // verdicts that did not pass
	FailedIn   int // suites with a failed verdict
	Invalid    int // suites that could not be loaded or run
}

// CountChecks counts the outcome of suites.
func CountChecks(suites []Suite) CheckCount {
	t := CheckCount{Scenarios: len(suites)}
	for _, s := range suites {
		if len(s.Errors) > 0 {
			t.Invalid++
			continue
		}
		failed := 0
		for _, v := range s.Verdicts {
			if !v.Pass {
				failed++
			}
		}
		t.Assertions += len(s.Verdicts)
		t.Failed += failed
		if failed > 0 {
			t.FailedIn++
		}
	}
	return t
}

// String is the one-line summary: "14 assertions in 6 scenarios: 13 passed, 1 failed".
func (t CheckCount) String() string {
	s := fmt.Sprintf("%s in %s: %d passed, %d failed", plural(t.Assertions, "assertion"), plural(t.Scenarios, "scenario"),
		t.Assertions-t.Failed, t.Failed)
	if t.Invalid > 0 {
		s += fmt.Sprintf(", %s invalid", plural(t.Invalid, "scenario"))
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// WriteChecksText writes verdicts as an aligned table, one row per assertion:
// scenario, assertion, value ± CI, verdict (with the reason when it failed), then the
// summary line. A scenario that could not run has one ERROR row; its errors are the
// caller's to print (on stderr, like omnisim validate).
func WriteChecksText(w io.Writer, suites []Suite) error {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tASSERTION\tVALUE\tVERDICT")
	for _, s := range suites {
		label := s.Label()
		switch {
		case len(s.Errors) > 0:
			why := s.Errors[0]
			if len(s.Errors) > 1 {
				why = plural(len(s.Errors), "error") + ", on stderr"
			}
			fmt.Fprintf(tw, "%s\t–\t–\tERROR %s\n", label, oneLine(why))
		case len(s.Verdicts) == 0:
			fmt.Fprintf(tw, "%s\t(no assert: lines)\t–\t–\n", label)
		}
		for _, v := range s.Verdicts {
			verdict := "pass"
			if !v.Pass {
				verdict = "FAIL " + v.Why
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", label, oneLine(v.Assert.Text), v.Measured(), verdict)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(&b, CountChecks(suites).String())
	_, err := w.Write(b.Bytes())
	return err
}

// oneLine keeps a table cell on one line (and free of the table's tabs).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// checkRow is one assertion in JSON; Mean and CI95 are null when undefined.
type checkRow struct {
	Scenario  string   `json:"scenario"`
	File      string   `json:"file"`
	Assertion string   `json:"assertion"`
	Scope     string   `json:"scope"`
	Metric    string   `json:"metric"`
	Op        string   `json:"op"`
	Value     float64  `json:"value"`
	Strict    bool     `json:"strict"`
	Mean      *float64 `json:"mean"`
	CI95      *float64 `json:"ci95"`
	N         int      `json:"n"`
	Pass      bool     `json:"pass"`
	Message   string   `json:"message,omitempty"`
}

// errorRow is a scenario that could not be loaded or run.
type errorRow struct {
	Scenario string   `json:"scenario"`
	File     string   `json:"file"`
	Pass     bool     `json:"pass"`
	Errors   []string `json:"errors"`
}

// WriteChecksJSON writes verdicts as a JSON list, one object per assertion
// ({scenario, file, assertion, scope, metric, op, value, strict, mean, ci95, n,
// pass, message}) and one per scenario that could not run ({scenario, file, pass:
// false, errors}). The same verdicts always give the same bytes.
func WriteChecksJSON(w io.Writer, suites []Suite) error {
	rows := []any{}
	for _, s := range suites {
		if len(s.Errors) > 0 {
			rows = append(rows, errorRow{Scenario: s.Scenario, File: s.File, Errors: s.Errors})
			continue
		}
		for _, v := range s.Verdicts {
			a := v.Assert
			rows = append(rows, checkRow{
				Scenario: s.Scenario, File: s.File, Assertion: a.Text, Scope: a.Scope, Metric: a.Metric,
				Op: a.Op, Value: a.Value, Strict: a.Strict,
				Mean: nullable(v.Value.Mean), CI95: nullable(v.Value.CI95), N: v.Value.N,
				Pass: v.Pass, Message: v.Message(),
			})
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // assertions are full of < and >
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func nullable(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
