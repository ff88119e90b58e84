// Package metrics names the metrics of omnisim's reports: the keys of the JSON
// report (DESIGN.md, "JSON report keys"; the first sixteen are stable public
// format, the rest are additions), which of them are shares in [0, 1] and which are
// times in seconds. It is the one list: the report computes these keys, scenario
// assertions may name exactly these, and both import it from here.
package metrics
