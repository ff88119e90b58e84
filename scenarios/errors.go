package scenarios

import (
	"fmt"
	"sort"
	"strings"

	suggestpkg "github.com/omnisim/omnisim/internal/suggest"
)

// Error is one problem in a scenario file, at the position of the offending YAML node.
// Path names the field the way a user would write it: agents[1].schedule[0].count.
type Error struct {
	File   string
	Line   int // 1-based
	Column int // 1-based
	Path   string
	Msg    string
}

// Error formats the problem as FILE:LINE:COL: path: message, the form editors and CI
// logs turn into links.
func (e *Error) Error() string {
	var b strings.Builder
	file := e.File
	if file == "" {
		file = "<scenario>"
	}
	fmt.Fprintf(&b, "%s:%d:%d: ", file, e.Line, e.Column)
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one scenario file (and the bases it extends),
// sorted by line then column.
// Parse and Load return it (as *ErrorList) so that a user fixes a file in one pass
// instead of one error per run.
type ErrorList struct {
	Errors []*Error
}

// Error joins the problems, one per line.
func (l *ErrorList) Error() string {
	lines := make([]string, len(l.Errors))
	for i, e := range l.Errors {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// maxErrors caps the list: past a few hundred problems the file is not a scenario
// (a fuzzer's output, a wrong file), and more lines only bury the first ones.
const maxErrors = 200

// sortAndCap orders the list by position, keeping the order of discovery for equal
// positions, and truncates it to maxErrors entries. The errors of file come first;
// those of its bases (extends:) follow, each base's together.
func (l *ErrorList) sortAndCap(file string) {
	rank := map[string]int{file: 0}
	for _, e := range l.Errors {
		if _, ok := rank[e.File]; !ok {
			rank[e.File] = len(rank)
		}
	}
	sort.SliceStable(l.Errors, func(i, j int) bool {
		a, b := l.Errors[i], l.Errors[j]
		if a.File != b.File {
			return rank[a.File] < rank[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	if n := len(l.Errors); n > maxErrors {
		next := l.Errors[maxErrors]
		l.Errors = append(l.Errors[:maxErrors:maxErrors], &Error{
			File: next.File, Line: next.Line, Column: next.Column,
			Msg: fmt.Sprintf("too many errors; %d more not shown", n-maxErrors),
		})
	}
}

// suggest returns the candidate closest to word by edit distance (transpositions count
// once, so intnets → intents; case ignored), or "" when nothing is close enough to
// be a likely typo: within a third of word's length (at least 2 edits), and fewer
// edits than word has letters.
func suggest(word string, candidates []string) string {
	n := len([]rune(word))
	limit := max(2, n/3)
	return suggestpkg.Best(strings.ToLower(word), candidates, func(d int, _ string) bool { return d <= limit && d < n })
}

// didYouMean formats a suggestion as " (did you mean X?)", or "" without one.
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return " (did you mean " + s + "?)"
	}
	return ""
}
