package roster

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Assignment gives each agent of a roster a name and a tour per week of a
// rotation: over Weeks weeks every agent works each week one tour of its group,
// and every week the tours are worked by exactly as many agents as the roster
// says. After the last week the rotation starts again with the first.
type Assignment struct {
	Weeks  int
	Agents []Agent
	Unmet  []AgentUnmet // rules the rotation breaks at a week boundary, never silent
}

// Agent is one named agent and the tour (Roster.Tours index) it works per week.
type Agent struct {
	Name  string
	Group string
	Tours []int // per week of the rotation
}

// AgentUnmet is a labour rule an agent's rotation breaks between week Week and
// the week after it (the first week after the last).
type AgentUnmet struct {
	Agent  string
	Week   int // 0-based
	Rule   string
	Reason string
}

// Assign names the roster's agents (group-001, group-002, ... in roster order)
// and rotates them through their group's tours over weeks weeks. Each tour keeps the rules
// within its own week, so only a week boundary can break one: the rest between
// a Sunday shift and the next week's Monday shift (rules.min_rest) and the
// working days in a row across it (rules.max_consecutive_days). So the group's
// agent slots (the tours' agents in roster order) are laid in cycles of weeks
// slots whose every step keeps both rules (see rotations), and an agent works
// one slot of its cycle per week; a slot no cycle takes keeps its agent on its
// tour, which the tour's own rules allow. A rule still broken (only a tour that
// breaks it with itself) is listed in Unmet with the agent, week and rule.
// Deterministic.
func Assign(r *Roster, rules Rules, weeks int) (*Assignment, error) {
	if weeks < 1 || weeks > 52 {
		return nil, fmt.Errorf("rotation weeks %d: want 1 to 52", weeks)
	}
	as := &Assignment{Weeks: weeks}
	for _, g := range r.Groups {
		var slots []int
		for i := range r.Tours {
			if r.Tours[i].Group == g {
				for k := 0; k < r.Tours[i].Agents; k++ {
					slots = append(slots, i)
				}
			}
		}
		h := len(slots)
		if h == 0 {
			continue
		}
		ok := func(a, b int) bool { rule, _ := boundary(r, rules, slots[a], slots[b]); return rule == "" }
		group := make([]Agent, h) // by starting slot, which names the agent
		for _, cyc := range rotations(h, weeks, func(a, b int) bool { return slots[a] == slots[b] }, ok) {
			for k, sl := range cyc {
				ag := Agent{Name: fmt.Sprintf("%s-%03d", g, sl+1), Group: g, Tours: make([]int, weeks)}
				for w := range ag.Tours {
					ag.Tours[w] = slots[cyc[(k+w)%len(cyc)]]
				}
				group[sl] = ag
			}
		}
		as.Agents = append(as.Agents, group...)
	}
	for _, ag := range as.Agents {
		for w := 0; w < weeks; w++ {
			if rule, why := boundary(r, rules, ag.Tours[w], ag.Tours[(w+1)%weeks]); rule != "" {
				as.Unmet = append(as.Unmet, AgentUnmet{Agent: ag.Name, Week: w, Rule: rule, Reason: why})
			}
		}
	}
	return as, nil
}

// rotations splits slots 0..n-1 into cycles: each of length weeks, where every
// step (the last back to the first included) is allowed, preferring a slot of
// another tour at each step, or of length 1 (a slot whose agent keeps its tour
// every week). The agent starting on a cycle's k-th slot works, in week w, its
// (k+w)-th: every week each slot is worked once. A search bounded per start.
func rotations(n, weeks int, same func(a, b int) bool, ok func(a, b int) bool) [][]int {
	used := make([]bool, n)
	var out [][]int
	for s0 := 0; s0 < n; s0++ {
		if used[s0] {
			continue
		}
		path := []int{s0}
		used[s0] = true
		budget := 20000
		var dfs func() bool
		dfs = func() bool {
			last := path[len(path)-1]
			if len(path) == weeks {
				return ok(last, s0)
			}
			for pass := 0; pass < 2; pass++ { // another tour first, then the same
				for s := s0 + 1; s < n; s++ {
					if used[s] || same(last, s) != (pass == 1) || !ok(last, s) {
						continue
					}
					if budget--; budget < 0 {
						return false
					}
					used[s] = true
					path = append(path, s)
					if dfs() {
						return true
					}
					path = path[:len(path)-1]
					used[s] = false
				}
			}
			return false
		}
		if weeks == 1 || !dfs() {
			path = path[:1]
		}
		out = append(out, path)
	}
	return out
}

// boundary is the rule broken by working tour a one week and tour b the next
// ("" if none), with why.
func boundary(r *Roster, rules Rules, a, b int) (rule, why string) {
	ta, tb := &r.Tours[a], &r.Tours[b]
	if sun, mon := ta.Daily[6], tb.Daily[0]; rules.MinRest > 0 && sun != nil && mon != nil {
		if rest := 24*time.Hour + mon.Start - (sun.Start + sun.Length); rest < rules.MinRest {
			return "min_rest", fmt.Sprintf("%s Sunday ends %s, %s Monday starts %s: %s of rest, the rule says %s",
				ta.ID, fmtClock(sun.Start+sun.Length), tb.ID, fmtClock(mon.Start), rest, rules.MinRest)
		}
	}
	if rules.MaxConsecutiveDays > 0 {
		tail, head := 0, 0
		for d := 6; d >= 0 && ta.Daily[d] != nil; d-- {
			tail++
		}
		for d := 0; d < 7 && tb.Daily[d] != nil; d++ {
			head++
		}
		if tail < 7 && head < 7 && tail+head > rules.MaxConsecutiveDays {
			return "max_consecutive_days", fmt.Sprintf("%s ends the week with %d working days, %s starts the next with %d: %d in a row, the rule says %d",
				ta.ID, tail, tb.ID, head, tail+head, rules.MaxConsecutiveDays)
		}
	}
	return "", ""
}

// WriteCSV writes the assignment as rows a WFM tool imports: per agent, week and
// working day, the shift's start and end (HH:MM; an end before the start is
// after midnight) and its breaks ("12:00-12:30;...").
func (as *Assignment) WriteCSV(w io.Writer, r *Roster) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"agent", "group", "week", "day", "tour", "start", "end", "breaks"}); err != nil {
		return err
	}
	for _, ag := range as.Agents {
		for wk, ti := range ag.Tours {
			t := &r.Tours[ti]
			for d, s := range t.Daily {
				if s == nil {
					continue
				}
				if err := cw.Write([]string{ag.Name, ag.Group, strconv.Itoa(wk + 1), DayNames[d], t.ID,
					fmtClock(s.Start), fmtClock(s.Start + s.Length), breakList(s.breakSpans(), ";")}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
