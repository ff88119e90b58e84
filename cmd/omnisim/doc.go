// Command omnisim simulates, plans and load-tests asynchronous customer messaging.
//
// Each subcommand lives in its own file (run.go, check.go, staff.go, serve.go, …)
// and only maps flags onto a call into the library packages: sim, router,
// scenarios, reports, planning, server and loadtest; the flags several commands
// share, the exit codes and the output writer are internal/cliargs'. Exit
// codes: 0 ok, 1 an assertion or threshold failed, 2 bad input or usage, with a
// one-line error on stderr that names the file, line and field where there is one.
package main
