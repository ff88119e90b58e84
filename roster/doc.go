// Package roster turns a per-interval staffing requirement into a week of shifts.
//
// A shift template (Shifts, read from shifts.yaml or Default) says, per agent
// group, when shifts may start, how long they are, where their breaks may fall
// (a window measured from the shift start), how many days of the week an agent
// works, with the rest days paired or not, and how far an agent's start may
// move from one working day to the next (start_band). Bands expands the
// templates into tour bands: a template and length, a set of start times no
// further apart than the band, and the working-day sets the labour rules allow
// (maximum consecutive working days, paired rest days, weekly paid hours, and
// minimum rest between shifts, which narrows the band: two consecutive days'
// shifts are at least 24h − length − the band's spread apart). So every roster
// obeys those rules by construction; the part-time share is a row of the program.
//
// Solve chooses how many agents work each tour and which shift each works on
// each day: the implicit tour-scheduling integer program (Bailey 1985; Jacobs &
// Bechtold 1993), see Build. Minimise Σ weekly cost·w + penalty·Σ u subject to,
// for every group and interval of the week, Σ_{shifts covering t} x + u_t ≥
// required_t; per band and day Σ x ≤ Σ_{tours working that day} w; and Σ w ≤
// headcount per group when a cap is given. The under-coverage slack u_t keeps
// the program feasible: with enough heads it is zero, and with a headcount cap
// too low the solver returns the roster with the least weighted under-coverage,
// reported interval by interval in Roster.Unmet. Breaks are columns too (each
// daily shift has its break at one offset), so the solver staggers them where
// coverage needs it.
//
// The program is written as a fixed-format MPS file and handed to an
// established MILP solver's command line (CBC by default, GLPK's glpsol as an
// alternative; see Solver), whose solution file is parsed back. The week is
// cyclic: a shift that starts on Sunday evening covers Monday's early hours.
//
// Prove simulates the roster: the roster becomes the scenario's schedules
// (Scheduled) and one steady-state week is simulated (SteadyState), giving
// per weekday and interval the service level with its CI. Fragment writes the
// roster as a scenario fragment that extends the scenario.
//
// Assign names the agents and rotates them through their group's tours over a
// rotation of weeks (omnisim roster --agents-csv, --rotation-weeks): every week
// each tour is worked by exactly its agents, and the rest and consecutive-days
// rules hold across each week boundary, or the agent, week and rule are named.
package roster
