// Package roster turns a per-interval staffing requirement into a week of shifts.
//
// A shift template (Shifts, read from shifts.yaml or Default) says, per agent
// group, when shifts may start, how long they are, where their breaks may fall
// (a window measured from the shift start) and how many days of the week an
// agent works, with the rest days paired or not. Patterns expands the templates
// into weekly patterns: one start time and length worked on a set of weekdays,
// with each break at a fixed offset. Labour rules (maximum consecutive working
// days, weekly paid hours, minimum rest between shifts) are enforced here, by
// generating only the patterns that obey them, so every roster obeys them too.
//
// Solve chooses how many agents work each pattern: the classic shift-covering
// integer program (Dantzig 1954; Thompson's implicit-break models are the
// refinement this package does not need, as breaks are enumerated into the
// patterns). Minimise Σ cost_p·x_p + penalty·Σ u_t subject to, for every group
// and interval of the week, Σ_{p covering t} x_p + u_t ≥ required_t, and
// Σ_p x_p ≤ headcount per group when a cap is given. The under-coverage slack
// u_t keeps the program feasible: with enough heads it is zero, and with a
// headcount cap too low the solver returns the roster with the least weighted
// under-coverage, reported interval by interval in Roster.Unmet.
//
// The program is written as a fixed-format MPS file and handed to an
// established MILP solver's command line (CBC by default, GLPK's glpsol as an
// alternative; see Solver), whose solution file is parsed back. The week is
// cyclic: a shift that starts on Sunday evening covers Monday's early hours.
package roster
