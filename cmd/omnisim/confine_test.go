package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtendsConfinedCLI: validate, check and run refuse a base outside the
// scenario's tree and never print a line of it, also when the tree holds a
// symlink to it that a directory walk finds; --base-dir widens the tree (issue
// 13, item 9; the secret appeared in stderr before the fix).
func TestExtendsConfinedCLI(t *testing.T) {
	const secret = "S3CRET-b41d"
	dir := t.TempDir()
	outside, tree, common := filepath.Join(dir, "outside"), filepath.Join(dir, "repo", "scenarios"), filepath.Join(dir, "repo", "common")
	for _, d := range []string{outside, tree, common} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secretFile := filepath.Join(outside, "shadow")
	write(secretFile, secret+" one two\n")
	write(filepath.Join(common, "base.yaml"), mmcScenario)
	write(filepath.Join(tree, "abs.yaml"), "version: 1\nextends: "+secretFile+"\n")
	write(filepath.Join(tree, "up.yaml"), "version: 1\nextends: ../../outside/shadow\n")
	write(filepath.Join(tree, "common.yaml"), "version: 1\nextends: ../common/base.yaml\nseed: 8\n")
	if err := os.Symlink(secretFile, filepath.Join(tree, "evil.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate", tree},
		{"check", tree},
		{"run", filepath.Join(tree, "abs.yaml")},
		{"run", filepath.Join(tree, "up.yaml")},
		{"run", filepath.Join(tree, "evil.yaml")},
		{"validate", "--base-dir", dir, filepath.Join(tree, "common.yaml"), filepath.Join(tree, "up.yaml")},
	} {
		code, stdout, stderr := omnisim(t, args...)
		if code != 2 || strings.Contains(stdout+stderr, secret) {
			t.Errorf("%v: exit %d, want 2 and no secret in\n%s%s", args, code, stdout, stderr)
		}
	}
	code, _, stderr := omnisim(t, "validate", filepath.Join(tree, "common.yaml"))
	if code != 2 || !strings.Contains(stderr, "common.yaml:2:10: extends: \"../common/base.yaml\" is outside") {
		t.Errorf("without --base-dir: exit %d, %s", code, stderr)
	}
	for _, cmd := range []string{"validate", "run"} {
		if code, _, stderr := omnisim(t, cmd, "--base-dir", filepath.Join(dir, "repo"), filepath.Join(tree, "common.yaml")); code != 0 {
			t.Errorf("%s --base-dir: exit %d, %s", cmd, code, stderr)
		}
	}
}
