package scenarios

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
)

// The example library: small, complete scenarios for the questions planners ask,
// each with assertions that pass (CI runs them all with omnisim check --quick).
// Users list them with omnisim scenarios list and copy one with omnisim scenarios
// show NAME > mine.yaml.
//
//go:embed examples/*.yaml
var examplesFS embed.FS

// DefaultExample is the name under which the embedded default scenario is listed.
const DefaultExample = "default"

// Example is one scenario of the library.
type Example struct {
	Name        string // the file name without .yaml, such as "bank-weekend"; "default" for the default scenario
	Description string // the scenario's description: key
	YAML        []byte // the file as written
}

// examples holds the library, read once.
var examples = sync.OnceValue(func() []Example {
	out := []Example{{Name: DefaultExample, YAML: defaultYAML, Description: description(DefaultName, defaultYAML)}}
	names, _ := fs.Glob(examplesFS, "examples/*.yaml")
	for _, n := range names {
		data, err := examplesFS.ReadFile(n)
		if err != nil {
			continue // cannot happen: the name came from the embedded directory
		}
		out = append(out, Example{
			Name:        strings.TrimSuffix(path.Base(n), ".yaml"),
			Description: description(n, data),
			YAML:        data,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
})

// description is an example's description: key or, without one, the first line of
// its leading comment.
func description(name string, data []byte) string {
	if sc, err := parse(name, data, fsFiles{examplesFS}); err == nil && strings.TrimSpace(sc.Description) != "" {
		return strings.Join(strings.Fields(sc.Description), " ")
	}
	line, _, _ := strings.Cut(string(data), "\n")
	if text, ok := strings.CutPrefix(strings.TrimSpace(line), "#"); ok {
		return strings.TrimSpace(text)
	}
	return ""
}

// Examples returns the example library sorted by name, the default scenario
// included (as "default"). The YAML of each is a copy the caller may keep.
func Examples() []Example {
	list := examples()
	out := make([]Example, len(list))
	for i, e := range list {
		e.YAML = append([]byte(nil), e.YAML...)
		out[i] = e
	}
	return out
}

// FindExample returns the example named name, or an error that lists the names.
func FindExample(name string) (Example, error) {
	var names []string
	for _, e := range examples() {
		if e.Name == name {
			e.YAML = append([]byte(nil), e.YAML...)
			return e, nil
		}
		names = append(names, e.Name)
	}
	return Example{}, fmt.Errorf("no example named %s%s; examples: %s", quoteIfOdd(name), didYouMean(name, names), strings.Join(names, ", "))
}

// LoadExample loads the example named name, as Load would load its file (bases
// named by extends: are found among the examples).
func LoadExample(name string) (*Scenario, error) {
	if name == DefaultExample {
		return Default()
	}
	if _, err := FindExample(name); err != nil {
		return nil, err
	}
	return LoadFS(examplesFS, "examples/"+name+".yaml")
}

// WriteExampleList writes each example's name and description, aligned (omnisim
// scenarios list).
func WriteExampleList(w io.Writer, list []Example) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range list {
		fmt.Fprintf(tw, "%s\t%s\n", e.Name, e.Description)
	}
	return tw.Flush()
}
