package metrics_test

import (
	"fmt"

	"github.com/omnisim/omnisim/metrics"
	"github.com/omnisim/omnisim/sim"
)

// A replication's tally gives every metric; Label names it for people.
func ExampleValues() {
	t := sim.Tally{Routed: 200, WithinSLA: 170, Abandoned: 6}
	v := metrics.Values(&t)
	for _, key := range []string{"service_level", "abandon_rate"} {
		fmt.Printf("%s: %.3f\n", metrics.Label(key), v[metrics.Index(key)])
	}
	// Output:
	// service level: 0.850
	// abandon rate: 0.030
}
