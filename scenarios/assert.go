package scenarios

import (
	"fmt"
	"github.com/omnisim/omnisim/metrics"
	"math"
	"strconv"
	"strings"
	"time"
)

// assertOps are the comparison operators, two-character ones first so that "<=" is
// not read as "<".
var assertOps = []string{"<=", ">=", "==", "!=", "<", ">"}

// ParseAssertion parses one assert: line, `[SCOPE.]METRIC OP VALUE [strict]`:
// SCOPE is a channel name or queue:NAME, METRIC one of metrics.Keys, OP one of
// < <= > >= == !=, VALUE a number, a percentage (80% is 0.8) or a duration (2m is 120,
// in seconds; only for *_seconds metrics). Whether the scope names an enabled channel
// or a queue is checked by the loader, which knows the scenario.
func ParseAssertion(text string) (Assertion, error) {
	a := Assertion{Text: text}
	t := strings.TrimSpace(text)
	if f := strings.Fields(t); len(f) > 1 && f[len(f)-1] == "strict" {
		a.Strict = true
		t = strings.TrimSpace(strings.TrimSuffix(t, "strict"))
	}
	for _, w := range [][2]string{{"=>", ">="}, {"=<", "<="}, {"<>", "!="}} {
		if strings.Contains(t, w[0]) {
			return a, fmt.Errorf("unknown operator %s in %s (did you mean %s?); operators: < <= > >= == !=", w[0], quote(text), w[1])
		}
	}
	at, op := -1, ""
	for _, o := range assertOps {
		if i := strings.Index(t, o); i >= 0 && (at < 0 || i < at || (i == at && len(o) > len(op))) {
			at, op = i, o
		}
	}
	if at < 0 && strings.Contains(t, "=") {
		return a, fmt.Errorf("unknown operator = in %s (did you mean ==?); operators: < <= > >= == !=", quote(text))
	}
	if at < 0 {
		return a, fmt.Errorf("want [CHANNEL. or queue:NAME.]METRIC OP VALUE [strict], such as service_level >= 80%%; no comparison (< <= > >= == !=) in %s", quote(text))
	}
	a.Op = op
	left := strings.TrimSpace(t[:at])
	right := strings.TrimSpace(t[at+len(op):])
	if left == "" {
		return a, fmt.Errorf("no metric before %s in %s", op, quote(text))
	}
	if right == "" {
		return a, fmt.Errorf("no value after %s in %s", op, quote(text))
	}
	if strings.ContainsAny(right, "<>=!") {
		return a, fmt.Errorf("one comparison per assertion, got %s", quote(text))
	}
	metric := left
	if i := strings.LastIndex(left, "."); i >= 0 {
		a.Scope, metric = strings.TrimSpace(left[:i]), strings.TrimSpace(left[i+1:])
		if a.Scope == "" {
			return a, fmt.Errorf("empty scope before %q; write CHANNEL.%s or queue:NAME.%s", ".", metric, metric)
		}
		if strings.HasPrefix(a.Scope, "queue:") && strings.TrimSpace(strings.TrimPrefix(a.Scope, "queue:")) == "" {
			return a, fmt.Errorf("scope %s names no queue; write queue:NAME.%s", quote(a.Scope), metric)
		}
		if strings.ContainsAny(a.Scope, " \t") {
			return a, fmt.Errorf("scope %s: want a channel name or queue:NAME", quote(a.Scope))
		}
	}
	if !contains(metrics.Keys, metric) {
		if s := suggest(metric, metrics.Keys); s != "" {
			return a, fmt.Errorf("unknown metric %s (did you mean %s?)", quoteIfOdd(metric), s)
		}
		return a, fmt.Errorf("unknown metric %s; metrics are the JSON report keys: %s",
			quoteIfOdd(metric), strings.Join(metrics.Keys, ", "))
	}
	a.Metric = metric
	v, kind, err := assertValue(right)
	if err != nil {
		return a, err
	}
	switch {
	case kind == "duration" && !metrics.IsSeconds(metric):
		return a, fmt.Errorf("%s is not a time; a duration such as %s compares only with *_seconds metrics", metric, right)
	case kind == "percent" && !metrics.IsShare(metric):
		return a, fmt.Errorf("%s is not a share; a percentage such as %s compares only with %s", metric, right, strings.Join(fractionNames(), ", "))
	}
	a.Value = v
	return a, nil
}

// assertValue parses an assertion's value: a number, a percentage or a duration.
func assertValue(s string) (v float64, kind string, err error) {
	if x, e := strconv.ParseFloat(s, 64); e == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
		return x, "number", nil
	}
	if strings.HasSuffix(s, "%") {
		x, e := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
		if e == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			return x / 100, "percent", nil
		}
	}
	if d, e := time.ParseDuration(s); e == nil {
		return d.Seconds(), "duration", nil
	}
	return 0, "", fmt.Errorf("value %s: want a number, a percentage (80%%) or a duration (2m)", quote(s))
}

func fractionNames() []string {
	var out []string
	for _, m := range metrics.Keys {
		if metrics.IsShare(m) {
			out = append(out, m)
		}
	}
	return out
}
