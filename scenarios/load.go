package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize caps a scenario file. Real scenarios are a few kilobytes; the cap keeps a
// wrong path (a log, a dump) or a hostile file from exhausting memory.
const MaxFileSize = 4 << 20

// FormatVersion is the scenario format version this loader understands.
const FormatVersion = 1

// Load reads, parses, defaults and validates the scenario file at path. A file that is
// not a valid scenario yields an *ErrorList; a file that cannot be read, a plain error.
// A file that extends a base finds it relative to its own directory, and the base
// must be inside that directory's tree.
func Load(path string) (*Scenario, error) {
	return LoadIn(path, "")
}

// LoadIn is Load with the bases of path (extends:, and theirs) confined to the tree
// of baseDir instead of path's directory: a base is named relative to the file
// that extends it, and one outside baseDir (an absolute path, a .. that climbs out,
// a symlink that leads out) is an error at the extends: line. An empty baseDir is
// path's directory.
func LoadIn(path, baseDir string) (*Scenario, error) {
	data, err := readLimited(os.Open(path))
	if err != nil {
		return nil, err
	}
	if baseDir == "" {
		baseDir = filepath.Dir(path)
	}
	return parse(path, data, osFiles{root: baseDir})
}

// LoadFS is Load on a file system such as an embed.FS; extends: paths are resolved
// inside fsys.
func LoadFS(fsys fs.FS, name string) (*Scenario, error) {
	data, err := readLimited(fsys.Open(name))
	if err != nil {
		return nil, err
	}
	return parse(name, data, fsFiles{fsys})
}

// Parse parses, defaults and validates a scenario held in memory; file names it in
// messages and in Scenario.File, and is where extends: paths are resolved from (on the
// operating system's file system, inside file's directory tree). It returns either a valid scenario or an
// *ErrorList with every problem found, each with file, line, column and field path.
// It never panics, whatever data holds.
func Parse(file string, data []byte) (*Scenario, error) {
	return parse(file, data, osFiles{root: filepath.Dir(file)})
}

func parse(file string, data []byte, files fileSystem) (s *Scenario, err error) {
	p := &parser{file: file, files: files, seen: map[string]*yaml.Node{}, fileOf: map[*yaml.Node]string{}}
	defer func() {
		// The YAML library and dist.New are not ours; a panic in them is a bug there,
		// but the user still gets a message at a position instead of a stack trace.
		if r := recover(); r != nil {
			s = nil
			p.errs = append(p.errs, &Error{File: file, Line: 1, Column: 1, Msg: fmt.Sprintf("internal error while reading the scenario: %v", r)})
			err = p.list()
		}
	}()
	root := p.document(file, data)
	if root == nil {
		return nil, p.list()
	}
	if mapValue(root, "version") == nil && mapValue(root, "extends") == nil {
		// Not a scenario (nor a variant, whose base may give the version): its keys
		// and values are not echoed in messages (a file found by a directory walk in
		// CI may be anything, such as a symlink to a secret).
		p.errf(root, "version", "required: add version: %d as the first line", FormatVersion)
		return nil, p.list()
	}
	root, bases := p.extend(root, file, []string{file})
	p.root = root
	s = p.scenario(root)
	if s == nil {
		return nil, p.list()
	}
	s.Extends = bases
	if p.incomplete {
		// Without its base the file is a fragment: defaults and cross-field checks
		// would only report what the base would have given.
		return nil, p.list()
	}
	// Defaults and cross-field checks run even when a field was bad, so that one pass
	// shows every problem; the checks skip values that failed to parse (left zero).
	p.applyDefaults(s)
	p.validate(s)
	if len(p.errs) == 0 {
		p.checkLimits(s)
	}
	if len(p.errs) > 0 {
		return nil, p.list()
	}
	p.keep(s)
	return s, nil
}

