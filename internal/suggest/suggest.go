// Package suggest finds the likely intended word for a mistyped one: the
// candidate nearest in Levenshtein distance, when it is near enough to be a typo.
// omnisim's command line uses it for unknown command names ("staf" → "staff").
package suggest

// Nearest returns the candidate closest to word in edit distance (the first of
// equals), or "" when none is within a third of word's length (at least 2
// edits): "staf" → "staff", "tunebot" → "tune-bot", "xyz" → nothing.
func Nearest(word string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		if d := Distance(c, word); best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > max(2, len([]rune(word))/3) {
		return ""
	}
	return best
}

// Distance is the Levenshtein distance between a and b, in runes: insertions,
// deletions and substitutions each cost 1.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
