package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// ListenAndServe is omnisim serve's life: New(cfg), listen on addr (port 0:
// any free port), say "listening on ADDR" on stdout once connections are
// accepted (synced, for a script that waits for the line), Serve until ctx is
// done with grace for in-flight requests, Close, and say "omnisim serve:
// stopped" on stderr.
func ListenAndServe(ctx context.Context, cfg Config, addr string, grace time.Duration, stdout, stderr io.Writer) error {
	srv, err := New(cfg)
	if err != nil {
		return err // a state file that cannot be used (StateError), or the scenario's routing
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	fmt.Fprintf(stdout, "listening on %s\n", ln.Addr())
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	if err := srv.Serve(ctx, ln, grace); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "omnisim serve: stopped")
	return nil
}
