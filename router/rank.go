package router

import (
	"fmt"
	"strings"
)

// Model is a routing model: how an eligible agent is chosen. Each model is a
// ranker in its own file (rank_*.go) and a row of rankers.
type Model uint8

// A ranker is a routing model's order of the agents that qualify for a
// conversation and have room for it: key gives an agent's criterion from its
// load — open conversations, free capacity units, capacity — and the agent with
// the lowest key gets the conversation. Ties go to the agent whose last
// assignment (or offer) is oldest, then to the lower agent index, under every
// model. The key is kept in the ready heaps and refreshed after every change to
// the agent's load or presence, so it must depend on nothing else.
type ranker struct {
	name string // the scenario's name of the model (routing.model)
	key  func(open, free, capacity int32) int32
}

// rankers are the routing models, indexed by Model: adding a model is its file
// (its Model constant and key), its row here and its case in agentKeys, which
// calls the keys by name so that they inline (TestAgentKeysFollowRankers checks
// the two agree).
var rankers = [...]ranker{
	LeastActive:   {"least_active", leastActiveKey},
	MostAvailable: {"most_available", mostAvailableKey},
	RoundRobin:    {"round_robin", roundRobinKey},
	LoadRotation:  {"load_rotation", loadRotationKey},
}

// ModelNames returns the names of the routing models, in Model order.
func ModelNames() []string {
	names := make([]string, len(rankers))
	for i := range rankers {
		names[i] = rankers[i].name
	}
	return names
}

func (m Model) String() string {
	if int(m) < len(rankers) {
		return rankers[m].name
	}
	return fmt.Sprintf("Model(%d)", m)
}

// ParseModel maps a scenario name onto a Model.
func ParseModel(s string) (Model, error) {
	for i := range rankers {
		if rankers[i].name == s {
			return Model(i), nil
		}
	}
	return 0, fmt.Errorf("unknown routing model %q (want %s)", s, orList(ModelNames()))
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
