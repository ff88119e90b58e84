package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"
)

// docCommand is one command of the documentation: a logical shell command (lines
// joined at a trailing backslash, a for loop up to its done), where it comes from,
// and what the documentation says about it.
type docCommand struct {
	text   string
	where  string // README.md:LINE or "omnisim X --help"
	expect int    // exit code the text promises: 0 unless a comment ends in (exit N)
	skip   string // why it is not run ("" to run it)
}

// Markers in a command's trailing comment (README "Documentation that runs").
var (
	expectRE = regexp.MustCompile(`\(exit (\d+)\)\s*$`)
	skipRE   = regexp.MustCompile(`\(([^()]+): not run by the README test\)\s*$`)
)

// testSkips are the commands the test itself does not run, by prefix, with why:
// every skip is named here or in the README text, never silent.
var testSkips = []struct{ prefix, why string }{
	{"make test", "the suite this test belongs to: it would run itself"},
	{"omnisim serve", "a long-running server on a fixed port (8080 by default); TestServeHealthAndGracefulStop and TestServeLoadDefaultScenario run serve on port 0"},
	{"(cd deploy && go test", "make test runs the deploy module's tests itself (make deploy-test, its last step): run here too they would run twice"},
	{"omnisim load", "needs a running target (127.0.0.1:8080, or a deployment off this machine) and its examples hold placeholders (..., $TOKEN); TestServeLoadDefaultScenario runs load against serve on port 0"},
}

// TestReadmeCommands runs every command of README.md's sh blocks and the run:
// steps of its yaml blocks, then the examples of every command's --help, in a copy
// of the repository's tracked files (a fresh clone), and fails on an exit code the
// text does not promise. Outputs (retail.yaml, check.xml, *.html, part-*.json) stay
// in the copy.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: TestReadmeCommands builds omnisim in a copy of the repository and runs every README and --help command")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs := readmeCommands(string(readme))
	if len(docs) < 20 {
		t.Fatalf("found %d commands in README.md; the extraction is broken", len(docs))
	}
	work := freshCopy(t, root)
	env := commandEnv(work)

	var ran, nonZero int
	var skipped, repeats []string
	type timed struct {
		what string
		d    time.Duration
	}
	var took []timed            // logged, slowest first: where the test's time goes (never asserted)
	done := map[string]string{} // command (without bin/ and comment) → where it ran
	runAll := func(list []docCommand) {
		for _, d := range list {
			if d.skip == "" {
				d.skip = testSkip(d.text)
			}
			if d.skip != "" {
				skipped = append(skipped, fmt.Sprintf("%s: %s — %s", d.where, firstLine(d.text), d.skip))
				continue
			}
			key := strings.TrimPrefix(strings.TrimSpace(stripComment(d.text)), "bin/")
			if prev, ok := done[key]; ok {
				repeats = append(repeats, fmt.Sprintf("%s: %s (as %s)", d.where, firstLine(d.text), prev))
				continue
			}
			done[key] = d.where
			began := time.Now()
			code, out := runShell(t, work, env, d.text)
			took = append(took, timed{d.where + ": " + firstLine(d.text), time.Since(began)})
			ran++
			if d.expect != 0 {
				nonZero++
			}
			if code != d.expect {
				t.Errorf("%s: %s\nexit %d, the text promises %d; output:\n%s", d.where, d.text, code, d.expect, tail(out, 2000))
			}
		}
	}
	runAll(docs)
	if _, err := os.Stat(filepath.Join(work, "bin", "omnisim")); err != nil {
		t.Fatalf("README's commands did not build bin/omnisim (make run): %v", err)
	}
	if _, err := os.Stat(filepath.Join(work, "retail.yaml")); err != nil {
		t.Fatalf("README's commands did not write retail.yaml, which the --help examples use: %v", err)
	}

	helps, problems := helpExamples()
	for _, p := range problems {
		t.Error(p)
	}
	runAll(helps)

	t.Logf("README and --help commands: %d run (%d of them expected to exit non-zero, as marked), %d already run (the same command in README and a --help), %d skipped:",
		ran, nonZero, len(repeats), len(skipped))
	for _, r := range repeats {
		t.Logf("  already run %s", r)
	}
	for _, s := range skipped {
		t.Logf("  skipped %s", s)
	}
	for _, s := range skippedHelp {
		t.Logf("  no example in %s", s)
	}
	sort.Slice(took, func(i, j int) bool { return took[i].d > took[j].d })
	for i, c := range took {
		if i == 15 {
			break
		}
		t.Logf("  took %6.1fs %s", c.d.Seconds(), c.what)
	}
}

