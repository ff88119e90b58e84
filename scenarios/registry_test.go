package scenarios

import (
	"os"
	"strings"
	"testing"
)

// docDefaultsHead is the line of doc.go after which the table of defaults stands.
const docDefaultsHead = "// Defaults are applied in one place, applyDefaults, after parsing:\n//\n"

// TestDocDefaults: the table of defaults in the package documentation is the
// registry's (defaultsTable); go test ./scenarios -run DocDefaults -update
// rewrites it.
func TestDocDefaults(t *testing.T) {
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i := strings.Index(doc, docDefaultsHead)
	if i < 0 {
		t.Fatalf("doc.go has no line %q", docDefaultsHead)
	}
	i += len(docDefaultsHead)
	j := strings.Index(doc[i:], "//\n")
	if j < 0 {
		t.Fatal("doc.go: the table of defaults does not end")
	}
	var b strings.Builder
	for _, line := range defaultsTable() {
		b.WriteString("//\t" + line + "\n")
	}
	if got, want := doc[i:i+j], b.String(); got != want {
		if *update {
			if err := os.WriteFile("doc.go", []byte(doc[:i]+want+doc[i+j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("doc.go's table of defaults is stale: go test ./scenarios -run DocDefaults -update rewrites it\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// TestRegistryRows: every row names its key once in its section, and a row's kind
// or schema says what its value is.
func TestRegistryRows(t *testing.T) {
	seen := map[string]bool{}
	for _, sec := range sections {
		if seen[sec.name] {
			t.Errorf("section %s listed twice", sec.name)
		}
		seen[sec.name] = true
		names := map[string]bool{}
		for _, k := range sec.keys {
			if names[k.name] {
				t.Errorf("%s.%s: two rows", sec.name, k.name)
			}
			names[k.name] = true
			if len(k.valueSchema()) == 0 {
				t.Errorf("%s.%s: no kind and no schema", sec.name, k.name)
			}
			if k.kind == kEnum && k.enum == nil {
				t.Errorf("%s.%s: an enum without values", sec.name, k.name)
			}
			if k.kind != kCustom && k.field == nil {
				t.Errorf("%s.%s: kind without the field it sets", sec.name, k.name)
			}
		}
	}
}
