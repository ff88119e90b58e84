package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrDefault(t *testing.T) {
	sc, err := LoadOrDefault("", "")
	if err != nil || NameOf(sc) != DefaultName {
		t.Fatalf("the default: %v, %v", sc, err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nnope: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var list *ErrorList
	if _, err := LoadOrDefault(bad, ""); !errors.As(err, &list) || strings.HasPrefix(err.Error(), "scenario: ") {
		t.Errorf("an invalid file: %v, want its ErrorList as it is", err)
	}
	missing := filepath.Join(dir, "none.yaml")
	if _, err := LoadOrDefault(missing, ""); err == nil || !strings.HasPrefix(err.Error(), "scenario: ") {
		t.Errorf("a missing file: %v, want a scenario: error", err)
	}
	if err := os.WriteFile(bad, DefaultYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	if sc, err := LoadOrDefault(bad, ""); err != nil || NameOf(sc) != bad {
		t.Errorf("a file: %v, named %q", err, NameOf(sc))
	}
}