// readmeCommands extracts the commands of the README: each logical command of an
// sh block, and each `run:` step of a yaml block (GitHub Actions), in order.
func readmeCommands(readme string) []docCommand {
	var out []docCommand
	var (
		fence   string // "sh", "yaml", other, or "" outside a block
		pending []string
		start   int
		depth   int
	)
	flush := func() {
		if len(pending) == 0 {
			return
		}
		out = append(out, newDocCommand(strings.Join(pending, "\n"), fmt.Sprintf("README.md:%d", start)))
		pending = nil
	}
	runStep := regexp.MustCompile(`^\s*-?\s*run:\s*(.+)$`)
	sc := bufio.NewScanner(strings.NewReader(readme))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			if fence == "" {
				fence = strings.TrimPrefix(trimmed, "```")
				if fence == "" {
					fence = "text"
				}
			} else {
				flush()
				fence, depth = "", 0
			}
			continue
		}
		switch fence {
		case "sh", "bash", "shell":
			if len(pending) == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
				continue
			}
			if len(pending) == 0 {
				start = n
			}
			pending = append(pending, line)
			code := strings.TrimSpace(stripComment(line))
			if first, _, _ := strings.Cut(code, " "); first == "for" || first == "while" {
				depth++
			}
			if code == "done" || strings.HasSuffix(code, "; done") {
				depth--
			}
			if !strings.HasSuffix(code, `\`) && depth <= 0 {
				flush()
				depth = 0
			}
		case "yaml", "yml":
			if m := runStep.FindStringSubmatch(line); m != nil {
				out = append(out, newDocCommand(m[1], fmt.Sprintf("README.md:%d", n)))
			}
		}
	}
	return out
}

func newDocCommand(text, where string) docCommand {
	d := docCommand{text: text, where: where}
	for _, line := range strings.Split(text, "\n") {
		c := comment(line)
		if m := expectRE.FindStringSubmatch(c); m != nil {
			d.expect, _ = strconv.Atoi(m[1])
		}
		if m := skipRE.FindStringSubmatch(c); m != nil {
			d.skip = m[1] + " (README)"
		}
	}
	return d
}

// comment is a shell line's trailing comment ("" without one): from the first #
// outside quotes that starts a word.
func comment(line string) string {
	i := commentStart(line)
	if i < 0 {
		return ""
	}
	return line[i+1:]
}

func stripComment(line string) string {
	if i := commentStart(line); i >= 0 {
		return line[:i]
	}
	return line
}

func commentStart(line string) int {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}

func testSkip(text string) string {
	cmd := strings.TrimSpace(stripComment(text))
	cmd = strings.TrimPrefix(cmd, "bin/")
	if strings.HasPrefix(cmd, "omnisim roster") {
		if _, err := exec.LookPath("cbc"); err != nil {
			return "needs the CBC solver (Debian coinor-cbc, installed by make solver), not on this machine (TestReadmeCommands)"
		}
	}
	for _, s := range testSkips {
		if strings.HasPrefix(cmd, s.prefix) {
			return s.why + " (TestReadmeCommands)"
		}
	}
	return ""
}

// noExampleYet names the commands whose --help lacks an example, with why; the
// test lists them (empty the entry when the example lands).
var noExampleYet = map[string]string{}

// skippedHelp collects the commands of noExampleYet that helpExamples met.
var skippedHelp []string

// helpExamples collects the example lines of every command's --help (the
// description's indented lines), and reports a command without a usage line or
// without an example.
func helpExamples() (cmds []docCommand, problems []string) {
	skippedHelp = nil
	seen := map[string]bool{}
	var walk func(path []string, list []*cli.Command)
	walk = func(path []string, list []*cli.Command) {
		for _, c := range list {
			if c.Hidden {
				continue
			}
			p := append(append([]string(nil), path...), c.Name)
			args := append(append([]string(nil), p...), "--help")
			if c.Name == "help" && len(path) == 0 {
				args = []string{"help", "help"} // help --help is the app's help (urfave/cli)
			}
			code, out, errs := runCLI(args...)
			where := "omnisim " + strings.Join(args, " ")
			if code != 0 {
				problems = append(problems, fmt.Sprintf("%s: exit %d: %s", where, code, errs))
				continue
			}
			usage, examples := parseHelp(out)
			if !strings.HasPrefix(usage, "omnisim "+strings.Join(p, " ")) {
				problems = append(problems, fmt.Sprintf("%s: no usage line for the command (USAGE: %q)", where, usage))
			}
			if why, ok := noExampleYet[strings.Join(p, " ")]; ok && len(examples) == 0 {
				skippedHelp = append(skippedHelp, where+": no example yet — "+why)
			} else if len(examples) == 0 {
				problems = append(problems, fmt.Sprintf("%s: no example (indented command lines in its description)", where))
			}
			for _, e := range examples {
				if !seen[e] {
					seen[e] = true
					cmds = append(cmds, newDocCommand(e, where))
				}
			}
			walk(p, c.Subcommands)
		}
	}
	walk(nil, newApp(nil, nil).Commands)
	return cmds, problems
}

// parseHelp returns the first USAGE line and the example commands of a help text:
// description lines indented as code (six spaces), joined at trailing backslashes.
func parseHelp(text string) (usage string, examples []string) {
	section := ""
	var pending string
	for _, line := range strings.Split(text, "\n") {
		if line != "" && line[0] != ' ' && strings.HasSuffix(line, ":") {
			section = line
			continue
		}
		switch section {
		case "USAGE:":
			if usage == "" {
				usage = strings.TrimSpace(line)
			}
		case "DESCRIPTION:":
			code := strings.TrimSpace(line)
			if pending != "" {
				pending += "\n" + line
			} else if strings.HasPrefix(line, "      ") && code != "" && !strings.HasPrefix(line, "       ") {
				pending = code
			} else {
				continue
			}
			if !strings.HasSuffix(strings.TrimSpace(stripComment(line)), `\`) {
				examples = append(examples, pending)
				pending = ""
			}
		}
	}
	return usage, examples
}

// freshCopy copies the repository's tracked files (git ls-files, or every file but
// .git and bin/ without git) to a temporary directory.
func freshCopy(t *testing.T, root string) string {
	t.Helper()
	dst := t.TempDir()
	var files []string
	if out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output(); err == nil && len(out) > 0 {
		for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
			files = append(files, filepath.FromSlash(f))
		}
	} else {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if d.IsDir() && (rel == ".git" || rel == "bin") {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		src := filepath.Join(root, f)
		info, err := os.Lstat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the work tree, not yet in the index
		}
		if err != nil {
			t.Fatal(err)
		}
		if !info.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// commandEnv is the environment of the commands: bin/ of the copy first on the
// PATH (README's hook and the --help examples call omnisim by name), no Indexed
// Job variables (they would shard every run), and -trimpath so that the build in
// the copy shares the Go build cache with earlier runs in other directories.
func commandEnv(work string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "GOFLAGS", "JOB_COMPLETION_INDEX", "JOB_COMPLETIONS":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PATH="+filepath.Join(work, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"), "GOFLAGS=-trimpath")
}

// runShell runs text with sh in dir and returns its exit code and output. A
// command is killed only a minute before the test binary's own -timeout would
// end the test, so that a hung one is named with its output: no fixed limit per
// command, which a loaded machine exceeds (at load 40, make run's first build in
// the copy took over 10 minutes).
func runShell(t *testing.T, dir string, env []string, text string) (int, string) {
	t.Helper()
	ctx, cancel := context.Background(), func() {}
	if d, ok := t.Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, d.Add(-time.Minute))
	}
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", text)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit) && ctx.Err() == nil:
		return exit.ExitCode(), out.String()
	}
	t.Fatalf("%s: %v\n%s", text, err, tail(out.String(), 2000))
	return -1, ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// TestReadmeExtraction pins the extraction rules the README documents: logical
// commands, markers, loops and run: steps.
func TestReadmeExtraction(t *testing.T) {
	doc := "text\n```sh\n# a comment line\nbin/omnisim run   # plain\nbin/omnisim validate x   # broken on purpose (exit 2)\n" +
		"for i in 1 2; do\n  bin/omnisim run --shard $i/2 \\\n    --out p$i.json\ndone\nkubectl get pods   # (needs a cluster: not run by the README test)\n```\n" +
		"```yaml\n- run: go run ./cmd/omnisim check x\n- uses: y\n```\n```json\n{\"run\": 1}\n```\n"
	got := readmeCommands(doc)
	want := []docCommand{
		{text: "bin/omnisim run   # plain", where: "README.md:4"},
		{text: "bin/omnisim validate x   # broken on purpose (exit 2)", where: "README.md:5", expect: 2},
		{text: "for i in 1 2; do\n  bin/omnisim run --shard $i/2 \\\n    --out p$i.json\ndone", where: "README.md:6"},
		{text: "kubectl get pods   # (needs a cluster: not run by the README test)", where: "README.md:10", skip: "needs a cluster (README)"},
		{text: "go run ./cmd/omnisim check x", where: "README.md:13"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d commands %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("command %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	usage, ex := parseHelp("NAME:\n   omnisim x - y\n\nUSAGE:\n   omnisim x [options]\n\nDESCRIPTION:\n   Prose.\n\n      omnisim x a\n      omnisim x b \\\n        --c d\n\nOPTIONS:\n   --help\n")
	if usage != "omnisim x [options]" || len(ex) != 2 || ex[0] != "omnisim x a" || ex[1] != "omnisim x b \\\n        --c d" {
		t.Errorf("parseHelp: usage %q, examples %q", usage, ex)
	}
}
