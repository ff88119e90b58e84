package dist_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/omnisim/omnisim/sim/dist"
)

func ExampleNew() {
	// response_time: {lognormal: {median: 45s, sigma: 1}}, durations in seconds.
	d, err := dist.New(dist.Spec{Kind: "lognormal", Median: 45, Sigma: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	fmt.Printf("mean %.2f s\n", d.Mean()) // median·exp(sigma²/2)

	r := rand.New(rand.NewPCG(1, 2)) // one stream per replication
	_ = d.Sample(r)

	_, err = dist.New(dist.Spec{Kind: "exponential", Mean: -3})
	fmt.Println(err)
	// Output:
	// lognormal{median: 45, sigma: 1}
	// mean 74.19 s
	// exponential: mean must be > 0 (got -3)
}
