package scenarios

import _ "embed"

//go:embed default.yaml
var defaultYAML []byte

// DefaultName is how the embedded default scenario is named in messages.
const DefaultName = "default.yaml (embedded)"

// DefaultYAML returns the text of the embedded default scenario.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// Default loads the embedded default scenario.
func Default() (*Scenario, error) { return Parse(DefaultName, defaultYAML) }
