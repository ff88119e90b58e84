package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/omnisim/omnisim/loadtest"
)

// These tests run the real binary: `omnisim serve` in its own process (so that it
// can be killed with SIGKILL) and `omnisim load` against it.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func omnisimBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "omnisim-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "omnisim")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// loadScenarioYAML is a small contact center: 40 conversations a second, three
// customer messages each, 40 agents of capacity 3. Offers must be accepted within
// an hour of server time (one second at --time-scale 3600).
const loadScenarioYAML = `version: 1
name: load-test
horizon: 1h
channels: {whatsapp: {}, sms: {}, web: {}}
arrivals:
  - {channel: whatsapp, rate: 20/s}
  - {channel: sms, rate: 10/s}
  - {channel: web, rate: 10/s}
customers:
  messages: {dist: constant, value: 3}
  pause: {dist: exponential, mean: 60s}
agents:
  - name: agent
    count: 40
    concurrency: 3
    response_time: {dist: exponential, mean: 30s}
routing:
  push_timeout: 1h
`

type serveProc struct {
	cmd    *exec.Cmd
	addr   string
	stderr *bytes.Buffer
}

// startServe runs `omnisim serve` and waits for "listening on ADDR".
func startServe(t *testing.T, bin string, args ...string) *serveProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.stop() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("serve %v: no address (%v): %s", args, err, p.stderr)
	}
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok {
		t.Fatalf("serve printed %q", line)
	}
	p.addr = addr
	go io.Copy(io.Discard, out)
	return p
}

func (p *serveProc) stop() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			<-done
		}
	}
}

func (p *serveProc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	p.cmd.Wait()
}

// killRun runs `omnisim load` against serve and kills serve with SIGKILL a second
// into the run, restarting it on the same address (and state file, if any) after
// half a second. The load run keeps going: steps that fail are retried with the
// same message ids.
func killRun(t *testing.T, withState bool) *loadtest.Report {
	bin := omnisimBinary(t)
	dir := t.TempDir()
	scenario := filepath.Join(dir, "load.yaml")
	if err := os.WriteFile(scenario, []byte(loadScenarioYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--scenario", scenario, "--time-scale", "3600"}
	if withState {
		args = append(args, "--state", filepath.Join(dir, "state.db"))
	}
	srv := startServe(t, bin, append(args, "--addr", "127.0.0.1:0")...)
	report := filepath.Join(dir, "report.json")
	load := exec.Command(bin, "load", "--target", "http://"+srv.addr, "--scenario", scenario,
		"--time-scale", "3600", "--duration", "3s", "--rate", "40", "--drain", "10s", "--max-lag", "1s",
		"--format", "json", "--out", report, "--threshold", "lost=0", "--threshold", "duplicated=0")
	var loadErr bytes.Buffer
	load.Stderr = &loadErr
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	srv.kill(t)
	time.Sleep(500 * time.Millisecond)
	restarted := startServe(t, bin, append(args, "--addr", srv.addr)...)
	err := load.Wait()
	restarted.stop()
	data, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("load: %v, no report: %v\n%s", err, rerr, loadErr.String())
	}
	rep, rerr := loadtest.ReadReport(bytes.NewReader(data))
	if rerr != nil {
		t.Fatal(rerr)
	}
	var text bytes.Buffer
	rep.WriteText(&text)
	t.Logf("load exit: %v\n%s", err, text.String())
	if rep.Retries == 0 || rep.Codes["0"] == 0 {
		t.Errorf("no failed requests or retries: the server was not down during the run (codes %v)", rep.Codes)
	}
	return rep
}

// The "Must show": serve --state under load, killed with SIGKILL mid-run and
// restarted on the same file: the audit finds no acknowledged message lost or
// delivered twice.
func TestServeKill9WithStateLosesNothing(t *testing.T) {
	rep := killRun(t, true)
	a := rep.Audit
	if !a.Audited || a.Lost != 0 || a.Duplicated != 0 || a.Acknowledged < 200 {
		t.Fatalf("audit %+v: want no loss or duplicate", a)
	}
	for _, th := range rep.Thresholds {
		if !th.Pass {
			t.Errorf("threshold %s failed: %s", th.Threshold, th.Actual)
		}
	}
}

// The same run without --state must report the loss: the audit can fail.
func TestServeKill9WithoutStateReportsLoss(t *testing.T) {
	rep := killRun(t, false)
	if !rep.Audit.Audited || rep.Audit.Lost == 0 {
		t.Fatalf("audit %+v: an in-memory server that was killed must have lost acknowledged messages", rep.Audit)
	}
	if !rep.Failed() {
		t.Error("the lost=0 threshold passed")
	}
}

func TestServeBadStateFile(t *testing.T) {
	bin := omnisimBinary(t)
	path := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 100), 0o644)
	out, err := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--state", path).CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitBadInput || !strings.Contains(string(out), path) {
		t.Fatalf("exit %v, output %q: want exit 2 naming the file", err, out)
	}
}

// serve answers; SIGTERM stops it cleanly with exit 0.
func TestServeHealthAndGracefulStop(t *testing.T) {
	bin := omnisimBinary(t)
	p := startServe(t, bin, "--addr", "127.0.0.1:0", "--token", "tok")
	resp, err := http.Get("http://" + p.addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if h["status"] != "ok" {
		t.Fatalf("healthz %v", h)
	}
	resp, err = http.Get("http://" + p.addr + "/v1/agents")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, p.stderr)
	}
}

func TestLoadBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"load"},
		{"load", "--target", "ftp://x"},
		{"load", "--target", "http://127.0.0.1:1", "--threshold", "p99<<5"},
		{"load", "--target", "http://127.0.0.1:1", "--shard", "5/4"},
		{"load", "--target", "http://127.0.0.1:1", "--rate", "-3"},
		{"load", "--target", "http://127.0.0.1:1", "--mapping", "/nonexistent.yaml"},
		{"load", "merge"},
		{"serve", "--time-scale", "0"},
	} {
		code, _, stderr := runCLI(args...)
		if code != exitBadInput || !strings.HasPrefix(stderr, "omnisim: ") {
			t.Errorf("%v: exit %d, stderr %q; want 2", args, code, stderr)
		}
	}
}
