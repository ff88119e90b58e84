// Package suggest finds the likely intended word for a mistyped one: the
// candidate nearest in edit distance, when it is near enough to be a typo. It is
// the one implementation of "did you mean" in omnisim: the command line's unknown
// command names ("staf" → "staff"), the scenario loader's unknown keys and values
// ("intnets" → "intents") and the channel catalog's unknown channels ("rsc" →
// "rcs") all use it, each with its own idea of near enough.
package suggest

// Nearest returns the candidate closest to word in edit distance (the first of
// equals), or "" when none is within a third of word's length (at least 2
// edits): "staf" → "staff", "tunebot" → "tune-bot", "xyz" → nothing.
func Nearest(word string, candidates []string) string {
	limit := max(2, len([]rune(word))/3)
	return Best(word, candidates, func(d int, _ string) bool { return d <= limit })
}

// Best returns the candidate at the least distance from word among those near
// accepts (given the distance and the candidate), the first of equals; "" when
// near accepts none.
func Best(word string, candidates []string, near func(d int, candidate string) bool) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		if d := Distance(word, c); near(d, c) && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// maxRunes bounds the strings Distance compares: nothing omnisim suggests is this
// long, so a longer string is no typo of a candidate.
const maxRunes = 64

// Distance is the optimal-string-alignment distance between a and b, in runes:
// insertions, deletions, substitutions and transpositions of two adjacent runes
// each cost 1 ("intnets" → "intents" is one edit, "ab" → "ba" too). Beyond 64
// runes it is the sum of the lengths, without comparing.
func Distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	if len(s) > maxRunes || len(t) > maxRunes {
		return len(s) + len(t)
	}
	prev2 := make([]int, len(t)+1) // row i-2
	prev := make([]int, len(t)+1)  // row i-1
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
