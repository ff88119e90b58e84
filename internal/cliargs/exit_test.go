package cliargs

import (
	"errors"
	"fmt"
	"testing"
)

func TestCode(t *testing.T) {
	plain := errors.New("plain")
	for _, tt := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{BadInput(nil), 0},
		{BadInput(plain), ExitBadInput},
		{Failed(plain), ExitFailed},
		{fmt.Errorf("wrapped: %w", Failed(plain)), ExitFailed},
		{plain, ExitBadInput}, // urfave/cli's own errors are usage errors
	} {
		if got := Code(tt.err); got != tt.want {
			t.Errorf("Code(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	if err := Failed(plain); err.Error() != "plain" || !errors.Is(err, plain) {
		t.Errorf("Failed(plain) = %q, unwraps to plain: %v", err, errors.Is(err, plain))
	}
}
