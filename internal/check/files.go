package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/omnisim/omnisim/scenarios"
)

// Files expands the arguments: a file is taken as given (whatever its
// extension), a directory is searched recursively for *.yaml and *.yml, in lexical
// order, skipping — as the go tool does for packages — directories named testdata
// and those whose name begins with "." or "_" (fixtures, invalid on purpose, and
// .git, .github); a directory given as an argument is searched whatever its name.
// A path that cannot be read, or a directory without scenarios, yields an error in
// bad, counted as one invalid file, and the other paths are still checked.
func Files(args []string) (files []string, bad []PathError) {
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			bad = append(bad, PathError{arg, err})
			continue
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != arg && skippedDir(d.Name()) {
				return filepath.SkipDir
			}
			if !d.IsDir() && isScenarioFile(path) {
				found = append(found, path)
			}
			return nil
		})
		switch {
		case err != nil:
			bad = append(bad, PathError{arg, err})
		case len(found) == 0:
			bad = append(bad, PathError{arg, fmt.Errorf("%s: no *.yaml or *.yml files in this directory (testdata and directories beginning with . or _ are skipped; name them to check them)", arg)})
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, bad
}

// skippedDir reports whether a directory walk skips the directory called name:
// testdata, and names beginning with "." or "_", as the go tool ignores them.
func skippedDir(name string) bool {
	return name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// A PathError is an argument that yields no scenario file, with why.
type PathError struct {
	Path string
	Err  error
}

func (e PathError) Error() string { return e.Err.Error() }

func isScenarioFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// LoadErrors words a scenarios.Load error as lines for stderr: every entry of an
// *ErrorList (FILE:LINE:COL: field: message), or "FILE: error" for a file that could
// not be read.
func LoadErrors(file string, err error) []string {
	var list *scenarios.ErrorList
	if errors.As(err, &list) {
		out := make([]string, len(list.Errors))
		for i, e := range list.Errors {
			out[i] = e.Error()
		}
		return out
	}
	return []string{fmt.Sprintf("%s: %v", file, err)}
}
