package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestListenAndServe: the service says where it listens, answers there, and on
// the context's end stops and says so; a bad address names --addr.
func TestListenAndServe(t *testing.T) {
	cfg := testConfig(t, WallClock{})
	pr, pw := io.Pipe()
	var stderr strings.Builder
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ListenAndServe(ctx, cfg, "127.0.0.1:0", time.Second, pw, &stderr); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "listening on 127.0.0.1:") {
		t.Fatalf("first line %q (%v), want listening on 127.0.0.1:PORT", line, err)
	}
	resp, err := http.Get("http://" + strings.TrimSpace(strings.TrimPrefix(line, "listening on ")) + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil || stderr.String() != "omnisim serve: stopped\n" {
		t.Errorf("after cancel: %v, stderr %q", err, stderr.String())
	}
	if err := ListenAndServe(context.Background(), cfg, "127.0.0.1:-1", time.Second, io.Discard, io.Discard); err == nil || !strings.HasPrefix(err.Error(), "--addr: ") {
		t.Errorf("bad address: %v, want an error naming --addr", err)
	}
}
