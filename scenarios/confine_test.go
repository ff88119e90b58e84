package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secret is in files outside the scenario tree (and in non-scenario files inside
// it); it must never appear in an error.
const secret = "S3CRET-7f1c9"

// secretFiles are shapes a secret file takes: a shadow-like line, a YAML
// mapping without version, a scalar, a list and a .env line.
var secretFiles = map[string]string{
	"shadow":  "root:$6$" + secret + ":19000:0:99999:7:::\n",
	"mapping": "token: " + secret + "\n" + secret + ": 1\n",
	"scalar":  secret + " is the password\n",
	"list":    "- " + secret + "\n",
	"env":     "API_KEY=" + secret + "\n",
}

// confineTree lays out dir/outside/<secret files>, dir/scen/ (the scenario tree)
// with a base, and symlinks in scen that lead out.
func confineTree(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"outside", "scen/sub", "common"} {
		must(os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	for name, text := range secretFiles {
		must(os.WriteFile(filepath.Join(dir, "outside", name+".yaml"), []byte(text), 0o644))
		// The same inside the tree: not a scenario, so not quoted either.
		must(os.WriteFile(filepath.Join(dir, "scen", name+".txt"), []byte(text), 0o644))
	}
	base := "version: 1\nhorizon: 1h\nchannels: {web: {}}\narrivals: [{channel: web, rate: 1/h}]\n" +
		"agents: [{name: a, count: 1, response_time: {dist: constant, value: 1s}}]\n"
	must(os.WriteFile(filepath.Join(dir, "scen", "base.yaml"), []byte(base), 0o644))
	must(os.WriteFile(filepath.Join(dir, "common", "base.yaml"), []byte(base), 0o644))
	must(os.Symlink(filepath.Join(dir, "outside", "mapping.yaml"), filepath.Join(dir, "scen", "link.yaml")))
	must(os.Symlink("../outside", filepath.Join(dir, "scen", "linkdir")))
	must(os.Symlink(filepath.Join(dir, "scen", "base.yaml"), filepath.Join(dir, "scen", "sub", "inlink.yaml")))
	return dir
}

// TestExtendsConfined: a base outside the scenario's directory tree (absolute, ..,
// or a symlink out) is an error at the extends: line, and no error quotes a file
// that is not a scenario (issue 13, item 9: extends: /etc/shadow printed a line of
// it). This test fails on the code before the fix: the secret appeared in the
// errors.
func TestExtendsConfined(t *testing.T) {
	dir := confineTree(t)
	out := filepath.Join(dir, "outside")
	type tc struct {
		name, ref string
		baseDir   string // "" = the file's directory
		want      string // "" = valid
	}
	var tests []tc
	for name := range secretFiles {
		tests = append(tests,
			tc{"absolute " + name, filepath.Join(out, name+".yaml"), "", "is an absolute path"},
			tc{"dotdot " + name, "../outside/" + name + ".yaml", "", "is outside"},
			tc{"in tree, not a scenario " + name, name + ".txt", "", "is not a scenario file"},
		)
	}
	tests = append(tests,
		tc{"symlink out", "link.yaml", "", "is outside"},
		tc{"symlinked dir out", "linkdir/mapping.yaml", "", "is outside"},
		tc{"missing", "nope.yaml", "", "cannot read the base scenario"},
		tc{"base-dir lets .. in", "../common/base.yaml", dir, ""},
		tc{"base-dir still confines", "../outside/mapping.yaml", filepath.Join(dir, "scen"), "is outside"},
		tc{"same directory", "base.yaml", "", ""},
		tc{"symlink inside the tree", "sub/inlink.yaml", "", ""},
	)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, "scen", "v.yaml")
			if err := os.WriteFile(file, []byte("version: 1\nextends: "+tt.ref+"\nseed: 3\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := LoadIn(file, tt.baseDir)
			if tt.want == "" {
				if err != nil || s.Seed != 3 || s.Horizon == 0 {
					t.Fatalf("valid variant: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("loaded %s", tt.ref)
			}
			msg := err.Error()
			if strings.Contains(msg, secret) {
				t.Errorf("the secret leaked:\n%s", msg)
			}
			if !strings.Contains(msg, "v.yaml:2:10: extends: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("got\n%s\nwant an error at v.yaml:2:10: extends: saying %q", msg, tt.want)
			}
		})
	}
}

// TestNotScenarioNotQuoted: a file given directly (or found by a directory walk,
// such as a symlink in a pull request) that is not a scenario is reported without
// its content.
func TestNotScenarioNotQuoted(t *testing.T) {
	dir := confineTree(t)
	for name := range secretFiles {
		_, err := Load(filepath.Join(dir, "outside", name+".yaml"))
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
