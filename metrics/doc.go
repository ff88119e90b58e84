// Package metrics is the one table of omnisim's report metrics: for each, its key
// in the JSON report (DESIGN.md, "JSON report keys"; the first Stable are stable
// public format, the rest are additions), its label and unit for people, its kind
// (count, money, share, seconds, average) and how a replication's sim.Tally gives
// its value. The report computes and prints exactly these rows, scenario
// assertions may name exactly these keys, and both read them from here. Adding a
// metric is one row of Table plus the count it reads in sim.Tally.
package metrics
