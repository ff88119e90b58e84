package cliargs

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"
)

// Exit codes (DESIGN.md, STYLE.md): 0 ok, 1 an assertion or threshold failed,
// 2 bad input or usage.
const (
	ExitFailed   = 1
	ExitBadInput = 2
)

// ExitError carries an exit code with a one-line message.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// BadInput marks err as the user's mistake: exit 2 (nil stays nil).
func BadInput(err error) error {
	if err == nil {
		return nil
	}
	return &ExitError{Code: ExitBadInput, Err: err}
}

// Failed marks err as a failed assertion or threshold: exit 1.
func Failed(err error) error { return &ExitError{Code: ExitFailed, Err: err} }

// Code is the exit code of a command's error: 0 for nil, an ExitError's code,
// else 2 (urfave/cli's own errors are usage errors).
func Code(err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitBadInput
}

// OnUsageError makes a usage mistake bad input (exit 2), as it is.
func OnUsageError(_ *cli.Context, err error, _ bool) error { return BadInput(err) }

// OneLineUsageErrors makes a usage mistake (unknown flag, bad flag value) of c
// and its subcommands a one-line error with exit 2 that points to --help,
// instead of the whole help text; path is the command's ("omnisim run"). A
// command's own OnUsageError stays.
func OneLineUsageErrors(c *cli.Command, path string) {
	if c.OnUsageError == nil {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return BadInput(fmt.Errorf("%w (see %s --help)", err, path))
		}
	}
	for _, sub := range c.Subcommands {
		OneLineUsageErrors(sub, path+" "+sub.Name)
	}
}
