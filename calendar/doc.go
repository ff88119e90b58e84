// Package calendar measures time as a contact center's service targets do: in
// business hours. A Calendar is a weekly pattern of opening hours per weekday (local
// time of day, in its time zone), minus holidays given as local dates. Between
// returns the business time elapsed between two instants, and Add the deadline "t
// plus d business hours": the earliest instant u at or after t with Between(t, u) = d.
//
// Business time is real elapsed time inside opening hours: on the night a daylight
// saving change falls in, hours "00:00-24:00" hold 23 or 25 hours, and a span that
// contains the skipped hour is one hour shorter. Opening hours are evaluated in the
// calendar's own zone whatever zone the instants are given in, so one contact center
// may serve customers under the hours of another zone's team. The Go time zone
// database is embedded (time/tzdata): LoadLocation works on a machine with no
// zoneinfo installed.
//
// This is the rule Zendesk, Salesforce and Genesys apply to SLA targets with
// business hours: the clock of a target runs only while the schedule is open, stops
// on holidays, and a deadline that falls outside hours moves to the next opening.
package calendar
