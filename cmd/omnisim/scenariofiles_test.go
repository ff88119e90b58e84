package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWalkSkipsTestdataAndHiddenDirs: a directory walk (validate, check) skips
// testdata and directories beginning with . or _, as the go tool does, so that
// `omnisim check scenarios/` in this repository does not run the loader's invalid
// fixtures (it exited 2); naming such a directory still checks it.
func TestWalkSkipsTestdataAndHiddenDirs(t *testing.T) {
	broken := "version: 1\nhorizon: nope\n"
	dir := writeFiles(t, map[string]string{
		"good.yaml":                 validScenario,
		"team/also-good.yml":        validScenario,
		"team/testdata/broken.yaml": broken,
		"testdata/broken.yaml":      broken,
		".github/broken.yaml":       broken,
		"_drafts/broken.yaml":       broken,
		"team/.cache/broken.yaml":   broken,
	})
	code, out, errs := validateCLI(dir)
	if code != 0 || errs != "" {
		t.Fatalf("validate DIR: exit %d, stderr %q, want 0 (fixtures skipped)", code, errs)
	}
	want := []string{"ok " + filepath.Join(dir, "good.yaml"), "ok " + filepath.Join(dir, "team", "also-good.yml")}
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("validate DIR listed %q, want %q", got, want)
	}
	for _, sub := range []string{"testdata", filepath.Join("team", "testdata"), ".github", "_drafts"} {
		if code, _, errs := validateCLI(filepath.Join(dir, sub)); code != exitBadInput || !strings.Contains(errs, "broken.yaml") {
			t.Errorf("validate %s (named): exit %d, stderr %q; want the broken file checked, exit 2", sub, code, errs)
		}
	}
	// check walks the same way: only the two valid files (without assert: lines).
	code, out, errs = checkCLI(dir)
	if code != 0 || !strings.Contains(out, "0 assertions in 2 scenarios") {
		t.Errorf("check DIR: exit %d\n%s\n%s", code, out, errs)
	}
	// A directory holding only skipped directories says why it found nothing.
	only := writeFiles(t, map[string]string{"testdata/broken.yaml": broken})
	if code, _, errs := validateCLI(only); code != exitBadInput || !strings.Contains(errs, "testdata and directories beginning with . or _ are skipped") {
		t.Errorf("validate of a directory with only testdata: exit %d, %q", code, errs)
	}
}

// TestCheckRepositoryScenarios is README's CI recipe in this repository: `omnisim
// check scenarios/ --junit check.xml` passes (it walked scenarios/testdata and
// exited 2).
func TestCheckRepositoryScenarios(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "check.xml")
	code, out, errs := checkCLI(filepath.Join("..", "..", "scenarios"), "--quick", "--junit", junit)
	if code != 0 || strings.Contains(out, "testdata") {
		t.Fatalf("check scenarios/: exit %d\n%s\n%s", code, out, errs)
	}
}
