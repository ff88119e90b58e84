package planning_test

import (
	"fmt"

	"github.com/omnisim/omnisim/planning"
)

func ExampleParseAxis() {
	ax, _ := planning.ParseAxis("routing.push_timeout=10s..30s:10s")
	fmt.Println(ax.Key, ax.Values)
	// Output: routing.push_timeout [10 20 30]
}

func ExampleShard_Select() {
	// Replication k goes to shard (k mod N)+1.
	items := []planning.Item{{Replication: 0}, {Replication: 1}, {Replication: 2}, {Replication: 3}, {Replication: 4}}
	s, _ := planning.ParseShard("2/2")
	fmt.Println(s.Select(items))
	// Output: [{0 1} {0 3}]
}
