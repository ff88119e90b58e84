package scenarios_test

import (
	"fmt"

	"github.com/omnisim/omnisim/scenarios"
)

// SetValue changes a sweepable key of a loaded scenario with the loader's rule, and
// Validate checks the changed scenario again at the file's positions.
func ExampleValidate() {
	s, err := scenarios.Parse("pool.yaml", []byte(`version: 1
horizon: 8h
channels: {web: {cost: 2}}
arrivals: [{channel: web, rate: 60/h}]
agents: [{name: pool, count: 5, concurrency: 2, response_time: {dist: exponential, mean: 2m}}]
`))
	if err != nil {
		panic(err)
	}
	fmt.Println(scenarios.SetValue(s, "sla.target", 1.5))
	fmt.Println(scenarios.SetValue(s, "agents[0].concurrency", 1), scenarios.Validate(s))
	// Output:
	// must be between 0 and 1 (0% and 100%), got 1.5
	// <nil> pool.yaml:3:24: channels.web.cost: a web conversation costs 2 capacity units, more than any agent group's concurrency (at most 1): no agent could take it
}
