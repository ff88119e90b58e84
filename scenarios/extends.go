package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// extends: lets teams keep one base scenario and small variants of it:
//
//	# weekend.yaml
//	version: 1
//	extends: retail.yaml          # relative to this file
//	name: retail-weekend
//	arrivals: [...]               # replaces the base's list
//	routing: {model: round_robin} # merges into the base's routing
//
// The variant is laid over the base key by key: mappings (sections such as routing,
// customers, bot, channels) merge recursively; lists (arrivals, agents, queues,
// profiles, assert), scalars and distributions (a mapping with dist: or mixture:)
// replace the base's value whole; a key left empty (bot:) changes nothing. The base's
// name is not inherited: a variant is named by its own name: or file name. A base may
// extend another base, up to maxExtendsDepth files; each file needs version: 1.
// Errors in a base are reported at the base's file and line.

// maxExtendsDepth bounds chains of bases.
const maxExtendsDepth = 8

// fileSystem is where base files are found.
type fileSystem interface {
	// resolve returns the name of ref as written in the file from.
	resolve(from, ref string) (string, error)
	read(name string) ([]byte, error)
}

// osFiles reads bases from the operating system, relative to the extending file
// and inside root: the scenario's directory tree, or the base directory given on
// the command line. A base outside it — an absolute path, one that climbs out with
// .., or a symlink that leads out — is refused before it is opened: omnisim check
// runs scenario files from pull requests in CI, and a base's lines may be quoted in
// errors.
type osFiles struct {
	root string // directory bases must be inside; "" for the extending file's own
}

func (f osFiles) resolve(from, ref string) (string, error) {
	if filepath.IsAbs(ref) || filepath.VolumeName(ref) != "" {
		return "", fmt.Errorf("%s is an absolute path; a base is named relative to the extending file, inside %s", quote(ref), f.rootOf(from))
	}
	name := filepath.Join(filepath.Dir(from), ref)
	root := f.rootOf(from)
	inside, err := within(root, name)
	if err != nil {
		return "", err
	}
	if !inside {
		return "", fmt.Errorf("%s is outside %s; a base must be inside the scenario's directory (or --base-dir)", quote(ref), root)
	}
	return name, nil
}

// rootOf is the directory bases of from must be inside.
func (f osFiles) rootOf(from string) string {
	if f.root != "" {
		return f.root
	}
	return filepath.Dir(from)
}

// within reports whether name, with every symlink followed, is inside dir (also
// with symlinks followed). A name that does not exist is judged by its path, so
// that a missing base is reported as missing.
func within(dir, name string) (bool, error) {
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false, fmt.Errorf("base directory %s: %w", dir, unwrapPath(err))
	}
	realDir, err = filepath.Abs(realDir)
	if err != nil {
		return false, err
	}
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return false, unwrapPath(err)
		}
		// A dangling symlink is judged by where it points.
		if target, lerr := os.Readlink(name); lerr == nil {
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(name), target)
			}
			real = target
		} else {
			real = name
		}
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(realDir, real)
	if err != nil {
		return false, nil
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (osFiles) read(name string) ([]byte, error) {
	// Only regular files: a device or a FIFO could block or never end.
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return readLimited(os.Open(name))
}

// fsFiles reads bases from an fs.FS (such as the embedded examples).
type fsFiles struct{ fsys fs.FS }

func (f fsFiles) resolve(from, ref string) (string, error) {
	name := path.Join(path.Dir(from), ref)
	if path.IsAbs(ref) || !fs.ValidPath(name) {
		return "", fmt.Errorf("%s is outside the scenario file system", quote(ref))
	}
	return name, nil
}

func (f fsFiles) read(name string) ([]byte, error) {
	info, err := fs.Stat(f.fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return readLimited(f.fsys.Open(name))
}

// markFile records file as the origin of every node under n (iteratively: depth costs
// no stack).
func markFile(n *yaml.Node, file string, fileOf map[*yaml.Node]string) {
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		fileOf[n] = file
		stack = append(stack, n.Content...)
	}
}

// extend resolves root's extends: key (root belongs to file; chain lists the files
// already on the way, for cycles). It returns the merged tree without extends: keys
// and the base files used, nearest first.
func (p *parser) extend(root *yaml.Node, file string, chain []string) (*yaml.Node, []string) {
	var ref *yaml.Node
	kept := make([]*yaml.Node, 0, len(root.Content))
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "extends" {
			if ref != nil {
				p.errf(k, "extends", "duplicate key (first at line %d)", ref.Line)
				continue
			}
			ref = v
			continue
		}
		kept = append(kept, k, v)
	}
	if ref == nil {
		return root, nil
	}
	root = p.copyNode(root)
	root.Content = kept

	// Until the base is in, the file is a fragment (cleared at the end on success).
	p.incomplete = true
	name, ok := p.name(ref, "extends")
	if !ok {
		return root, nil
	}
	base, err := p.files.resolve(file, name)
	if err != nil {
		p.errf(ref, "extends", "%v", err)
		return root, nil
	}
	for _, f := range chain {
		if f == base {
			p.errf(ref, "extends", "%s extends itself: %s", quoteIfOdd(base), strings.Join(append(chain, base), " → "))
			return root, nil
		}
	}
	if len(chain) > maxExtendsDepth {
		p.errf(ref, "extends", "more than %d bases in a chain (%s)", maxExtendsDepth, strings.Join(chain, " → "))
		return root, nil
	}
	data, err := p.files.read(base)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		p.errf(ref, "extends", "cannot read the base scenario %s: %v", base, err)
		return root, nil
	}
	// Only a file that is a scenario (a YAML mapping with a version: key) has its
	// own errors, with their quotes of its lines; of any other file nothing is shown.
	if why := notScenario(data); why != "" {
		p.errf(ref, "extends", "the base %s is not a scenario file: %s", base, why)
		return root, nil
	}
	baseRoot := p.document(base, data)
	if baseRoot == nil || !p.baseVersion(baseRoot) {
		return root, nil
	}
	p.incomplete = false
	baseRoot, bases := p.extend(baseRoot, base, append(chain, base))
	if p.incomplete {
		return root, nil
	}
	// A variant is a scenario of its own: it does not take the base's name.
	baseRoot = p.without(baseRoot, "name")
	return p.merge(baseRoot, root), append([]string{base}, bases...)
}

