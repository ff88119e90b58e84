package scenarios

import (
	"fmt"
	"sort"
	"strings"
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
// once, so intnets → intents), or "" when nothing is close enough to be a likely typo.
func suggest(word string, candidates []string) string {
	best, bestD := "", -1
	limit := 2
	if l := len([]rune(word)) / 3; l > limit {
		limit = l
	}
	for _, c := range candidates {
		d := editDistance(strings.ToLower(word), c)
		if d <= limit && d < len([]rune(word)) && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// didYouMean formats a suggestion as " (did you mean X?)", or "" without one.
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return " (did you mean " + s + "?)"
	}
	return ""
}

// editDistance is the optimal-string-alignment distance: insertions, deletions,
// substitutions and transpositions of adjacent characters each cost 1.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	if len(s) > 64 || len(t) > 64 { // a key this long is no typo of ours
		return len(s) + len(t)
	}
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
