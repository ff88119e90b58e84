// Package reports turns the raw counts of simulation replications into the
// numbers planners read: every metric of DESIGN.md's JSON report as a mean across
// replications with the half-width of its 95 % confidence interval, for the whole
// run, by channel and by interval of the day, and renders them as text or JSON.
//
// Each replication yields one value per metric (a ratio of its counts, or a
// percentile of its histogram); the replications are independent, so the mean and
// the Student-t interval over them are exact in the usual batch sense. A metric
// whose denominator is empty in a replication (no conversation was accepted in a
// quiet night interval, say) is undefined there and left out of that metric's mean;
// a metric undefined in every replication is null in JSON and "–" in text.
//
// Definitions follow the WFM conventions of DESIGN.md: service_level counts
// abandoned conversations in the denominator and never in the numerator;
// asa_seconds is over accepted conversations only; p_wait is the share of routed
// conversations that found no agent with room at once, abandoned ones included;
// utilization is capacity units in use over capacity units of online agents,
// time-weighted.
//
// Check evaluates a scenario's assertions against a report (on the mean, or on the
// whole 95 % interval when strict) and returns verdicts with the measured value;
// WriteChecksText, WriteChecksJSON and WriteJUnit render the verdicts of many
// scenarios for people, scripts and CI servers (omnisim check).
package reports