// notScenario says why data is not scenario YAML — not YAML, not a mapping, no
// version: key — without quoting any of it; "" when it is.
func notScenario(data []byte) string {
	if len(data) > MaxFileSize {
		return fmt.Sprintf("larger than %d MiB", MaxFileSize>>20)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return "not valid YAML"
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return "not a YAML mapping of keys"
	}
	if mapValue(doc.Content[0], "version") == nil {
		return "it has no version: key"
	}
	return ""
}

// baseVersion checks a base file's own version: 1, which the variant's would hide.
func (p *parser) baseVersion(root *yaml.Node) bool {
	v := mapValue(root, "version")
	switch {
	case v == nil:
		p.errf(root, "version", "required: add version: %d as the first line", FormatVersion)
	default:
		n, num := versionNumber(v)
		switch {
		case !num || v.Kind != yaml.ScalarNode:
			p.errf(v, "version", "must be %d, got %s", FormatVersion, kindName(v))
		case n > FormatVersion:
			p.errf(v, "version", "version %s is newer than this omnisim understands (%d); upgrade omnisim", short(v.Value), FormatVersion)
			return false
		case n != FormatVersion:
			p.errf(v, "version", "must be %d (got %s)", FormatVersion, short(v.Value))
		}
	}
	return true
}

// without returns mapping n without key.
func (p *parser) without(n *yaml.Node, key string) *yaml.Node {
	out := p.copyNode(n)
	out.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind != yaml.ScalarNode || k.Value != key {
			out.Content = append(out.Content, k, n.Content[i+1])
		}
	}
	return out
}

// copyNode copies n (not its children), keeping the file it comes from.
func (p *parser) copyNode(n *yaml.Node) *yaml.Node {
	out := *n
	if f, ok := p.fileOf[n]; ok {
		p.fileOf[&out] = f
	}
	return &out
}

// merge lays over on top of base (see the comment at the top of this file). The merged
// mapping keeps base's key order, with over's new keys after; a key written twice in
// one file stays twice, so that the walk reports it.
func (p *parser) merge(base, over *yaml.Node) *yaml.Node {
	if isNull(over) && base.Kind == yaml.MappingNode {
		return base
	}
	if base.Kind != yaml.MappingNode || over.Kind != yaml.MappingNode ||
		mapValue(over, "dist") != nil || mapValue(over, "mixture") != nil {
		return over
	}
	out := p.copyNode(over)
	out.Content = make([]*yaml.Node, 0, len(base.Content)+len(over.Content))
	at := map[string]int{}
	for i := 0; i+1 < len(base.Content); i += 2 {
		k := base.Content[i]
		if _, dup := at[k.Value]; !dup && k.Kind == yaml.ScalarNode {
			at[k.Value] = len(out.Content)
		}
		out.Content = append(out.Content, k, base.Content[i+1])
	}
	used := map[string]bool{}
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], over.Content[i+1]
		if k.Kind == yaml.ScalarNode && !used[k.Value] {
			used[k.Value] = true
			if j, ok := at[k.Value]; ok {
				out.Content[j] = k
				out.Content[j+1] = p.merge(out.Content[j+1], v)
				continue
			}
		}
		out.Content = append(out.Content, k, v)
	}
	return out
}