// readLimited reads an opened file up to one byte past MaxFileSize, so that Parse can
// refuse a larger one without reading it all.
func readLimited(f fs.File, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// parser walks one file's YAML node tree and collects every error on the way.
type parser struct {
	file  string     // the file given to Parse or Load
	files fileSystem // where extends: finds base files
	errs  []*Error
	// fileOf names the file of nodes that come from a base scenario (extends:); nodes
	// of the file itself are not in it.
	fileOf map[*yaml.Node]string
	// seen maps the path of each key present in the file to its value node: applyDefaults
	// fills only what is absent, and cross-field checks point at the node they blame.
	seen map[string]*yaml.Node
	root *yaml.Node
	// assertNodes holds the node of each parsed assertion, parallel to Scenario.Assert.
	// incomplete is set when a base named by extends: could not be read: keys the
	// base would have given are then not reported as missing.
	incomplete  bool
	assertNodes []*yaml.Node
	assertIndex []int
}

func (p *parser) list() error {
	l := &ErrorList{Errors: p.errs}
	l.sortAndCap(p.file)
	return l
}

// missing records a missing required key, unless the file is incomplete.
func (p *parser) missing(n *yaml.Node, path, format string, args ...any) {
	if !p.incomplete {
		p.errf(n, path, format, args...)
	}
}

// errf records an error at node n (or line 1 when n is nil).
func (p *parser) errf(n *yaml.Node, path, format string, args ...any) {
	file, line, col := p.file, 1, 1
	if f, ok := p.fileOf[n]; ok {
		file = f
	}
	if n != nil {
		if n.Line > 0 {
			line = n.Line
		}
		if n.Column > 0 {
			col = n.Column
		}
	}
	p.errs = append(p.errs, &Error{File: file, Line: line, Column: col, Path: printable(path), Msg: printable(fmt.Sprintf(format, args...))})
}

// printable keeps a message on one line whatever the file holds: keys and values with
// control characters or invalid UTF-8 are shown escaped, as in a Go string literal.
func printable(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || (!unicode.IsPrint(r) && r != ' ') {
			q := strconv.Quote(s)
			return q[1 : len(q)-1]
		}
	}
	return s
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parserErrors are the messages of yaml.v3's parser (parserc.go), as opposed to its
// scanner: their line is 0-based.
var parserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// document parses the data of file into its root mapping node, reporting syntax
// errors, more than one document and aliases. It returns nil when there is nothing to
// walk. Nodes of a file other than p.file are recorded in p.fileOf.
func (p *parser) document(file string, data []byte) *yaml.Node {
	at := func(n *yaml.Node, format string, args ...any) {
		if n == nil {
			n = &yaml.Node{Line: 1, Column: 1}
		}
		if file != p.file {
			p.fileOf[n] = file
		}
		p.errf(n, "", format, args...)
	}
	if len(data) > MaxFileSize {
		at(nil, "file is larger than %d MiB; a scenario is a few kilobytes", MaxFileSize>>20)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			at(nil, "file holds no scenario (it is empty or only comments); a scenario starts with version: 1")
			return nil
		}
		msg, line := err.Error(), 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			if n, e := strconv.Atoi(m[1]); e == nil && n > 0 {
				line = n
			}
			msg = msg[len(m[0]):]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		// yaml.v3 prints the 0-based line for parser errors (it adds 1 only for
		// scanner errors) and leaves the line out when it is 0.
		if parserErrors[msg] || line == 0 {
			line++
		}
		at(&yaml.Node{Line: line, Column: 1}, "YAML syntax error: %s", msg)
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		at(&next, "more than one YAML document (---); a file holds one scenario")
	} else if !errors.Is(err, io.EOF) {
		at(nil, "more than one YAML document (---); a file holds one scenario")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		at(&doc, "file holds no scenario; a scenario starts with version: 1")
		return nil
	}
	if file != p.file {
		markFile(&doc, file, p.fileOf)
	}
	p.rejectAliases(&doc)
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			at(root, "file holds no scenario; a scenario starts with version: 1")
		} else {
			// The kind only, not the value: the file is not a scenario, and may be
			// anything.
			at(root, "a scenario must be a mapping of keys (version: 1, name: …), got %s", kindOnly(root))
		}
		return nil
	}
	return root
}

// rejectAliases reports every alias. Aliases would let a small file expand into a huge
// tree (the "billion laughs"), and a scenario has no use for them. The walk is
// iterative, so nesting depth costs no stack.
func (p *parser) rejectAliases(doc *yaml.Node) {
	stack := []*yaml.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.AliasNode {
			p.errf(n, "", "YAML aliases (*%s) are not supported; write the value out", n.Value)
			continue
		}
		stack = append(stack, n.Content...)
	}
}

// kindOnly names the kind of a node without its value.
func kindOnly(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return kindName(n)
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	return "a string"
}

// defaultName derives a scenario name from the file name when the file gives none.
func defaultName(file string) string {
	base := filepath.Base(file)
	if base == "." || base == "/" || file == "" {
		return "scenario"
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}
