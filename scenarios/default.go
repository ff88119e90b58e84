package scenarios

import (
	_ "embed"
	"errors"
	"fmt"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultName is how the embedded default scenario is named in messages.
const DefaultName = "default.yaml (embedded)"

// DefaultYAML returns the text of the embedded default scenario.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// Default loads the embedded default scenario.
func Default() (*Scenario, error) { return Parse(DefaultName, defaultYAML) }

// LoadOrDefault is LoadIn(path, baseDir), or the embedded default scenario when
// path is "" (a command's optional SCENARIO). An invalid file's ErrorList is
// returned as it is (every error, one per line); other errors (a file that
// cannot be read) say "scenario:".
func LoadOrDefault(path, baseDir string) (*Scenario, error) {
	var (
		sc  *Scenario
		err error
	)
	if path == "" {
		sc, err = Default()
	} else {
		sc, err = LoadIn(path, baseDir)
	}
	if err != nil {
		var list *ErrorList
		if errors.As(err, &list) {
			return nil, err
		}
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return sc, nil
}

// NameOf is the scenario's file, or DefaultName for the embedded default: how
// commands name it in messages.
func NameOf(sc *Scenario) string {
	if sc.File != "" {
		return sc.File
	}
	return DefaultName
}
